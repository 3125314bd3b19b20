"""What a curator decides on: every item and cluster of a document over its annotators, and its state.

Items are aligned exactly as :func:`annotator.adjudicate.adjudicate` aligns them
(:mod:`annotator.alignment`), so the key a curator's decision names is the key
the batch path looks up. Each item is in one of three states:

- ``agreed``: every annotator made it in the same version (pre-accepted);
- ``proposed``: some annotators made it, all alike, the others nothing there;
- ``conflict``: versions differ (label, type, arguments, attributes, source,
  content…), or only other annotators marked an overlapping stretch of the
  same layer, with other boundaries (``why`` says which); an overlapping item
  that one of its annotators made too, such as a nested mention, is an item
  of its own and no conflict.

Clusters and hoppers are items too, named by their members' anchors
(:func:`annotator.alignment.cluster_key`); one is in conflict when another
annotator grouped some of its members differently. So are relations, named by
the pair they relate (:func:`annotator.adjudicate_structures.relation_versions`);
one is in conflict when another annotator related the pair otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from annotator.adjudicate_structures import describe_relations, relation_signature, relation_versions
from annotator.alignment import Anchor, AnchorView, Key, aligned_keys, quote
from annotator.corpus import Document
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme

State = Literal["agreed", "proposed", "conflict"]
ITEM_LAYERS = ("zone", "mention", "event", "attribution")
CLUSTER_KINDS = ("entity", "hopper")


@dataclass(frozen=True)
class CurationItem:
    """One aligned item or cluster; ``versions`` maps each annotator who has it to a readable version."""

    key: Key
    layer: str
    start: int
    end: int
    state: State
    why: str
    versions: dict[str, str]
    groups: tuple[tuple[str, ...], ...]
    """Annotators grouped by identical version, the largest group first."""
    members: tuple[Key, ...] = ()
    """A cluster's member anchors, a relation's two arguments' (empty for items)."""

    @property
    def proposers(self) -> list[str]:
        return sorted(self.versions)

    @property
    def anchors(self) -> tuple[Key, ...]:
        return self.members or (self.key,)


def views_of(doc: Document, records: dict[str, AnnotationRecord], scheme: Scheme) -> dict[str, AnchorView]:
    return {name: AnchorView.of(rec, doc.text, scheme) for name, rec in records.items()}


def curation_items(doc: Document, views: dict[str, AnchorView]) -> list[CurationItem]:
    """Every item and cluster of ``doc`` over ``views``, in reading order."""
    names = list(views)
    out: list[CurationItem] = []
    for layer in ITEM_LAYERS:
        keys = aligned_keys(views, layer)
        spans = {k: Anchor.parse(k) for k in keys}
        for key in keys:
            versions = {n: v.items[key] for n, v in views.items() if key in v.items}
            sigs = {n: repr(views[n].signature(x)) for n, x in versions.items()}
            groups = _groups(sigs, names)
            rivals = [
                k
                for k in keys
                if k != key and _overlap(spans[k], spans[key]) and not set(_have(views, k)) & set(versions)
            ]
            if len(groups) > 1:
                state: State
                state, why = "conflict", "versions differ"
            elif rivals:
                state, why = "conflict", "other boundaries: " + ", ".join(quote(k, doc.text) for k in rivals)
            elif len(versions) == len(views):
                state, why = "agreed", ""
            else:
                state, why = "proposed", "only " + ", ".join(sorted(versions))
            a = spans[key]
            out.append(
                CurationItem(
                    key,
                    layer,
                    a.start,
                    a.end,
                    state,
                    why,
                    {n: views[n].describe(x, doc.text, cut=None) for n, x in sorted(versions.items())},
                    groups,
                )
            )
    for kind in CLUSTER_KINDS:
        out += _cluster_items(doc, views, kind)
    out += _relation_items(doc, views)
    return sorted(out, key=lambda i: (i.start, i.end, ITEM_ORDER.index(i.layer)))


ITEM_ORDER = (*ITEM_LAYERS, *CLUSTER_KINDS, "relation")


