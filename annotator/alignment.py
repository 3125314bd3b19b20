"""Annotators' records seen through anchors: what adjudication and curation align on.

An item is named by its layer and anchor span (``mention:12-20``); references
between items (arguments, sources, reports, role claims) become anchors too,
and a hopper the sorted anchors of its events (``hopper:event:3-9,event:40-47``).
So two annotators' versions compare without their ids, and a decision names an
item in a way that survives renumbering. Anchors of one layer are aligned over
annotators with the one matching rule (:func:`annotator.matching.match_spans`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.layers import anchor_key
from annotator.matching import match_spans
from annotator.model import AnnotationRecord, Attribution, Event, Mention, Zone, merge_adjacent_zones
from annotator.scheme import Scheme

Key = str


def span_key(layer: str, start: int, end: int) -> Key:
    return f"{layer}:{start}-{end}"


def cluster_key(kind: str, anchors: Iterable[Key]) -> Key:
    """``entity:mention:1-4,mention:9-12`` or ``hopper:event:…``: a cluster named by its members' anchors."""
    return f"{kind}:" + ",".join(sorted(anchors))


def attribution_anchor(a: Attribution) -> tuple[int, int]:
    """The attribution's anchor (:func:`annotator.layers.anchor`); (-1, -1) for one with neither cue nor content."""
    return anchor_key(a) or (-1, -1)


