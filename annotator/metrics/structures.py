"""Scores of relations, discontinuous mentions, document labels and knowledge-base links.

Evaluation calls these with gold and prediction, agreement with the first
annotator of a pair as reference and the second as prediction: one rule for
both. Every function returns mergeable :class:`~annotator.metrics.counts.Prf`
states keyed ``group/name``.

- **Relations** (``relations/all``, ``relations/<TYPE>``): a relation is its
  type and its two arguments, each argument the exact span(s) of its filler
  (every fragment of a discontinuous mention, an event's trigger). Strict on
  both arguments; a symmetric relation matches in either order. Relations are
  counted as multisets, so a duplicate is spurious.
- **Discontinuous mentions** (``fragments/strict``, ``fragments/partial``),
  scored only when a side has a discontinuous mention: strict credits a
  mention whose label and fragments are all exact; partial pairs the rest one
  to one by character overlap of their fragments (same label, largest overlap
  first) for half credit, as SemEval's partial scheme does.
- **Document labels** (``doc_labels/accuracy``, ``doc_labels/micro``,
  ``doc_labels/<LABEL>``), for documents whose reference has labels:
  accuracy is the share of documents whose label set is exactly the
  reference's (precision = recall = accuracy), per label P/R/F counts a
  label given to a document.
- **Links** (``links/mentions``, ``links/clusters``), when a side has a link:
  on mentions, a linked mention is its fragments and its cluster's ``kb`` id,
  matched exactly; on clusters, the set of ids a document links to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, TypeVar

from annotator.metrics.counts import Prf
from annotator.model import AnnotationRecord, Mention
from annotator.scheme import Scheme

SpanKey = tuple[tuple[int, int], ...]
K = TypeVar("K", bound=Hashable)
RelationItem = tuple[Any, ...]
"""(type, argument, argument): an argument is ("m", fragments) or ("e", trigger)."""


def pieces_key(m: Mention) -> SpanKey:
    """A mention's fragments (or its one span) as offsets."""
    return tuple((p.start, p.end) for p in m.pieces)


def _multiset_prf(gold: Counter[K], pred: Counter[K]) -> Prf:
    matched = sum((gold & pred).values())
    return Prf.of(matched, sum(pred.values()), sum(gold.values()))


def relation_items(record: AnnotationRecord, scheme: Scheme | None) -> Counter[RelationItem]:
    """Every relation whose arguments resolve, as (type, argument, argument); symmetric ones ordered.

    Without a scheme every relation is taken as directed.
    """
    if not record.relations:
        return Counter()
    spans: dict[str, Hashable] = {m.id: ("m", pieces_key(m)) for m in record.mentions}
    spans |= {e.id: ("e", ((e.trigger.start, e.trigger.end),)) for e in record.events}
    out: Counter[RelationItem] = Counter()
    for rel in record.relations:
        args = [spans.get(a.ref) for a in rel.args]
        if any(a is None for a in args):
            continue
        spec = scheme.relation_by_name.get(rel.type) if scheme is not None else None
        if spec is not None and spec.symmetric:
            args = sorted(args, key=repr)
        out[(rel.type, *args)] += 1
    return out


def score_relations(gold: AnnotationRecord, pred: AnnotationRecord, scheme: Scheme | None) -> dict[str, Prf]:
    g, p = relation_items(gold, scheme), relation_items(pred, scheme)
    if not g and not p:
        return {}
    out = {"relations/all": _multiset_prf(g, p)}
    for rtype in sorted({k[0] for k in g} | {k[0] for k in p}):
        out[f"relations/{rtype}"] = _multiset_prf(
            Counter({k: n for k, n in g.items() if k[0] == rtype}),
            Counter({k: n for k, n in p.items() if k[0] == rtype}),
        )
    return out


def fragment_overlap(a: Mention, b: Mention) -> int:
    """Characters two mentions share, fragment by fragment."""
    return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a.pieces for y in b.pieces)


def score_fragments(gold: Sequence[Mention], pred: Sequence[Mention]) -> dict[str, Prf]:
    if not any(m.fragments for m in (*gold, *pred)):
        return {}
    exact_g = Counter((m.label, pieces_key(m)) for m in gold)
    exact_p = Counter((m.label, pieces_key(m)) for m in pred)
    strict = _multiset_prf(exact_g, exact_p)
    left_g, left_p = exact_g - exact_p, exact_p - exact_g
    rest_g = [m for m in gold if left_g[(m.label, pieces_key(m))] > 0]
    rest_p = [m for m in pred if left_p[(m.label, pieces_key(m))] > 0]
    candidates = sorted(
        (
            (-fragment_overlap(a, b), pieces_key(a), pieces_key(b), i, j)
            for i, a in enumerate(rest_g)
            for j, b in enumerate(rest_p)
            if a.label == b.label and fragment_overlap(a, b) > 0
        ),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    credit = strict.p_num + 0.5 * len(used_g)
    partial = Prf.of(credit, strict.p_den, strict.r_den)
    return {"fragments/strict": strict, "fragments/partial": partial}


def score_doc_labels(gold: Iterable[str], pred: Iterable[str]) -> dict[str, Prf]:
    g, p = set(gold), set(pred)
    if not g:
        return {}
    correct = float(g == p)
    out = {
        "doc_labels/accuracy": Prf(correct, 1.0, correct, 1.0),
        "doc_labels/micro": Prf.of(len(g & p), len(p), len(g)),
    }
    for label in sorted(g | p):
        out[f"doc_labels/{label}"] = Prf.of(float(label in g and label in p), float(label in p), float(label in g))
    return out


def link_items(record: AnnotationRecord) -> tuple[Counter[Hashable], set[str]]:
    """(linked mentions as (fragments, kb id), the kb ids of the document's clusters)."""
    by_id = {m.id: m for m in record.mentions}
    mentions: Counter[Hashable] = Counter()
    ids: set[str] = set()
    for e in record.entities:
        if e.kb is None:
            continue
        ids.add(e.kb)
        mentions.update((pieces_key(by_id[x]), e.kb) for x in e.mentions if x in by_id)
    return mentions, ids


def score_links(gold: AnnotationRecord, pred: AnnotationRecord) -> dict[str, Prf]:
    gm, gc = link_items(gold)
    pm, pc = link_items(pred)
    if not gc and not pc:
        return {}
    return {
        "links/mentions": _multiset_prf(gm, pm),
        "links/clusters": Prf.of(len(gc & pc), len(pc), len(gc)),
    }


def has_structures(record: AnnotationRecord) -> bool:
    """Whether a record holds anything these scores look at (the plain mention path skips them)."""
    return bool(
        record.relations
        or record.doc_labels
        or any(e.kb for e in record.entities)
        or any(m.fragments for m in record.mentions)
    )


def score_structures(
    gold: AnnotationRecord, pred: AnnotationRecord, scheme: Scheme | None, layers: Iterable[str]
) -> dict[str, Prf]:
    """Every score of this module that ``layers`` asks for (fragments with mentions, links with entities)."""
    chosen = set(layers)
    out: dict[str, Prf] = {}
    if "relations" in chosen:
        out |= score_relations(gold, pred, scheme)
    if "doc_labels" in chosen:
        out |= score_doc_labels(gold.doc_labels, pred.doc_labels)
    if "mentions" in chosen:
        out |= score_fragments(gold.mentions, pred.mentions)
    if "entities" in chosen:
        out |= score_links(gold, pred)
    return out
