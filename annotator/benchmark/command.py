"""``annotator benchmark``: argparse wiring only; the machinery is imported when the command runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("table", "json", "markdown", "html")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "benchmark",
        help="run extractors over the gold documents, score them and print a leaderboard",
        description="Extractor specs: rules | trained[:ITERATIONS] | spacy:PIPELINE[,LABELMAP.toml] | llm:FILE | "
        "file:FILE | cmd:COMMAND | module:function. Predictions are cached by extractor, document "
        "and version; a document an extractor fails on is counted, never fatal.",
    )
    p.add_argument("--gold", help="gold annotation file (default: the project's gold/gold.jsonl)")
    p.add_argument("--extractor", action="append", required=True, metavar="NAME=SPEC", help="repeat for each system")
    p.add_argument(
        "--metric",
        action="append",
        metavar="KEY",
        help="F1 columns, e.g. mentions/strict or events/trigger_classification/exact (repeatable)",
    )
    p.add_argument("--rank-by", metavar="KEY", help="the column that orders the board (default: the first)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--out", help="write the leaderboard here instead of standard output")
    p.add_argument("--cache", help="prediction cache folder (default: .cache/benchmark in the project)")
    p.add_argument("--no-cache", action="store_true", help="recompute everything and keep nothing")
    p.add_argument("--corpus", help="corpus with the gold documents' texts (default: the project's)")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="document resamples (0: no intervals)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--confidence", type=float, default=0.95)
    p.set_defaults(func=cmd_benchmark)


def cmd_benchmark(args: argparse.Namespace) -> int:
    from annotator.benchmark.cache import CACHE_FOLDER, PredictionCache
    from annotator.benchmark.extractor import Context
    from annotator.benchmark.leaderboard import DEFAULT_METRICS, build_leaderboard, metric_keys, unknown_metrics
    from annotator.benchmark.render import to_html, to_markdown, to_table
    from annotator.benchmark.runner import run_all
    from annotator.benchmark.specs import build, parse
    from annotator.corpus import Corpus
    from annotator.errors import AnnotatorError
    from annotator.project import Project
    from annotator.store import atomic_write, load_records

    project = Project.find(args.project)
    if args.out:
        project.check_output(args.out)
    cache_dir = None if args.no_cache else Path(args.cache) if args.cache else project.root / CACHE_FOLDER
    if cache_dir is not None:
        project.check_output(cache_dir, "--cache", folder=True)
    scheme = project.scheme
    gold_path = Path(args.gold) if args.gold else project.gold_dir / "gold.jsonl"
    if not gold_path.is_file():
        raise AnnotatorError(f"{gold_path}: no such gold file")
    gold = sorted(load_records(gold_path), key=lambda r: r.doc)
    corpus = Corpus.load(args.corpus) if args.corpus else project.corpus
    problems = [f"{gold_path}: document {g.doc} is not in the corpus" for g in gold if g.doc not in corpus]
    docs = [corpus.get(g.doc) for g in gold if g.doc in corpus]
    problems += [
        f"{gold_path}: document {g.doc} changed since it was annotated (doc_sha256 differs)"
        for g, d in zip(gold, docs, strict=False)
        if g.doc == d.id and g.doc_sha256 != d.sha256
    ]
    if problems:
        raise AnnotatorError("\n".join(problems))
    asked = [*(args.metric or ()), *([args.rank_by] if args.rank_by else [])]
    if problems := unknown_metrics(asked, metric_keys(gold, scheme)):
        raise AnnotatorError("\n".join(problems))
    names = [parse(item) for item in args.extractor]
    twice = sorted({n for n, _ in names if [m for m, _ in names].count(n) > 1})
    if twice:
        raise AnnotatorError(f"extractor name(s) given twice: {', '.join(twice)}")
    ctx = Context(scheme=scheme, gold=tuple(gold), documents=tuple(docs), root=Path.cwd())
    extractors = [(build(name, spec, ctx), spec) for name, spec in names]
    runs = run_all(extractors, docs, scheme, PredictionCache(cache_dir))
    board = build_leaderboard(
        runs,
        gold,
        scheme,
        gold_name=str(args.gold or gold_path),
        metrics=args.metric or DEFAULT_METRICS,
        rank_by=args.rank_by,
        resamples=args.bootstrap,
        seed=args.seed,
        confidence=args.confidence,
    )
    if args.format == "table" and not args.out:
        to_table(board)
        return 0
    text = {
        "json": board.to_json,
        "markdown": lambda: to_markdown(board),
        "html": lambda: to_html(board),
        "table": lambda: to_markdown(board),
    }[args.format]()
    if args.out:
        atomic_write(Path(args.out), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0
