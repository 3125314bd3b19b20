"""Chance-corrected agreement coefficients: Krippendorff's alpha, Cohen's and Fleiss' kappa.

Cohen's kappa is scikit-learn's ``cohen_kappa_score``; merged counts are fed
to it as sample weights, so a corpus-wide kappa never needs the token arrays
kept around. Krippendorff's alpha (nominal, missing values allowed) and
Fleiss' kappa are written from their published definitions (Krippendorff
2011, "Computing Krippendorff's alpha-reliability"; Fleiss 1971) because the
reference packages are test-only dependencies; the tests check both against
``krippendorff.alpha`` and ``statsmodels``' ``fleiss_kappa``.

Every coefficient returns ``None`` when it is undefined (no pairable values,
or no variation at all), never a misleading 0 or 1.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

MISSING = None


@dataclass
class Coincidences:
    """Krippendorff's coincidence matrix as a mergeable count.

    ``add_unit`` takes the values the annotators gave one unit (missing ones
    left out); units with fewer than two values are not pairable and add
    nothing, which is how alpha handles missing data.

    A unit with ``m`` values adds ``pairs / (m - 1)`` to a cell; the cells are
    kept exact, as integer sums of ``pairs`` per ``m - 1`` (:attr:`sums`), so
    the figure does not depend on the order units arrive in: counting rows in
    a different order, in several processes, or in NumPy
    (:func:`annotator.agreement.coded.add_coded`) gives the same alpha to the bit.
    """

    sums: dict[tuple[Hashable, Hashable], Counter[int]] = field(default_factory=dict)
    """Cell (c, k) -> {m - 1: sum of n * pairs of the units with m values}."""
    units: int = 0

    def add_unit(self, values: Iterable[Hashable], n: int = 1) -> None:
        """Add ``n`` units that each received ``values``."""
        present = Counter(v for v in values if v is not MISSING)
        m = sum(present.values())
        if m < 2:
            return
        self.units += n
        for c, nc in present.items():
            for k, nk in present.items():
                pairs = nc * (nc - 1) if c == k else nc * nk
                if pairs:
                    self.add_cell(c, k, m - 1, n * pairs)

    def add_cell(self, c: Hashable, k: Hashable, share: int, amount: int) -> None:
        """Add ``amount / share`` to cell (c, k), exactly."""
        cell = self.sums.get((c, k))
        if cell is None:
            cell = self.sums[(c, k)] = Counter()
        cell[share] += amount

    @property
    def counts(self) -> dict[tuple[Hashable, Hashable], float]:
        """The coincidence matrix: each cell's exact sum, rounded once per share and summed exactly."""
        return {key: math.fsum(v / d for d, v in cell.items()) for key, cell in self.sums.items()}

    def merge(self, other: Coincidences) -> Coincidences:
        merged = Coincidences({key: Counter(cell) for key, cell in self.sums.items()}, self.units + other.units)
        for key, cell in other.sums.items():
            merged.sums.setdefault(key, Counter()).update(cell)
        return merged

    def alpha(self) -> float | None:
        """Nominal alpha: ``1 - (n - 1) * sum(o_ck, c != k) / sum(n_c * n_k, c != k)``."""
        by_value: dict[Hashable, list[float]] = defaultdict(list)
        disagreeing: list[float] = []
        for (c, k), o in self.counts.items():
            by_value[c].append(o)
            if c != k:
                disagreeing.append(o)
        totals = [math.fsum(v) for v in by_value.values()]
        n = math.fsum(totals)
        if n <= 1:
            return None
        expected = n**2 - math.fsum(t * t for t in totals)
        if expected == 0:
            return None
        return 1.0 - (n - 1) * math.fsum(disagreeing) / expected