def _relation_items(doc: Document, views: dict[str, AnchorView]) -> list[CurationItem]:
    """Relations by the pair they relate; a pair related otherwise (type, direction) is in conflict."""
    by_name = {n: relation_versions(v) for n, v in views.items()}
    out = []
    for key in sorted({k for pairs in by_name.values() for k in pairs}):
        have = {n: pairs[key] for n, pairs in by_name.items() if key in pairs}
        sigs = {n: repr(relation_signature(views[n], rels)) for n, rels in have.items()}
        groups = _groups(sigs, list(views))
        state: State
        if len(groups) > 1:
            state, why = "conflict", "versions differ"
        elif len(have) == len(views):
            state, why = "agreed", ""
        else:
            state, why = "proposed", "only " + ", ".join(sorted(have))
        members = tuple(sorted(key.removeprefix("relation:").split(","), key=lambda m: Anchor.parse(m).sort_key))
        first = Anchor.parse(members[0])
        versions = {n: describe_relations(views[n], rels, doc.text) for n, rels in sorted(have.items())}
        out.append(CurationItem(key, "relation", first.start, first.end, state, why, versions, groups, members))
    return out


def _cluster_items(doc: Document, views: dict[str, AnchorView], kind: str) -> list[CurationItem]:
    by_name = {n: v.clusters(kind) for n, v in views.items()}
    keys = sorted({k for clusters in by_name.values() for k in clusters})
    members = {k: tuple(k.split(":", 1)[1].split(",")) for k in keys}
    out = []
    for key in keys:
        have = tuple(sorted(n for n, c in by_name.items() if key in c))
        state: State
        rivals = [k for k in keys if k != key and set(members[k]) & set(members[key])]
        if len(have) == len(views):
            state, why = "agreed", ""
        elif rivals:
            state, why = "conflict", f"grouped otherwise by {', '.join(n for n in views if n not in have)}"
        else:
            state, why = "proposed", "only " + ", ".join(have)
        first = min((Anchor.parse(m) for m in members[key]), key=lambda a: a.sort_key)
        ordered = sorted(members[key], key=lambda m: Anchor.parse(m).sort_key)
        text = kind + ": " + " = ".join(quote(m, doc.text) for m in ordered)
        versions = dict.fromkeys(have, text)
        out.append(CurationItem(key, kind, first.start, first.end, state, why, versions, (have,), members[key]))
    return out


MOVABLE = {"event": "trigger", "attribution": "cue"}
"""The span a boundary edit (``B``) moves, besides a mention's own ``start`` and ``end``."""


def edited_span(key: Key, edit: dict[str, Any] | None) -> tuple[int, int] | None:
    """Where a decision's boundary edit moved the anchor of item ``key`` (None: it did not move it)."""
    if not edit:
        return None
    layer = key.split(":", 1)[0]
    if layer == "mention" and {"start", "end"} & set(edit):
        a = Anchor.parse(key)
        return edit.get("start", a.start), edit.get("end", a.end)
    moved = edit.get(MOVABLE.get(layer, ""))
    if isinstance(moved, dict):
        return moved["start"], moved["end"]
    return None


def _have(views: dict[str, AnchorView], key: Key) -> list[str]:
    return [n for n, v in views.items() if key in v.items]


def _overlap(a: Anchor, b: Anchor) -> bool:
    return a.start < b.end and b.start < a.end


def _groups(sigs: dict[str, str], names: list[str]) -> tuple[tuple[str, ...], ...]:
    by_sig: dict[str, list[str]] = {}
    for n in names:
        if n in sigs:
            by_sig.setdefault(sigs[n], []).append(n)
    return tuple(tuple(g) for g in sorted(by_sig.values(), key=lambda g: (-len(g), names.index(g[0]))))


def references_to(views: dict[str, AnchorView], key: Key) -> dict[Key, dict[str, list[str]]]:
    """Events, attributions and relations whose versions point at ``key``: ``{item: {annotator: [what points]}}``
    (a relation by the pair it relates, as the curation lists it)."""
    out: dict[Key, dict[str, list[str]]] = {}
    for name, view in views.items():
        for item_key, item in view.items.items():
            uses = []
            if item_key.startswith("event:"):
                uses = [f"{a.role}" for a in item.args if view.ref(a.ref) == key]
            elif item_key.startswith("attribution:"):
                uses = (
                    [part for part in ("source", "via", "parent") if view.ref(getattr(item, part)) == key]
                    + [f"claim {c.role}" for c in item.role_claims if view.ref(c.ref) == key]
                    + (["reports"] if any(view.ref(r) == key for r in item.reports) else [])
                )
            if uses:
                out.setdefault(item_key, {})[name] = uses
        for pair, rels in relation_versions(view).items():
            uses = [f"relation {r.type}" for r in rels if any(view.ref(a.ref) == key for a in r.args)]
            if uses:
                out.setdefault(pair, {})[name] = uses
    return out
