"""Adjudication: merge several annotators' records of a document into one gold record.

Items are aligned across annotators by their anchor span (zones, mentions and
event triggers by exact boundaries through :func:`annotator.matching.match_spans`;
attributions by cue, or by their first content span when they have no cue).
Each aligned item then goes to the gold by one of three rules, recorded as its
provenance in ``meta.provenance`` of the gold record:

- ``agreed``: every annotator has the item in the same version (label,
  attributes, arguments and links compared through anchors, not ids);
- ``decision``: an adjudicator's decision names the annotator whose version is
  kept (or none, to drop the item) and why; it may edit the kept version, and
  for a zone or mention every annotator missed it may add one (``take`` None
  with an ``edit`` giving the item: ``added`` in its provenance);
- ``preferred``: no decision exists, so the preferred annotator's version is
  kept, and an item the preferred annotator does not have is left out; both
  are listed as unresolved so an adjudicator sees what still awaits a decision.

Ids are renumbered in the gold record; references (arguments, sources, reports,
role claims, clusters, hoppers) are carried over through anchors, so they
always point at the gold items of the same spans. Clusters are those a
decision keeps (with the members it states, when it edits them), then the
preferred annotator's, then the others' over mentions it left ungrouped; since clusters
are type-locked, a cluster whose gold mentions ended up with different labels
is split into one cluster per label (``split`` in its provenance).

The command (``adjudicate_cli``) validates every gold record before writing
any: what would not validate is not written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from annotator.adjudicate_decisions import (
    Decision,
    added_item,
    adds,
    adds_cluster,
    edited,
    refuse_unknown_items,
    spans_with_text,
    stated_members,
)
from annotator.adjudicate_structures import adjudicate_structures, unresolved_relations
from annotator.alignment import Anchor, AnchorView, Key, aligned_keys, attribution_anchor, span_key
from annotator.corpus import Document
from annotator.model import AnnotationRecord, Event, Mention, Zone, natural_key, utc_now
from annotator.scheme import Scheme

__all__ = [
    "STRATEGIES",
    "AdjudicationResult",
    "Decision",
    "adjudicate",
    "attribution_anchor",
    "majority",
    "span_key",
    "spans_with_text",
]


@dataclass
class AdjudicationResult:
    record: AnnotationRecord
    unresolved: list[dict[str, Any]]
    counts: dict[str, int]


Strategy = Literal["prefer", "majority", "unanimous"]
STRATEGIES: tuple[Strategy, ...] = ("prefer", "majority", "unanimous")


def adjudicate(
    doc: Document,
    records: dict[str, AnnotationRecord],
    decisions: Iterable[Decision] = (),
    *,
    prefer: str,
    scheme: Scheme,
    strategy: Strategy = "prefer",
) -> AdjudicationResult:
    """The gold record of ``doc`` from the annotators' ``records``; see the module doc.

    ``strategy`` rules the items without a decision that not everyone agrees on:
    ``prefer`` keeps the preferred annotator's version; ``majority`` keeps the
    version more than half the annotators made (absence counts as a version, so
    an item most left out is dropped) and leaves ties to ``prefer``; ``unanimous``
    drops them. Every such item is listed as unresolved but a majority's.
    A decision that names an item no annotator has is refused.
    """
    if prefer not in records:
        raise ValueError(f"preferred annotator {prefer!r} did not annotate {doc.id}")
    views = {name: AnchorView.of(rec, doc.text, scheme) for name, rec in records.items()}
    ruling = {d.item: d for d in decisions if d.doc == doc.id}
    refuse_unknown_items(doc.id, views, ruling)
    added = {key: d for key, d in ruling.items() if adds(key, d, views)}
    chosen: dict[Key, tuple[str, Any]] = {}
    provenance: dict[Key, dict[str, Any]] = {}
    unresolved: list[dict[str, Any]] = []
    counts = {"agreed": 0, "decision": 0, "preferred": 0, "dropped": 0}
    if strategy == "majority":
        counts["majority"] = 0
    for layer in ("zone", "mention", "event", "attribution"):
        for key in aligned_keys(views, layer):
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
                taken = versions[d.take] if d.edit is None else edited(versions[d.take], d, doc.text)
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
            if strategy == "majority" and (winners := majority(sigs, sorted(views))) is not None:
                counts["majority"] += 1
                if winners:
                    chosen[key] = (winners[0], versions[winners[0]])
                    provenance[key] = {"rule": "majority", "by": winners, "proposed": sorted(versions)}
                else:
                    counts["dropped"] += 1
                continue
            a, b = Anchor.parse(key).sort_key
            unresolved.append(
                {
                    "doc": doc.id,
                    "item": key,
                    "text": doc.text[a:b] if a >= 0 else "",
                    "versions": {n: views[n].describe(versions[n], doc.text) for n in sorted(versions)},
                    "missing": sorted(set(views) - set(versions)),
                }
            )
            if prefer not in versions or strategy == "unanimous":
                counts["dropped"] += 1
                continue
            chosen[key] = (prefer, versions[prefer])
            provenance[key] = {"rule": "preferred", "by": agreeing, "proposed": sorted(versions)}
            counts["preferred"] += 1
    for key, d in added.items():
        chosen[key] = (prefer, added_item(key, d, doc.text))
        provenance[key] = {"rule": "decision", "by": [], "proposed": [], "added": True, "reason": d.reason}
        counts["decision"] += 1
    record = _build(doc, views, chosen, provenance, prefer, scheme.id, ruling)
    unresolved += unresolved_relations(doc.id, doc.text, views, ruling)
    return AdjudicationResult(record, unresolved, counts)


def majority(sigs: dict[str, Any], annotators: list[str]) -> list[str] | None:
    """The annotators of the version more than half of ``annotators`` made ([] when most made none);
    None on a tie."""
    votes: dict[str, list[str]] = {}
    for name in annotators:
        votes.setdefault(repr(sigs[name]) if name in sigs else "", []).append(name)
    best, names = max(votes.items(), key=lambda kv: len(kv[1]))
    if 2 * len(names) <= len(annotators):
        return None
    return [] if best == "" else names


def _build(
    doc: Document,
    views: dict[str, AnchorView],
    chosen: dict[Key, tuple[str, Any]],
    provenance: dict[Key, dict[str, Any]],
    prefer: str,
    scheme: str,
    ruling: dict[Key, Decision],
) -> AnnotationRecord:
    gold_id: dict[Key, str] = {}
    counters = {"zone": 0, "mention": 0, "event": 0, "attribution": 0}
    prefixes = {"zone": "z", "mention": "m", "event": "v", "attribution": "a"}
    for key in chosen:
        layer = key.split(":", 1)[0]
        counters[layer] += 1
        gold_id[key] = f"{prefixes[layer]}{counters[layer]}"

    def remap(name: str, ident: str | None) -> str | None:
        if ident is not None and ident in gold_id:
            return gold_id[ident]
        if ident is not None and ident.startswith("hopper:"):
            return gold_hopper(ident)
        anchor = views[name].ref(ident)
        if anchor is None:
            return None
        if anchor.startswith("hopper:"):
            members = anchor.removeprefix("hopper:").split(",")
            return hopper_of.get(anchor) or (gold_id.get(members[0]) if len(members) == 1 else None)
        return gold_id.get(anchor)

    # Clusters and hoppers: those a decision keeps, then the preferred annotator's
    # grouping, then any gold items still ungrouped grouped as the annotator who proposed them did.
    gold_label = {gold_id[k]: item.label for k, (_, item) in chosen.items() if isinstance(item, Mention)}
    entities, entity_prov = _groups(
        views,
        prefer,
        gold_id,
        "mention",
        lambda r: [(e.id, e.mentions, e.name) for e in r.entities],
        gold_label,
        ruling,
    )
    hoppers, hopper_prov = _groups(
        views, prefer, gold_id, "event", lambda r: [(h.id, h.events, None) for h in r.hoppers], {}, ruling
    )
    hopper_of: dict[str, str] = {}
    for view in views.values():
        for anchors in view.hopper_events.values():
            for h in hoppers:
                if any(gold_id.get(a) in h["events"] for a in anchors):
                    hopper_of.setdefault("hopper:" + ",".join(anchors), h["id"])
                    break

    def gold_hopper(anchor: str) -> str | None:
        """The gold hopper an edit names by its events' keys (``hopper:event:…``): the one holding them."""
        members = {gold_id.get(m) for m in anchor.removeprefix("hopper:").split(",")}
        found = hopper_of.get(anchor) or next((h["id"] for h in hoppers if members <= set(h["events"])), None)
        only = next(iter(members)) if len(members) == 1 else None
        return found or only

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
    structures, structure_prov = adjudicate_structures(views, prefer, remap, ruling)
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
    views: dict[str, AnchorView],
    prefer: str,
    gold_id: dict[Key, str],
    layer: str,
    groups_of: Any,
    label_of: dict[str, str],
    ruling: dict[Key, Decision],
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Gold clusters (or hoppers) over gold items, with the annotators who grouped them alike.

    A decision on a cluster (named by :func:`annotator.alignment.cluster_key`)
    keeps the taken annotator's group before any other, or drops it for everyone.
    Clusters are type-locked: where the gold labels of a group's mentions differ
    (the labels were settled item by item, perhaps from another annotator), the
    group is split into one cluster per label, each marked ``split`` in its
    provenance so that an adjudicator can see it was not anyone's grouping.
    """
    kind = "entity" if layer == "mention" else "hopper"
    keyed: dict[str, list[frozenset[str]]] = {}
    names: dict[frozenset[str], str | None] = {}
    decided: list[tuple[frozenset[str], Decision]] = []
    for ann, view in views.items():
        table = view.mention_key if layer == "mention" else view.event_key
        by_members = {frozenset(m): k for k, m in view.clusters(kind).items()}
        sets = []
        for _, members, label in groups_of(view.record):
            gold = frozenset(g for x in members if (g := gold_id.get(table.get(x, ""))))
            d = ruling.get(by_members.get(frozenset(x for x in members if x in table), ""))
            if d is not None and d.take is None:
                continue
            if gold:
                sets.append(gold)
                names.setdefault(gold, label)
                if d is not None and d.take == ann:
                    stated = stated_members(d, gold_id)
                    if stated is not None:
                        names.setdefault(stated, label)
                    decided.append((gold if stated is None else stated, d))
        keyed[ann] = sets
    for key, d in ruling.items():
        if key.startswith(f"{kind}:") and adds_cluster(key, d, views):
            stated = stated_members(d, gold_id)
            if stated is not None:
                names.setdefault(stated, None)
                decided.append((stated, d))
    taken: set[str] = set()
    result: list[frozenset[str]] = []
    split: set[frozenset[str]] = set()
    reasons: dict[frozenset[str], str] = {}
    order = [[g for g, _ in decided]] + [keyed[a] for a in [prefer, *sorted(a for a in views if a != prefer)]]
    for groups in order:
        for group in groups:
            rest = group - taken
            parts = _by_label(rest, label_of)
            for part in parts:
                if len(part) >= 2:
                    result.append(part)
                    taken |= part
                    for decided_group, d in decided:
                        if decided_group == group:
                            reasons[part] = d.reason
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
        if group in reasons:
            prov[ident] = {"rule": "decision", "by": same, "reason": reasons[group]}
            if not same:
                prov[ident]["members"] = "stated by the decision"
        if group in split:
            prov[ident]["split"] = "by entity label: clusters are type-locked"
    return out, prov


def _by_label(group: frozenset[str], label_of: dict[str, str]) -> list[frozenset[str]]:
    """``group`` split by the label of its members (one part when they share it, or have none)."""
    parts: dict[str | None, set[str]] = {}
    for member in group:
        parts.setdefault(label_of.get(member), set()).add(member)
    return [frozenset(part) for _, part in sorted(parts.items(), key=lambda kv: str(kv[0]))]
