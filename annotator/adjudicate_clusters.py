"""Gold clusters and hoppers from the annotators' groupings and the decisions on them (for
:mod:`annotator.adjudicate`): decided clusters first, then the preferred annotator's, then the others';
type-locked, so a group whose gold mentions ended up with different labels is split by label."""

from __future__ import annotations

from typing import Any

from annotator.adjudicate_decisions import Decision, adds_cluster, stated_members
from annotator.alignment import AnchorView, Key
from annotator.model import natural_key


def gold_groups(
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
            parts = by_label(rest, label_of)
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


def by_label(group: frozenset[str], label_of: dict[str, str]) -> list[frozenset[str]]:
    """``group`` split by the label of its members (one part when they share it, or have none)."""
    parts: dict[str | None, set[str]] = {}
    for member in group:
        parts.setdefault(label_of.get(member), set()).add(member)
    return [frozenset(part) for _, part in sorted(parts.items(), key=lambda kv: str(kv[0]))]
