"""Peak memory of ``annotator import`` on a large Prodigy and doccano export, as a user runs it.

Generates a project whose folder corpus holds ``--docs`` documents (default
50,000; about 40 words and ``--spans`` labelled spans each, with a ``COREF``
chain over the PER mentions), and the same annotations as a Prodigy export
(tokens, spans with their text, relations, ``_session_id``) and as a doccano
relation export (``entities``, ``relations``, ``username``). Then runs
``annotator import --format F FILE`` for each, in a fresh process with default
options (:mod:`clirun`: wall and processor time and peak RSS of that process
alone), ``--repeats`` times (default 3), the commands taking turns, the annotator
file removed before each run; median and range.

The import streams both formats (one line at a time, checked and set aside
on disk), so the peak should not grow with ``--docs``. ``--compare`` also runs
each import through the format's read list (every draft held before the
check, as imports of these formats did before), from a small launcher that
makes ``annotator.formats.command.drafts_of`` return that list.

Ends with one line of JSON: ``{"docs", "prodigy_peak_mib", "doccano_peak_mib"}``
(medians), with ``*_s`` and ``*_cpu_s`` wall and processor seconds and, with
``--compare``, ``*_list_peak_mib``. Kept out of the test suite (it takes minutes).

    python bench/import_memory.py [--docs N] [--spans S] [--repeats R] [--compare]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clirun

WORDS = ("rebels", "shelled", "the", "town", "of", "Aleppo", "Zürich", "government", "forces", "said", "on", "Monday")
LABELS = ("PER", "ORG", "GPE", "LOC")
ANNOTATOR = "bench"
LIST_PATH = """
import sys
from annotator.cli import main
from annotator.formats import command

def drafts_of(fmt, paths, options):
    result = fmt.read(paths, options)
    return result, iter(result.drafts)

command.drafts_of = drafts_of
sys.exit(main(sys.argv[1:]))
"""
"""``annotator`` with every format read as a list before the check: the import as it was before streaming."""


def document(rng: random.Random, spans: int) -> tuple[str, list[tuple[int, int, int, int, str]]]:
    """A text of words and labelled spans of one or two words (start, end, first and last token, label)."""
    words = [rng.choice(WORDS) for _ in range(spans * 4)]
    text = " ".join(words) + "."
    starts = [0]
    for w in words[:-1]:
        starts.append(starts[-1] + len(w) + 1)
    out = []
    for i in range(spans):
        first = i * 4 + rng.randrange(2)
        last = min(first + rng.randrange(2), len(words) - 1)
        out.append((starts[first], starts[last] + len(words[last]), first, last, rng.choice(LABELS)))
    return text, out


def prodigy_task(doc_id: str, text: str, spans: list[tuple[int, int, int, int, str]]) -> dict[str, Any]:
    tokens, pos = [], 0
    for i, word in enumerate(text[:-1].split(" ")):
        tokens.append({"text": word, "start": pos, "end": pos + len(word), "id": i, "ws": True})
        pos += len(word) + 1
    tokens[-1]["ws"] = False
    tokens.append({"text": ".", "start": len(text) - 1, "end": len(text), "id": len(tokens), "ws": False})
    out = [
        {"start": s, "end": e, "text": text[s:e], "token_start": a, "token_end": b, "label": label}
        for s, e, a, b, label in spans
    ]
    people = [span for span in out if span["label"] == "PER"]
    relations = [
        {"head": h["token_end"], "child": c["token_end"], "head_span": h, "child_span": c, "label": "COREF"}
        for h, c in itertools.pairwise(people)
    ]
    return {
        "text": text,
        "meta": {"doc": doc_id},
        "tokens": tokens,
        "spans": out,
        "relations": relations,
        "answer": "accept",
        "_view_id": "relations",
        "_session_id": ANNOTATOR,
    }


def doccano_line(n: int, doc_id: str, text: str, spans: list[tuple[int, int, int, int, str]]) -> dict[str, Any]:
    entities = [
        {"id": i, "label": label, "start_offset": s, "end_offset": e}
        for i, (s, e, _a, _b, label) in enumerate(spans, 1)
    ]
    people = [ent["id"] for ent in entities if ent["label"] == "PER"]
    relations = [
        {"id": i, "from_id": h, "to_id": c, "type": "COREF"} for i, (h, c) in enumerate(itertools.pairwise(people), 1)
    ]
    return {"id": n, "text": text, "entities": entities, "relations": relations, "doc": doc_id, "username": ANNOTATOR}


def build(folder: Path, docs: int, spans: int) -> dict[str, Path]:
    """The project in ``folder/project`` and the two exports beside it, by format."""
    root = clirun.new_project(folder / "project")
    (root / "corpus").mkdir()
    rng = random.Random(11)
    files = {"prodigy": folder / "export.jsonl", "doccano": folder / "doccano.jsonl"}
    with open(files["prodigy"], "w", encoding="utf-8") as prodigy, open(files["doccano"], "w", encoding="utf-8") as dc:
        for n in range(1, docs + 1):
            doc_id = f"doc{n:06d}"
            text, labelled = document(rng, spans)
            (root / "corpus" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
            prodigy.write(json.dumps(prodigy_task(doc_id, text, labelled), ensure_ascii=False) + "\n")
            dc.write(json.dumps(doccano_line(n, doc_id, text, labelled), ensure_ascii=False) + "\n")
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--spans", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--compare", action="store_true", help="also run each import through the read list")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = build(folder, args.docs, args.spans)
        root = folder / "project"
        commands: dict[str, list[str]] = {}
        for fmt, path in files.items():
            tail = ["--project", str(root), "import", "--format", fmt, str(path)]
            commands[fmt] = [*clirun.annotator_command(), *tail]
            if args.compare:
                commands[f"{fmt}_list"] = [sys.executable, "-c", LIST_PATH, *tail]
        runs: dict[str, list[clirun.Run]] = {name: [] for name in commands}
        for _ in range(args.repeats):
            for name, cmd in commands.items():
                (root / "gold" / f"{ANNOTATOR}.jsonl").unlink(missing_ok=True)
                runs[name].append(clirun.run(cmd, folder))
        written = sum(1 for _ in open(root / "gold" / f"{ANNOTATOR}.jsonl", encoding="utf-8"))
    if written != args.docs:
        raise SystemExit(f"the last import wrote {written} records, not {args.docs}")
    print(
        f"{args.docs} documents x {args.spans} spans; {args.repeats} run(s) each; {clirun.machine()}", file=sys.stderr
    )
    result: dict[str, float | int] = {"docs": args.docs}
    for name, got in runs.items():
        print(clirun.describe(f"import --format {name}", got), file=sys.stderr)
        result[f"{name}_peak_mib"] = round(statistics.median(r.peak_mib for r in got), 1)
        result[f"{name}_s"] = round(statistics.median(r.wall_s for r in got), 2)
        result[f"{name}_cpu_s"] = round(statistics.median(r.cpu_s for r in got), 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
