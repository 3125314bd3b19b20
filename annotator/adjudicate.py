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
  with an ``edit`` giving the item: ``added`` in its provenance), and so
  for an event (its type, attributes and arguments by key) and an
  attribution (its cue, source, content, reports… by key);
- ``preferred``: no decision exists, so the preferred annotator's version is
  kept, and an item the preferred annotator does not have is left out; both
  are listed as unresolved so an adjudicator sees what still awaits a decision.
  Under ``--strategy majority`` the version most annotators made is kept
  instead (``majority``), under ``unanimous`` the item is dropped; the one rule
  (:mod:`annotator.adjudicate_rules`) settles relations and document labels too.

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
from dataclasses import dataclass, field
from typing import Any

from annotator.adjudicate_clusters import gold_groups
from annotator.adjudicate_decisions import (
    Decision,
    added_attribution,
    added_event,
    added_item,
    adds,
    edit_references,
    edited,
    refuse_invalid_added_events,
    refuse_unknown_items,
    spans_with_text,
)
from annotator.adjudicate_rules import STRATEGIES, Strategy, majority, settle
from annotator.adjudicate_structures import adjudicate_structures, unresolved_structures
from annotator.alignment import Anchor, AnchorView, Key, aligned_keys, attribution_anchor, span_key
from annotator.corpus import Document
from annotator.errors import DecisionError
from annotator.model import AnnotationRecord, Event, Mention, Zone, utc_now
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
    lost: list[dict[str, str]] = field(default_factory=list)
    """References the gold could not keep because what they point at is not in it (a rejected mention
    an argument, role claim, report or relation used): ``{"doc", "item", "what", "target"}``."""


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
            if key in ruling:
                d = ruling[key]
                if d.take is None:
                    counts["dropped"] += 1
                    continue
                if d.take not in versions:
                    raise DecisionError(doc.id, key, f"{d.take!r} has no version of this item")
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
            outcome = settle(sigs, sorted(views), prefer, strategy)
            if outcome.unresolved:
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
            if outcome.rule != "dropped":
                counts[outcome.rule] += 1
            if outcome.take is None:
                counts["dropped"] += 1
                continue
            chosen[key] = (outcome.take, versions[outcome.take])
            provenance[key] = {"rule": outcome.rule, "by": outcome.by}
            if outcome.rule != "agreed":
                provenance[key]["proposed"] = sorted(versions)
    defaults = scheme.default_attrs(scheme.attribution_attributes)
    for key, d in added.items():
        new: Any
        if key.startswith("attribution:"):
            new = added_attribution(key, d, doc.text, defaults)
        elif key.startswith("event:"):
            new = added_event(key, d, doc.text, scheme)
        else:
            new = added_item(key, d, doc.text)
        chosen[key] = (prefer, new)
        provenance[key] = {"rule": "decision", "by": [], "proposed": [], "added": True, "reason": d.reason}
        counts["decision"] += 1
    lost: list[dict[str, str]] = []
    record = _build(doc, views, chosen, provenance, prefer, scheme.id, ruling, lost, strategy)
    refuse_invalid_added_events(record, doc, scheme, added)
    unresolved += unresolved_structures(doc.id, doc.text, views, ruling, prefer, strategy)
    return AdjudicationResult(record, unresolved, counts, lost)


def _build(
    doc: Document,
    views: dict[str, AnchorView],
    chosen: dict[Key, tuple[str, Any]],
    provenance: dict[Key, dict[str, Any]],
    prefer: str,
    scheme: str,
    ruling: dict[Key, Decision],
    lost: list[dict[str, str]],
    strategy: Strategy,
) -> AnnotationRecord:
    """The gold record of the ``chosen`` versions, ids renumbered and references carried over through anchors;
    what a reference pointed at that is not in the gold is appended to ``lost``."""
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
    entities, entity_prov = gold_groups(
        views,
        prefer,
        gold_id,
        "mention",
        lambda r: [(e.id, e.mentions, e.name) for e in r.entities],
        gold_label,
        ruling,
    )
    hoppers, hopper_prov = gold_groups(
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

    for key, (name, _) in chosen.items():
        d = ruling.get(key)
        for part, ref in edit_references(d.edit or {}) if d is not None else []:
            if remap(name, ref) is None:
                raise DecisionError(doc.id, key, f"the edit's {part} names {ref}, which is not in the gold")

    def kept(name: str, ident: str | None, key: Key, what: str) -> str | None:
        """``remap``, noting in ``lost`` a reference whose target is not in the gold."""
        gold = remap(name, ident)
        if gold is None and ident is not None:
            lost.append({"doc": doc.id, "item": key, "what": what, "target": views[name].ref(ident) or ident})
        return gold

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
            args = [a.model_copy(update={"ref": r}) for a in item.args if (r := kept(name, a.ref, key, a.role))]
            attrs = dict(item.attrs)
            if isinstance(count := attrs.get("count"), str):
                attrs["count"] = kept(name, count, key, "count")
            out["events"].append(item.model_copy(update={"id": gid, "args": tuple(args), "attrs": attrs}))
        else:
            claims = [
                c.model_copy(update={"hopper": hop, "ref": r})
                for c in item.role_claims
                if (hop := kept(name, c.hopper, key, f"claim {c.role}"))
                and (r := kept(name, c.ref, key, f"claim {c.role}"))
            ]
            out["attributions"].append(
                item.model_copy(
                    update={
                        "id": gid,
                        "source": kept(name, item.source, key, "source"),
                        "via": kept(name, item.via, key, "via"),
                        "parent": kept(name, item.parent, key, "parent"),
                        "reports": tuple(r for x in item.reports if (r := kept(name, x, key, "reports"))),
                        "role_claims": tuple(claims),
                    }
                )
            )
    meta_prov.update(entity_prov)
    meta_prov.update(hopper_prov)
    structures, structure_prov = adjudicate_structures(views, prefer, remap, ruling, lost, strategy)
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
