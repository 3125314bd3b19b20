"""``annotator migrate``: move every annotation file to a new version of the scheme.

Every record is mapped and checked before anything is written: when a name
cannot be mapped (the target scheme does not define what the map gives), the
report lists it as ``file:line: reason``, exit 1, and no file changes. Then
each file is replaced whole, atomically (under the annotator's lock for the
files of ``gold/``), so a crash leaves every file either as it was or migrated.
The adjudication decisions (``gold/adjudication/decisions.jsonl``, or
``--decisions``) are migrated with the annotation files, so that
``adjudicate`` makes the same gold from both afterwards.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.errors import LineError

if TYPE_CHECKING:
    from annotator.adjudicate import Decision
    from annotator.model import AnnotationRecord

DECISIONS = Path("adjudication") / "decisions.jsonl"


def cmd_migrate(args: argparse.Namespace) -> int:
    from annotator.adjudicate_cli import load_decisions
    from annotator.migrate import load_rename_map, migrate_decision, migrate_record, unmapped
    from annotator.project import Project
    from annotator.scheme import load_scheme
    from annotator.store import atomic_write, read_records, write_records

    project = Project.find(args.project)
    target = load_scheme(args.to)
    rmap = load_rename_map(args.map)
    paths = [Path(f) for f in args.files] or project.annotation_files()
    corpus = project.corpus
    problems: list[str] = []
    planned: list[tuple[Path, list[AnnotationRecord]]] = []
    totals: Counter[str] = Counter()
    for path in paths:
        result = read_records(path)
        if result.problems or result.torn_tail is not None:
            problems += result.problems or [f"{path}: the last line is torn; run `annotator compact` first"]
            continue
        records: list[AnnotationRecord] = []
        changes: Counter[str] = Counter()
        for key, record in result.records.items():
            after, changed = migrate_record(record, rmap, target)
            doc = corpus.get(record.doc) if record.doc in corpus else None
            problems += [f"{path}:{result.lines[key]}: {p}" for p in unmapped(after, doc, target)]
            changes += changed
            records.append(after)
        planned.append((path, records))
        totals += changes
        print(f"{path}: {len(records)} record(s)")
        for what, n in sorted(changes.items()):
            print(f"  {what}: {n}")
    decisions_path = Path(args.decisions) if args.decisions else project.gold_dir / DECISIONS
    decisions: list[Decision] = []
    if args.decisions or (not args.files and decisions_path.is_file()):
        renamed: Counter[str] = Counter()
        for d in load_decisions(decisions_path):
            moved, changed = migrate_decision(d, rmap)
            decisions.append(moved)
            renamed += changed
        totals += renamed
        print(f"{decisions_path}: {len(decisions)} decision(s)")
        for what, n in sorted(renamed.items()):
            print(f"  {what}: {n}")
    if problems:
        raise LineError(["could not be mapped (nothing was written):", *problems])
    if args.dry_run:
        print(f"dry run: {sum(totals.values())} change(s), nothing written")
        return 0
    for path, records in planned:
        if path.parent.resolve() == project.gold_dir.resolve():
            with project.store(path.stem) as store:
                store.save_all(records)
        else:
            write_records(path, records)
    if decisions:
        lines = (d.model_dump_json(exclude={"edit"} if d.edit is None else set()) for d in decisions)
        atomic_write(decisions_path, "".join(line + "\n" for line in lines).encode("utf-8"))
    print(f"migrated {len(planned)} file(s) to {target.id}: {sum(totals.values())} change(s)")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("migrate", help="apply a rename map to every annotation file for a new scheme version")
    p.add_argument("files", nargs="*", help="annotation files (default: everything under gold/)")
    p.add_argument("--to", required=True, help="the new scheme file")
    p.add_argument("--map", required=True, help="rename map (TOML: [entity_labels], [roles], [values.NAME], …)")
    p.add_argument(
        "--decisions", help="adjudication decisions to migrate too (default: gold/adjudication/decisions.jsonl)"
    )
    p.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    p.set_defaults(func=cmd_migrate)
