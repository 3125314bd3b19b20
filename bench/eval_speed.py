"""Speed and memory of ``annotator evaluate`` against nervaluate, end to end.

Generates a corpus (default 20,000 documents, about 1,000,000 gold spans) with
noisy predictions (shifted boundaries, wrong labels, missing and spurious
spans; fixed seed), writes it in the project's JSONL format and in
nervaluate's input form (inclusive ends), then scores it with both, each in
a fresh process so that peak memory (``ru_maxrss``) is its own. Both runs
include loading their files and computing all four schemes overall and per
label. The figures must be identical.

Gold spans never overlap and every prediction overlaps at most one gold span
(the data on which nervaluate's order-dependent matching and ours agree).

Ours also runs on the first quarter of the documents: a streaming scorer
peaks at the same memory whatever the corpus size.

Ends with one line of JSON: docs, gold_spans, ours_s, nervaluate_s, ratio,
ours_peak_mib, nervaluate_peak_mib, identical (plus processor times and the
quarter-size peak).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()
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
    mentions = [
        {"start": s, "end": e, "text": text[s:e], "id": f"m{i}", "label": lab, "attrs": {}}
        for i, (s, e, lab) in enumerate(spans, 1)
    ]
    return json.dumps(
        {"format": "annotator/1", "doc": doc, "doc_sha256": sha, "annotator": annotator,
         "scheme": "conflict-news/1", "status": "done", "updated": "2026-01-01T00:00:00.000000Z",
         "zones": [], "mentions": mentions, "entities": [], "events": [], "hoppers": [], "attributions": [],
         "notes": [], "meta": {}},
        ensure_ascii=False, separators=(",", ":"),
    )


def generate(folder: Path, docs: int, spans: int, seed: int) -> int:
    rng = random.Random(seed)
    total = 0
    with open(folder / "gold.jsonl", "w", encoding="utf-8") as g, open(folder / "pred.jsonl", "w",
                                                                        encoding="utf-8") as p, \
            open(folder / "nervaluate.jsonl", "w", encoding="utf-8") as nv:
        for i in range(docs):
            text, gold, pred = _doc(rng, max(1, int(rng.gauss(spans, spans / 5))))
            total += len(gold)
            doc = f"doc{i:07d}"
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            g.write(_record(doc, sha, "gold", text, gold) + "\n")
            p.write(_record(doc, sha, "system", text, pred) + "\n")
            nv.write(json.dumps({
                "true": [{"label": lab, "start": s, "end": e - 1} for s, e, lab in gold],
                "pred": [{"label": lab, "start": s, "end": e - 1} for s, e, lab in pred],
            }) + "\n")
    return total


def _peak_mib() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024


def _cpu_s() -> float:
    """Processor time of this process and its workers: robust to other load on the machine."""
    import resource

    return sum(
        r.ru_utime + r.ru_stime
        for r in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def run_ours(folder: Path, workers: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from annotator.evaluate.parallel import score_files_parallel
    from annotator.evaluate.report import build_report
    from annotator.scheme import load_scheme

    scheme = load_scheme(ROOT / "guidelines" / "schema.toml")
    state, _ = score_files_parallel(folder / "gold.jsonl", folder / "pred.jsonl", scheme, layers=["mentions"],
                                    workers=workers)
    report = build_report(state, gold="gold", predictions="pred", system="system", layers={"mentions"},
                          resamples=0)
    m = report.main.mentions
    assert m is not None
    figures = {
        "overall": {s: [m.schemes[s].cor, m.schemes[s].inc, m.schemes[s].par, m.schemes[s].mis, m.schemes[s].spu,
                        m.schemes[s].f1] for s in SCHEMES},
        "per_label": {lab: {s: [c[s].cor, c[s].inc, c[s].par, c[s].mis, c[s].spu, c[s].f1] for s in SCHEMES}
                      for lab, c in m.per_label.items()},
    }
    return {"seconds": time.perf_counter() - START, "cpu_s": _cpu_s(), "peak_mib": _peak_mib(), "figures": figures}


def run_nervaluate(folder: Path) -> dict:
    from nervaluate import Evaluator

    true, pred = [], []
    with open(folder / "nervaluate.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            true.append(d["true"])
            pred.append(d["pred"])
    res = Evaluator(true, pred, tags=list(LABELS), loader="dict").evaluate()

    def row(r: object) -> list:
        return [r.correct, r.incorrect, r.partial, r.missed, r.spurious, round(r.f1, 6)]  # type: ignore[attr-defined]

    figures = {
        "overall": {s: row(res["overall"][NV[s]]) for s in SCHEMES},
        "per_label": {lab: {s: row(v[NV[s]]) for s in SCHEMES} for lab, v in sorted(res["entities"].items())},
    }
    return {"seconds": time.perf_counter() - START, "cpu_s": _cpu_s(), "peak_mib": _peak_mib(), "figures": figures}


def _child(which: str, folder: Path, workers: int) -> dict:
    cmd = [sys.executable, __file__, "--child", which, "--dir", str(folder), "--workers", str(workers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--spans", type=int, default=50, help="mean gold spans per document")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--workers", type=int, default=0, help="scoring processes (0: one per core)")
    ap.add_argument("--child", choices=("ours", "nervaluate"), help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        folder = Path(args.dir)
        result = run_ours(folder, args.workers) if args.child == "ours" else run_nervaluate(folder)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="eval-bench-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        gold_spans = generate(folder, args.docs, args.spans, args.seed)
        sizes = {p.name: p.stat().st_size / 2**20 for p in folder.iterdir()}
        print(f"generated {args.docs} documents, {gold_spans} gold spans in {time.perf_counter() - t:.1f}s "
              f"({', '.join(f'{k} {v:.0f} MiB' for k, v in sizes.items())})")
        small = folder / "quarter"
        small.mkdir()
        for name in ("gold.jsonl", "pred.jsonl"):
            with open(folder / name, "rb") as src, open(small / name, "wb") as dst:
                dst.writelines(line for n, line in enumerate(src) if n < args.docs // 4)
        quarter = _child("ours", small, args.workers)
        print(f"ours on a quarter of the documents: peak {quarter['peak_mib']:7.1f} MiB (streaming: no growth)")
        ours = _child("ours", folder, args.workers)
        print(f"ours:       {ours['seconds']:8.2f} s  ({ours['cpu_s']:.2f} s processor)  peak "
              f"{ours['peak_mib']:7.1f} MiB per process ({args.workers or os.cpu_count()} worker processes)")
        theirs = _child("nervaluate", folder, args.workers)
        print(f"nervaluate: {theirs['seconds']:8.2f} s  ({theirs['cpu_s']:.2f} s processor)  peak "
              f"{theirs['peak_mib']:7.1f} MiB")
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other work on the machine slows both)")

    def rounded(fig: dict) -> str:
        return json.dumps(fig, sort_keys=True)

    identical = rounded(ours["figures"]) == rounded(theirs["figures"])
    strict = ours["figures"]["overall"]["strict"]
    print(f"strict F1 {strict[5]:.4f}; all four schemes and per-label tables identical: {identical}")
    print(json.dumps({
        "docs": args.docs,
        "gold_spans": gold_spans,
        "ours_s": round(ours["seconds"], 3),
        "nervaluate_s": round(theirs["seconds"], 3),
        "ratio": round(theirs["seconds"] / ours["seconds"], 2),
        "ours_peak_mib": round(ours["peak_mib"], 1),
        "ours_peak_mib_quarter_docs": round(quarter["peak_mib"], 1),
        "nervaluate_peak_mib": round(theirs["peak_mib"], 1),
        "ours_cpu_s": round(ours["cpu_s"], 3),
        "nervaluate_cpu_s": round(theirs["cpu_s"], 3),
        "identical": identical,
    }))


if __name__ == "__main__":
    main()
