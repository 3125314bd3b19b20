"""``annotator agreement``: inter-annotator agreement report for every layer.

Only argument parsing lives at import time; the measures are imported when
the command runs, so ``annotator --help`` stays fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from annotator.agreement.records import FileRecords
    from annotator.agreement.report import Report
    from annotator.project import Project

FORMATS = ("table", "json", "markdown", "html")


def _names(value: str) -> list[str]:
    items = [x.strip() for x in value.split(",") if x.strip()]
    if not items:
        raise argparse.ArgumentTypeError("expected a comma-separated list")
    return items


def register(sub: Any) -> None:
    p = sub.add_parser(
        "agreement",
        help="inter-annotator agreement for every layer (F1, u-alpha, alpha, kappa, coreference)",
        description="Compare annotators on the documents they both annotated (by default those marked done).",
    )
    p.add_argument(
        "--annotators",
        type=_names,
        help="comma-separated annotators (default: the project's [tool.annotator] annotators, else all of gold/)",
    )
    p.add_argument("--docs", type=_names, help="comma-separated document ids (default: all)")
    p.add_argument(
        "--layers",
        nargs="+",
        metavar="LAYER",
        help="zones mentions entities events hoppers attributions, space- or comma-separated (default: all)",
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--disagreements", action="store_true", help="list every disagreement, grouped by kind")
    p.add_argument("--include-in-progress", action="store_true", help="also compare documents still in progress")
    p.add_argument("--out", type=Path, help="write the report to this file instead of the terminal")
    p.add_argument(
        "--bootstrap",
        type=int,
        default=0,
        metavar="N",
        help="confidence intervals from N document resamples (default 0: none)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the resampling")
    p.add_argument("--confidence", type=float, default=0.95, help="level of the intervals (default 0.95)")
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="count on the Dask cluster whose scheduler is at ADDRESS (pip install 'annotator[dask]')",
    )
    p.set_defaults(func=cmd_agreement)


def cmd_agreement(args: argparse.Namespace) -> int:
    from annotator.agreement.collect import AgreementError
    from annotator.agreement.htmlreport import render_html
    from annotator.agreement.render import render_json, render_markdown, render_table, table_text
    from annotator.console import console, say
    from annotator.corpus import check_id
    from annotator.layers import UnknownLayer, parse_layers
    from annotator.project import Project
    from annotator.store import atomic_write
    from annotator.validate import read_checked

    try:
        layers = parse_layers(args.layers)
    except UnknownLayer as exc:
        raise AgreementError(str(exc)) from None
    for name in args.annotators or []:
        check_id(name, "annotator name")
    project = Project.find(args.project)
    if args.out is not None:
        project.check_output(args.out)
    progress = console(stderr=True).status("reading, checking and comparing the annotation files…")
    with progress:
        texts = {doc.id: doc.text for doc in project.corpus}
        team, notes = project.compared(args.annotators)
        files = [p for p in project.annotation_files() if team is None or p.stem in team]
        if team is not None and args.annotators is None:
            present = {p.stem for p in files}
            folder = project.gold_dir.name
            notes += [
                f"{a}: one of the project's annotators, but has no file in {folder}/" for a in team if a not in present
            ]
        report = _streamed(args, layers, texts, files, project, notes)
        if report is None:
            progress.update("checking the annotation files…")
            checked = read_checked(files, project.corpus, project.scheme, gold_dir=project.gold_dir)
            by_annotator: dict[str, dict[str, Any]] = {}
            for result in checked.values():
                for (annotator, doc), rec in result.records.items():
                    by_annotator.setdefault(annotator, {})[doc] = rec
            progress.update("comparing…")
            report = _report(args, layers, texts, by_annotator, project, None, notes)
    if args.format == "table":
        if args.out is None:
            render_table(report, console())
            return 0
        text = table_text(report)
    else:
        text = {"json": render_json, "markdown": render_markdown, "html": render_html}[args.format](report)
    if args.out is None:
        print(text, end="")
    else:
        atomic_write(args.out, text.encode("utf-8"))
        say(f"wrote {args.out}")
    return 0


def _streamed(
    args: argparse.Namespace,
    layers: Sequence[str],
    texts: dict[str, str],
    files: list[Path],
    project: Project,
    notes: list[str],
) -> Report | None:
    """The report from the files read a document at a time, each record validated as it is parsed.

    None when the files must be read whole instead: not in the store's form,
    holding what only whole records can score, a file in the gold folder naming
    another annotator, or any record or selection problem (the gate then words it).
    """
    from annotator.agreement.collect import AgreementError
    from annotator.agreement.records import NotStreamable, RecordCheck, index_files

    indexed = index_files(files, RecordCheck(project.corpus, project.scheme))
    if indexed is None:
        return None
    heads, source = indexed
    gold = project.gold_dir.resolve()
    if any(f.structured or (f.path.resolve().parent == gold and f.annotators - {f.path.stem}) for f in source.files):
        return None
    try:
        return _report(args, layers, texts, cast(dict[str, dict[str, Any]], heads), project, source, list(notes))
    except (NotStreamable, AgreementError):
        return None


def _report(
    args: argparse.Namespace,
    layers: Sequence[str],
    texts: dict[str, str],
    by_annotator: dict[str, dict[str, Any]],
    project: Project,
    source: FileRecords | None,
    notes: list[str],
) -> Report:
    """Select and measure; ``by_annotator`` holds records, or only their heads when ``source`` reads them.

    The files were checked as ``annotator validate`` checks them before this is called, or ``source``
    checks every record as it reads it.
    """
    from annotator.agreement.bootstrap import intervals
    from annotator.agreement.collect import AgreementError, select
    from annotator.agreement.compute import compute
    from annotator.tokencache import TokenCache

    if not by_annotator:
        raise AgreementError(f"no annotations in {project.gold_dir}: agreement needs at least two annotators' files")
    selection = select(
        by_annotator,
        texts,
        annotators=args.annotators,
        docs=args.docs,
        include_in_progress=args.include_in_progress,
    )
    selection.left_out[:0] = notes
    token_cache = TokenCache(project.root / ".cache" / "tokens", inside=project.root)
    report = compute(
        selection,
        layers,
        disagreements=args.disagreements,
        include_in_progress=args.include_in_progress,
        scheme=project.scheme if project.scheme_path.is_file() else None,
        token_cache=token_cache,
        source=source,
        dask=args.dask,
    )
    if args.bootstrap <= 0:
        return report
    if not 0 < args.confidence < 1:
        raise AgreementError(f"--confidence {args.confidence} must be between 0 and 1")
    found = intervals(
        selection,
        layers,
        report,
        resamples=args.bootstrap,
        seed=args.seed,
        confidence=args.confidence,
        token_cache=token_cache,
        source=source,
    )
    return report.model_copy(update={"intervals": found, "confidence": args.confidence})
