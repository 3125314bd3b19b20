"""What every edit shares: the refusal, item lookups, new ids, checked spans and closed zones.

An operation the scheme or the structure forbids raises :class:`Refused` with a
one-line reason that the UI shows as it is; nothing is half-applied. Every
operation module builds on these, so a refusal reads the same wherever it
comes from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from annotator.errors import AnnotatorError
from annotator.model import AnnotationRecord, Attribution, Event, Mention, Span, Zone, next_id
from annotator.scheme import Scheme

PREFIX = {
    "zone": "z",
    "mention": "m",
    "entity": "e",
    "event": "ev",
    "hopper": "h",
    "attribution": "at",
    "relation": "r",
}

T = TypeVar("T")


class Refused(AnnotatorError):
    """An edit that is not allowed; the message is one line fit for a status bar."""


def checked_span(text: str, start: int, end: int, what: str) -> Span:
    """The span ``[start, end)`` of ``text``, refused when empty, out of range or only whitespace."""
    if not 0 <= start < end <= len(text):
        raise Refused(f"select some text first to make a {what}")
    if not text[start:end].strip():
        raise Refused(f"a {what} cannot be only whitespace")
    return Span.of(text, start, end)


def new_id(record: AnnotationRecord, kind: str) -> str:
    """The next free id for an item of ``kind`` (``m7`` after ``m6``)."""
    return next_id(record.ids(), PREFIX[kind])


def closed_zone(record: AnnotationRecord, scheme: Scheme, start: int, end: int, layer: str) -> Zone | None:
    """A zone overlapping ``[start, end)`` in which ``layer`` is not annotated."""
    for z in record.zones:
        spec = scheme.zone_by_label.get(z.label)
        if spec is not None and layer not in spec.annotate and z.start < end and start < z.end:
            return z
    return None


def check_open(record: AnnotationRecord, scheme: Scheme, span: Span, layer: str, what: str) -> None:
    """Refuse a ``layer`` span that would lie in a zone where that layer is not annotated."""
    zone = closed_zone(record, scheme, span.start, span.end, layer)
    if zone is not None:
        raise Refused(f"{what} {span.text!r} would lie in {zone.label} zone {zone.id}, where {layer} are not annotated")


def replace_item(items: Iterable[T], ident: str, new: T) -> tuple[T, ...]:
    """``items`` with the one called ``ident`` swapped for ``new`` (records are immutable)."""
    return tuple(new if getattr(i, "id", None) == ident else i for i in items)


def find_item(items: Iterable[Any], ident: str, what: str) -> Any:
    """The item called ``ident``, refused (not a KeyError) when the document has none."""
    for item in items:
        if item.id == ident:
            return item
    raise Refused(f"no {what} {ident!r} in this document")


def mention(record: AnnotationRecord, ident: str) -> Mention:
    result: Mention = find_item(record.mentions, ident, "mention")
    return result


def event(record: AnnotationRecord, ident: str) -> Event:
    result: Event = find_item(record.events, ident, "event")
    return result


def attribution(record: AnnotationRecord, ident: str) -> Attribution:
    result: Attribution = find_item(record.attributions, ident, "attribution")
    return result


def item_at(record: AnnotationRecord, offset: int) -> list[tuple[str, int, int]]:
    """Ids of the annotations whose span covers ``offset``, innermost first: (id, start, end)."""
    hits: list[tuple[str, int, int]] = []
    for m in record.mentions:
        if m.start <= offset < m.end:
            hits.append((m.id, m.start, m.end))
    for v in record.events:
        if v.trigger.start <= offset < v.trigger.end:
            hits.append((v.id, v.trigger.start, v.trigger.end))
    for a in record.attributions:
        if a.cue is not None and a.cue.start <= offset < a.cue.end:
            hits.append((a.id, a.cue.start, a.cue.end))
    for z in record.zones:
        if z.start <= offset < z.end:
            hits.append((z.id, z.start, z.end))
    hits.sort(key=lambda h: (h[2] - h[1], h[0]))
    return hits


def attributions_at(record: AnnotationRecord, offset: int) -> list[str]:
    """Attributions whose content or source mention covers ``offset``: cue-less ones first, then by
    the narrowest covering span (the way to reach an attribution that has no cue to stand on)."""
    mention_spans = {m.id: (m.start, m.end) for m in record.mentions}
    found: list[tuple[bool, int, str]] = []
    for a in record.attributions:
        spans = [(c.start, c.end) for c in a.content]
        if a.source is not None and a.source in mention_spans:
            spans.append(mention_spans[a.source])
        widths = [end - start for start, end in spans if start <= offset < end]
        if widths:
            found.append((a.cue is not None, min(widths), a.id))
    return [ident for _, _, ident in sorted(found)]
