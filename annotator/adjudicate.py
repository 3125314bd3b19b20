"""Adjudication: merge several annotators' records of a document into one gold record.

Items are aligned across annotators by their anchor span (zones, mentions and
event triggers by exact boundaries through :func:`annotator.matching.match_spans`;
attributions by cue, or by their first content span when they have no cue).
Each aligned item then goes to the gold by one of three rules, recorded as its
provenance in ``meta.provenance`` of the gold record:

- ``agreed``: every annotator has the item in the same version (label,
  attributes, arguments and links compared through anchors, not ids);
- ``decision``: an adjudicator's decision names the annotator whose version is
  kept (or none, to drop the item) and why;
- ``preferred``: no decision exists, so the preferred annotator's version is
  kept, and an item the preferred annotator does not have is left out; both
  are listed as unresolved so an adjudicator sees what still awaits a decision.

Ids are renumbered in the gold record; references (arguments, sources, reports,
role claims, clusters, hoppers) are carried over through anchors, so they
always point at the gold items of the same spans. Clusters are the preferred
annotator's, then the others' over mentions it left ungrouped; since clusters
are type-locked, a cluster whose gold mentions ended up with different labels
is split into one cluster per label (``split`` in its provenance).

The command (``adjudicate_cli``) validates every gold record before writing
any: what would not validate is not written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from annotator.adjudicate_structures import adjudicate_structures
from annotator.corpus import Document
from annotator.layers import anchor_key
from annotator.matching import match_spans
from annotator.model import (
    AnnotationRecord,
    Attribution,
    Event,
    Mention,
    Zone,
    merge_adjacent_zones,
    natural_key,
    utc_now,
)
from annotator.scheme import Scheme

Key = str


class Decision(BaseModel):
    """An adjudicator's ruling on one aligned item: keep ``take``'s version, or drop it (None)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc: str
    item: Key
    take: str | None
    reason: str
    edit: dict[str, Any] | None = None
    """Fields of the taken version that the adjudicator changes (``label``, ``attrs``,
    ``start``/``end``, ``args``, ``cue``, ``content``…). Spans need only ``start`` and
    ``end``, their text is taken from the document; references use the ids of the
    taken annotator's record. For the rare item both annotators got wrong."""


def span_key(layer: str, start: int, end: int) -> Key:
    return f"{layer}:{start}-{end}"


def attribution_anchor(a: Attribution) -> tuple[int, int]:
    """The attribution's anchor (:func:`annotator.layers.anchor`); (-1, -1) for one with neither cue nor content."""
    return anchor_key(a) or (-1, -1)


@dataclass
class _View:
    """One annotator's record seen through anchors instead of ids."""

    record: AnnotationRecord
    scheme: Scheme
    mention_key: dict[str, Key] = field(default_factory=dict)
    event_key: dict[str, Key] = field(default_factory=dict)
    hopper_events: dict[str, list[Key]] = field(default_factory=dict)
    attribution_key: dict[str, Key] = field(default_factory=dict)
    items: dict[Key, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, record: AnnotationRecord, text: str, scheme: Scheme) -> _View:
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

    def describe(self, item: Any, text: str) -> str:
        """A version of an item as an adjudicator reads it: spans quoted, not ids."""

        def show(ident: str | None) -> str:
            anchor = self.ref(ident)
            if anchor is None:
                return "(implicit)"
            return _quote(anchor, text)

        attrs = " ".join(f"{k}={v}" for k, v in sorted(item.attrs.items())) if hasattr(item, "attrs") else ""
        if isinstance(item, Zone):
            return item.label
        if isinstance(item, Mention):
            return f"{item.label} {attrs}".strip()
        if isinstance(item, Event):
            args = ", ".join(f"{a.role}={show(a.ref)}" for a in sorted(item.args, key=lambda a: a.role))
            return f"{item.type} [{args}] {attrs}".strip()
        parts = [f"source={show(item.source)}", "content=" + " + ".join(repr(c.text[:60]) for c in item.content)]
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


