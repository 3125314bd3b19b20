"""The ``annotator`` command line.

Exit codes: 0 ok, 1 invalid data (every problem listed as ``file:line: reason``
or ``doc …: id: reason``), 2 usage error. Subcommands that need heavy imports
(the UI, scoring) register here through small modules listed in
``COMMAND_MODULES`` and import their machinery only when run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.audit import active_seconds, audit_path, read_trail
from annotator.console import console, say
from annotator.corpus import Corpus, check_id, read_text_exact
from annotator.errors import AnnotatorError, CorpusError
from annotator.formats.command import add_import_options
from annotator.layers import LAYERS
from annotator.project import Project
from annotator.queue import ASSIGNMENTS, PROGRESS_COLUMNS, progress, progress_json
from annotator.scheme import load_scheme
from annotator.validate import check_file, read_checked

if TYPE_CHECKING:
    from rich.console import Console

COMMAND_MODULES: list[str] = [
    "annotator.tui.command",
    "annotator.tui.curation.command",
    "annotator.adjudicate_cli",
    "annotator.assign",
    "annotator.sendback",
    "annotator.agreement.command",
    "annotator.evaluate.command",
    "annotator.benchmark.command",
    "annotator.formats.command",
    "annotator.migrate_cli",
]
"""Modules with a ``register(subparsers)`` function adding their subcommands."""
LABELLED = ("zones", "mentions", "events", "relations", "doc_labels")
"""The layers ``stats`` counts per label (or type)."""


def _out() -> Console:
    return console(soft_wrap=True)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check what is named: a ``.toml`` is a scheme, a ``.txt`` or folder a corpus, anything else annotations."""
    project = Project.find(args.project)
    files = [Path(f) for f in args.files]
    problems: list[str] = []
    schemes = [f for f in files if f.suffix == ".toml"]
    texts = [f for f in files if f.suffix == ".txt" or f.is_dir()]
    annotation_files = [f for f in files if f not in schemes and f not in texts] if files else None
    try:
        scheme = load_scheme(schemes[0]) if schemes else project.scheme
        for extra in schemes[1:]:
            load_scheme(extra)
        corpus = Corpus.load(args.corpus) if args.corpus else project.corpus
        for path in texts:
            if path.is_dir():
                Corpus.from_folder(path)
            else:
                check_id(path.stem)
                read_text_exact(path)
    except AnnotatorError as exc:
        say(str(exc))
        return 1
    if annotation_files is None:
        annotation_files = project.annotation_files()
    try:
        gazetteer = project.gazetteer
    except AnnotatorError as exc:
        say(str(exc))
        return 1
    known = gazetteer.ids() if gazetteer is not None else frozenset()
    for path in annotation_files:
        if not path.exists():
            problems.append(f"{path}: no such file")
            continue
        result, found = check_file(path, corpus, scheme, strict=not args.lenient, gold_dir=project.gold_dir)
        problems += found
        if gazetteer is not None:
            problems += [
                f"{path}:{result.lines[key]}: doc {record.doc}: {entity.id}: knowledge-base link {entity.kb!r} "
                f"is not in the gazetteer {project.gazetteer_path}"
                for key, record in result.records.items()
                for entity in record.entities
                if entity.kb is not None and entity.kb not in known
            ]
    if problems:
        for p in problems:
            say(p)
        say(f"{len(problems)} problem(s) in {len(annotation_files)} file(s)")
        return 1
    _out().print(
        f"ok: scheme {scheme.id}, {len(corpus)} documents, {len(annotation_files)} annotation file(s)"
        + (f", {len(texts)} text file(s) or folder(s)" if texts else "")
    )
    return 0


def _stats(project: Project) -> dict[str, object]:
    """Counts per annotator, from files that pass ``validate`` (drift included): invalid records are not counted."""
    corpus = project.corpus
    per_annotator: dict[str, dict[str, object]] = {}
    checked = read_checked(project.annotation_files(), corpus, project.scheme, gold_dir=project.gold_dir)
    for path, result in checked.items():
        status: Counter[str] = Counter()
        layers: Counter[str] = Counter()
        labels: dict[str, Counter[str]] = {k: Counter() for k in LABELLED}
        for rec in result.records.values():
            status[rec.status] += 1
            for layer in LAYERS:
                layers[layer] += len(getattr(rec, layer))
            labels["zones"].update(z.label for z in rec.zones)
            labels["mentions"].update(m.label for m in rec.mentions)
            labels["events"].update(e.type for e in rec.events)
            labels["relations"].update(r.type for r in rec.relations)
            labels["doc_labels"].update(rec.doc_labels)
        status["todo"] = len(corpus) - sum(status.values())
        active = active_seconds(read_trail(audit_path(path.parent, path.stem)))
        per_annotator[path.stem] = {
            "status": dict(status),
            "layers": {k: layers[k] for k in LAYERS},
            "labels": {k: dict(sorted(v.items())) for k, v in labels.items()},
            "active_minutes": {doc: round(sec / 60, 1) for doc, sec in sorted(active.items())},
        }
    records = {path.stem: {rec.doc: rec for rec in result.records.values()} for path, result in checked.items()}
    return {
        "scheme": project.scheme.id,
        "documents": len(corpus),
        "characters": sum(len(d.text) for d in corpus),
        "annotators": per_annotator,
        "assignments": progress_json(progress(project, records)),
    }


