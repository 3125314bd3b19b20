"""Time the format commands on 10,000 generated documents with 50 mentions each.

Each command runs as the user runs it: a fresh ``annotator`` process with
default options, in a throwaway project. Prints one JSON line at the end:
``{"brat_import_s", "brat_export_s", "conll_export_s", "docbin_export_s"}``.
Kept out of the test suite (it takes about a minute).

    python bench/formats_speed.py [--docs N] [--mentions M]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotator.model import AnnotationRecord, sha256_text
from annotator.store import write_records

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["rebels", "shelled", "the", "town", "of", "Aleppo", "Zürich", "government", "forces", "said", "on", "Monday"]
LABELS = ["PER", "ORG", "GPE", "LOC"]


def build(root: Path, docs: int, mentions: int) -> None:
    (root / "guidelines").mkdir(parents=True)
    shutil.copy(ROOT / "guidelines" / "schema.toml", root / "guidelines" / "schema.toml")
    (root / "seeds").mkdir()
    (root / "gold").mkdir()
    rng = random.Random(7)
    records = []
    for d in range(docs):
        words = [rng.choice(WORDS) for _ in range(mentions * 4)]
        text = " ".join(words) + ".\n"
        doc_id = f"doc{d:05d}"
        (root / "seeds" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        starts = [0]
        for w in words[:-1]:
            starts.append(starts[-1] + len(w) + 1)
        ms = []
        for i in range(mentions):
            w = i * 4 + rng.randrange(2)
            last = min(w + rng.randrange(2), len(words) - 1)
            start, end = starts[w], starts[last] + len(words[last])
            label = rng.choice(LABELS)
            ms.append({"id": f"m{i + 1}", "label": label, "start": start, "end": end, "text": text[start:end]})
        records.append(
            AnnotationRecord.model_validate(
                {
                    "doc": doc_id,
                    "doc_sha256": sha256_text(text),
                    "annotator": "gold",
                    "scheme": "conflict-news/1",
                    "mentions": ms,
                }
            )
        )
    write_records(root / "gold" / "gold.jsonl", records)


def timed(root: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annotator", "--project", str(root), *args], check=True, capture_output=True)
    return round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--mentions", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        build(root, args.docs, args.mentions)
        out = Path(tmp) / "out"
        result = {
            "brat_export_s": timed(root, "export", "--format", "brat", "--gold", "--out", str(out / "brat")),
            "brat_import_s": timed(root, "import", "--format", "brat", str(out / "brat"), "--as", "back"),
            "conll_export_s": timed(root, "export", "--format", "conll", "--gold", "--out", str(out / "gold.conll")),
            "docbin_export_s": timed(root, "export", "--format", "docbin", "--gold", "--out", str(out / "gold.spacy")),
        }
    print(f"{args.docs} documents x {args.mentions} mentions", file=sys.stderr)
    print(json.dumps({k: result[k] for k in ("brat_import_s", "brat_export_s", "conll_export_s", "docbin_export_s")}))


if __name__ == "__main__":
    main()