@dataclass
class AdjudicationResult:
    record: AnnotationRecord
    unresolved: list[dict[str, Any]]
    counts: dict[str, int]


def _aligned_keys(views: dict[str, _View], layer: str) -> list[Key]:
    """Anchors of one layer over all annotators, aligned with the shared matching rule."""
    keys: set[Key] = set()
    names = sorted(views)
    first = [k for k in views[names[0]].items if k.startswith(layer + ":")]
    keys.update(first)
    for name in names[1:]:
        other = [k for k in views[name].items if k.startswith(layer + ":")]
        spans = [_Anchor.parse(k) for k in sorted(keys)]
        cand = [_Anchor.parse(k) for k in other]
        m = match_spans(spans, cand, mode="exact")
        keys.update(other[j] for j in m.pred_unmatched)
    return sorted(keys, key=lambda k: _Anchor.parse(k).sort_key)


@dataclass(frozen=True)
class _Anchor:
    start: int
    end: int

    @classmethod
    def parse(cls, key: Key) -> _Anchor:
        s, e = key.split(":", 1)[1].split("-")
        return cls(int(s), int(e))

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.start, self.end)


def adjudicate(
    doc: Document,
    records: dict[str, AnnotationRecord],
    decisions: Iterable[Decision] = (),
    *,
    prefer: str,
    scheme: Scheme,
) -> AdjudicationResult:
    """The gold record of ``doc`` from the annotators' ``records``; see the module doc."""
    if prefer not in records:
        raise ValueError(f"preferred annotator {prefer!r} did not annotate {doc.id}")
    views = {name: _View.of(rec, doc.text, scheme) for name, rec in records.items()}
    ruling = {d.item: d for d in decisions if d.doc == doc.id}
    chosen: dict[Key, tuple[str, Any]] = {}
    provenance: dict[Key, dict[str, Any]] = {}
    unresolved: list[dict[str, Any]] = []
    counts = {"agreed": 0, "decision": 0, "preferred": 0, "dropped": 0}
    for layer in ("zone", "mention", "event", "attribution"):
        for key in _aligned_keys(views, layer):
            versions = {n: v.items[key] for n, v in views.items() if key in v.items}
            sigs = {n: views[n].signature(item) for n, item in versions.items()}
            agreeing = sorted(n for n in versions if sigs[n] == sigs.get(prefer, sigs[n]))
            if key not in ruling and len(versions) == len(views) and len(set(map(repr, sigs.values()))) == 1:
                chosen[key] = (prefer, versions[prefer])
                provenance[key] = {"rule": "agreed", "by": sorted(versions)}
                counts["agreed"] += 1
                continue
            if key in ruling:
                d = ruling[key]
                if d.take is None:
                    counts["dropped"] += 1
                    continue
                if d.take not in versions:
                    raise ValueError(f"decision on {doc.id} {key}: {d.take!r} has no version of this item")
                taken = versions[d.take] if d.edit is None else _edited(versions[d.take], d, doc.text)
                chosen[key] = (d.take, taken)
                provenance[key] = {
                    "rule": "decision",
                    "by": sorted(n for n in versions if sigs[n] == sigs[d.take]) if d.edit is None else [],
                    "proposed": sorted(versions),
                    "reason": d.reason,
                }
                if d.edit is not None:
                    provenance[key]["edited_from"] = d.take
                counts["decision"] += 1
                continue
            a, b = _Anchor.parse(key).sort_key
            unresolved.append(
                {
                    "doc": doc.id,
                    "item": key,
                    "text": doc.text[a:b] if a >= 0 else "",
                    "versions": {n: views[n].describe(versions[n], doc.text) for n in sorted(versions)},
                    "missing": sorted(set(views) - set(versions)),
                }
            )
            if prefer not in versions:
                counts["dropped"] += 1
                continue
            chosen[key] = (prefer, versions[prefer])
            provenance[key] = {"rule": "preferred", "by": agreeing, "proposed": sorted(versions)}
            counts["preferred"] += 1
    record = _build(doc, views, chosen, provenance, prefer, scheme.id)
    return AdjudicationResult(record, unresolved, counts)