def cmd_stats(args: argparse.Namespace) -> int:
    project = Project.find(args.project)
    data = _stats(project)
    if args.format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    from rich.table import Table

    con = _out()
    con.print(f"[b]{data['documents']}[/] documents ({data['characters']:,} characters), scheme {data['scheme']}")
    annotators: dict[str, dict] = data["annotators"]  # type: ignore[assignment]
    assigned: dict[str, dict[str, int]] = data["assignments"]  # type: ignore[assignment]
    if assigned:
        queue = Table(title=f"Progress against the assignment ({project.gold_dir.name}/{ASSIGNMENTS})")
        queue.add_column("annotator", no_wrap=True, min_width=max(map(len, assigned)))
        for column in PROGRESS_COLUMNS:
            queue.add_column(column.replace("_", " "), justify="right")
        for name, counts in assigned.items():
            queue.add_row(name, *(str(counts[c]) for c in PROGRESS_COLUMNS))
        con.print(queue)
    if not annotators:
        con.print(f"no annotations yet in {project.gold_dir}")
        return 0
    table = Table(title="Progress and counts per annotator")
    table.add_column("")
    for name in annotators:
        table.add_column(name, justify="right")
    for key in ("todo", "in_progress", "done", "skipped"):
        table.add_row(key.replace("_", " "), *(str(info["status"].get(key, 0)) for info in annotators.values()))
    table.add_row("active minutes", *(f"{sum(info['active_minutes'].values()):.1f}" for info in annotators.values()))
    table.add_section()
    for layer in LAYERS:
        table.add_row(layer, *(str(info["layers"][layer]) for info in annotators.values()))
    con.print(table)
    labels = Table(title="Counts per label")
    labels.add_column("layer")
    labels.add_column("label")
    for name in annotators:
        labels.add_column(name, justify="right")
    for labelled in LABELLED:
        names = sorted({lab for info in annotators.values() for lab in info["labels"][labelled]})
        for lab in names:
            labels.add_row(labelled, lab, *(str(info["labels"][labelled].get(lab, 0)) for info in annotators.values()))
    con.print(labels)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Plain texts into the corpus, or with ``--format`` annotations (see :mod:`annotator.formats.command`)."""
    if args.format:
        from annotator.formats.command import cmd_import_format

        return cmd_import_format(args)
    if len(args.source) != 1 or args.as_annotator or args.as_suggestions or args.scheme_out:
        say("error: plain-text import takes one SOURCE and no --as/--scheme-out")
        return 2
    project = Project.find(args.project)
    source = Corpus.load(args.source[0])
    target = Path(args.into).resolve() if args.into else project.corpus_path
    if not target.is_relative_to(project.root.resolve()):
        raise CorpusError(f"{target} is outside the project folder {project.root}")
    if target.exists() and not target.is_dir():
        raise CorpusError(f"{target}: imports go into a folder of .txt files")
    existing = Corpus.from_folder(target) if target.is_dir() else Corpus({})
    conflicts = [d.id for d in source if d.id in existing and existing.get(d.id).text != d.text]
    if conflicts:
        raise CorpusError(
            "these documents already exist with different text (importing would misalign "
            f"their annotations): {', '.join(conflicts)}"
        )
    from annotator.store import atomic_write, write_json_atomic

    added = 0
    for doc in source:
        if doc.id in existing:
            continue
        atomic_write(target / f"{doc.id}.txt", doc.text.encode("utf-8"), inside=project.root)
        if doc.meta:
            write_json_atomic(target / f"{doc.id}.meta.json", doc.meta, inside=project.root)
        added += 1
    _out().print(f"imported {added} new document(s) into {target} ({len(source) - added} already there)")
    return 0


def cmd_compact(args: argparse.Namespace) -> int:
    project = Project.find(args.project)
    known = project.annotators()
    names = args.annotators or known
    for name in names:
        check_id(name, "annotator name")
        if name not in known:
            raise CorpusError(
                f"no such annotator {name!r}: no file {project.gold_dir / (name + '.jsonl')} "
                f"(annotators: {', '.join(known) or 'none'})"
            )
    for name in names:
        with project.store(name) as store:
            store.compact()
        _out().print(f"compacted {store.path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate news articles into a gold standard, measure agreement, score extractors.",
    )
    parser.add_argument("--project", default=".", help="project folder (default: the current folder)")
    parser.add_argument(
        "--set",
        dest="corpus_set",
        metavar="NAME",
        help="work on the corpus set [tool.annotator.sets.NAME] of the project (e.g. heldout): its corpus and gold",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("validate", help="check the scheme, corpus and annotation files")
    p.add_argument("files", nargs="*", help="annotation files (default: everything under gold/)")
    p.add_argument("--corpus", help="corpus folder or JSONL (default: the project's)")
    p.add_argument("--lenient", action="store_true", help="prediction rules: no required attributes or zone rules")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="documents, annotators, progress and counts per layer and label")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "import", help="copy a folder of .txt files or a JSONL corpus into the project, or annotations with --format"
    )
    p.add_argument("source", nargs="+", help="folder of .txt files, JSONL of {id, text, meta}, or files in --format")
    p.add_argument("--into", help="target folder inside the project (default: the project corpus)")
    add_import_options(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("compact", help="rewrite annotation files in canonical one-line-per-document form")
    p.add_argument("annotators", nargs="*")
    p.set_defaults(func=cmd_compact)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        if args.corpus_set is not None:
            args.project = Project.find(args.project, args.corpus_set)
        return func(args)
    except AnnotatorError as exc:
        say(f"error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
