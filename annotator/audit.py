"""The audit trail: every saved edit with its time, per annotator, outside the canonical file.

Compaction rewrites an annotation file to one line per document, so the file
itself cannot say who changed what and when. The app appends one line here per
edit it saved (``{"time", "doc", "annotator", "what"}``), after the record is
durable: a line in the trail always names an edit that is on disk. The trail
lives beside the annotation file (``.audit/<annotator>.jsonl`` in the same
folder) and is never rewritten. Leads read it for who did what and for the
active time spent per document (:func:`active_seconds`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

IDLE_SECONDS = 300.0
"""A gap between two edits longer than this is a pause, not work."""


@dataclass(frozen=True)
class AuditEntry:
    time: str
    doc: str
    annotator: str
    what: str


def audit_path(folder: Path, annotator: str) -> Path:
    return folder / ".audit" / f"{annotator}.jsonl"


class AuditLog:
    """Appends entries to one annotator's trail (opened lazily, closed with :meth:`close`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def append(self, entry: AuditEntry) -> None:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o666)
        line = json.dumps(entry.__dict__, ensure_ascii=False) + "\n"
        os.write(self._fd, line.encode("utf-8"))

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def read_trail(path: Path) -> Iterator[AuditEntry]:
    """The entries of a trail; a torn or foreign line is skipped (the trail is a diagnostic, not data)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        try:
            data = json.loads(line)
            yield AuditEntry(str(data["time"]), str(data["doc"]), str(data["annotator"]), str(data["what"]))
        except (ValueError, KeyError, TypeError):
            continue


def _seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def active_seconds(entries: Iterable[AuditEntry], idle: float = IDLE_SECONDS) -> dict[str, float]:
    """Seconds of work per document: the gaps between consecutive edits, pauses longer than ``idle`` left out.

    A gap counts for the document of the edit that ends it, so switching
    documents charges the reading of the new one to it.
    """
    out: dict[str, float] = {}
    last: float | None = None
    for entry in sorted(entries, key=lambda e: e.time):
        now = _seconds(entry.time)
        gap = 0.0 if last is None else now - last
        out[entry.doc] = out.get(entry.doc, 0.0) + (gap if gap <= idle else 0.0)
        last = now
    return out
