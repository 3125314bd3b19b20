"""The document list's rows: what each document's line says, and how the list is filtered and sorted.

Plain Python, so the documents screen only shows rows. Open suggestions are the
predictions (``--suggest``) and label-every-occurrence offers not yet annotated
nor rejected; the app's own zone proposals need tokenising each document and are
not counted.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from annotator.errors import AnnotatorError
from annotator.layers import LAYERS
from annotator.tui.occurrences import Occurrences
from annotator.tui.session import Session
from annotator.tui.suggestions import open_suggestions
from annotator.tui.uncertainty import expected_gain, mean_uncertainty

STATUSES = ("all", "todo", "in_progress", "done", "skipped")
"""The status filter, in the order its key cycles through (then "sent_back" when a document is)."""
SORTS = ("document", "status", "progress", "length", "suggestions", "uncertainty", "gain", "queue")
"""What the list can be sorted by, in the order its key cycles through."""


@dataclass(frozen=True)
class DocRow:
    """One document as the list shows it."""

    doc: str
    status: str
    progress: int
    """Percent: done or skipped 100, todo 0, else how far into the text the annotator's cursor is."""
    length: int
    """Characters of text."""
    suggestions: int
    counts: tuple[int | None, ...]
    """Annotations per layer (:data:`annotator.layers.LAYERS`); None without a record."""
    updated: str
    uncertainty: float | None = None
    """The model's mean uncertainty here (``annotate --model``); None when not predicted or unscored."""
    gain: float | None = None
    """The model's expected gain here (:func:`annotator.tui.uncertainty.expected_gain`); None likewise."""
    note: str = ""
    """The lead's note when the document was sent back (:mod:`annotator.sendback`)."""
    queue: int = 0
    """Place in the annotator's queue (assignment order), else in the corpus."""

    def sort_key(self, by: str) -> tuple[int | float | str, str]:
        if by in ("uncertainty", "gain"):
            measure = self.uncertainty if by == "uncertainty" else self.gain
            return (-measure if measure is not None else float("inf"), self.doc)
        if by == "queue":
            return (self.queue, self.doc)
        if by == "status":
            return (STATUSES.index(self.status) if self.status in STATUSES else 0, self.doc)
        value: int | str = getattr(self, by) if by != "document" else self.doc
        return (value, self.doc)


def doc_rows(session: Session, occurrences: Occurrences | None = None) -> list[DocRow]:
    """Every document of the queue (or the corpus) as a row, in queue (or corpus) order.

    The rows show what is on disk (counts, last update), so the writes under way are waited for first;
    a failing disk leaves them queued (the header says NOT SAVED) and the rows show the last saved state.
    """
    with contextlib.suppress(AnnotatorError, OSError):
        session.flush()
    rows = []
    for place, doc in enumerate(session.queue_ids()):
        text = session.document(doc).text
        status = session.status(doc)
        rec = session.store.get(doc)
        if status in ("done", "skipped"):
            progress = 100
        elif status == "todo" or not text:
            progress = 0
        else:
            progress = min(100, round(100 * session.cursor(doc) / len(text)))
        suggested = session.suggestions.get(doc)
        extra = occurrences.get(doc) if occurrences else []
        modelled = session.model.known(doc) if session.model else None
        if suggested is not None or extra or modelled is not None:
            count = len(
                open_suggestions(
                    session.record(doc), suggested, session.rejected(doc), model=modelled, occurrences=extra
                )
            )
        else:
            count = 0
        counts = tuple(len(getattr(rec, layer)) if rec else None for layer in LAYERS)
        updated = rec.updated[:19].replace("T", " ") if rec else ""
        uncertain, gain = mean_uncertainty(modelled), expected_gain(modelled)
        back = session.sent_back.get(doc)
        note = f"{back.by}: {back.note}" if back else ""
        rows.append(
            DocRow(doc, status, progress, len(text), count, counts, updated, uncertain, gain, note=note, queue=place)
        )
    return rows


def select(
    rows: list[DocRow],
    session: Session,
    status: str = "all",
    text: str = "",
    by: str = "document",
    descending: bool = False,
) -> list[DocRow]:
    """The rows with ``status`` whose id or text contains ``text`` (any case), sorted ``by``.

    Sorting by uncertainty puts the documents the model is least sure about first;
    by gain, those where settling its doubts gives the most.
    """
    needle = text.strip().lower()
    kept = [
        r
        for r in rows
        if (status == "all" or r.status == status)
        and (not needle or needle in r.doc.lower() or needle in session.document(r.doc).text.lower())
    ]
    return sorted(kept, key=lambda r: r.sort_key(by), reverse=descending)


def find_id(ids: list[str], typed: str) -> str | None:
    """The document whose id is ``typed``, else the first one starting with it, else the first containing it."""
    typed = typed.strip()
    if typed in ids:
        return typed
    return next((d for d in ids if d.startswith(typed)), None) or next((d for d in ids if typed in d), None)
