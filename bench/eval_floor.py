"""How fast could a Python ``annotator evaluate`` be? Floors of its pipeline, timed as whole processes.

``bench/eval_speed.py`` holds ``annotator evaluate`` to 20× nervaluate end to
end. This script measures what part of that budget goes before any score is
counted, by running stripped-down versions of the command's reading pass on
the same generated project, each a fresh process on one worker per core, as
the command itself runs (the same shares of the files, forked workers):

1. ``decode``: start Python with NumPy and msgspec, and decode every line of
   the gold and the predictions into the fast reader's structs
   (:data:`annotator.fastread._decoder`), nothing else;
2. ``checks``: also read each document's corpus file and check every span's
   text against it, gathering the offsets (what "a span carries its text, and
   loading checks it" costs at the least);
3. ``validation``: also the other checks the project's rules ask of every
   line: no key named twice (the line against its re-encoding), unique and
   well-formed ids, known labels, the text's digest, and the gold's
   (label, attributes) pairs gathered for the strict attribute check.

None of them scores, draws bootstrap weights, builds the command line, loads
the project or writes a report. Beside them, ``annotator evaluate`` itself
with default options and nervaluate end to end (whose time sets the budget).
Every process fresh and cold, all five interleaved, three runs each; median
and range.

Ends with one line of JSON: docs, gold_spans, decode_s, checks_s, validation_s,
ours_s, nervaluate_s, budget_20x_s (nervaluate's time over 20).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clirun
import eval_speed

LEVELS = ("decode", "checks", "validation")


def floor_worker(share: tuple[tuple[int, int], tuple[int, int]], level: int, labels: frozenset[str]) -> int:
    """One worker's share of the files at ``level`` (1, 2 or 3); returns the spans it read."""
    from annotator.corpus import read_bytes_with_status
    from annotator.fastread import _LABEL_ATTRS, _decoder
    from annotator.linecheck import ids_well_formed, written_as_the_store_writes

    spans = 0
    for path, (start, end) in ((Path("gold/gold.jsonl"), share[0]), (Path("pred.jsonl"), share[1])):
        with open(path, "rb", buffering=1 << 20) as fh:
            fh.seek(start)
            left = end - start
            for line in fh:
                if left <= 0:
                    break
                left -= len(line)
                rec = _decoder.decode(line)
                spans += len(rec.mentions)
                if level < 2:
                    continue
                raw = read_bytes_with_status(Path(f"corpus/{rec.doc}.txt"))[0]
                text = raw.decode("utf-8")
                starts, ends = [], []
                for m in rec.mentions:
                    if text[m.start : m.end] != m.text:
                        raise SystemExit(f"{path}: a span's text is not the document's")
                    starts.append(m.start)
                    ends.append(m.end)
                if level < 3:
                    continue
                ids = [m.id for m in rec.mentions]
                if (
                    not written_as_the_store_writes(rec, line)
                    or len(set(ids)) != len(ids)
                    or not ids_well_formed(ids)
                    or not labels.issuperset({m.label for m in rec.mentions})
                    or rec.doc_sha256 != hashlib.sha256(raw).hexdigest()
                ):
                    raise SystemExit(f"{path}: a line the fast reader would not vouch for")
                if path.parent.name == "gold":
                    frozenset(_LABEL_ATTRS.findall(line))
    return spans


def run_floor(level: int) -> None:
    """The floor at ``level``, on one forked worker per core, in the project folder (the current one)."""
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial
    from multiprocessing import get_context

    import numpy  # noqa: F401  (scoring needs it: a floor starts with it loaded)

    from annotator.evaluate.parallel import shares

    labels = frozenset(eval_speed.LABELS)
    n = os.cpu_count() or 1
    with ProcessPoolExecutor(n, mp_context=get_context("fork")) as pool:
        parts = shares(Path("gold/gold.jsonl"), Path("pred.jsonl"), n)
        print(sum(pool.map(partial(floor_worker, level=level, labels=labels), parts)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--spans", type=int, default=50)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", type=int, choices=(1, 2, 3), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_floor(args.child)
        return
    print(f"machine: {clirun.machine()}")
    with tempfile.TemporaryDirectory(prefix="eval-floor-") as tmp:
        folder = Path(tmp) / "project"
        gold_spans = eval_speed.generate(folder, args.docs, args.spans, args.seed)
        commands = {
            name: ([sys.executable, __file__, "--child", str(level)], folder) for level, name in enumerate(LEVELS, 1)
        }
        ours = [*clirun.annotator_command(), "evaluate", "--pred", "pred.jsonl", "--format", "json"]
        commands["ours"] = (ours, folder)
        peer = [sys.executable, eval_speed.__file__, "--child", "nervaluate", "--dir", str(folder)]
        commands["nervaluate"] = (peer, folder)
        runs = clirun.interleaved(commands, args.repeat)
    for name, rs in runs.items():
        print(clirun.describe(name, rs))
    nervaluate_s = clirun.median(runs["nervaluate"], "wall_s")
    print(f"20× nervaluate is {nervaluate_s / 20:.3f} s")
    print(f"machine after: {clirun.machine()}")
    result: dict[str, object] = {"docs": args.docs, "gold_spans": gold_spans}
    for name in (*LEVELS, "ours"):
        result[f"{name}_s"] = round(clirun.median(runs[name], "wall_s"), 3)
        result[f"{name}_cpu_s"] = round(clirun.median(runs[name], "cpu_s"), 3)
    result["nervaluate_s"] = round(nervaluate_s, 3)
    result["budget_20x_s"] = round(nervaluate_s / 20, 3)
    result["load_average"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
