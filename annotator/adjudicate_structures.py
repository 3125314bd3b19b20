"""Adjudication of relations and document labels, by the rules of :mod:`annotator.adjudicate`.

Relations are aligned over annotators by the pair of items they relate
(:func:`relation_versions`: ``relation:`` and the two arguments' anchors,
sorted), so the same pair related by another type, or the other way round, is
one item in two versions. A decision on that key takes one annotator's
relations between the pair, or none (``take`` None); without a decision the
pair is settled as every other item is (:func:`annotator.adjudicate_rules.settle`
under ``--strategy``): the preferred annotator's relations, the majority's, or
none. Either way a relation is kept only when both its arguments made it into
the gold (references carried over through anchors, like event arguments).
Provenance is ``decision``, else ``majority``, else ``agreed`` when every
annotator has the same relation between the same spans, else ``preferred``; a
pair the strategy does not settle is listed as unresolved
(:func:`unresolved_structures`). A document's label set is one item, named
``doc_labels``, decided (take one annotator's labels, or none) or else settled
by the same rule. Provenance goes under the relation's gold id and under
``doc_labels``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from annotator.adjudicate_rules import Outcome, Strategy, settle
from annotator.alignment import AnchorView, Key, quote
from annotator.errors import DecisionError
from annotator.model import Relation

LABELS = "doc_labels"
"""The item a document's labels are, in provenance and in the unresolved list."""

Remap = Callable[[str, str | None], str | None]
"""(annotator, their id) → the gold id of the same item, or None when it is not in the gold."""


class Ruling(Protocol):
    """What this module reads of an adjudicator's decision (:class:`annotator.adjudicate.Decision`)."""

    doc: str
    item: Key
    take: str | None
    reason: str
    edit: dict[str, Any] | None


def relation_versions(view: AnchorView) -> dict[Key, tuple[Relation, ...]]:
    """One annotator's relations by the pair of items they relate (``relation:<anchor>,<anchor>``).

    A relation whose arguments do not resolve to this annotator's items is left
    out (validation refuses such a record anyway).
    """
    out: dict[Key, tuple[Relation, ...]] = {}
    for rel in view.record.relations:
        anchors = [view.ref(a.ref) or "?" for a in rel.args]
        if any(a.startswith("?") for a in anchors):
            continue
        key = relation_key(anchors)
        out[key] = (*out.get(key, ()), rel)
    return out


def relation_key(anchors: list[Key]) -> Key:
    return "relation:" + ",".join(sorted(anchors))


def relation_signature(view: AnchorView, rels: tuple[Relation, ...]) -> list[tuple[str, list[tuple[str, str]]]]:
    """What must be equal for two annotators' relations between one pair to agree."""
    return sorted((r.type, [(a.role, view.ref(a.ref) or "") for a in r.args]) for r in rels)


def describe_relations(view: AnchorView, rels: tuple[Relation, ...], text: str) -> str:
    """A version as an adjudicator reads it: ``MEMBER_OF Member='a monitor' Group='ISIL'``."""
    return "; ".join(
        f"{r.type} " + " ".join(f"{a.role}={quote(view.ref(a.ref) or '', text)}" for a in r.args) for r in rels
    )


def pair_outcomes(
    views: Mapping[str, AnchorView], prefer: str, ruling: Mapping[Key, Ruling], strategy: Strategy
) -> dict[Key, Outcome]:
    """How each related pair no decision rules on is settled (:func:`annotator.adjudicate_rules.settle`)."""
    by_pair = {name: relation_versions(view) for name, view in views.items()}
    out = {}
    for pair in sorted({k for p in by_pair.values() for k in p} - set(ruling)):
        sigs = {n: relation_signature(views[n], p[pair]) for n, p in by_pair.items() if pair in p}
        out[pair] = settle(sigs, sorted(views), prefer, strategy)
    return out


def label_outcome(views: Mapping[str, AnchorView], prefer: str, strategy: Strategy) -> Outcome | None:
    """How the document labels are settled, each annotator's label set one version (None: nobody gave any)."""
    sigs = {n: sorted(v.record.doc_labels) for n, v in views.items() if v.record.doc_labels}
    return settle(sigs, sorted(views), prefer, strategy) if sigs else None


