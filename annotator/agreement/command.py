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
        "--dask",
        metavar="ADDRESS",
        help="count on the Dask cluster whose scheduler is at ADDRESS (pip install 'annotator[dask]')",
    )
    p.set_defaults(func=cmd_agreement)


def cmd_agreement(args: argparse.Namespace) -> int:
    from annotator.agreement.collect import AgreementError
    from annotator.agreement.htmlreport import render_html
    from annotator.agreement.records import NotStreamable, index_files
    from annotator.agreement.render import render_json, render_markdown, render_table, table_text
    from annotator.console import console, say
    from annotator.corpus import check_id
    from annotator.errors import LineError
    from annotator.layers import UnknownLayer, parse_layers
    from annotator.project import Project
    from annotator.store import atomic_write, read_records
    from annotator.validate import check_file

    try:
        layers = parse_layers(args.layers)
    except UnknownLayer as exc:
        raise AgreementError(str(exc)) from None
    for name in args.annotators or []:
        check_id(name, "annotator name")
    project = Project.find(args.project)
    if args.out is not None:
        project.check_output(args.out)
    progress = console(stderr=True).status("checking the annotation files…")
    with progress:
        texts = {doc.id: doc.text for doc in project.corpus}
        team, notes = project.compared(args.annotators)
        files = [p for p in project.annotation_files() if team is None or p.stem in team]
        problems = [
            problem
            for path in files
            for problem in check_file(path, project.corpus, project.scheme, gold_dir=project.gold_dir)[1]
        ]
        if problems:
            raise LineError(problems)
        if team is not None and args.annotators is None:
            present = {p.stem for p in files}
            folder = project.gold_dir.name
            notes += [
                f"{a}: one of the project's annotators, but has no file in {folder}/" for a in team if a not in present
            ]
        progress.update("comparing…")
        indexed = index_files(files) if not any(_has_structures(p) for p in files) else None
        report = None
        if indexed is not None:
            try:
                heads = cast(dict[str, dict[str, Any]], indexed[0])
                report = _report(args, layers, texts, heads, project, indexed[1], notes)
            except NotStreamable:
                report = None
        if report is None:
            by_annotator: dict[str, dict[str, Any]] = {}
            for path in files:
                for (annotator, doc), rec in read_records(path).records.items():
                    by_annotator.setdefault(annotator, {})[doc] = rec
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


STRUCTURE_KEYS = (b'"relations":', b'"doc_labels":', b'"fragments":', b'"kb":"')
"""How a record in the store's form shows relations, document labels, fragments or links (absent when empty)."""


def _has_structures(path: Path) -> bool:
    """Whether the file holds what only whole records can score (then it is read whole, not streamed)."""
    data = path.read_bytes()
    return any(key in data for key in STRUCTURE_KEYS)


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

    The files were checked as ``annotator validate`` checks them before this is called.
    """
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
    return compute(
        selection,
        layers,
        disagreements=args.disagreements,
        include_in_progress=args.include_in_progress,
        scheme=project.scheme if project.scheme_path.is_file() else None,
        token_cache=TokenCache(project.root / ".cache" / "tokens", inside=project.root),
        source=source,
        dask=args.dask,
    )
