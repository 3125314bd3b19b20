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
    p.add_argument("--annotators", type=_names, help="comma-separated annotators (default: every file in gold/)")
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
    p.add_argument("--dask", metavar="ADDRESS",
                   help="count on the Dask cluster whose scheduler is at ADDRESS (pip install 'annotator[dask]')")
    p.set_defaults(func=cmd_agreement)


def cmd_agreement(args: argparse.Namespace) -> int:
    from rich.console import Console

    from annotator.agreement.collect import AgreementError
    from annotator.agreement.htmlreport import render_html
    from annotator.agreement.records import NotStreamable, index_files
    from annotator.agreement.render import render_json, render_markdown, render_table, table_text
    from annotator.errors import LineError
    from annotator.layers import UnknownLayer, parse_layers
    from annotator.project import Project
    from annotator.store import atomic_write, read_records

    try:
        layers = parse_layers(args.layers)
    except UnknownLayer as exc:
        raise AgreementError(str(exc)) from None
    project = Project.find(args.project)
    if args.out is not None and args.out.resolve().parent == project.gold_dir.resolve():
        raise AgreementError(
            f"--out {args.out}: refusing to write a report into the annotation folder "
            f"(use a subfolder such as {project.gold_dir.name}/reports/)"
        )
    texts = {doc.id: doc.text for doc in project.corpus}
    files = project.annotation_files()
    indexed = index_files(files)
    if indexed is not None:
        try:
            report = _report(args, layers, texts, cast(dict[str, dict[str, Any]], indexed[0]), project, indexed[1])
        except (NotStreamable, AgreementError):  # the whole-file reader words the error (a bad line first)
            indexed = None
    if indexed is None:
        by_annotator: dict[str, dict[str, Any]] = {}
        problems: list[str] = []
        for path in files:
            result = read_records(path)
            problems += result.problems
            for (annotator, doc), rec in result.records.items():
                by_annotator.setdefault(annotator, {})[doc] = rec
        if problems:
            raise LineError(problems)
        report = _report(args, layers, texts, by_annotator, project, None)
    if args.format == "table":
        if args.out is None:
            render_table(report, Console(highlight=False))
            return 0
        text = table_text(report)
    else:
        text = {"json": render_json, "markdown": render_markdown, "html": render_html}[args.format](report)
    if args.out is None:
        print(text, end="")
    else:
        atomic_write(args.out, text.encode("utf-8"))
        Console(stderr=True, highlight=False).print(f"wrote {args.out}", markup=False)
    return 0


def _report(
    args: argparse.Namespace,
    layers: Sequence[str],
    texts: dict[str, str],
    by_annotator: dict[str, dict[str, Any]],
    project: Project,
    source: FileRecords | None,
) -> Report:
    """Select and measure; ``by_annotator`` holds records, or only their heads when ``source`` reads them."""
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
    return compute(
        selection,
        layers,
        disagreements=args.disagreements,
        include_in_progress=args.include_in_progress,
        token_cache=TokenCache(project.root / ".cache" / "tokens"),
        source=source,
        dask=args.dask,
    )