def _build(
    doc: Document,
    views: dict[str, _View],
    chosen: dict[Key, tuple[str, Any]],
    provenance: dict[Key, dict[str, Any]],
    prefer: str,
    scheme: str,
) -> AnnotationRecord:
    gold_id: dict[Key, str] = {}
    counters = {"zone": 0, "mention": 0, "event": 0, "attribution": 0}
    prefixes = {"zone": "z", "mention": "m", "event": "v", "attribution": "a"}
    for key in chosen:
        layer = key.split(":", 1)[0]
        counters[layer] += 1
        gold_id[key] = f"{prefixes[layer]}{counters[layer]}"

    def remap(name: str, ident: str | None) -> str | None:
        anchor = views[name].ref(ident)
        if anchor is None:
            return None
        if anchor.startswith("hopper:"):
            members = anchor.removeprefix("hopper:").split(",")
            return hopper_of.get(anchor) or (gold_id.get(members[0]) if len(members) == 1 else None)
        return gold_id.get(anchor)

    # Clusters and hoppers: the preferred annotator's grouping, then any gold
    # items it left ungrouped grouped as the annotator who proposed them did.
    gold_label = {gold_id[k]: item.label for k, (_, item) in chosen.items() if isinstance(item, Mention)}
    entities, entity_prov = _groups(
        views, prefer, gold_id, "mention", lambda r: [(e.id, e.mentions, e.name) for e in r.entities], gold_label
    )
    hoppers, hopper_prov = _groups(
        views, prefer, gold_id, "event", lambda r: [(h.id, h.events, None) for h in r.hoppers], {}
    )
    hopper_of: dict[str, str] = {}
    for view in views.values():
        for anchors in view.hopper_events.values():
            for h in hoppers:
                if any(gold_id.get(a) in h["events"] for a in anchors):
                    hopper_of.setdefault("hopper:" + ",".join(anchors), h["id"])
                    break
    out: dict[str, list[Any]] = {"zones": [], "mentions": [], "events": [], "attributions": []}
    meta_prov: dict[str, Any] = {}
    for key, (name, item) in chosen.items():
        gid = gold_id[key]
        meta_prov[gid] = provenance[key]
        if isinstance(item, Zone):
            out["zones"].append(item.model_copy(update={"id": gid}))
        elif isinstance(item, Mention):
            out["mentions"].append(item.model_copy(update={"id": gid}))
        elif isinstance(item, Event):
            args = [a.model_copy(update={"ref": r}) for a in item.args if (r := remap(name, a.ref))]
            attrs = dict(item.attrs)
            if isinstance(count := attrs.get("count"), str):
                attrs["count"] = remap(name, count)
            out["events"].append(item.model_copy(update={"id": gid, "args": tuple(args), "attrs": attrs}))
        else:
            claims = [
                c.model_copy(update={"hopper": hop, "ref": r})
                for c in item.role_claims
                if (hop := remap(name, c.hopper)) and (r := remap(name, c.ref))
            ]
            out["attributions"].append(
                item.model_copy(
                    update={
                        "id": gid,
                        "source": remap(name, item.source),
                        "via": remap(name, item.via),
                        "parent": remap(name, item.parent),
                        "reports": tuple(r for x in item.reports if (r := remap(name, x))),
                        "role_claims": tuple(claims),
                    }
                )
            )
    meta_prov.update(entity_prov)
    meta_prov.update(hopper_prov)
    structures, structure_prov = adjudicate_structures({n: v.record for n, v in views.items()}, prefer, remap)
    meta_prov.update(structure_prov)
    return AnnotationRecord.model_validate(
        {
            "doc": doc.id,
            "doc_sha256": doc.sha256,
            "annotator": "gold",
            "scheme": scheme,
            "status": "done",
            "updated": utc_now(),
            **{k: [x.model_dump() for x in v] for k, v in out.items()},
            "entities": entities,
            "hoppers": hoppers,
            **structures,
            "meta": {"adjudicated_from": sorted(views), "provenance": meta_prov},
        }
    )


