"""Notes on annotations: a question or remark an annotator leaves for the curator.

A note is open while it is in the record; resolving it removes it (the audit
trail keeps when it was written and resolved). Deleting the annotated item drops
its notes (:mod:`annotator.editing.references`).
"""

from __future__ import annotations

from annotator.editing.primitives import Refused
from annotator.model import AnnotationRecord, Note


def notes_on(record: AnnotationRecord, target: str) -> list[tuple[int, Note]]:
    """(index in ``record.notes``, note) of every note on ``target``."""
    return [(i, n) for i, n in enumerate(record.notes) if n.target == target]


def add_note(record: AnnotationRecord, target: str, text: str) -> AnnotationRecord:
    """``record`` with a note on ``target`` (an annotation of the record)."""
    if target not in record.ids():
        raise Refused(f"no annotation {target!r} in this document to note")
    if not text.strip():
        raise Refused("a note needs some text")
    return record.model_copy(update={"notes": (*record.notes, Note(target=target, text=text.strip()))})


def resolve_note(record: AnnotationRecord, index: int) -> AnnotationRecord:
    """``record`` without its ``index``-th note."""
    if not 0 <= index < len(record.notes):
        raise Refused(f"no note #{index} in this document")
    return record.model_copy(update={"notes": record.notes[:index] + record.notes[index + 1 :]})
