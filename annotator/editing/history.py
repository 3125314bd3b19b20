"""Undo and redo across a whole annotation session.

Edits return new records, so history only keeps (before, after) pairs; it knows
nothing about what an edit did beyond its one-line description.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.editing.primitives import Refused
from annotator.model import AnnotationRecord


@dataclass(frozen=True)
class Change:
    """One undoable edit: the document, the record before and after, and what was done."""

    doc: str
    before: AnnotationRecord
    after: AnnotationRecord
    what: str


@dataclass
class History:
    """Undo and redo across a whole session (all documents), newest last."""

    done: list[Change] = field(default_factory=list)
    undone: list[Change] = field(default_factory=list)
    limit: int = 10_000

    def push(self, change: Change) -> None:
        self.done.append(change)
        del self.done[: -self.limit]
        self.undone.clear()

    def undo(self) -> Change:
        if not self.done:
            raise Refused("nothing to undo")
        change = self.done.pop()
        self.undone.append(change)
        return change

    def redo(self) -> Change:
        if not self.undone:
            raise Refused("nothing to redo")
        change = self.undone.pop()
        self.done.append(change)
        return change