def krippendorff_alpha_nominal(data: Sequence[Sequence[Hashable]]) -> float | None:
    """Alpha for a reliability matrix: one row per annotator, one column per unit, ``None`` = missing."""
    if not data:
        return None
    coin = Coincidences()
    for unit in zip(*data, strict=True):
        coin.add_unit(unit)
    return coin.alpha()


def cohen_kappa(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    *,
    weights: str | None = None,
    labels: Sequence[Hashable] | None = None,
) -> float | None:
    """Cohen's kappa as scikit-learn computes it, ``None`` where it is undefined (empty, or one category only)."""
    if len(a) != len(b):
        raise ValueError(f"kappa needs paired values, got {len(a)} and {len(b)}")
    if not a or len(set(a) | set(b)) < 2:
        return None
    ranked = list(labels) if labels is not None else _sorted_values(set(a) | set(b))
    index = {v: i for i, v in enumerate(ranked)}
    confusion = np.zeros((len(ranked), len(ranked)))
    for x, y in zip(a, b, strict=True):
        if x in index and y in index:
            confusion[index[x], index[y]] += 1
    return kappa_of_confusion(confusion, weights)


def kappa_of_confusion(confusion: np.ndarray, weights: str | None = None) -> float | None:
    """Cohen's kappa of a confusion matrix (rows: the first rater), by the formula of scikit-learn's
    ``cohen_kappa_score``, which the tests hold it to: importing scikit-learn costs a command
    more than all its kappas. ``weights``: None, ``"linear"`` or ``"quadratic"``."""
    n = confusion.shape[0]
    sum0 = np.sum(confusion, axis=0)
    sum1 = np.sum(confusion, axis=1)
    total = np.sum(sum0)
    if not total:
        return None
    expected = np.outer(sum0, sum1) / total
    if weights is None:
        w = np.ones((n, n), dtype=int)
        w.flat[:: n + 1] = 0
    elif weights in ("linear", "quadratic"):
        w = np.zeros((n, n), dtype=int) + np.arange(n)
        w = np.abs(w - w.T) if weights == "linear" else (w - w.T) ** 2
    else:
        raise ValueError(f"unknown kappa weighting {weights!r}: expected linear or quadratic")
    denominator = np.sum(w * expected)
    if not denominator:
        return None
    return float(1 - np.sum(w * confusion) / denominator)


@dataclass
class PairTable:
    """Counts of (value by a, value by b) over paired units: Cohen's kappa as a mergeable state."""

    counts: Counter[tuple[Hashable, Hashable]] = field(default_factory=Counter)

    def add(self, a: Hashable, b: Hashable, n: int = 1) -> None:
        self.counts[(a, b)] += n

    def merge(self, other: PairTable) -> PairTable:
        merged = PairTable(Counter(self.counts))
        merged.counts.update(other.counts)
        return merged

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    def observed_agreement(self) -> float | None:
        total = self.n
        return None if not total else sum(n for (x, y), n in self.counts.items() if x == y) / total

    def kappa(self, *, weights: str | None = None, order: Sequence[Hashable] | None = None) -> float | None:
        """Cohen's kappa (:func:`kappa_of_confusion`) of the counted pairs.

        Weighted kappa (``weights="linear"`` or ``"quadratic"``) needs the categories
        in order: the distance between two values is the distance between their
        positions. ``order`` states that order; without it the values are sorted as
        they are (numbers as numbers, strings as strings), never as their string
        forms, where "10" would come before "2". Kappa is computed on the indices.
        """
        items = [(x, y, n) for (x, y), n in self.counts.items() if n]
        values = {x for x, _, _ in items} | {y for _, y, _ in items}
        if not items or len(values) < 2:
            return None
        ranked = list(order) if order is not None else _sorted_values(values)
        missing = values - set(ranked)
        if missing:
            raise ValueError(f"values {sorted(map(str, missing))} are not in the stated order {ranked}")
        index = {v: i for i, v in enumerate(ranked)}
        confusion = np.zeros((len(ranked), len(ranked)))
        for x, y, n in items:
            confusion[index[x], index[y]] += n
        return kappa_of_confusion(confusion, weights)


