"""``annotator evaluate`` and ``annotator predict``.

Only argparse wiring lives here; scoring, extractors and rendering are
imported when a command runs, so ``annotator --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.corpus import Corpus
    from annotator.scheme import Scheme

FORMATS = ("table", "json", "markdown", "html")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="score predictions (or an extractor) against the gold")
    p.add_argument("--gold", help="gold annotation file (default: the project's gold/gold.jsonl)")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--pred", help="predictions JSONL (records in the project format)")
    src.add_argument("--compare", nargs=2, metavar=("A", "B"), help="two prediction files: is B better than A?")
    src.add_argument("--extractor", metavar="MODULE:FUNCTION", help="run a Python extractor, then score it")
    src.add_argument("--command", dest="outside", metavar="CMD", help="run an outside command (JSONL stdin/stdout)")
    p.add_argument(
        "--layers",
        nargs="+",
        metavar="LAYER",
        help="mentions entities events hoppers attributions (default: all present)",
    )
    p.add_argument(
        "--scheme",
        choices=("strict", "exact", "partial", "type"),
        default="strict",
        help="SemEval scheme for the per-label tables (all four are always computed)",
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--out", help="write the report here instead of standard output")
    p.add_argument("--errors", action="store_true", help="list every missed, spurious, partial and mistyped item")
    p.add_argument(
        "--head",
        action="store_true",
        help="also score mentions by their heads (an extra 'head' row beside the four schemes)",
    )
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="document resamples (0: no intervals)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--confidence", type=float, default=0.95)
    p.add_argument("--corpus", help="corpus to check predictions against (default: the project's)")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="scoring processes (0: one per core; default: one per core from 16 MiB of JSONL, else 1)",
    )
    p.add_argument("--name", default=None, help="system name for --extractor/--command (default: its name)")
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="score on the Dask cluster whose scheduler is at ADDRESS (pip install 'annotator[dask]')",
    )
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser(
        "predict",
        help="run an extractor over the corpus and write its predictions",
        description="Exit 1 when the extractor failed on any document (the others are written).",
    )
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--extractor", metavar="MODULE:FUNCTION", help="a Python callable taking a Document")
    how.add_argument("--command", dest="outside", metavar="CMD", help="a command reading documents on stdin")
    p.add_argument("--out", required=True, help="predictions file to write")
    p.add_argument("--name", help="system name (the records' annotator; default: derived from the extractor)")
    p.add_argument("--corpus", help="corpus folder or JSONL (default: the project's)")
    p.add_argument("--docs", nargs="+", metavar="ID", help="only these documents")
    p.set_defaults(func=cmd_predict)


def _system_name(args: argparse.Namespace) -> str:
    """The records' annotator: ``--name`` (refused up front when unsafe) or one derived from the extractor."""
    import re

    from annotator.corpus import check_id

    if args.name is not None:
        return check_id(args.name, "system name")
    if args.extractor:
        raw = args.extractor
    else:
        import shlex

        words = [Path(w).name for w in shlex.split(args.outside) if not w.startswith("-")]
        runners = re.compile(r"^(python[0-9.]*|node|ruby|perl|Rscript|bash|sh|java|uv|npx|env)$")
        raw = next((w for w in words if not runners.match(w)), words[0] if words else "system")
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", raw).strip("-.") or "system"


def _run_extractor(args: argparse.Namespace, out: Path, docs: list | None = None) -> list[str]:
    """Run the extractor of ``args`` over the corpus into ``out``; returns the failures."""
    from annotator.corpus import Corpus
    from annotator.errors import StoreError
    from annotator.evaluate.extractors import RunLog, load_callable, run_callable, run_command
    from annotator.project import Project
    from annotator.store import write_records

    system = _system_name(args)
    project = Project.find(args.project)
    corpus = Corpus.load(args.corpus) if args.corpus else project.corpus
    ids = docs or corpus.ids()
    unknown = [d for d in ids if d not in corpus]
    if unknown:
        raise StoreError(f"documents not in the corpus: {', '.join(unknown)}")
    log = RunLog()
    documents = [corpus.get(d) for d in ids]
    if args.extractor:
        fn = load_callable(args.extractor)
        records = list(run_callable(fn, documents, system, project.scheme.id, log, total=len(documents)))
    else:
        records = list(run_command(args.outside, documents, system, project.scheme.id, log))
    write_records(out, records)
    from annotator.console import say

    for f in log.failures:
        say(f"extractor failed on {f}")
    for u in log.unaligned:
        say(f"not aligned: {u}")
    return [f.split(":", 1)[0] for f in log.failures]


def cmd_predict(args: argparse.Namespace) -> int:
    from annotator.console import say
    from annotator.project import Project

    out = Project.find(args.project).check_output(args.out)
    failures = _run_extractor(args, out, args.docs)
    say(f"wrote {out} ({len(failures)} document(s) failed and were skipped)")
    return 1 if failures else 0


