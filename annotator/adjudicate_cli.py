"""``annotator adjudicate``: merge annotators' files into ``gold/gold.jsonl`` with provenance."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotator.errors import AnnotatorError, DecisionError, LineError


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


def decision_line(path: Path, error: DecisionError) -> str:
    """``file:line`` of the decision in force that ``error`` is about (the last line on its item)."""
    found = 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and data.get("doc") == error.doc and data.get("item") == error.item:
            found = n
    return f"{path}:{found}" if found else str(path)


def cmd_adjudicate(args: argparse.Namespace) -> int:
    """Merge, check every gold record, then write: invalid or drifted input and invalid gold are refused."""
    from annotator.adjudicate import adjudicate
    from annotator.agreement.collect import select
    from annotator.console import console as make_console
    from annotator.corpus import check_id
    from annotator.project import Project
    from annotator.store import atomic_write, write_records

    project = Project.find(args.project)
    if args.unresolved:
        project.check_output(args.unresolved, "--unresolved")
    team, left_out = project.compared(args.annotators.split(",") if args.annotators else None)
    names = team if team is not None else [a for a in project.annotators() if a != "gold"]
    for name in names:
        check_id(name, "annotator name")
    if len(names) < 2:
        raise AnnotatorError(f"adjudication needs two or more annotators; found {names or 'none'}")
    prefer = args.prefer or names[0]
    if prefer not in names:
        raise AnnotatorError(f"--prefer {prefer!r} is not one of the annotators {names}")
    out = _out_path(project, args.out)
    by_annotator = checked_records(project, names)
    texts = {doc.id: doc.text for doc in project.corpus}
    wanted = args.docs.split(",") if args.docs else None
    selection = select(by_annotator, texts, annotators=names, docs=wanted, include_in_progress=args.include_in_progress)
    docs = selection.complete()
    left_out += selection.left_out
    left_out += [f"{d}: not finished by all of {', '.join(names)}" for d in selection.docs if d not in docs]
    decisions = load_decisions(Path(args.decisions)) if args.decisions else []
    if not docs:
        raise AnnotatorError("no document was finished by all of " + ", ".join(names))
    unknown = sorted({d.doc for d in decisions} - set(texts))
    if unknown:
        raise AnnotatorError(f"{args.decisions}: decisions name documents not in the corpus: {', '.join(unknown)}")
    scheme = project.scheme
    unresolved: list[dict[str, Any]] = []
    lost: list[dict[str, str]] = []
    totals: dict[str, int] = {}
    console = make_console(stderr=True, soft_wrap=True)
    finished = "done or in progress" if args.include_in_progress else "marked done"
    console.print(f"adjudicating {', '.join(names)} on {len(docs)} document(s) {finished} by all", markup=False)
    for line in left_out:
        console.print(f"  left out: {line}", markup=False)
    gold_records = []
    for doc_id in docs:
        records = {n: by_annotator[n][doc_id] for n in names}
        try:
            result = adjudicate(
                project.corpus.get(doc_id), records, decisions, prefer=prefer, scheme=scheme, strategy=args.strategy
            )
        except DecisionError as exc:
            where = decision_line(Path(args.decisions), exc) if args.decisions else "decisions"
            raise AnnotatorError(f"{where}: {exc}") from None
        except ValueError as exc:
            raise AnnotatorError(str(exc)) from None
        gold_records.append(result.record)
        unresolved += result.unresolved
        lost += result.lost
        for k, v in result.counts.items():
            totals[k] = totals.get(k, 0) + v
    _refuse_invalid_gold(project, gold_records)
    if out is not None:
        write_records(out, gold_records)
        written = out
    else:
        with project.store("gold") as gold:
            for record in gold_records:
                gold.save(record, touch=False)
        written = gold.path
    if args.unresolved:
        atomic_write(
            Path(args.unresolved),
            "".join(json.dumps(u, ensure_ascii=False) + "\n" for u in unresolved).encode("utf-8"),
        )
    console.print(
        f"gold for {len(docs)} document(s) written to {written}: "
        + ", ".join(f"{v} {k}" for k, v in sorted(totals.items())),
        markup=False,
    )
    if lost:
        console.print(f"{len(lost)} reference(s) dropped: what they point at is not in the gold", markup=False)
        for x in lost:
            console.print(f"  {x['doc']} {x['item']}: {x['what']} -> {x['target']}", markup=False)
    if unresolved:
        rule = "were dropped (--strategy unanimous)" if args.strategy == "unanimous" else f"followed --prefer {prefer}"
        console.print(f"{len(unresolved)} item(s) had no decision and {rule}", markup=False)
        if args.strategy == "majority":
            for u in unresolved:
                console.print(f"  tie: {u['doc']} {u['item']} {u['text']!r}", markup=False)
    if args.format == "json":
        print(json.dumps({"documents": docs, "counts": totals, "unresolved": unresolved, "lost": lost}, indent=2))
    return 0


def checked_records(project: Any, names: list[str]) -> dict[str, dict[str, Any]]:
    """Each annotator's records by document, through the one gate every reader uses (``validate.read_checked``).

    Drift (a record made on a text that has since changed) is refused with the
    rest: merging such a record would stamp the new text's checksum on offsets
    into the old one.
    """
    from annotator.validate import read_checked

    paths = {name: project.gold_dir / f"{name}.jsonl" for name in names}
    for name, path in paths.items():
        if not path.exists():
            raise AnnotatorError(f"{path}: no annotation file for annotator {name!r}")
    checked = read_checked(paths.values(), project.corpus, project.scheme, gold_dir=project.gold_dir)
    return {name: checked[path].by_doc() for name, path in paths.items()}


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
            "Only documents every annotator marked done are merged; what is left out is listed with the reason. "
            "Input records that do not validate (drift included) are refused, and gold that would not "
            "validate is not written (exit 1, every problem listed)."
        ),
    )
    p.add_argument(
        "--annotators",
        help="comma-separated names (default: the project's [tool.annotator] annotators, else every file but gold)",
    )
    p.add_argument("--prefer", help="annotator whose version stands where no decision exists (default: the first)")
    p.add_argument("--decisions", help="JSONL file of adjudication decisions")
    p.add_argument("--docs", help="comma-separated document ids (default: all annotated by every annotator)")
    p.add_argument(
        "--strategy",
        choices=("prefer", "majority", "unanimous"),
        default="prefer",
        help="items without a decision that not all agree on: the --prefer annotator's version (default), "
        "the version most annotators made (ties follow --prefer and are listed), or dropped (unanimous)",
    )
    p.add_argument("--unresolved", help="write the items that had no decision to this file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--out", type=Path, help="write the gold to this file instead of gold/gold.jsonl")
    p.add_argument("--include-in-progress", action="store_true", help="also merge documents still in progress")
    p.set_defaults(func=cmd_adjudicate)


def _out_path(project: Any, out: Path | None) -> Path | None:
    """``--out``, refused where it would overwrite an annotator's file in the annotation folder."""
    if out is None:
        return None
    if out.resolve().parent == project.gold_dir.resolve() and out.name != "gold.jsonl":
        raise AnnotatorError(
            f"--out {out}: files in {project.gold_dir.name}/ are named after their annotator; "
            "the adjudicated gold may only be gold.jsonl there"
        )
    return out
