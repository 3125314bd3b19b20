"""Attribution scores: components, the joint relation, attributes and links.

Components are scored on their own, each through
:func:`annotator.matching.match_spans`: the cue and the (explicit) source
mention exactly and by overlap, the content exactly (every span identical)
and partially, with token-overlap credit: a paired content earns
``shared tokens / predicted tokens`` towards precision and
``shared tokens / gold tokens`` towards recall (tokens are runs of word
characters and single punctuation marks).

For the joint relation, attributions are paired one-to-one by the extent of
their content (exact mode for the exact score, overlap mode for the relaxed
one). An exact pair counts when the cue, the source and every content span are
identical (an absent cue or implicit source matches only its like); a relaxed
pair counts when the cue and the source overlap (or are both absent). Stance,
quote and verification are compared on relaxed pairs. ``reports`` links and
role claims are scored as tuples whose ends are mapped from the prediction to
the gold through these pairings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from annotator.matching import LabeledSpan, MatchMode, match_spans, overlap
from annotator.metrics.counts import Prf
from annotator.model import AnnotationRecord, Attribution, Span
from annotator.scheme import Scheme

TOKEN = re.compile(r"\w+|[^\w\s]")
ATTRIBUTES = ("stance", "quote", "verification")


def tokens(spans: Sequence[Span]) -> set[tuple[int, int]]:
    return {(s.start + m.start(), s.start + m.end()) for s in spans for m in TOKEN.finditer(s.text)}


def _hull(a: Attribution) -> LabeledSpan | None:
    if not a.content:
        return None
    return LabeledSpan(min(s.start for s in a.content), max(s.end for s in a.content), "", a.id)


def _source(a: Attribution, mentions: Mapping[str, Span]) -> Span | None:
    return mentions.get(a.source) if a.source else None


def _same(a: Span | None, b: Span | None, mode: MatchMode) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if mode == "exact":
        return a.start == b.start and a.end == b.end
    return overlap(a, b) > 0 or (a.start == b.start and a.end == b.end)


def _attr(a: Attribution, name: str, scheme: Scheme | None) -> object:
    if name in a.attrs:
        return a.attrs[name]
    if scheme is None:
        return None
    spec = next((s for s in scheme.attribution_attributes if s.name == name), None)
    return spec.default if spec else None


@dataclass
class AttributionDoc:
    scores: dict[str, Prf] = field(default_factory=dict)


def _spans(items: Sequence[tuple[Span, str]]) -> list[LabeledSpan]:
    return [LabeledSpan(s.start, s.end, "", ref) for s, ref in items]


def score_attributions(
    gold_rec: AnnotationRecord,
    pred_rec: AnnotationRecord,
    gold: Sequence[Attribution],
    pred: Sequence[Attribution],
    scheme: Scheme | None,
    event_pairs: dict[str, str],
) -> AttributionDoc:
    out = AttributionDoc()
    g_ment = {m.id: m for m in gold_rec.mentions}
    p_ment = {m.id: m for m in pred_rec.mentions}
    g_src = [(s, a.id) for a in gold if (s := _source(a, g_ment)) is not None]
    p_src = [(s, a.id) for a in pred if (s := _source(a, p_ment)) is not None]
    g_cue = [(a.cue, a.id) for a in gold if a.cue is not None]
    p_cue = [(a.cue, a.id) for a in pred if a.cue is not None]
    for mode in ("exact", "overlap"):
        for name, g_items, p_items in (("source", g_src, p_src), ("cue", g_cue, p_cue)):
            m = match_spans(_spans(g_items), _spans(p_items), mode=mode)
            out.scores[f"{name}/{mode}"] = Prf.of(len(m.pairs), len(p_items), len(g_items))

    g_with = [a for a in gold if a.content]
    p_with = [a for a in pred if a.content]
    g_hull = [_hull(a) for a in g_with]
    p_hull = [_hull(a) for a in p_with]
    exact = match_spans(g_hull, p_hull, mode="exact")  # type: ignore[arg-type]
    content_exact = sum(
        1 for i, j in exact.pairs if [s.key for s in g_with[i].content] == [s.key for s in p_with[j].content]
    )
    out.scores["content/exact"] = Prf.of(content_exact, len(p_with), len(g_with))
    relaxed = match_spans(g_hull, p_hull, mode="overlap")  # type: ignore[arg-type]
    partial = Prf(0.0, len(p_with), 0.0, len(g_with))
    for i, j in relaxed.pairs:
        gt, pt = tokens(g_with[i].content), tokens(p_with[j].content)
        shared = len(gt & pt)
        partial.p_num += shared / len(pt) if pt else 0.0
        partial.r_num += shared / len(gt) if gt else 0.0
    out.scores["content/partial"] = partial

    joint_exact = 0
    for i, j in exact.pairs:
        g, p = g_with[i], p_with[j]
        if (
            [s.key for s in g.content] == [s.key for s in p.content]
            and _same(g.cue, p.cue, "exact")
            and _same(_source(g, g_ment), _source(p, p_ment), "exact")
        ):
            joint_exact += 1
    out.scores["joint/exact"] = Prf.of(joint_exact, len(pred), len(gold))
    joint_relaxed = 0
    ar_pairs: dict[str, str] = {}
    right = Counter[str]()
    for i, j in relaxed.pairs:
        g, p = g_with[i], p_with[j]
        ar_pairs[p.id] = g.id
        if _same(g.cue, p.cue, "overlap") and _same(_source(g, g_ment), _source(p, p_ment), "overlap"):
            joint_relaxed += 1
        for name in ATTRIBUTES:
            right[name] += _attr(g, name, scheme) == _attr(p, name, scheme)
    out.scores["joint/relaxed"] = Prf.of(joint_relaxed, len(pred), len(gold))
    for name in ATTRIBUTES:
        n = len(relaxed.pairs)
        out.scores[f"{name}_accuracy"] = Prf.of(right[name], n, n)

    mention_pairs = _mention_pairs(gold_rec, pred_rec)
    hopper_pairs = _hopper_pairs(gold_rec, pred_rec, event_pairs)

    def target(ref: str) -> str:
        return event_pairs.get(ref) or hopper_pairs.get(ref) or f"unpaired:{ref}"

    g_reports = Counter((a.id, r) for a in gold for r in a.reports)
    p_reports = Counter((ar_pairs.get(a.id, f"unpaired:{a.id}"), target(r)) for a in pred for r in a.reports)
    out.scores["reports"] = Prf.of(sum((g_reports & p_reports).values()), p_reports.total(), g_reports.total())
    g_claims = Counter((c.hopper, c.role, c.ref) for a in gold for c in a.role_claims)
    p_claims = Counter(
        (target(c.hopper), c.role, mention_pairs.get(c.ref, f"unpaired:{c.ref}")) for a in pred for c in a.role_claims
    )
    out.scores["role_claims"] = Prf.of(sum((g_claims & p_claims).values()), p_claims.total(), g_claims.total())
    return out


def _mention_pairs(gold_rec: AnnotationRecord, pred_rec: AnnotationRecord) -> dict[str, str]:
    m = match_spans(gold_rec.mentions, pred_rec.mentions, mode="exact")
    return {pred_rec.mentions[j].id: gold_rec.mentions[i].id for i, j in m.pairs}


def _hopper_pairs(
    gold_rec: AnnotationRecord, pred_rec: AnnotationRecord, event_pairs: dict[str, str]
) -> dict[str, str]:
    """A predicted hopper stands for the gold hopper holding most of its paired events (ties: smallest id)."""
    owner = {e: h.id for h in gold_rec.hoppers for e in h.events}
    out: dict[str, str] = {}
    for h in pred_rec.hoppers:
        votes = Counter(owner[g] for e in h.events if (g := event_pairs.get(e)) in owner)
        if votes:
            best = max(votes.values())
            out[h.id] = min(k for k, v in votes.items() if v == best)
    return out
