"""Speed of ``annotator agreement`` as a user runs it, and of unitizing alpha, on generated data (fixed seed).

Setup: a project with N documents of ~3,000 characters of generated words in
a folder corpus; every annotator's file in ``gold/`` marks 50 mentions per
document, starting from one shared reference set and then shifting
boundaries, changing labels, dropping and adding spans at realistic rates,
so the matching and every measure have work to do.

- ``report_s``: ``annotator agreement`` with its default options (the full
  report, token level included, as a table on standard output) in a fresh
  process, 5 annotators x 1,000 documents x 50 spans: median of three runs
  (range, processor time and peak RSS printed);
- ``ualpha_s``: unitizing alpha alone on 5 x 200 x 50, in this process
  (DKPro Agreement's implementation takes about 300 s on data of this size);
- ``report_10x5000_s``, ``report_10x5000_peak_mib``: the same command on 10
  annotators x 5,000 documents, median of three runs (``--large``, else null).

The runs of the two projects take turns (:func:`clirun.interleaved`), so a
change in the machine's load falls on both alike; every run is cold: the
project's token cache is removed before it (:func:`clirun.run`), so the
figure is what a user's first run costs.

Run: ``python bench/agreement_speed.py [--large]``. The last line is JSON.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import clirun

from annotator.agreement.unitizing import Continuum
from annotator.model import AnnotationRecord, Mention, sha256_text
from annotator.store import write_records

LABELS = ("PER", "ORG", "GPE", "LOC", "FAC", "WEA", "VEH", "TIME", "DOC")
WORDS = [
    "the",
    "rebels",
    "said",
    "army",
    "fighters",
    "city",
    "monitor",
    "killed",
    "airstrike",
    "town",
    "group",
    "talks",
    "deal",
    "were",
    "on",
    "Saturday",
]
ANNOTATORS = tuple(f"ann{i}" for i in range(1, 11))


def make_text(rng: random.Random, chars: int = 3000) -> str:
    words: list[str] = []
    size = 0
    while size < chars:
        w = rng.choice(WORDS) if rng.random() < 0.7 else rng.choice(WORDS).capitalize()
        words.append(w + ("." if rng.random() < 0.06 else ""))
        size += len(w) + 1
    return " ".join(words)


def word_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for w in text.split(" "):
        spans.append((start, start + len(w.rstrip("."))))
        start += len(w) + 1
    return spans


def reference(rng: random.Random, words: list[tuple[int, int]], n: int) -> list[tuple[int, int, str]]:
    """``n`` non-overlapping spans of 1-3 words."""
    slots = sorted(rng.sample(range(0, len(words) - 3, 3), n))
    return [(words[i][0], words[i + rng.randint(0, 2)][1], rng.choice(LABELS)) for i in slots]


def perturb(
    rng: random.Random, words: list[tuple[int, int]], ref: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    out = []
    for s, e, label in ref:
        r = rng.random()
        if r < 0.05:
            continue
        if r < 0.12:
            e = min(e + rng.randint(1, 6), words[-1][1])
        if rng.random() < 0.08:
            label = rng.choice(LABELS)
        out.append((s, e, label))
    while len(out) < len(ref):
        i = rng.randrange(len(words))
        out.append((words[i][0], words[i][1], rng.choice(LABELS)))
    return out


def corpus(
    docs: int, spans: int, seed: int = 13, annotators: int = 5
) -> tuple[dict[str, dict[str, AnnotationRecord]], dict[str, str]]:
    rng = random.Random(seed)
    texts: dict[str, str] = {}
    chosen = ANNOTATORS[:annotators]
    by_annotator: dict[str, dict[str, AnnotationRecord]] = {a: {} for a in chosen}
    for d in range(docs):
        doc = f"doc{d:05d}"
        text = make_text(rng)
        texts[doc] = text
        words = word_spans(text)
        ref = reference(rng, words, spans)
        digest = sha256_text(text)
        for a in chosen:
            mentions = tuple(
                Mention.model_construct(id=f"m{i}", start=s, end=e, text=text[s:e], label=lab, attrs={"level": "NAM"})
                for i, (s, e, lab) in enumerate(perturb(rng, words, ref))
            )
            by_annotator[a][doc] = AnnotationRecord.model_construct(
                doc=doc, doc_sha256=digest, annotator=a, scheme="conflict-news/1", status="done", mentions=mentions,
                zones=(), entities=(), events=(), hoppers=(), attributions=(), notes=(), meta={}, format="annotator/1",
            )  # fmt: skip
    return by_annotator, texts


def project(folder: Path, docs: int, annotators: int, seed: int = 13) -> Path:
    """A project with a folder corpus and one file per annotator in ``gold/``."""
    clirun.new_project(folder)
    by_annotator, texts = corpus(docs, 50, seed, annotators)
    (folder / "corpus").mkdir()
    for doc, text in texts.items():
        (folder / "corpus" / f"{doc}.txt").write_bytes(text.encode("utf-8"))
    for a, records in by_annotator.items():
        write_records(folder / "gold" / f"{a}.jsonl", list(records.values()))
    return folder


def main() -> None:
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--large", action="store_true", help="also run 10 annotators x 5,000 documents")
    args = ap.parse_args()
    print(f"machine: {clirun.machine()}")
    command = [*clirun.annotator_command(), "agreement"]
    with tempfile.TemporaryDirectory(prefix="agreement-bench-") as tmp:
        commands = {"small": (command, project(Path(tmp) / "p5x1000", 1000, 5))}
        if args.large:
            commands["large"] = (command, project(Path(tmp) / "p10x5000", 5000, 10))
        found = clirun.interleaved(commands, args.repeat)
        runs = found["small"]
        print(clirun.describe("report, 5 annotators x 1,000 documents x 50 spans", runs))
        report = json.loads(clirun.run([*command, "--format", "json"], commands["small"][1]).stdout)
        mentions = next(s for s in report["spans"] if s["layer"] == "mentions")
        print(f"  mentions F1 exact {mentions['measures'][0]['summary']['mean']:.3f}, u-alpha {mentions['ualpha']:.3f}")
        large = found.get("large")
        if large:
            print(clirun.describe("report, 10 annotators x 5,000 documents x 50 spans", large))

    small, small_texts = corpus(200, 50, seed=7)
    names = list(small)
    start = time.perf_counter()
    continuum = Continuum(len(names))
    for doc, text in small_texts.items():
        continuum.add_document(len(text), [[(m.start, m.end, m.label) for m in small[a][doc].mentions] for a in names])
    result = continuum.alpha()
    ualpha_s = time.perf_counter() - start
    print(f"u-alpha: 5 annotators x 200 documents x 50 spans: {ualpha_s:.3f} s (alpha {result.alpha:.3f})")
    print(f"machine after: {clirun.machine()}")
    print(
        json.dumps(
            {
                "report_s": round(clirun.median(runs, "wall_s"), 3),
                "ualpha_s": round(ualpha_s, 4),
                "report_10x5000_s": round(clirun.median(large, "wall_s"), 3) if large else None,
                "report_10x5000_peak_mib": round(clirun.median(large, "peak_mib"), 1) if large else None,
                "report_10x5000_cpu_s": round(clirun.median(large, "cpu_s"), 3) if large else None,
                "report_cpu_s": round(clirun.median(runs, "cpu_s"), 3),
                "report_peak_mib": round(clirun.median(runs, "peak_mib"), 1),
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
