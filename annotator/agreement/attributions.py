"""Attribution agreement beyond its spans: whole relations and reported-event links.

Source, cue and content agreement are span agreement on the
``attributions`` layer (labels SOURCE, CUE, CONTENT), and token-level alpha
over {SOURCE, CUE, CONTENT, O} is computed like the other token layers. Here:
a relation is (source span, cue span, content spans) and matches only when
all three are the same; a reported-event link is (the attribution's anchor,
the reported event's trigger), the anchor being the cue, or the first content
span when there is no cue.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotator.agreement.events import SpanKey, compare_multisets
from annotator.agreement.spans import Agreement
from annotator.model import AnnotationRecord, Attribution

Relation = tuple[SpanKey | None, SpanKey | None, tuple[SpanKey, ...]]


def anchor(a: Attribution) -> SpanKey | None:
    """Where an attribution is anchored in the text: its cue, else its first content span."""
    if a.cue is not None:
        return (a.cue.start, a.cue.end)
    if a.content:
        first = min(a.content, key=lambda s: (s.start, s.end))
        return (first.start, first.end)
    return None


def relations(rec: AnnotationRecord) -> Counter[Relation]:
    mentions = {m.id: (m.start, m.end) for m in rec.mentions}
    out: Counter[Relation] = Counter()
    for a in rec.attributions:
        source = mentions.get(a.source) if a.source else None
        cue = (a.cue.start, a.cue.end) if a.cue else None
        out[(source, cue, tuple(sorted((c.start, c.end) for c in a.content)))] += 1
    return out


def reported_links(rec: AnnotationRecord) -> Counter[tuple[SpanKey, SpanKey]]:
    triggers = {e.id: (e.trigger.start, e.trigger.end) for e in rec.events}
    out: Counter[tuple[SpanKey, SpanKey]] = Counter()
    for a in rec.attributions:
        at = anchor(a)
        if at is None:
            continue
        for ev in a.reports:
            if ev in triggers:
                out[(at, triggers[ev])] += 1
    return out


@dataclass
class AttributionPair:
    relations: Agreement = field(default_factory=Agreement)
    reports: Agreement = field(default_factory=Agreement)

    def update(self, a: AnnotationRecord, b: AnnotationRecord) -> None:
        if not a.attributions and not b.attributions:
            return
        self.relations += compare_multisets(relations(a), relations(b))
        self.reports += compare_multisets(reported_links(a), reported_links(b))

    def merge(self, other: AttributionPair) -> AttributionPair:
        out = AttributionPair()
        for part in (self, other):
            out.relations += part.relations
            out.reports += part.reports
        return out