def _emit(text: str, out: str | None) -> None:
    if out:
        from annotator.store import atomic_write

        atomic_write(Path(out), text.encode("utf-8"))
    else:
        sys.stdout.write(text)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from annotator.corpus import Corpus
    from annotator.evaluate.api import evaluate_files
    from annotator.evaluate.parallel import default_workers
    from annotator.evaluate.scoring import chosen_layers
    from annotator.hashcache import cache_file
    from annotator.project import Project
    from annotator.validate import read_checked

    chosen_layers(args.layers)
    project = Project.find(args.project)
    if args.out:
        project.check_output(args.out)
    scheme = project.scheme
    gold = Path(args.gold) if args.gold else project.gold_dir / "gold.jsonl"
    corpus = Corpus.load(args.corpus) if args.corpus else (project.corpus if project.corpus_path.exists() else None)
    if corpus is not None and corpus.source is not None:
        corpus.remember_hashes(cache_file(project.root, corpus.source), project.root)
    if args.extractor or args.outside:
        # checked before the extractor runs, not after; a predictions file is checked with the gold in one pass
        read_checked([gold], corpus, scheme, gold_dir=project.gold_dir)
    if args.compare:
        return _compare(args, gold, scheme, corpus, project.gold_dir)
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="annotator-eval-") as tmp:
        pred = Path(args.pred) if args.pred else Path(tmp) / "predictions.jsonl"
        if not args.pred:
            failures = _run_extractor(args, pred)
        report = evaluate_files(
            gold,
            pred,
            scheme,
            corpus=corpus,
            layers=args.layers,
            errors=args.errors,
            resamples=args.bootstrap,
            seed=args.seed,
            confidence=args.confidence,
            failures=failures,
            workers=default_workers(gold, pred) if args.workers is None else args.workers,
            heads=args.head,
            dask=args.dask,
            check_gold=bool(args.pred),
            gold_dir=project.gold_dir,
        )
    if corpus is not None:
        corpus.save_hashes()
    if args.format == "json":
        _emit(report.to_json(), args.out)
        return 0
    from annotator.evaluate.render import to_html, to_markdown, to_table  # not needed for JSON

    if args.format == "markdown":
        _emit(to_markdown(report, args.scheme) + "\n", args.out)
    elif args.format == "html":
        _emit(to_html(report, args.scheme), args.out)
    else:
        to_table(report, args.scheme)
    return 0


def _compare(args: argparse.Namespace, gold: Path, scheme: Scheme, corpus: Corpus | None, gold_dir: Path) -> int:
    from annotator.evaluate.compare import compare_states
    from annotator.evaluate.render import html_table, markdown_table, page
    from annotator.evaluate.scoring import score_files

    a_path, b_path = (Path(x) for x in args.compare)
    a, ia = score_files(
        gold,
        a_path,
        scheme,
        corpus=corpus,
        layers=args.layers,
        keep_doc_ids=True,
        heads=args.head,
        check_gold=True,
        gold_dir=gold_dir,
    )
    b, ib = score_files(
        gold,
        b_path,
        scheme,
        corpus=corpus,
        layers=args.layers,
        keep_doc_ids=True,
        heads=args.head,
    )
    names = (next(iter(ia.systems), str(a_path)), next(iter(ib.systems), str(b_path)))
    result = compare_states(a, b, gold=str(gold), names=names, resamples=args.bootstrap or 1000, seed=args.seed)
    if args.format == "json":
        _emit(result.to_json(), args.out)
        return 0
    head = ["metric", f"F1 {names[0]}", f"F1 {names[1]}", "B - A", "95% CI", "p (bootstrap)", "p (AR)"]
    rows = [
        [
            m.metric,
            f"{m.f1_a:.4f}",
            f"{m.f1_b:.4f}",
            f"{m.difference:+.4f}",
            f"{m.ci[0]:+.3f}…{m.ci[1]:+.3f}",
            f"{m.p_bootstrap:.4f}",
            f"{m.p_randomization:.4f}",
        ]
        for m in result.metrics
    ]
    title = f"{names[1]} (B) vs {names[0]} (A) on {gold}: {result.documents} documents, {result.resamples} resamples"
    if args.format == "markdown":
        _emit(f"# {title}\n\n" + markdown_table(head, rows) + "\n", args.out)
        return 0
    if args.format == "html":
        _emit(page(title, html_table(head, rows)), args.out)
        return 0
    from rich.table import Table

    from annotator.console import console

    t = Table(title=title)
    for i, h in enumerate(head):
        t.add_column(h, justify="left" if i == 0 else "right", overflow="fold" if i == 0 else "ellipsis")
    for row in rows:
        t.add_row(*row)
    console().print(t)
    return 0
