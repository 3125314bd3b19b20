"""Zones and entity mentions: the span annotations everything else points at.

A mention's label decides which clusters it may join and which event roles it
may fill, so relabelling is refused while either would break.
"""

from __future__ import annotations

from annotator.editing.attributes import spec_applies
from annotator.editing.attributions import check_claims
from annotator.editing.coref import entity_of
from annotator.editing.primitives import Refused, check_open, checked_span, mention, new_id, replace_item
from annotator.editing.relations import check_relabel
from annotator.model import AnnotationRecord, AttrValue, Mention, Span, Zone
from annotator.scheme import LAYERS, Scheme


def add_zone(
    record: AnnotationRecord, text: str, scheme: Scheme, start: int, end: int, label: str
) -> tuple[AnnotationRecord, str]:
    if label not in scheme.zone_by_label:
        raise Refused(f"{label!r} is not a zone of scheme {scheme.id}")
    span = checked_span(text, start, end, "zone")
    for z in record.zones:
        if z.start < span.end and span.start < z.end:
            raise Refused(f"zones cannot overlap: {z.label} zone {z.id} already covers part of this text")
    closed = set(LAYERS) - set(scheme.zone_by_label[label].annotate)
    for layer, item, inner in _anchors(record):
        if layer in closed and inner.start < span.end and span.start < inner.end:
            raise Refused(f"{item} {inner.text!r} lies here and {label} zones hold no {layer}; delete it first")
    ident = new_id(record, "zone")
    zone = Zone(id=ident, label=label, start=span.start, end=span.end, text=span.text)
    return record.model_copy(update={"zones": (*record.zones, zone)}), ident


def add_mention(
    record: AnnotationRecord, text: str, scheme: Scheme, start: int, end: int, label: str
) -> tuple[AnnotationRecord, str]:
    if label not in scheme.entity_by_label:
        raise Refused(f"{label!r} is not an entity label of scheme {scheme.id}")
    span = checked_span(text, start, end, "mention")
    check_open(record, scheme, span, "mentions", "mention")
    start, end = span.start, span.end
    for m in record.mentions:
        if m.start == start and m.end == end and m.label == label:
            raise Refused(f"{span.text!r} is already a {label} mention ({m.id})")
    ident = new_id(record, "mention")
    attrs = {**guess_level(span.text, scheme), **scheme.default_attrs(scheme.mention_attributes, label)}
    new = Mention(id=ident, label=label, start=span.start, end=span.end, text=span.text, attrs=attrs)
    return record.model_copy(update={"mentions": (*record.mentions, new)}), ident


def _anchors(record: AnnotationRecord) -> list[tuple[str, str, Span]]:
    """(layer, id, span) of every span a zone can close: mentions, event triggers, attribution cues."""
    return [
        *(("mentions", m.id, m) for m in record.mentions),
        *(("events", v.id, v.trigger) for v in record.events),
        *(("attributions", a.id, a.cue) for a in record.attributions if a.cue is not None),
    ]


PRONOUNS = frozenset(
    {
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "whose",
        "which",
        "myself",
        "ourselves",
        "himself",
        "herself",
        "itself",
        "themselves",
    }
)


def guess_level(text: str, scheme: Scheme) -> dict[str, AttrValue]:
    """A first guess at ``level`` for a new mention, so the annotator only corrects it.

    A lone pronoun is PRO; a phrase whose last word starts with a capital (``Zahran
    Alloush``, ``ISIL``) is NAM; anything else (``the Syrian military``) is NOM.
    Only for schemes whose ``level`` attribute offers those values.
    """
    spec = next((a for a in scheme.mention_attributes if a.name == "level"), None)
    if spec is None or not {"NAM", "NOM", "PRO"} <= set(spec.values):
        return {}
    words = text.split()
    if not words:
        return {}
    if len(words) == 1 and words[0].lower().strip(".,;:!?\"'“”‘’()[]") in PRONOUNS:
        return {"level": "PRO"}
    head = words[-1].lstrip("\"'(“‘[")
    return {"level": "NAM" if head[:1].isupper() else "NOM"}


def relabel_mention(record: AnnotationRecord, scheme: Scheme, ident: str, label: str) -> AnnotationRecord:
    """Change a mention's label, keeping the attributes that still apply."""
    if label not in scheme.entity_by_label:
        raise Refused(f"{label!r} is not an entity label of scheme {scheme.id}")
    m = mention(record, ident)
    if m.label == label:
        return record
    cluster = entity_of(record, ident)
    if cluster is not None and len(cluster.mentions) > 1:
        raise Refused(
            f"{ident} is in cluster {cluster.id} of {m.label} mentions (clusters are type-locked); detach it first"
        )
    for v in record.events:
        for arg in v.args:
            if arg.ref == ident and label not in scheme.roles_for(v.type)[arg.role].fillers:
                raise Refused(f"{ident} fills {v.type}.{arg.role} in {v.id}, which does not take {label}")
    check_relabel(record, scheme, ident, "mention", label)
    attrs = {k: v for k, v in m.attrs.items() if spec_applies(scheme.mention_attributes, k, m.attrs, label)}
    attrs = {**scheme.default_attrs(scheme.mention_attributes, label), **attrs}
    new = m.model_copy(update={"label": label, "attrs": attrs})
    result = record.model_copy(update={"mentions": replace_item(record.mentions, ident, new)})
    check_claims(result, scheme)
    return result


def move_mention(
    record: AnnotationRecord, text: str, scheme: Scheme, ident: str, start: int, end: int
) -> AnnotationRecord:
    """Give mention ``ident`` new boundaries (its text follows), refused where a mention could not be made."""
    m = mention(record, ident)
    span = checked_span(text, start, end, "mention")
    check_open(record, scheme, span, "mentions", "mention")
    for other in record.mentions:
        if other.id != ident and (other.start, other.end, other.label) == (span.start, span.end, m.label):
            raise Refused(f"{span.text!r} is already a {m.label} mention ({other.id})")
    new = m.model_copy(update={"start": span.start, "end": span.end, "text": span.text})
    return record.model_copy(update={"mentions": replace_item(record.mentions, ident, new)})