def _sorted_values(values: set[Hashable]) -> list[Hashable]:
    """Values in their natural order when they all compare (numbers, or strings), else by type then text."""
    try:
        return sorted(values)  # type: ignore[type-var]
    except TypeError:
        return sorted(values, key=lambda v: (type(v).__name__, str(v)))


@dataclass
class FleissState:
    """Fleiss' kappa as a mergeable count, for units that every one of ``raters`` labelled."""

    raters: int
    units: int = 0
    category_totals: Counter[Hashable] = field(default_factory=Counter)
    agreeing_pairs: int = 0

    def add_unit(self, values: Sequence[Hashable], n: int = 1) -> None:
        """Add ``n`` units that each received ``values``."""
        if len(values) != self.raters or any(v is MISSING for v in values):
            raise ValueError(f"Fleiss' kappa needs all {self.raters} ratings of every unit, got {values!r}")
        counts = Counter(values)
        self.units += n
        for c, k in counts.items():
            self.category_totals[c] += n * k
        self.agreeing_pairs += n * sum(c * (c - 1) for c in counts.values())

    def merge(self, other: FleissState) -> FleissState:
        if other.raters != self.raters:
            raise ValueError("cannot merge Fleiss counts over different numbers of raters")
        merged = FleissState(self.raters, self.units + other.units, Counter(self.category_totals))
        merged.category_totals.update(other.category_totals)
        merged.agreeing_pairs = self.agreeing_pairs + other.agreeing_pairs
        return merged

    def kappa(self) -> float | None:
        """``(P_bar - P_e) / (1 - P_e)`` with ``P_e = sum(p_j ** 2)`` (Fleiss 1971)."""
        n, N = self.raters, self.units
        if N == 0 or n < 2:
            return None
        p_e = math.fsum((t / (N * n)) ** 2 for t in self.category_totals.values())
        if p_e >= 1.0:
            return None
        p_bar = self.agreeing_pairs / (N * n * (n - 1))
        return (p_bar - p_e) / (1.0 - p_e)


def fleiss_kappa(table: Sequence[Sequence[int]] | np.ndarray) -> float | None:
    """Fleiss' kappa from a units x categories table of rating counts (same number of raters per unit)."""
    arr = np.asarray(table, dtype=np.int64)
    if arr.ndim != 2 or arr.shape[0] == 0:
        return None
    raters = arr.sum(axis=1)
    if (raters != raters[0]).any():
        raise ValueError("Fleiss' kappa needs the same number of ratings for every unit")
    state = FleissState(int(raters[0]))
    state.units = arr.shape[0]
    state.category_totals = Counter({j: int(t) for j, t in enumerate(arr.sum(axis=0))})
    state.agreeing_pairs = int((arr * (arr - 1)).sum())
    return state.kappa()


def add_rows(
    rows: Mapping[tuple[Hashable, ...], int],
    annotators: Sequence[str],
    alpha: Coincidences,
    pairs: dict[tuple[str, str], PairTable],
    fleiss: FleissState | None = None,
) -> None:
    """Count units given as rows (one value per annotator, ``None`` where one is missing) with their numbers.

    Alpha takes every row; each pair's table the rows where both gave a value;
    Fleiss the rows where everyone did. Units with equal rows are counted
    together, so a corpus costs one step per distinct row, not per unit.
    """
    for row, n in rows.items():
        alpha.add_unit(row, n)
        if fleiss is not None and all(v is not MISSING for v in row):
            fleiss.add_unit(row, n)
        for i, a in enumerate(annotators):
            x = row[i]
            if x is MISSING:
                continue
            for j in range(i + 1, len(annotators)):
                y = row[j]
                if y is not MISSING:
                    pairs.setdefault((a, annotators[j]), PairTable()).counts[(x, y)] += n