def _groups(
    views: dict[str, _View],
    prefer: str,
    gold_id: dict[Key, str],
    layer: str,
    groups_of: Any,
    label_of: dict[str, str],
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Gold clusters (or hoppers) over gold items, with the annotators who grouped them alike.

    Clusters are type-locked: where the gold labels of a group's mentions differ
    (the labels were settled item by item, perhaps from another annotator), the
    group is split into one cluster per label, each marked ``split`` in its
    provenance so that an adjudicator can see it was not anyone's grouping.
    """
    keyed: dict[str, list[frozenset[str]]] = {}
    names: dict[frozenset[str], str | None] = {}
    for ann, view in views.items():
        table = view.mention_key if layer == "mention" else view.event_key
        sets = []
        for _, members, label in groups_of(view.record):
            gold = frozenset(g for x in members if (g := gold_id.get(table.get(x, ""))))
            if gold:
                sets.append(gold)
                names.setdefault(gold, label)
        keyed[ann] = sets
    taken: set[str] = set()
    result: list[frozenset[str]] = []
    split: set[frozenset[str]] = set()
    for ann in [prefer, *sorted(a for a in views if a != prefer)]:
        for group in keyed[ann]:
            rest = group - taken
            parts = _by_label(rest, label_of)
            for part in parts:
                if len(part) >= 2:
                    result.append(part)
                    taken |= part
                    if len(parts) > 1:
                        split.add(part)
                        names.setdefault(part, None)
    prefix = "E" if layer == "mention" else "H"
    field_name = "mentions" if layer == "mention" else "events"
    out, prov = [], {}
    for n, group in enumerate(sorted(result, key=lambda g: sorted(g)), 1):
        ident = f"{prefix}{n}"
        item: dict[str, Any] = {"id": ident, field_name: sorted(group, key=natural_key)}
        if layer == "mention":
            item["name"] = names.get(group)
        out.append(item)
        same = sorted(a for a, sets in keyed.items() if group in sets)
        prov[ident] = {"rule": "agreed" if len(same) == len(views) else "preferred", "by": same}
        if group in split:
            prov[ident]["split"] = "by entity label: clusters are type-locked"
    return out, prov


def _by_label(group: frozenset[str], label_of: dict[str, str]) -> list[frozenset[str]]:
    """``group`` split by the label of its members (one part when they share it, or have none)."""
    parts: dict[str | None, set[str]] = {}
    for member in group:
        parts.setdefault(label_of.get(member), set()).add(member)
    return [frozenset(part) for _, part in sorted(parts.items(), key=lambda kv: str(kv[0]))]


def _edited(item: Any, decision: Decision, text: str) -> Any:
    """The taken version with the adjudicator's changes; spans get their text from the document."""
    edit = decision.edit or {}
    if "id" in edit:
        raise ValueError(f"decision on {decision.doc} {decision.item}: ids cannot be edited")

    def with_text(value: Any) -> Any:
        if isinstance(value, dict):
            value = {k: with_text(v) for k, v in value.items()}
            if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
                value["text"] = text[value["start"] : value["end"]]
            return value
        if isinstance(value, list):
            return [with_text(v) for v in value]
        return value

    data = with_text({**item.model_dump(), **edit})
    try:
        return type(item).model_validate(data)
    except ValueError as exc:
        raise ValueError(
            f"decision on {decision.doc} {decision.item}: the edit does not make a valid item: {exc}"
        ) from None


def _quote(anchor: str, text: str) -> str:
    if anchor.startswith("hopper:"):
        return "hopper(" + ", ".join(_quote(a, text) for a in anchor.removeprefix("hopper:").split(",")) + ")"
    if ":" not in anchor or anchor.startswith("?"):
        return anchor
    a = _Anchor.parse(anchor)
    return repr(text[a.start : a.end])
