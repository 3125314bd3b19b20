"""Krippendorff's unitizing alpha (u-alpha) on the character continuum.

The definition is Krippendorff's (1995; 2004, p. 251-256) as implemented by
DKPro Agreement's ``KrippendorffAlphaUnitizingAgreement``, so figures are
comparable with it: per category, the observed disagreement sums, over every
pair of raters, the squared boundary differences of overlapping units plus
``l**2`` for a unit that falls wholly inside the other rater's gap; the
expected disagreement considers every possible placement of every unit in
every gap. The overall value is ``1 - sum(D_o) / sum(D_e)`` over categories
(DKPro averages both, which is the same ratio), and a category with
``D_o == D_e`` scores 0, as in DKPro.

DKPro walks the continuum segment by segment for each pair and scans all
gaps for each unit (quadratic). Here the overlapping unit pairs of two raters
come from two binary searches per unit over their sorted starts and ends, and
the gap sum for a unit of length ``l`` is ``sum(g) - (l - 1) * count(g)`` over
gaps ``g >= l``, read off suffix sums of the sorted gap lengths. Sums are exact
integers (``l(l-1)(2l-1)`` is divisible by 6; products that could overflow
64 bits switch to Python integers), so the ``D_o == D_e`` test is exact too.

Several documents form one continuum by concatenation, in the order given,
which is what one would hand DKPro. Krippendorff requires a rater's units of
one category not to overlap; overlapping ones (nested mentions with the same
label) are merged into their union first, i.e. the continuum records which
characters a rater gave the category. Empty spans are not units.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

IntArray = np.ndarray


@dataclass
class CategoryResult:
    label: str
    observed: float
    expected: float
    alpha: float | None
    units: int


@dataclass
class UnitizingResult:
    alpha: float | None
    """Overall u-alpha; ``None`` when no rater marked anything (DKPro: NaN)."""
    categories: dict[str, CategoryResult]
    length: int
    raters: int


class SpanColumns:
    """One rater's (start, end) units of one category, as two arrays of machine integers.

    A long continuum holds millions of units (10 annotators x 5,000 documents x 50 spans): as
    tuples in lists they took five times the memory. Iterating yields (start, end) tuples.
    """

    __slots__ = ("ends", "starts")

    def __init__(self, starts: Iterable[int] = (), ends: Iterable[int] = ()) -> None:
        self.starts = array("q", starts)
        self.ends = array("q", ends)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends, strict=True)

    def __len__(self) -> int:
        return len(self.starts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SpanColumns) and self.starts == other.starts and self.ends == other.ends

    def followed_by(self, other: SpanColumns, offset: int) -> SpanColumns:
        """These units, then ``other``'s moved ``offset`` characters along (the next stretch of a continuum)."""
        out = SpanColumns(self.starts, self.ends)
        if other:
            out.starts.frombytes((np.frombuffer(other.starts, dtype=np.int64) + offset).tobytes())
            out.ends.frombytes((np.frombuffer(other.ends, dtype=np.int64) + offset).tobytes())
        return out


@dataclass
class Continuum:
    """Units of several raters on one continuum, built document by document (mergeable)."""

    raters: int
    length: int = 0
    units: dict[str, list[SpanColumns]] = field(default_factory=dict)

    def add_document(self, doc_length: int, spans: Sequence[Iterable[tuple[int, int, str]]]) -> None:
        """Append a document of ``doc_length`` characters; ``spans[r]`` are rater r's (start, end, label)."""
        if len(spans) != self.raters:
            raise ValueError(f"expected spans of {self.raters} raters, got {len(spans)}")
        base = self.length
        for r, items in enumerate(spans):
            for start, end, label in items:
                if not 0 <= start <= end <= doc_length:
                    raise ValueError(f"span {start}-{end} lies outside a document of {doc_length} characters")
                if end > start:
                    per_rater = self.units.get(label)
                    if per_rater is None:
                        per_rater = self.units[label] = [SpanColumns() for _ in range(self.raters)]
                    per_rater[r].starts.append(base + start)
                    per_rater[r].ends.append(base + end)
        self.length += doc_length

    def merge(self, other: Continuum) -> Continuum:
        if other.raters != self.raters:
            raise ValueError("cannot merge continua of different numbers of raters")
        merged = Continuum(self.raters, self.length + other.length)
        for label in self.units.keys() | other.units.keys():
            ours = self.units.get(label) or [SpanColumns() for _ in range(self.raters)]
            theirs = other.units.get(label) or [SpanColumns() for _ in range(self.raters)]
            merged.units[label] = [a.followed_by(b, self.length) for a, b in zip(ours, theirs, strict=True)]
        return merged

    def alpha(self) -> UnitizingResult:
        return unitizing_alpha(self.units, raters=self.raters, length=self.length)