@dataclass
class AnchorView:
    """One annotator's record seen through anchors instead of ids."""

    record: AnnotationRecord
    scheme: Scheme
    mention_key: dict[str, Key] = field(default_factory=dict)
    event_key: dict[str, Key] = field(default_factory=dict)
    hopper_events: dict[str, list[Key]] = field(default_factory=dict)
    attribution_key: dict[str, Key] = field(default_factory=dict)
    items: dict[Key, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, record: AnnotationRecord, text: str, scheme: Scheme) -> AnchorView:
        v = cls(record, scheme)
        for z in merge_adjacent_zones(record.zones, text):
            v.items[span_key("zone", z.start, z.end)] = z
        for m in record.mentions:
            v.mention_key[m.id] = span_key("mention", m.start, m.end)
            v.items[v.mention_key[m.id]] = m
        for e in record.events:
            v.event_key[e.id] = span_key("event", e.trigger.start, e.trigger.end)
            v.items[v.event_key[e.id]] = e
        for h in record.hoppers:
            v.hopper_events[h.id] = sorted(v.event_key[x] for x in h.events if x in v.event_key)
        for a in record.attributions:
            v.attribution_key[a.id] = span_key("attribution", *attribution_anchor(a))
            v.items[v.attribution_key[a.id]] = a
        return v

    def clusters(self, kind: str) -> dict[Key, tuple[str, ...]]:
        """This annotator's entities (``kind`` "entity") or hoppers ("hopper") of two or more anchored
        members, by cluster key (the kind and the members' sorted anchors), to their member ids."""
        table = self.mention_key if kind == "entity" else self.event_key
        groups = (
            [(e.mentions, e.id) for e in self.record.entities]
            if kind == "entity"
            else [(h.events, h.id) for h in self.record.hoppers]
        )
        out: dict[Key, tuple[str, ...]] = {}
        for members, _ in groups:
            anchored = [x for x in members if x in table]
            if len(anchored) >= 2:
                out[cluster_key(kind, (table[x] for x in anchored))] = tuple(anchored)
        return out

    def ref(self, ident: str | None) -> str | None:
        """An id turned into an anchor (mentions, events, hoppers, attributions)."""
        if ident is None:
            return None
        for table in (self.mention_key, self.event_key, self.attribution_key):
            if ident in table:
                return table[ident]
        if ident in self.hopper_events:
            return "hopper:" + ",".join(self.hopper_events[ident])
        return f"?{ident}"

    def describe(self, item: Any, text: str, cut: int | None = 60) -> str:
        """A version of an item as an adjudicator reads it: spans quoted, not ids; an attribution's
        content cut at ``cut`` characters (None: whole, for a view that wraps it)."""

        def show(ident: str | None) -> str:
            anchor = self.ref(ident)
            if anchor is None:
                return "(implicit)"
            return quote(anchor, text)

        attrs = " ".join(f"{k}={v}" for k, v in sorted(item.attrs.items())) if hasattr(item, "attrs") else ""
        if isinstance(item, Zone):
            return item.label
        if isinstance(item, Mention):
            return f"{item.label} {attrs}".strip()
        if isinstance(item, Event):
            args = ", ".join(f"{a.role}={show(a.ref)}" for a in sorted(item.args, key=lambda a: a.role))
            return f"{item.type} [{args}] {attrs}".strip()
        parts = [f"source={show(item.source)}", "content=" + " + ".join(repr(c.text[:cut]) for c in item.content)]
        if item.via:
            parts.append(f"via={show(item.via)}")
        if item.reports:
            parts.append("reports=" + ", ".join(show(r) for r in item.reports))
        if item.role_claims:
            parts.append("claims=" + ", ".join(f"{show(c.hopper)}.{c.role}={show(c.ref)}" for c in item.role_claims))
        return " ".join(parts) + f" {attrs}"

    def effective_attrs(self, item: Any) -> list[tuple[str, Any]]:
        """Attributes with scheme defaults filled in, so an unset default equals the default written out."""
        if isinstance(item, Mention):
            specs, label = self.scheme.mention_attributes, item.label
        elif isinstance(item, Event):
            specs, label = self.scheme.event_attributes_for(item.type), None
        else:
            specs, label = self.scheme.attribution_attributes, None
        refs = {spec.name for spec in specs if spec.type == "ref"}
        attrs = {**self.scheme.default_attrs(specs, label), **item.attrs}
        return sorted(
            ((k, self.ref(v) if k in refs and isinstance(v, str) else v) for k, v in attrs.items() if v is not None),
            key=str,
        )

    def signature(self, item: Any) -> Any:
        """What must be equal for two annotators' versions of an item to agree."""
        if isinstance(item, Zone):
            return ("zone", item.label)
        if isinstance(item, Mention):
            return ("mention", item.label, self.effective_attrs(item))
        if isinstance(item, Event):
            args = sorted((a.role, self.ref(a.ref)) for a in item.args)
            return ("event", item.type, args, self.effective_attrs(item))
        if isinstance(item, Attribution):
            return (
                "attribution",
                self.ref(item.source),
                [s.key for s in item.content],
                [s.key for s in item.supplement],
                self.ref(item.via),
                sorted(self.ref(r) or "" for r in item.reports),
                sorted((self.ref(c.hopper), c.role, self.ref(c.ref)) for c in item.role_claims),
                self.effective_attrs(item),
            )
        raise TypeError(item)


def aligned_keys(views: dict[str, AnchorView], layer: str) -> list[Key]:
    """Anchors of one layer over all annotators, aligned with the shared matching rule."""
    keys: set[Key] = set()
    names = sorted(views)
    first = [k for k in views[names[0]].items if k.startswith(layer + ":")]
    keys.update(first)
    for name in names[1:]:
        other = [k for k in views[name].items if k.startswith(layer + ":")]
        spans = [Anchor.parse(k) for k in sorted(keys)]
        cand = [Anchor.parse(k) for k in other]
        m = match_spans(spans, cand, mode="exact")
        keys.update(other[j] for j in m.pred_unmatched)
    return sorted(keys, key=lambda k: Anchor.parse(k).sort_key)


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int

    @classmethod
    def parse(cls, key: Key) -> Anchor:
        s, e = key.split(":", 1)[1].split("-")
        return cls(int(s), int(e))

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.start, self.end)


def quote(anchor: str, text: str) -> str:
    if anchor.startswith("hopper:"):
        return "hopper(" + ", ".join(quote(a, text) for a in anchor.removeprefix("hopper:").split(",")) + ")"
    if ":" not in anchor or anchor.startswith("?"):
        return anchor
    a = Anchor.parse(anchor)
    return repr(text[a.start : a.end])
