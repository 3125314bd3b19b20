"""``annotator adjudicate``: merge annotators' files into ``gold/gold.jsonl`` with provenance."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotator.errors import AnnotatorError, LineError


def load_decisions(path: Path) -> list[Any]:
    """Decisions as JSONL ``{"doc", "item", "take", "reason"}``; bad lines named with their number."""
    from annotator.adjudicate import Decision

    decisions, problems = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot read: {exc.strerror}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            decisions.append(Decision.model_validate_json(line))
        except ValidationError as exc:
            problems.append(f"{path}:{n}: {exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}")
    if problems:
        raise LineError(problems)
    return decisions


def cmd_adjudicate(args: argparse.Namespace) -> int:
    """Merge, check every gold record, then write: invalid or drifted input and invalid gold are refused."""
    from rich.console import Console

    from annotator.adjudicate import adjudicate
    from annotator.project import Project
    from annotator.store import atomic_write

    project = Project.find(args.project)
    if args.unresolved:
        project.check_output(args.unresolved, "--unresolved")
    names = args.annotators.split(",") if args.annotators else [a for a in project.annotators() if a != "gold"]
    if len(names) < 2:
        raise AnnotatorError(f"adjudication needs two or more annotators; found {names or 'none'}")
    prefer = args.prefer or names[0]
    if prefer not in names:
        raise AnnotatorError(f"--prefer {prefer!r} is not one of the annotators {names}")
    by_annotator = _checked_records(project, names)
    decisions = load_decisions(Path(args.decisions)) if args.decisions else []
    docs = sorted(set.intersection(*(set(r) for r in by_annotator.values())))
    if args.docs:
        docs = [d for d in docs if d in set(args.docs.split(","))]
    if not docs:
        raise AnnotatorError("no document was annotated by all of " + ", ".join(names))
    scheme = project.scheme
    unresolved: list[dict[str, Any]] = []
    totals: dict[str, int] = {}
    gold_records = []
    for doc_id in docs:
        records = {n: by_annotator[n][doc_id] for n in names}
        try:
            result = adjudicate(project.corpus.get(doc_id), records, decisions, prefer=prefer, scheme=scheme)
        except ValueError as exc:
            raise AnnotatorError(str(exc)) from None
        gold_records.append(result.record)
        unresolved += result.unresolved
        for k, v in result.counts.items():
            totals[k] = totals.get(k, 0) + v
    _refuse_invalid_gold(project, gold_records)
    with project.store("gold") as gold:
        for record in gold_records:
            gold.save(record, touch=False)
    if args.unresolved:
        atomic_write(
            Path(args.unresolved),
            "".join(json.dumps(u, ensure_ascii=False) + "\n" for u in unresolved).encode("utf-8"),
        )
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(
        f"gold for {len(docs)} document(s) written to {gold.path}: "
        + ", ".join(f"{v} {k}" for k, v in sorted(totals.items())),
        markup=False,
    )
    if unresolved:
        console.print(f"{len(unresolved)} item(s) had no decision and followed --prefer {prefer}", markup=False)
    if args.format == "json":
        print(json.dumps({"documents": docs, "counts": totals, "unresolved": unresolved}, indent=2))
    return 0


def _checked_records(project: Any, names: list[str]) -> dict[str, dict[str, Any]]:
    """Each annotator's records by document, or :class:`LineError` with every problem ``validate`` finds.

    Drift (a record made on a text that has since changed) is one of them: merging
    such a record would stamp the new text's checksum on offsets into the old one.
    """
    from annotator.store import read_records
    from annotator.validate import validate_file

    problems: list[str] = []
    for name in names:
        path = project.gold_dir / f"{name}.jsonl"
        if not path.exists():
            raise AnnotatorError(f"{path}: no annotation file for annotator {name!r}")
        problems += validate_file(path, project.corpus, project.scheme, strict=False)
    if problems:
        raise LineError([*problems, "not adjudicated: fix these records first (nothing was written)"])
    return {name: read_records(project.gold_dir / f"{name}.jsonl").by_doc() for name in names}


def _refuse_invalid_gold(project: Any, records: list[Any]) -> None:
    """Check the gold as ``annotator validate`` will; what would not validate is not written."""
    from annotator.validate import validate_record

    path = project.gold_dir / "gold.jsonl"
    problems = [
        f"{path}: gold of {p}"
        for record in records
        for p in validate_record(record, project.corpus.get(record.doc), project.scheme)
    ]
    if problems:
        raise LineError(
            [*problems, f"{path}: not written: the adjudicated gold would not validate (add decisions for these items)"]
        )


def register(sub: Any) -> None:
    p = sub.add_parser(
        "adjudicate",
        help="merge annotators' files into gold/gold.jsonl, with provenance for every item",
        description=(
            "Items every annotator agrees on go to the gold. For the others, a decisions file "
            '(JSONL of {"doc", "item", "take", "reason"}, item like "mention:12-20", take an '
            "annotator name or null to drop, optional edit: fields of the taken version to change, "
            "spans as start/end) says whose version is kept and why; without a "
            "decision the --prefer annotator's version is kept and the item is listed as unresolved. "
            "Input records that do not validate (drift included) are refused, and gold that would not "
            "validate is not written (exit 1, every problem listed)."
        ),
    )
    p.add_argument("--annotators", help="comma-separated names (default: every file in gold/ but gold)")
    p.add_argument("--prefer", help="annotator whose version stands where no decision exists (default: the first)")
    p.add_argument("--decisions", help="JSONL file of adjudication decisions")
    p.add_argument("--docs", help="comma-separated document ids (default: all annotated by every annotator)")
    p.add_argument("--unresolved", help="write the items that had no decision to this file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_adjudicate)
