"""Search across the corpus: the text of every document and its annotations.

A query finds the text (any case) and annotations whose label, event type,
attribute value (or ``name=value``) equals it, and clusters whose name contains
it. Hits come in corpus order, each with where it is and a line of context, so
the search screen lists them and Enter jumps there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from annotator.editing import entity_name
from annotator.model import AnnotationRecord, AttrValue
from annotator.tui.session import Session

LIMIT = 500
"""Hits listed at most; the count says when there were more."""


@dataclass(frozen=True)
class Hit:
    """One place a query matched: a document, a span, what matched and a line of context."""

    doc: str
    start: int
    end: int
    what: str
    context: str


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def _attrs_match(attrs: Mapping[str, AttrValue], query: str) -> str | None:
    """``name=value`` of the attribute whose value (or ``name=value``) is ``query``."""
    for name, value in attrs.items():
        shown = str(value).lower()
        if value is not None and query in (shown, f"{name.lower()}={shown}"):
            return f"{name}={value}"
    return None


def _annotation_hits(record: AnnotationRecord, text: str, q: str) -> Iterator[Hit]:
    for z in record.zones:
        if z.label.lower() == q:
            yield Hit(record.doc, z.start, z.end, f"zone {z.label}", _context(text, z.start, z.end))
    for m in record.mentions:
        attr = _attrs_match(m.attrs, q)
        if m.label.lower() == q or attr:
            what = f"mention {m.label}" + (f" {attr}" if attr else "")
            yield Hit(record.doc, m.start, m.end, what, _context(text, m.start, m.end))
    mentions = {m.id: m for m in record.mentions}
    for e in record.entities:
        name = entity_name(record, e)
        first = mentions.get(e.mentions[0]) if e.mentions else None
        if first is not None and q in name.lower():
            yield Hit(record.doc, first.start, first.end, f"cluster {name}", _context(text, first.start, first.end))
    for v in record.events:
        attr = _attrs_match(v.attrs, q)
        if v.type.lower() == q or attr:
            what = f"event {v.type}" + (f" {attr}" if attr else "")
            yield Hit(record.doc, v.trigger.start, v.trigger.end, what, _context(text, v.trigger.start, v.trigger.end))
    for a in record.attributions:
        attr = _attrs_match(a.attrs, q)
        if attr and a.cue is not None:
            cue = a.cue
            yield Hit(record.doc, cue.start, cue.end, f"attribution {attr}", _context(text, cue.start, cue.end))


def search_corpus(session: Session, query: str, current: AnnotationRecord | None = None) -> tuple[list[Hit], int]:
    """The first :data:`LIMIT` hits of ``query`` and how many there are in all.

    ``current`` is the open document's record as shown (its last edit may still be queued).
    """
    q = query.strip().lower()
    if not q:
        return [], 0
    hits: list[Hit] = []
    total = 0
    for doc in session.doc_ids():
        text = session.document(doc).text
        record = current if current is not None and current.doc == doc else session.record(doc)
        found = list(_annotation_hits(record, text, q))
        low = text.lower()
        pos = low.find(q)
        while pos >= 0:
            found.append(Hit(doc, pos, pos + len(q), "text", _context(text, pos, pos + len(q))))
            pos = low.find(q, pos + 1)
        found.sort(key=lambda h: (h.start, h.what != "text"))
        total += len(found)
        hits += found[: max(0, LIMIT - len(hits))]
    return hits, total
