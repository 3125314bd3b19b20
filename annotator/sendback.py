"""The review step: the lead sends a finished document back to its annotator with a note.

A sent-back document's status is "sent back" (in the app's queue, its status
bar and ``annotator stats``) until the annotator marks it done again, which
clears it. The notes live in ``<annotator>.sent-back.json`` next to the
annotator's own file (``{document: {"note", "by", "at"}}``), apart from it so
that the lead never writes an annotator's annotations (and needs no lock the
app holds); every change is a locked read-modify-write replaced atomically.
"""

from __future__ import annotations

import argparse
import getpass
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from annotator.durable import FileLock, write_json_atomic
from annotator.errors import AnnotatorError
from annotator.model import utc_now
from annotator.project import Project
from annotator.store import read_records


@dataclass(frozen=True)
class SentBack:
    """Why a document went back: the lead's note, who sent it and when (UTC, ISO 8601)."""

    note: str
    by: str
    at: str


def sent_back_path(project: Project, annotator: str) -> Path:
    return project.annotation_folder(annotator) / f"{annotator}.sent-back.json"


def load_sent_back(project: Project, annotator: str) -> dict[str, SentBack]:
    """Document → why it was sent back, for ``annotator`` (empty when nothing was)."""
    path = sent_back_path(project, annotator)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise AnnotatorError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotatorError(f"{path}: cannot be read: {exc}") from None
    fields = {"note", "by", "at"}
    if not isinstance(data, dict) or not all(
        isinstance(v, dict) and set(v) == fields and all(isinstance(x, str) for x in v.values()) for v in data.values()
    ):
        raise AnnotatorError(f'{path}: expected {{document id: {{"note", "by", "at"}}}}')
    return {doc: SentBack(**v) for doc, v in data.items()}


def _change(project: Project, annotator: str, doc: str, entry: SentBack | None) -> bool:
    """Set (``entry``) or clear (None) one document's entry under the file's lock; False when nothing changed."""
    path = sent_back_path(project, annotator)
    lock = FileLock(project.gold_dir / ".locks" / f"{annotator}.sent-back.lock", f"{path.name}", project.gold_dir)
    lock.acquire()
    try:
        entries = load_sent_back(project, annotator)
        if entry is None and doc not in entries:
            return False
        if entry is None:
            del entries[doc]
        else:
            entries[doc] = entry
        write_json_atomic(path, {d: asdict(e) for d, e in sorted(entries.items())}, inside=project.root)
        return True
    finally:
        lock.release()


def send_back(project: Project, annotator: str, doc: str, note: str, by: str) -> SentBack:
    """Send ``doc`` back to ``annotator``: only a document they marked done, and only with a note."""
    if not note.strip():
        raise AnnotatorError("a send-back needs a note saying what to look at again")
    if doc not in project.corpus:
        raise AnnotatorError(f"document {doc!r} is not in the corpus {project.corpus_path}")
    path = project.annotation_folder(annotator) / f"{annotator}.jsonl"
    record = read_records(path).by_doc().get(doc) if path.exists() else None
    if record is None or record.status != "done":
        state = "has no record of it" if record is None else f"has it {record.status.replace('_', ' ')}"
        raise AnnotatorError(f"{annotator} {state} in {path}; only a document marked done can be sent back")
    entry = SentBack(note.strip(), by, utc_now())
    _change(project, annotator, doc, entry)
    return entry


def clear_sent_back(project: Project, annotator: str, doc: str) -> bool:
    """The annotator marked ``doc`` done again: it is no longer sent back. False when it was not."""
    return _change(project, annotator, doc, None)


def cmd_send_back(args: argparse.Namespace) -> int:
    from annotator.corpus import check_id

    project = Project.find(args.project)
    check_id(args.annotator, "annotator name")
    by = args.by or getpass.getuser()
    entry = send_back(project, args.annotator, args.doc, args.note, by)
    print(f"{args.doc} sent back to {args.annotator} by {entry.by} at {entry.at}: {entry.note}")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "send-back",
        help="send a document an annotator marked done back to them, with a note (review step)",
        description="The document shows as 'sent back' in the annotator's queue, with the note, until they "
        "mark it done again.",
    )
    p.add_argument("--annotator", required=True, help="whose document")
    p.add_argument("--doc", required=True, help="document id")
    p.add_argument("--note", required=True, help="what to look at again")
    p.add_argument("--by", help="the lead's name (default: your login name)")
    p.set_defaults(func=cmd_send_back)