def unresolved_structures(
    doc: str,
    text: str,
    views: Mapping[str, AnchorView],
    ruling: Mapping[Key, Ruling],
    prefer: str,
    strategy: Strategy = "prefer",
) -> list[dict[str, Any]]:
    """Relations and document labels that no decision and no ``strategy`` settles, as adjudicate lists items
    (document labels as the item ``doc_labels``)."""
    by_pair = {name: relation_versions(view) for name, view in views.items()}
    out = []
    for pair, outcome in pair_outcomes(views, prefer, ruling, strategy).items():
        if not outcome.unresolved:
            continue
        have = {n: p[pair] for n, p in by_pair.items() if pair in p}
        out.append(
            {
                "doc": doc,
                "item": pair,
                "text": " / ".join(quote(a, text) for a in pair.removeprefix("relation:").split(",")),
                "versions": {n: describe_relations(views[n], rels, text) for n, rels in sorted(have.items())},
                "missing": sorted(set(views) - set(have)),
            }
        )
    labels = label_outcome(views, prefer, strategy)
    if labels is not None and labels.unresolved and LABELS not in ruling:
        given = {n: v.record.doc_labels for n, v in sorted(views.items()) if v.record.doc_labels}
        out.append(
            {
                "doc": doc,
                "item": LABELS,
                "text": "",
                "versions": {n: ", ".join(x) for n, x in given.items()},
                "missing": sorted(set(views) - set(given)),
            }
        )
    return out


def adjudicate_structures(
    views: Mapping[str, AnchorView],
    prefer: str,
    remap: Remap,
    ruling: Mapping[Key, Ruling],
    lost: list[dict[str, str]] | None = None,
    strategy: Strategy = "prefer",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The gold's ``relations`` and ``doc_labels``, and their provenance; a relation left out because an
    argument is not in the gold is appended to ``lost`` (as :class:`annotator.adjudicate.AdjudicationResult`
    lists them)."""
    by_pair = {name: relation_versions(view) for name, view in views.items()}
    keyed: dict[str, set[tuple[str | None, ...]]] = {
        name: {(r.type, *(remap(name, a.ref) for a in r.args)) for rels in pairs.values() for r in rels}
        for name, pairs in by_pair.items()
    }
    outcomes = pair_outcomes(views, prefer, ruling, strategy)
    pairs = [*by_pair.get(prefer, {}), *sorted({k for p in by_pair.values() for k in p} - set(by_pair.get(prefer, {})))]
    relations: list[dict[str, Any]] = []
    provenance: dict[str, Any] = {}
    for pair in pairs:
        d = ruling.get(pair)
        if d is not None and d.edit is not None:
            raise DecisionError(d.doc, pair, "a relation is taken or rejected, not edited")
        take = outcomes[pair].take if d is None else d.take
        if take is None:
            continue
        if d is not None and pair not in by_pair.get(take, {}):
            raise DecisionError(d.doc, pair, f"{take!r} has no version of this relation")
        proposed = sorted(n for n, p in by_pair.items() if pair in p)
        for rel in by_pair.get(take, {}).get(pair, ()):
            refs = tuple(remap(take, a.ref) for a in rel.args)
            if any(r is None for r in refs):
                missing = [a for a, r in zip(rel.args, refs, strict=True) if r is None]
                if lost is not None:
                    lost.append(
                        {
                            "doc": views[take].record.doc,
                            "item": pair,
                            "what": f"relation {rel.type} ({', '.join(a.role for a in missing)})",
                            "target": ", ".join(views[take].ref(a.ref) or a.ref for a in missing),
                        }
                    )
                continue
            ident = f"r{len(relations) + 1}"
            args = [{"role": a.role, "ref": r} for a, r in zip(rel.args, refs, strict=True)]
            relations.append({"id": ident, "type": rel.type, "args": args})
            by = sorted(n for n, rels in keyed.items() if (rel.type, *refs) in rels)
            if d is not None:
                provenance[ident] = {"rule": "decision", "by": by, "proposed": proposed, "reason": d.reason}
            elif outcomes[pair].rule == "majority":
                provenance[ident] = {"rule": "majority", "by": outcomes[pair].by, "proposed": proposed}
            else:
                provenance[ident] = {"rule": "agreed" if len(by) == len(views) else "preferred", "by": by}
    out: dict[str, Any] = {"relations": relations}
    labelled = sorted(n for n, v in views.items() if v.record.doc_labels)
    d = ruling.get(LABELS)
    if d is not None:
        if d.edit is not None:
            raise DecisionError(d.doc, LABELS, "document labels are taken or rejected, not edited")
        if d.take is not None:
            taken = views[d.take].record.doc_labels
            out[LABELS] = list(taken)
            by = sorted(n for n in labelled if set(views[n].record.doc_labels) == set(taken))
            provenance[LABELS] = {"rule": "decision", "by": by, "proposed": labelled, "reason": d.reason}
        return out, provenance
    labels = label_outcome(views, prefer, strategy)
    if labels is not None and labels.take is not None:
        out[LABELS] = list(views[labels.take].record.doc_labels)
        provenance[LABELS] = {"rule": labels.rule, "by": labels.by}
        if labels.rule == "majority":
            provenance[LABELS]["proposed"] = labelled
    return out, provenance
