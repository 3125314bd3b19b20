"""Comparing records by what they say, not by their ids: formats renumber ids."""

from __future__ import annotations

from typing import Any

from annotator.layers import RecordIndex
from annotator.model import AnnotationRecord, Attribution, AttrValue


def _attrs(attrs: dict[str, AttrValue], refs: dict[str, Any] | None = None) -> frozenset[tuple[str, Any]]:
    """Attributes with ``false`` and unset dropped (formats write ``false`` as absence), mention refs resolved."""
    refs = refs or {}
    return frozenset(
        (k, refs.get(v, v) if isinstance(v, str) else v) for k, v in attrs.items() if v is not None and v is not False
    )


def semantic(record: AnnotationRecord, *, hopper_refs_as_first_event: bool = False) -> dict[str, Any]:
    """Every layer as sets of content keys (spans, labels, resolved references)."""
    index = RecordIndex.of(record)
    keys: dict[str, Any] = {}
    for m in record.mentions:
        keys[m.id] = ("m", m.label, m.start, m.end)
    mention_keys = dict(keys)
    for e in record.events:
        keys[e.id] = ("e", e.type, e.trigger.start, e.trigger.end)
    for h in record.hoppers:
        members = [e for e in h.events if e in index.events]
        keys[h.id] = keys[members[0]] if hopper_refs_as_first_event else frozenset(keys[e] for e in members)
    for ent in record.entities:
        keys[ent.id] = frozenset(keys[m] for m in ent.mentions)

    def akey(a: Attribution) -> Any:
        return ((a.cue.start, a.cue.end) if a.cue else None, tuple((s.start, s.end) for s in a.content))

    for a in record.attributions:
        keys[a.id] = akey(a)
    return {
        "zones": {(z.label, z.start, z.end) for z in record.zones},
        "mentions": {(m.label, m.start, m.end, _attrs(m.attrs)) for m in record.mentions},
        "entities": {
            (frozenset(keys[m] for m in e.mentions), e.name, e.kb)
            for e in record.entities
            if len(e.mentions) > 1 or e.name or e.kb
        },
        "events": {
            (keys[e.id], frozenset((a.role, keys[a.ref]) for a in e.args), _attrs(e.attrs, mention_keys))
            for e in record.events
        },
        "hoppers": {frozenset(keys[e] for e in h.events) for h in record.hoppers if len(h.events) > 1},
        "attributions": {
            (
                akey(a),
                keys.get(a.source) if a.source else None,
                tuple((s.start, s.end) for s in a.supplement),
                keys.get(a.via) if a.via else None,
                keys.get(a.parent) if a.parent else None,
                frozenset(keys[r] for r in a.reports),
                frozenset((keys[c.hopper], c.role, keys[c.ref]) for c in a.role_claims),
                _attrs(a.attrs),
            )
            for a in record.attributions
        },
        "notes": {(keys.get(n.target) if n.target else None, n.text) for n in record.notes},
    }


def flat(record: AnnotationRecord) -> dict[str, Any]:
    """What the span-and-relation formats hold: mentions, triggers, arguments, clusters."""
    full = semantic(record, hopper_refs_as_first_event=True)
    return {
        "mentions": {(label, s, e) for label, s, e, _ in full["mentions"]},
        "events": {(key, args) for key, args, _ in full["events"]},
        "entities": {members for members, _, _ in full["entities"] if len(members) > 1},
        "hoppers": full["hoppers"],
    }
