"""``annotator import --format F`` and ``annotator export --format F``: the one place that touches the project.

Readers only turn files into drafts; :mod:`annotator.formats.importing` ties
every draft to a document (the id the file gives when the corpus has it with
the same text, else the corpus document with the same text, else a new
document), gives it its annotator, builds it into a record and checks it
with :mod:`annotator.validate`, one document at a time. Only when every draft
of every file is valid is anything written: new texts into the corpus
folder, then each annotator's file in one atomic rewrite through
:mod:`annotator.store` (or one suggestions file). A bad input leaves the
project as it was.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.console import console
from annotator.corpus import check_id
from annotator.errors import AnnotatorError, CorpusError
from annotator.formats import FORMATS, get_format
from annotator.formats.base import FormatError, ReadOptions, WriteOptions
from annotator.formats.importing import Checked, Spool, check_drafts, drafts_of
from annotator.formats.records import NOT_EXPORTED, CorpusTexts, ExportRecords
from annotator.project import Project
from annotator.store import atomic_write, write_lines

if TYPE_CHECKING:
    from rich.console import Console


class UsageError(AnnotatorError):
    exit_code = 2


def _out() -> Console:
    return console(soft_wrap=True)


def _scheme_from_brat(paths: list[Path], out: Path, project: Project) -> int:
    from annotator.formats.brat_conf import scheme_from_conf

    conf = None
    for path in paths:
        folder = path if path.is_dir() else path.parent
        for candidate in (folder, *folder.resolve().parents):
            if (candidate / "annotation.conf").is_file():
                conf = candidate / "annotation.conf"
                break
        if conf:
            break
    if conf is None:
        raise CorpusError(f"no annotation.conf in or above {', '.join(map(str, paths))}")
    try:
        text = conf.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{conf}: cannot read: {exc}") from None
    toml = scheme_from_conf(text, str(conf), out.stem)
    atomic_write(out, toml.encode("utf-8"))
    _out().print(
        f"wrote scheme {out} from {conf}; point [tool.annotator] scheme at it, then import the annotations",
        markup=False,
    )
    return 0


def cmd_import_format(args: argparse.Namespace) -> int:
    project = Project.find(args.project)
    paths = [Path(p) for p in args.source]
    suggestions = args.out or project.gold_dir / "suggestions" / f"{args.as_annotator or args.format}.jsonl"
    if args.as_suggestions or args.out:
        suggestions = project.check_output(suggestions)
    if args.scheme_out:
        if args.format != "brat":
            raise UsageError("--scheme-out reads a brat annotation.conf; use it with --format brat")
        return _scheme_from_brat(paths, project.check_output(args.scheme_out, "--scheme-out"), project)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FormatError([f"{p}: no such file or folder" for p in missing])
    scheme = project.scheme
    read, drafts = drafts_of(
        get_format(args.format), paths, ReadOptions(scheme, suggestions=args.as_suggestions, corpus=project.corpus)
    )
    with Spool(project.root) as spool:
        checked = check_drafts(
            read,
            drafts,
            project.corpus,
            scheme,
            spool,
            as_annotator=args.as_annotator,
            default_annotator=args.format if args.as_suggestions else None,
        )
        hint = (
            " (generate one from the corpus's annotation.conf with --scheme-out PATH)" if args.format == "brat" else ""
        )
        if problems := checked.reader_problems(scheme, hint):
            raise FormatError(problems)
        if checked.usage is not None:
            raise UsageError(checked.usage)
        if checked.problems:
            raise FormatError(checked.problems)
        return _write_import(project, args, checked, spool, Path(suggestions))


def _write_import(project: Project, args: argparse.Namespace, checked: Checked, spool: Spool, suggestions: Path) -> int:
    """Write what passed every check: new texts, then each annotator's file (or the suggestions file) whole."""
    new_docs = checked.new_docs
    if new_docs and not corpus_is_folder(project):
        raise CorpusError(f"{project.corpus_path}: new documents can only be added to a folder corpus")
    keys = sorted(checked.records)
    if args.as_suggestions:
        _write_texts(project, new_docs, spool)
        write_lines(suggestions, spool.values(("record", *k) for k in keys))
        _out().print(
            f"imported {len(keys)} record(s) as suggestions into {suggestions}"
            f" ({len(new_docs)} new document(s)); open them with: annotator annotate --suggest {suggestions}"
        )
        _report_warnings(checked.read.warnings)
        return 0
    names = checked.annotators()
    with contextlib.ExitStack() as stack:
        stores = {name: stack.enter_context(project.store(name)) for name in names}
        clashes = [
            f"{stores[name].path}: already has a record of document {doc}; pass --replace to overwrite it"
            for name, doc in keys
            if stores[name].get(doc) is not None and not args.replace
        ]
        if clashes:
            raise FormatError(clashes)
        _write_texts(project, new_docs, spool)
        for name in names:
            docs = checked.docs_of(name)
            stores[name].save_lines(zip(docs, spool.values(("record", name, d) for d in docs), strict=True))
    _out().print(
        f"imported {len(keys)} record(s) for {', '.join(names) or 'nobody'}"
        f" ({len(new_docs)} new document(s) added to {project.corpus_path})"
    )
    _report_warnings(checked.read.warnings)
    return 0


