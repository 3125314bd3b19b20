"""Speed and memory of ``annotator evaluate`` against nervaluate, end to end, as a user runs them.

Generates a project (default 20,000 documents, about 1,000,000 gold spans):
a folder corpus of texts, the gold in ``gold/gold.jsonl`` and noisy
predictions (shifted boundaries, wrong labels, missing and spurious spans;
fixed seed). Then times, in fresh processes, interleaved, three repetitions:

- ours: ``annotator evaluate --pred pred.jsonl --format json`` with default
  options (confidence intervals, the corpus check), from the command line;
- nervaluate end to end: load the same JSONL files, convert the mentions to
  its input form (inclusive ends), evaluate.

Reports the median and range of wall and processor time and peak RSS of each
process (:mod:`clirun`) and whether every figure (four schemes, overall and
per label) is identical. ``--scaling`` also runs ours on 5,000 and 80,000
documents (peak memory should not grow with the corpus).

Gold spans never overlap and every prediction overlaps at most one gold span
(the data on which nervaluate's order-dependent matching and ours agree).

Ends with one line of JSON: docs, gold_spans, ours_s, nervaluate_s, ratio,
ours_peak_mib, nervaluate_peak_mib, identical (plus ours_peak_mib_80k with
--scaling, and processor times and ranges).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clirun

ROOT = Path(__file__).resolve().parent.parent
LABELS = ("PER", "ORG", "GPE", "LOC", "FAC", "WEA", "VEH", "TIME", "DOC")
WORDS = ("rebels", "army", "Aleppo", "said", "the", "convoy", "Monday", "strike", "town", "of", "and", "monitor")
SCHEMES = ("strict", "exact", "partial", "type")
NV = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


def _doc(rng: random.Random, spans: int) -> tuple[str, list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """A text of words, gold spans of 1-4 words at least 3 words apart, and noisy predictions."""
    words: list[str] = []
    gold_tok: list[tuple[int, int, str]] = []
    pos = rng.randint(0, 3)
    for _ in range(spans):
        n = rng.randint(1, 4)
        gold_tok.append((pos, pos + n - 1, rng.choice(LABELS)))
        pos += n + rng.randint(3, 5)
    words = [rng.choice(WORDS) for _ in range(pos + 2)]
    starts, ends, off = [], [], 0
    for w in words:
        starts.append(off)
        ends.append(off + len(w))
        off += len(w) + 1
    text = " ".join(words)
    pred_tok: list[tuple[int, int, str]] = []
    for a, b, lab in gold_tok:
        r = rng.random()
        if r < 0.1:
            continue
        if r < 0.2:
            lab = rng.choice([x for x in LABELS if x != lab])
        if rng.random() < 0.2:
            a = max(0, a + rng.choice((-1, 1)))
            b = max(a, b + rng.choice((-1, 0, 1)))
        pred_tok.append((a, b, lab))
    for (_, b1, _), (a2, _, _) in itertools.pairwise(gold_tok):
        if rng.random() < 0.1:
            k = rng.randint(b1 + 2, a2 - 2)
            pred_tok.append((k, k, rng.choice(LABELS)))
    pred_tok.sort()

    def chars(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        return [(starts[a], ends[b], lab) for a, b, lab in toks]

    return text, chars(gold_tok), chars(pred_tok)


def _record(doc: str, sha: str, annotator: str, text: str, spans: list[tuple[int, int, str]]) -> str:
    """One record; gold mentions carry the scheme's required ``level`` (predictions need not)."""
    attrs = {"level": "NOM"} if annotator == "gold" else {}
    mentions = [
        {"start": s, "end": e, "text": text[s:e], "id": f"m{i}", "label": lab, "attrs": attrs}
        for i, (s, e, lab) in enumerate(spans, 1)
    ]
    return json.dumps(
        {
            "format": "annotator/1",
            "doc": doc,
            "doc_sha256": sha,
            "annotator": annotator,
            "scheme": "conflict-news/1",
            "status": "done",
            "updated": "2026-01-01T00:00:00.000000Z",
            "zones": [],
            "mentions": mentions,
            "entities": [],
            "events": [],
            "hoppers": [],
            "attributions": [],
            "notes": [],
            "meta": {},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def generate(folder: Path, docs: int, spans: int, seed: int) -> int:
    """A project in ``folder``: corpus texts, ``gold/gold.jsonl`` and ``pred.jsonl``; returns the gold spans."""
    clirun.new_project(folder)
    corpus = folder / "corpus"
    corpus.mkdir(exist_ok=True)
    rng = random.Random(seed)
    total = 0
    with (
        open(folder / "gold" / "gold.jsonl", "w", encoding="utf-8") as g,
        open(folder / "pred.jsonl", "w", encoding="utf-8") as p,
    ):
        for i in range(docs):
            text, gold, pred = _doc(rng, max(1, int(rng.gauss(spans, spans / 5))))
            total += len(gold)
            doc = f"doc{i:07d}"
            (corpus / f"{doc}.txt").write_bytes(text.encode("utf-8"))
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            g.write(_record(doc, sha, "gold", text, gold) + "\n")
            p.write(_record(doc, sha, "system", text, pred) + "\n")
    return total


def _nervaluate_spans(record: dict) -> list[dict]:
    return [{"label": m["label"], "start": m["start"], "end": m["end"] - 1} for m in record["mentions"]]


def run_nervaluate(folder: Path) -> dict:
    """nervaluate end to end: read the project's files, convert, evaluate (run in its own process)."""
    from nervaluate import Evaluator

    with open(folder / "gold" / "gold.jsonl", encoding="utf-8") as fh:
        true = [_nervaluate_spans(json.loads(line)) for line in fh]
    with open(folder / "pred.jsonl", encoding="utf-8") as fh:
        pred = [_nervaluate_spans(json.loads(line)) for line in fh]
    res = Evaluator(true, pred, tags=list(LABELS), loader="dict").evaluate()

    def row(r: object) -> list:
        return [r.correct, r.incorrect, r.partial, r.missed, r.spurious, round(r.f1, 6)]  # type: ignore[attr-defined]

    return {
        "overall": {s: row(res["overall"][NV[s]]) for s in SCHEMES},
        "per_label": {lab: {s: row(v[NV[s]]) for s in SCHEMES} for lab, v in sorted(res["entities"].items())},
    }


def our_figures(report_json: str) -> dict:
    """The same figures from ``annotator evaluate --format json``."""
    m = json.loads(report_json)["main"]["mentions"]

    def row(c: dict) -> list:
        return [c["cor"], c["inc"], c["par"], c["mis"], c["spu"], round(c["f1"], 6)]

    return {
        "overall": {s: row(m["schemes"][s]) for s in SCHEMES},
        "per_label": {lab: {s: row(c[s]) for s in SCHEMES} for lab, c in sorted(m["per_label"].items())},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--spans", type=int, default=50, help="mean gold spans per document")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scaling", action="store_true", help="also run ours on 5,000 and 80,000 documents")
    ap.add_argument("--child", choices=("nervaluate",), help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_nervaluate(Path(args.dir))))
        return
    print(f"machine: {clirun.machine()}")
    with tempfile.TemporaryDirectory(prefix="eval-bench-") as tmp:
        folder = Path(tmp) / "project"
        t = time.perf_counter()
        gold_spans = generate(folder, args.docs, args.spans, args.seed)
        print(f"generated {args.docs} documents, {gold_spans} gold spans in {time.perf_counter() - t:.1f}s")
        commands = {
            "ours": ([*clirun.annotator_command(), "evaluate", "--pred", "pred.jsonl", "--format", "json"], folder),
            "nervaluate": ([sys.executable, __file__, "--child", "nervaluate", "--dir", str(folder)], folder),
        }
        runs = clirun.interleaved(commands, args.repeat)
        for name, rs in runs.items():
            print(clirun.describe(name, rs))
        identical = all(
            json.dumps(our_figures(o.stdout), sort_keys=True) == json.dumps(json.loads(n.stdout), sort_keys=True)
            for o, n in zip(runs["ours"], runs["nervaluate"], strict=True)
        )
        scaled: dict[int, float] = {}
        if args.scaling:
            for docs in (5_000, 80_000):
                other = Path(tmp) / f"project{docs}"
                generate(other, docs, args.spans, args.seed)
                rs = [clirun.run(commands["ours"][0], other) for _ in range(args.repeat)]
                print(clirun.describe(f"ours, {docs} documents", rs))
                scaled[docs] = clirun.median(rs, "peak_mib")
                shutil.rmtree(other)
    print(f"machine after: {clirun.machine()}")
    ours_s, theirs_s = clirun.median(runs["ours"], "wall_s"), clirun.median(runs["nervaluate"], "wall_s")
    ours_cpu, theirs_cpu = clirun.median(runs["ours"], "cpu_s"), clirun.median(runs["nervaluate"], "cpu_s")
    print(
        f"ratio: {theirs_s / ours_s:.1f}x wall, {theirs_cpu / ours_cpu:.1f}x processor; "
        f"all four schemes and per-label tables identical: {identical}"
    )
    result = {
        "docs": args.docs,
        "gold_spans": gold_spans,
        "ours_s": round(ours_s, 3),
        "nervaluate_s": round(theirs_s, 3),
        "ratio": round(theirs_s / ours_s, 2),
        "ours_peak_mib": round(clirun.median(runs["ours"], "peak_mib"), 1),
        "nervaluate_peak_mib": round(clirun.median(runs["nervaluate"], "peak_mib"), 1),
        "identical": identical,
        "ours_cpu_s": round(ours_cpu, 3),
        "nervaluate_cpu_s": round(theirs_cpu, 3),
        "ours_s_range": [round(min(r.wall_s for r in runs["ours"]), 3), round(max(r.wall_s for r in runs["ours"]), 3)],
        "nervaluate_s_range": [
            round(min(r.wall_s for r in runs["nervaluate"]), 3),
            round(max(r.wall_s for r in runs["nervaluate"]), 3),
        ],
        "load_average": round(os.getloadavg()[0], 2),
    }
    if args.scaling:
        result["ours_peak_mib_5k"] = round(scaled[5_000], 1)
        result["ours_peak_mib_80k"] = round(scaled[80_000], 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
