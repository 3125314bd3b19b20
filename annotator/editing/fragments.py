"""Discontinuous mentions: adding and removing fragments.

A mention keeps its extent in ``start``/``end`` and its pieces in
``fragments`` (see :class:`annotator.model.Mention`); these edits keep the two
in step, so a mention that is left with one piece becomes contiguous again.
"""

from __future__ import annotations

from annotator.editing.primitives import Refused, check_open, checked_span, mention, replace_item
from annotator.model import AnnotationRecord, Span
from annotator.scheme import Scheme


def toggle_fragment(
    record: AnnotationRecord, text: str, scheme: Scheme, ident: str, start: int, end: int
) -> AnnotationRecord:
    """Add ``[start, end)`` as a fragment of mention ``ident``, or remove it if it is one already."""
    if not scheme.discontinuous_mentions:
        raise Refused(f"scheme {scheme.id} does not allow discontinuous mentions")
    m = mention(record, ident)
    pieces = list(m.pieces)
    keys = [(p.start, p.end) for p in pieces]
    if (start, end) in keys:
        if len(pieces) == 1:
            raise Refused(f"{ident} has one fragment only; delete the mention instead")
        pieces.pop(keys.index((start, end)))
    else:
        span = checked_span(text, start, end, "fragment")
        check_open(record, scheme, span, "mentions", "fragment")
        clash = next((p for p in pieces if p.start < end and start < p.end), None)
        if clash is not None:
            raise Refused(f"the selection overlaps fragment {clash.text!r} of {ident}")
        pieces.append(span)
    pieces.sort(key=lambda p: p.start)
    first, last = pieces[0].start, pieces[-1].end
    fragments: tuple[Span, ...] = tuple(pieces) if len(pieces) > 1 else ()
    new = m.model_copy(update={"start": first, "end": last, "text": text[first:last], "fragments": fragments})
    new = type(m).model_validate(new.model_dump())
    return record.model_copy(update={"mentions": replace_item(record.mentions, ident, new)})
