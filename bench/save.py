"""How long saving one edited record takes, with 1 and with 1,000 documents in the file.

Each document has 50 mention annotations. The timed step is what the UI does after
every edit: ``AnnotationStore.save`` of the edited record (serialise, append, fsync).
Goal: median <= 5 ms, and the 1,000-document figure within 1.5x of the 1-document one.
Prints the figures and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from annotator.model import AnnotationRecord, Mention, sha256_text
from annotator.store import AnnotationStore, write_records

WORDS = [
    "the",
    "rebels",
    "said",
    "on",
    "Saturday",
    "that",
    "fighters",
    "left",
    "Aleppo",
    "after",
    "a",
    "deal",
    "with",
    "the",
    "government",
]


def make_doc(rng: random.Random, doc_id: str) -> tuple[str, AnnotationRecord]:
    text = " ".join(rng.choice(WORDS) for _ in range(600))
    starts = [i for i, ch in enumerate(text) if ch != " " and (i == 0 or text[i - 1] == " ")]
    mentions = []
    for n, s in enumerate(sorted(rng.sample(starts, 50))):
        e = text.find(" ", s)
        e = len(text) if e < 0 else e
        mentions.append(Mention(id=f"m{n + 1}", label="PER", start=s, end=e, text=text[s:e], attrs={"level": "NOM"}))
    rec = AnnotationRecord(
        doc=doc_id, doc_sha256=sha256_text(text), annotator="bench", scheme="conflict-news/1", mentions=tuple(mentions)
    )
    return text, rec


def measure(n_docs: int, saves: int, rng: random.Random) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp)
        records = [make_doc(rng, f"doc{i:05d}")[1] for i in range(n_docs)]
        write_records(gold / "bench.jsonl", records)
        timings = []
        with AnnotationStore(gold, "bench") as store:
            target = store.get(records[n_docs // 2].doc)
            assert target is not None
            for k in range(saves):
                m = target.mentions[k % len(target.mentions)]
                edited = target.model_copy(
                    update={"mentions": (*target.mentions[:-1], m.model_copy(update={"label": "ORG"}))}
                )
                t0 = time.perf_counter()
                target = store.save(edited)
                timings.append((time.perf_counter() - t0) * 1000)
        return timings


def summary(ms: list[float]) -> tuple[float, float]:
    ms = sorted(ms)
    return statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    med1, p95_1 = summary(measure(1, args.saves, rng))
    med1000, p95_1000 = summary(measure(1000, args.saves, rng))
    print(f"1 document:      median {med1:.2f} ms, p95 {p95_1:.2f} ms")
    print(f"1,000 documents: median {med1000:.2f} ms, p95 {p95_1000:.2f} ms ({med1000 / med1:.2f}x)")
    print(
        json.dumps(
            {
                "median_ms_1": round(med1, 3),
                "p95_ms_1": round(p95_1, 3),
                "median_ms_1000": round(med1000, 3),
                "p95_ms_1000": round(p95_1000, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
