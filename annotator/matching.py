"""When two spans match: the one place that decides it.

Evaluation, agreement and adjudication all pair annotations through
:func:`match_spans`, so a system and a second annotator are held to the same
rule.

The rule: matching is one-to-one and does not depend on input order.

1. Spans with identical boundaries pair first (same label preferred).
2. In ``overlap`` mode, the remaining spans that share at least one character
   pair next, largest overlap first; ties go to the pair with the same label,
   then to the smaller difference in length, then to the earlier position.
3. With ``labeled=True`` only spans with the same label may pair at all.

Every candidate pair is ranked by a key made of offsets and labels only, never
by position in the input, so shuffling either side gives the same pairs (up
to swapping identical duplicates, which are indistinguishable anyway).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

MatchMode = Literal["exact", "overlap"]


class SpanLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True, slots=True, order=True)
class LabeledSpan:
    """A span reduced to what matching looks at; ``ref`` points back to its source."""

    start: int
    end: int
    label: str = ""
    ref: str = ""


def overlap(a: SpanLike, b: SpanLike) -> int:
    """Number of characters two spans share (0 when disjoint)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _label(s: SpanLike) -> str:
    return getattr(s, "label", "") or ""


@dataclass
class Matching:
    """Pairs ``(gold index, pred index)`` and the indices left unpaired."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    gold_unmatched: list[int] = field(default_factory=list)
    pred_unmatched: list[int] = field(default_factory=list)

    @classmethod
    def from_pairs(cls, pairs: list[tuple[int, int]], n_gold: int, n_pred: int) -> Matching:
        """A matching made of ``pairs`` (e.g. from :func:`simple_overlap_pairs`), the rest unpaired."""
        used_g = {i for i, _ in pairs}
        used_p = {j for _, j in pairs}
        return cls(
            pairs,
            [i for i in range(n_gold) if i not in used_g],
            [j for j in range(n_pred) if j not in used_p],
        )


def _by_position(spans: Sequence[SpanLike]) -> list[tuple[int, int, int]] | None:
    """(start, end, index) in reading order, or None when two spans of the side overlap or one is empty."""
    order = sorted([(s.start, s.end, i) for i, s in enumerate(spans)])
    last_end = -1
    for start, end, _ in order:
        if start < last_end or end <= start:
            return None
        last_end = end
    return order


def simple_overlap_pairs(gold: Sequence[SpanLike], pred: Sequence[SpanLike]) -> list[tuple[int, int]] | None:
    """Every overlapping (gold, pred) pair, when no span overlaps more than one span on the other side.

    Then nothing competes: the module's rule pairs exactly these (``overlap``
    mode), the identical ones (``exact`` mode) or the same-label ones
    (``labeled``), whatever the ranking, and a linear sweep finds them. Returns
    None when a side has overlapping or empty spans or a span overlaps two,
    which is when the ranking matters.
    """
    go = _by_position(gold)
    if go is None:
        return None
    po = _by_position(pred)
    if po is None:
        return None
    pairs: list[tuple[int, int]] = []
    n, m = len(go), len(po)
    i = j = 0
    while i < n and j < m:
        g_start, g_end, gi = go[i]
        p_start, p_end, pj = po[j]
        if g_end <= p_start:
            i += 1
        elif p_end <= g_start:
            j += 1
        else:
            if (i + 1 < n and go[i + 1][0] < p_end) or (j + 1 < m and po[j + 1][0] < g_end):
                return None
            pairs.append((gi, pj))
            i += 1
            j += 1
    pairs.sort()
    return pairs


def simple_overlap_pairs_batch(
    n_docs: int,
    gold: tuple[Any, Any, Any],
    pred: tuple[Any, Any, Any],
) -> tuple[Any, Any, Any]:
    """:func:`simple_overlap_pairs` for many documents at once, on NumPy arrays.

    ``gold`` and ``pred`` are (document index, start, end) arrays sorted by
    document, then start. Returns (bad, gold indices, pred indices): ``bad``
    marks the documents where spans compete (or a side overlaps itself, or a
    span is empty), which must go through :func:`match_spans`; the index arrays
    are the pairs of all other documents. Positions are laid end to end, one
    document after another, so two sorted searches find every overlap.
    """
    import numpy as np

    gd, gs, ge = gold
    pd, ps, pe = pred
    big = int(max(ge.max(initial=0), pe.max(initial=0))) + 1
    gps, gpe = gd * big + gs, gd * big + ge
    pps, ppe = pd * big + ps, pd * big + pe
    bad = np.zeros(n_docs, dtype=bool)
    for doc, s, e, pos_s, pos_e in ((gd, gs, ge, gps, gpe), (pd, ps, pe, pps, ppe)):
        bad[doc[e <= s]] = True
        bad[doc[1:][pos_s[1:] < pos_e[:-1]]] = True
    g_lo = np.searchsorted(ppe, gps, "right")
    g_cnt = np.searchsorted(pps, gpe, "left") - g_lo
    p_lo = np.searchsorted(gpe, pps, "right")
    p_cnt = np.searchsorted(gps, ppe, "left") - p_lo
    bad[gd[g_cnt > 1]] = True
    bad[pd[p_cnt > 1]] = True
    gi = np.nonzero(~bad[gd] & (g_cnt == 1))[0]
    return bad, gi, g_lo[gi]


def match_spans(
    gold: Sequence[SpanLike],
    pred: Sequence[SpanLike],
    *,
    mode: MatchMode = "exact",
    labeled: bool = False,
) -> Matching:
    """Pair ``gold`` and ``pred`` spans one-to-one by the module's rule."""
    simple = simple_overlap_pairs(gold, pred) if mode == "overlap" else None
    if simple is not None:
        if labeled:
            simple = [(i, j) for i, j in simple if _label(gold[i]) == _label(pred[j])]
        return Matching.from_pairs(simple, len(gold), len(pred))
    candidates: list[tuple[tuple[int | str, ...], int, int]] = []
    by_bounds: dict[tuple[int, int], list[int]] = {}
    for j, p in enumerate(pred):
        by_bounds.setdefault((p.start, p.end), []).append(j)
    order = sorted(range(len(pred)), key=lambda j: pred[j].start)
    starts = [pred[j].start for j in order]
    longest = max((p.end - p.start for p in pred), default=0)
    for i, g in enumerate(gold):
        gl = _label(g)
        if mode == "exact":
            partners: Sequence[int] = by_bounds.get((g.start, g.end), ())
        else:
            lo = bisect_left(starts, g.start - longest)
            hi = bisect_left(starts, max(g.end, g.start + 1))
            partners = order[lo:hi]
        for j in partners:
            p = pred[j]
            if labeled and _label(p) != gl:
                continue
            ov = overlap(g, p)
            exact = g.start == p.start and g.end == p.end
            if not exact and (mode == "exact" or ov == 0):
                continue
            key = (
                0 if exact else 1,
                -ov,
                0 if _label(p) == gl else 1,
                abs((g.end - g.start) - (p.end - p.start)),
                g.start,
                g.end,
                gl,
                p.start,
                p.end,
                _label(p),
            )
            candidates.append((key, i, j))
    candidates.sort(key=lambda c: c[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    result = Matching()
    for _, i, j in candidates:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        result.pairs.append((i, j))
    result.pairs.sort()
    result.gold_unmatched = [i for i in range(len(gold)) if i not in used_g]
    result.pred_unmatched = [j for j in range(len(pred)) if j not in used_p]
    return result


def match_spans_batch(
    gold: tuple[Any, Any, Any, Any],
    pred: tuple[Any, Any, Any, Any],
    *,
    mode: MatchMode = "exact",
    labeled: bool = False,
) -> tuple[Any, Any]:
    """:func:`match_spans` on many documents at once, on NumPy arrays: (gold indices, pred indices) of the pairs.

    ``gold`` and ``pred`` are (document, start, end, label) integer arrays in
    any order; labels are codes numbered in the order of the label names, so
    comparing codes ranks candidates as comparing names does. Candidates get
    the module's ranking key (then gold index, then pred index, the order in
    which :func:`match_spans` meets equal keys) and are taken greedily by that
    rank. The greedy pass runs in rounds: a candidate ranked first among the
    remaining ones of both its spans is one the sequential pass would take
    too, so each round takes all of those at once and drops what they block.
    Pairs come sorted by gold index.
    """
    import numpy as np

    gd, gs, ge, gl = (np.asarray(x, dtype=np.int64) for x in gold)
    pd, ps, pe, pl = (np.asarray(x, dtype=np.int64) for x in pred)
    none = np.zeros(0, dtype=np.int64)
    if not len(gd) or not len(pd):
        return none, none
    big = int(max(ge.max(), pe.max())) + 2
    by_start = np.argsort(pd * big + ps, kind="stable")
    sorted_starts = (pd * big + ps)[by_start]
    longest = int((pe - ps).max())
    lo = np.searchsorted(sorted_starts, gd * big + gs - longest, "left")
    hi = np.searchsorted(sorted_starts, gd * big + np.maximum(ge, gs + 1), "left")
    counts = np.maximum(hi - lo, 0)
    i = np.repeat(np.arange(len(gd)), counts)
    j = by_start[np.repeat(lo, counts) + np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)]
    same_doc = gd[i] == pd[j]
    i, j = i[same_doc], j[same_doc]
    exact = (gs[i] == ps[j]) & (ge[i] == pe[j])
    ov = np.minimum(ge[i], pe[j]) - np.maximum(gs[i], ps[j])
    keep = exact | (ov > 0) if mode == "overlap" else exact
    if labeled:
        keep &= gl[i] == pl[j]
    i, j, exact, ov = i[keep], j[keep], exact[keep], ov[keep]
    other_label = gl[i] != pl[j]
    length_gap = np.abs((ge[i] - gs[i]) - (pe[j] - ps[j]))
    rank = _packed_rank(i, j, exact, ov, other_label, length_gap, (gd, gs, ge, gl), (pd, ps, pe, pl))
    if rank is None:
        rank = np.lexsort((j, i, pl[j], pe[j], ps[j], gl[i], ge[i], gs[i], length_gap, other_label, -ov, ~exact))
    ci, cj = i[rank], j[rank]
    taken_g, taken_p = [], []
    while len(ci):
        position = np.arange(len(ci))
        first_g = np.full(len(gd), len(ci))
        first_p = np.full(len(pd), len(ci))
        np.minimum.at(first_g, ci, position)
        np.minimum.at(first_p, cj, position)
        take = (first_g[ci] == position) & (first_p[cj] == position)
        taken_g.append(ci[take])
        taken_p.append(cj[take])
        used_g = np.zeros(len(gd), dtype=bool)
        used_p = np.zeros(len(pd), dtype=bool)
        used_g[ci[take]] = True
        used_p[cj[take]] = True
        alive = ~(used_g[ci] | used_p[cj])
        ci, cj = ci[alive], cj[alive]
    if not taken_g:
        return none, none
    partner = np.full(len(gd), -1, dtype=np.int64)
    partner[np.concatenate(taken_g)] = np.concatenate(taken_p)
    matched = np.flatnonzero(partner >= 0)
    return matched, partner[matched]


def _packed_rank(
    i: Any, j: Any, exact: Any, ov: Any, other_label: Any, length_gap: Any, gold: tuple[Any, ...], pred: tuple[Any, ...]
) -> Any:
    """:func:`match_spans_batch`'s ranking of the candidates sorted on three packed integer keys instead of twelve.

    A span's offsets and label enter the ranking only through their order, so
    each span is replaced by its rank among all spans by (document, start,
    end, label), equal spans sharing a rank: within a document that orders
    exactly as the offsets and label do, and candidates of different documents
    never compete, so their relative order changes no pair. None when the
    packed first key would not fit in 63 bits (the caller then sorts on every key).
    """
    import numpy as np

    if not len(i):
        return np.zeros(0, dtype=np.int64)
    longest = int(max(int(ov.max()), int(length_gap.max()), 0))
    bits = longest.bit_length()
    if int(ov.min()) < 0 or 2 * bits + 2 > 62:
        return None
    rg, rp = row_ranks(*gold), row_ranks(*pred)
    first = (
        ((~exact).astype(np.int64) << (2 * bits + 1))
        | ((longest - ov) << (bits + 1))
        | (other_label.astype(np.int64) << bits)
        | length_gap
    )
    spans = rg[i] * (int(rp.max()) + 1) + rp[j]
    return np.lexsort((i * len(pred[0]) + j, spans, first))


def row_ranks(*columns: Any) -> Any:
    """Each row's rank among the distinct rows of the non-negative integer ``columns`` in lexicographic order,
    equal rows sharing a rank: on one packed 64-bit key when the values fit (far faster), else on the rows."""
    import numpy as np

    widths = [max(int(c.max(initial=0)), 0).bit_length() for c in columns]
    if sum(widths) <= 62 and all(int(c.min(initial=0)) >= 0 for c in columns):
        key = np.zeros(len(columns[0]), dtype=np.int64)
        for column, width in zip(columns, widths, strict=True):
            key = (key << width) | column
        _, rank = np.unique(key, return_inverse=True)
    else:
        _, rank = np.unique(np.stack(columns, axis=1), axis=0, return_inverse=True)
    return np.asarray(rank).reshape(-1)
