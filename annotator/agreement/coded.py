"""Units given as columns of integer codes, counted in NumPy instead of one Python step per row.

Token and attribute agreement hold a (annotators x units) array of value
codes (0: the annotator gave no value). :func:`distinct_columns` folds equal
units together and :func:`add_coded` adds them to alpha's coincidences, each
pair's table and Fleiss' counts with a handful of array operations per pair,
where :func:`annotator.agreement.coefficients.add_rows` spends a Python loop
over the pairs of every distinct row (ten annotators make tens of thousands of
distinct rows). The counts are the same integers, and the coincidences are
kept exact, so the figures are identical (a test holds the two to it).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from annotator.agreement.coefficients import Coincidences, FleissState, PairTable


def distinct_columns(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct column of ``matrix`` (small non-negative codes) as a row, with how often it occurs.

    A column is packed into one 64-bit integer when its codes fit, which NumPy
    counts far faster than rows of an array.
    """
    rows, _ = matrix.shape
    bits = max(int(matrix.max(initial=0)).bit_length(), 1)
    if bits * rows <= 62:
        packed = np.zeros(matrix.shape[1], dtype=np.int64)
        for r in range(rows):
            packed |= matrix[r].astype(np.int64) << (bits * r)
        values, counts = np.unique(packed, return_counts=True)
        mask = (1 << bits) - 1
        columns = np.stack([(values >> (bits * r)) & mask for r in range(rows)], axis=1).reshape(len(values), rows)
        return columns, counts
    columns, counts = np.unique(matrix.T, axis=0, return_counts=True)
    return columns, counts


def add_coded(
    matrix: np.ndarray,
    names: Sequence[Hashable | None],
    annotators: Sequence[str],
    alpha: Coincidences,
    pairs: dict[tuple[str, str], PairTable],
    fleiss: FleissState | None = None,
) -> None:
    """What ``add_rows`` adds for the units of ``matrix`` (annotators x units; code ``c`` is ``names[c]``,
    code 0 missing). Codes must name distinct values."""
    if not matrix.size:
        return
    rows, counts = distinct_columns(matrix)
    width = max(len(names), int(rows.max()) + 1)
    given = np.zeros((len(rows), width), dtype=np.int64)
    line = np.arange(len(rows))
    for r in range(rows.shape[1]):
        given[line, rows[:, r]] += 1
    given[:, 0] = 0
    m = given.sum(axis=1)
    if fleiss is not None:
        everyone = m == len(annotators)
        full, n = given[everyone], counts[everyone]
        if len(n):
            fleiss.units += int(n.sum())
            totals = (full * n[:, None]).sum(axis=0)
            for c in np.flatnonzero(totals).tolist():
                fleiss.category_totals[names[c]] += int(totals[c])
            fleiss.agreeing_pairs += int((n * (full * (full - 1)).sum(axis=1)).sum())
    pairable = m >= 2
    alpha.units += int(counts[pairable].sum())
    given, weight, share = given[pairable], counts[pairable], m[pairable] - 1
    values = np.flatnonzero(given.any(axis=0)).tolist()
    for c in values:
        for k in values:
            times = given[:, c] * (given[:, c] - 1) if c == k else given[:, c] * given[:, k]
            hit = times > 0
            if not hit.any():
                continue
            amount = np.bincount(share[hit], weights=weight[hit] * times[hit]).astype(np.int64)
            for d in np.flatnonzero(amount).tolist():
                alpha.add_cell(names[c], names[k], d, int(amount[d]))
    for i, a in enumerate(annotators):
        for j in range(i + 1, len(annotators)):
            both = (rows[:, i] > 0) & (rows[:, j] > 0)
            if not both.any():
                continue
            tally = np.bincount(rows[both, i] * width + rows[both, j], weights=counts[both]).astype(np.int64)
            table = pairs.setdefault((a, annotators[j]), PairTable()).counts
            for cell in np.flatnonzero(tally).tolist():
                table[(names[cell // width], names[cell % width])] += int(tally[cell])
