"""What the article view highlights, derived from a record, the scheme and suggestions."""

from __future__ import annotations

from annotator.model import AnnotationRecord
from annotator.scheme import Scheme
from annotator.tui.layout import Mark, nest_depths
from annotator.tui.session import suggestion_key


def open_suggestions(record: AnnotationRecord, suggested: AnnotationRecord | None, rejected: set[str]) -> list[Mark]:
    """Suggested mentions and triggers that are neither annotated yet nor rejected."""
    if suggested is None:
        return []
    have = {("mention", m.start, m.end, m.label) for m in record.mentions}
    have |= {("event", v.trigger.start, v.trigger.end, v.type) for v in record.events}
    out: list[Mark] = []
    items = [("mention", m.start, m.end, m.label) for m in suggested.mentions]
    items += [("event", v.trigger.start, v.trigger.end, v.type) for v in suggested.events]
    for kind, start, end, label in items:
        key = suggestion_key(kind, start, end, label)
        if (kind, start, end, label) not in have and key not in rejected:
            out.append(Mark(start, end, "suggest", label, key, 0, 3))
    return out


def marks_for(record: AnnotationRecord, scheme: Scheme, suggestions: list[Mark] | None = None) -> list[Mark]:
    """Every highlighted stretch: zones, mentions (with nesting depth), triggers, attribution parts."""
    marks: list[Mark] = []
    for z in record.zones:
        spec = scheme.zone_by_label.get(z.label)
        kind = "closed" if spec is not None and not spec.annotate else "zone"
        marks.append(Mark(z.start, z.end, kind, z.label, z.id))
    for a in record.attributions:
        for s in a.content:
            marks.append(Mark(s.start, s.end, "content", "content", a.id, 0, 1))
        for s in a.supplement:
            marks.append(Mark(s.start, s.end, "supplement", "supplement", a.id, 0, 1))
    mentions = record.mentions
    depths = nest_depths([(m.start, m.end) for m in mentions])
    marks += [Mark(m.start, m.end, "mention", m.label, m.id, d, 2) for m, d in zip(mentions, depths, strict=True)]
    for v in record.events:
        marks.append(Mark(v.trigger.start, v.trigger.end, "event", v.type, v.id, 0, 8))
    for a in record.attributions:
        if a.cue is not None:
            marks.append(Mark(a.cue.start, a.cue.end, "cue", "cue", a.id, 0, 9))
    marks.extend(suggestions or [])
    return marks