def _union(spans: Iterable[tuple[int, int]]) -> tuple[IntArray, IntArray]:
    """Sorted starts and ends of ``spans`` with overlapping ones merged (adjacent ones kept apart).

    In NumPy: sorted by (start, end), a span opens a new run unless it starts
    before the furthest end so far; each run ends at its furthest end.
    """
    if isinstance(spans, SpanColumns):
        starts = np.frombuffer(spans.starts, dtype=np.int64) if len(spans) else np.zeros(0, dtype=np.int64)
        ends = np.frombuffer(spans.ends, dtype=np.int64) if len(spans) else np.zeros(0, dtype=np.int64)
    else:
        pairs = np.array(list(spans), dtype=np.int64).reshape(-1, 2)
        starts, ends = pairs[:, 0], pairs[:, 1]
    if not len(starts):
        return starts.copy(), ends.copy()
    order = np.lexsort((ends, starts))
    starts, ends = starts[order], ends[order]
    furthest = np.maximum.accumulate(ends)
    opens = np.concatenate(([True], starts[1:] >= furthest[:-1]))
    first = np.flatnonzero(opens)
    return starts[first], np.maximum.reduceat(ends, first)


def _pair_disagreement(s1: IntArray, e1: IntArray, s2: IntArray, e2: IntArray) -> int:
    """Observed disagreement of two raters' units of one category (DKPro's sweep, without the sweep)."""
    lo = np.searchsorted(e2, s1, side="right")
    hi = np.searchsorted(s2, e1, side="left")
    counts = np.maximum(hi - lo, 0)
    total = 0
    n = int(counts.sum())
    if n:
        first = np.repeat(np.arange(len(s1)), counts)
        offsets = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)
        second = np.repeat(lo, counts) + offsets
        d = (s1[first] - s2[second]) ** 2 + (e1[first] - e2[second]) ** 2
        total += sum(d.tolist())
    alone1 = (e1 - s1)[counts == 0]
    total += sum((alone1 * alone1).tolist())
    lo2 = np.searchsorted(e1, s2, side="right")
    hi2 = np.searchsorted(s1, e2, side="left")
    alone2 = (e2 - s2)[hi2 <= lo2]
    total += sum((alone2 * alone2).tolist())
    return total


def _gaps(starts: IntArray, ends: IntArray, length: int) -> IntArray:
    edges_start = np.concatenate(([0], ends))
    edges_end = np.concatenate((starts, [length]))
    gaps = edges_end - edges_start
    return gaps[gaps > 0]


def _category(
    per_rater: Sequence[tuple[IntArray, IntArray]], raters: int, length: int
) -> tuple[Fraction, Fraction, int]:
    observed = 0
    for r1 in range(raters):
        for r2 in range(r1 + 1, raters):
            observed += _pair_disagreement(*per_rater[r1], *per_rater[r2])
    lengths = np.concatenate([e - s for s, e in per_rater])
    n_c = len(lengths)
    gaps = np.sort(np.concatenate([_gaps(s, e, length) for s, e in per_rater]))
    suffix_sum = np.concatenate((np.cumsum(gaps[::-1])[::-1], [0]))
    first = np.searchsorted(gaps, lengths, side="left")
    count = len(gaps) - first
    placements = suffix_sum[first] - (lengths - 1) * count
    if n_c and (int(lengths.max()) > 2**20 or int(lengths.max()) ** 2 * int(placements.max()) > 2**62):
        lengths, placements = lengths.astype(object), placements.astype(object)
    within = (lengths * (lengths - 1) * (2 * lengths - 1)) // 3
    expected_sum = (n_c - 1) * sum(within.tolist()) + sum((lengths * lengths * placements).tolist())
    squared = sum((lengths * (lengths - 1)).tolist())
    d_o = Fraction(2 * observed, raters * (raters - 1) * length * length)
    denominator = length * (raters * length * (raters * length - 1) - squared)
    d_e = Fraction(2 * expected_sum, denominator) if denominator else Fraction(0)
    return d_o, d_e, n_c


def _alpha(d_o: Fraction, d_e: Fraction) -> float | None:
    if d_o == d_e:
        return 0.0 if d_e else None
    return float(1 - d_o / d_e) if d_e else None


def unitizing_alpha(
    units: Mapping[str, Sequence[Iterable[tuple[int, int]]]], *, raters: int, length: int
) -> UnitizingResult:
    """u-alpha over a continuum ``[0, length)``: ``units[label][r]`` are rater r's (start, end) spans."""
    if raters < 2:
        raise ValueError("u-alpha needs at least two raters")
    categories: dict[str, CategoryResult] = {}
    total_o, total_e = Fraction(0), Fraction(0)
    for label in sorted(units):
        per_rater = [_union(spans) for spans in units[label]]
        if len(per_rater) != raters:
            raise ValueError(f"category {label!r} has units of {len(per_rater)} raters, expected {raters}")
        d_o, d_e, n_c = _category(per_rater, raters, length)
        if n_c == 0:
            continue
        categories[label] = CategoryResult(label, float(d_o), float(d_e), _alpha(d_o, d_e), n_c)
        total_o += d_o
        total_e += d_e
    overall = _alpha(total_o, total_e) if categories else None
    return UnitizingResult(overall, categories, length, raters)
