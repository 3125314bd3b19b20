"""What each layer contributes to span agreement, read off one record.

Every span layer reduces to labelled spans (:class:`annotator.matching.LabeledSpan`)
so that one matching rule serves them all: zones and mentions by label,
events by their trigger and type, attribution components by their role in the
attribution (SOURCE, CUE, CONTENT; a source is the span of its mention).
Layer names and what a layer is come from :mod:`annotator.layers`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from annotator.layers import LAYERS
from annotator.matching import LabeledSpan
from annotator.model import AnnotationRecord, merge_adjacent_zones

SPAN_LAYERS = ("zones", "mentions", "events", "attributions")
"""Layers compared as labelled spans (an event by its trigger, labelled with its type)."""

SOURCE, CUE, CONTENT = "SOURCE", "CUE", "CONTENT"

__all__ = ["EXTRACT", "LAYERS", "SPAN_LAYERS", "span_layers_for"]


def zone_spans(rec: AnnotationRecord, text: str) -> list[LabeledSpan]:
    """Zones by coverage: same-label zones split only by whitespace count as one."""
    return [LabeledSpan(z.start, z.end, z.label, z.id) for z in merge_adjacent_zones(rec.zones, text)]


def mention_spans(rec: AnnotationRecord, text: str = "") -> list[LabeledSpan]:
    return [LabeledSpan(m.start, m.end, m.label, m.id) for m in rec.mentions]


def trigger_spans(rec: AnnotationRecord, text: str = "") -> list[LabeledSpan]:
    return [LabeledSpan(e.trigger.start, e.trigger.end, e.type, e.id) for e in rec.events]


def attribution_spans(rec: AnnotationRecord, text: str = "") -> list[LabeledSpan]:
    mentions = {m.id: m for m in rec.mentions}
    out: list[LabeledSpan] = []
    for a in rec.attributions:
        source = mentions.get(a.source) if a.source else None
        if source is not None:
            out.append(LabeledSpan(source.start, source.end, SOURCE, a.id))
        if a.cue is not None:
            out.append(LabeledSpan(a.cue.start, a.cue.end, CUE, a.id))
        out += [LabeledSpan(c.start, c.end, CONTENT, a.id) for c in a.content]
    return out


EXTRACT: dict[str, Callable[[AnnotationRecord, str], list[LabeledSpan]]] = {
    "zones": zone_spans,
    "mentions": mention_spans,
    "events": trigger_spans,
    "attributions": attribution_spans,
}


def span_layers_for(layers: Sequence[str]) -> list[str]:
    """The requested layers that are compared as spans, in report order."""
    return [x for x in SPAN_LAYERS if x in layers]