def corpus_is_folder(project: Project) -> bool:
    return project.corpus_path.is_dir() or not project.corpus_path.exists()


def _write_texts(project: Project, new_docs: list[str], spool: Spool) -> None:
    for doc_id in new_docs:
        atomic_write(project.corpus_path / f"{doc_id}.txt", spool.get(("text", doc_id)), inside=project.root)


def _report_warnings(warnings: list[str]) -> None:
    if not warnings:
        return
    err = console(stderr=True, soft_wrap=True)
    for w in warnings[:20]:
        err.print(f"not imported: {w}", markup=False)
    if len(warnings) > 20:
        err.print(f"… and {len(warnings) - 20} more", markup=False)


def cmd_export(args: argparse.Namespace) -> int:
    project = Project.find(args.project)
    names = (
        ["gold"] if args.gold or not args.annotators else [a.strip() for a in args.annotators.split(",") if a.strip()]
    )
    options = WriteOptions(project.scheme, nested=args.nested, scheme_tags=args.tags)
    with ExportRecords(project.corpus, project.scheme, strict=False) as records:
        for name in names:
            path = project.gold_dir / f"{check_id(name, 'annotator name')}.jsonl"
            if not path.is_file():
                raise CorpusError(f"{path}: no annotations of {name!r}")
            problems = records.add(path)
            if problems:
                raise FormatError([*problems, NOT_EXPORTED])
        out = project.check_output(args.out, folder=args.format == "brat")
        losses = get_format(args.format).write(records, CorpusTexts(project.corpus), out, options)
    _out().print(f"exported {len(records)} record(s) of {', '.join(names)} to {out}")
    if losses.counts:
        _out().print(f"not held by {args.format}: {losses.summary()}")
    return 0


def add_import_options(p: argparse.ArgumentParser) -> None:
    """The options ``annotator import`` takes for formats (the parser itself lives in :mod:`annotator.cli`)."""
    p.add_argument("--format", choices=sorted(FORMATS), help="read annotations in this format (default: plain texts)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--as", dest="as_annotator", metavar="ANNOTATOR", help="the annotator the records belong to")
    who.add_argument("--as-suggestions", action="store_true", help="write a suggestions file for `annotate --suggest`")
    p.add_argument("--out", help="with --as-suggestions: the suggestions file (default gold/suggestions/NAME.jsonl)")
    p.add_argument(
        "--replace", action="store_true", help="overwrite an annotator's existing records of the same documents"
    )
    p.add_argument("--scheme-out", metavar="PATH", help="brat: write a scheme generated from annotation.conf and stop")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write annotations in another tool's format (brat, CoNLL, DocBin, …)")
    p.add_argument("--format", choices=sorted(FORMATS), required=True)
    who = p.add_mutually_exclusive_group()
    who.add_argument("--annotators", metavar="A,B", help="annotators to export (comma-separated)")
    who.add_argument("--gold", action="store_true", help="the adjudicated gold (the default)")
    p.add_argument("--out", required=True, help="file (or folder, for brat) to write")
    p.add_argument(
        "--nested",
        choices=("outer", "levels"),
        default="outer",
        help="CoNLL: outermost mention, or a column per nesting level",
    )
    p.add_argument("--tags", choices=("iob2", "bioes"), default="iob2", help="CoNLL tag scheme")
    p.set_defaults(func=cmd_export)
