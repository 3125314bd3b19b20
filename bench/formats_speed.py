"""Time the format commands on 10,000 generated documents with 50 mentions each, beside spaCy's own converter.

Each command runs as the user runs it: a fresh ``annotator`` process with
default options, in a throwaway project (:mod:`clirun`: wall and processor time
and peak RSS of each process). The peer is ``python -m spacy convert`` turning
the CoNLL file our export wrote into a ``.spacy`` DocBin, the way a team
without this tool gets training data from CoNLL; our path to the same kind of
file is ``annotator export --format docbin`` from the JSONL gold. The commands
run interleaved, ``--repeats`` times (default 3); the figures are medians with
their range. Prints one JSON line at the end: ``{"brat_import_s",
"brat_export_s", "conll_export_s", "docbin_export_s", "spacy_convert_s", ...}``
(wall seconds; ``*_cpu_s`` processor seconds; ``*_peak_mib``). Kept out of the
test suite (it takes minutes).

``--brat-sizes N,M,…`` times only ``annotator import --format brat`` at each
corpus size (the brat folder exported once per size, outside the timing), to
show whether its peak memory grows with the corpus: ``{"brat_import_peak_mib_N",
"brat_import_cpu_s_N", "brat_import_s_N", ...}``.

    python bench/formats_speed.py [--docs N] [--mentions M] [--repeats R]
    python bench/formats_speed.py --brat-sizes 2500,10000 [--mentions M] [--repeats R]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from clirun import Run, annotator_command, run, spread

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


def brat_import_by_size(sizes: list[int], mentions: int, repeats: int) -> dict[str, float]:
    """Peak memory, processor and wall time of the brat import at each corpus size."""
    ours = annotator_command()
    result: dict[str, float] = {}
    for docs in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "project"
            build(root, docs, mentions)
            brat = Path(tmp) / "brat"
            project = [*ours, "--project", str(root)]
            run([*project, "export", "--format", "brat", "--gold", "--out", str(brat)], Path(tmp))
            got = []
            for _ in range(repeats):
                (root / "gold" / "back.jsonl").unlink(missing_ok=True)
                got.append(run([*project, "import", "--format", "brat", str(brat), "--as", "back"], Path(tmp)))
        walls, cpus, peaks = [r.wall_s for r in got], [r.cpu_s for r in got], [r.peak_mib for r in got]
        print(
            f"brat import, {docs} documents: wall {spread(walls)} s, cpu {spread(cpus)} s, peak {spread(peaks)} MiB",
            file=sys.stderr,
        )
        result[f"brat_import_s_{docs}"] = round(statistics.median(walls), 2)
        result[f"brat_import_cpu_s_{docs}"] = round(statistics.median(cpus), 2)
        result[f"brat_import_peak_mib_{docs}"] = round(statistics.median(peaks), 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--mentions", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--brat-sizes", help="comma-separated corpus sizes: time only the brat import at each")
    args = parser.parse_args()
    if args.brat_sizes:
        sizes = [int(n) for n in args.brat_sizes.split(",")]
        result = brat_import_by_size(sizes, args.mentions, args.repeats)
        load = os.getloadavg()
        print(f"{args.mentions} mentions per document; {args.repeats} runs per size", file=sys.stderr)
        print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", file=sys.stderr)
        print(json.dumps(result))
        return
    ours = annotator_command()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        build(root, args.docs, args.mentions)
        out = Path(tmp) / "out"
        out.mkdir()
        conll = out / "gold.conll"
        project = [*ours, "--project", str(root)]
        steps: dict[str, list[str]] = {
            "brat_export": [*project, "export", "--format", "brat", "--gold", "--out", "BRAT"],
            "brat_import": [*project, "import", "--format", "brat", "BRAT", "--as", "back"],
            "conll_export": [*project, "export", "--format", "conll", "--gold", "--out", str(conll)],
            "docbin_export": [*project, "export", "--format", "docbin", "--gold", "--out", "SPACY"],
            "spacy_convert": [sys.executable, "-m", "spacy", "convert", str(conll), "CONVERTED", "-c", "conll"],
        }
        runs: dict[str, list[Run]] = {name: [] for name in steps}
        for rep in range(args.repeats):
            for name, cmd in steps.items():
                brat, spacy_out, converted = out / f"brat{rep}", out / f"gold{rep}.spacy", out / f"converted{rep}"
                converted.mkdir(exist_ok=True)
                (root / "gold" / "back.jsonl").unlink(missing_ok=True)
                cmd = [str(brat) if c == "BRAT" else str(spacy_out) if c == "SPACY" else c for c in cmd]
                cmd = [str(converted) if c == "CONVERTED" else c for c in cmd]
                runs[name].append(run(cmd, Path(tmp)))
    load = os.getloadavg()
    print(f"{args.docs} documents x {args.mentions} mentions; {args.repeats} interleaved runs", file=sys.stderr)
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", file=sys.stderr)
    result: dict[str, float] = {}
    for name, got in runs.items():
        walls, cpus, peaks = [r.wall_s for r in got], [r.cpu_s for r in got], [r.peak_mib for r in got]
        print(f"{name:14} wall {spread(walls)} s, cpu {spread(cpus)} s, peak {spread(peaks)} MiB", file=sys.stderr)
        result[f"{name}_s"] = round(statistics.median(walls), 2)
        result[f"{name}_cpu_s"] = round(statistics.median(cpus), 2)
        result[f"{name}_peak_mib"] = round(statistics.median(peaks), 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
