"""Agreement coefficients against published worked examples and the reference libraries."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

from annotator.agreement.coefficients import (
    Coincidences,
    FleissState,
    PairTable,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha_nominal,
)

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C:
# four observers, twelve units, missing values; nominal alpha = 0.743.
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]

# Fleiss (1971) as reproduced on Wikipedia ("Fleiss' kappa", worked example):
# 10 subjects, 14 raters, 5 categories; kappa = 0.210.
FLEISS_TABLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_krippendorff_2011_nominal_example_with_missing_values() -> None:
    assert krippendorff_alpha_nominal(K2011) == pytest.approx(0.743, abs=0.0005)


def test_fleiss_1971_example() -> None:
    assert fleiss_kappa(FLEISS_TABLE) == pytest.approx(0.210, abs=0.0005)


def test_weighted_cohen_worked_by_hand() -> None:
    """Three ordered grades, six items.

    a = 1 1 2 2 3 3, b = 1 2 2 2 3 1. Linear weights |i - j|: observed mean
    disagreement (0+1+0+0+0+2)/6 = 1/2; marginals a = (2,2,2)/6, b = (2,3,1)/6;
    expected sum p_i q_j |i-j| by row of a: (1/3)(0*2 + 1*3 + 2*1)/6 = 5/18,
    (1/3)(1*2 + 0*3 + 1*1)/6 = 3/18, (1/3)(2*2 + 1*3 + 0*1)/6 = 7/18; total 15/18.
    kappa_w = 1 - (1/2)/(15/18) = 0.4.
    """
    a = [1, 1, 2, 2, 3, 3]
    b = [1, 2, 2, 2, 3, 1]
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(0.4)
    table = PairTable()
    for x, y in zip(a, b, strict=True):
        table.add(x, y)
    assert table.kappa(weights="linear") == pytest.approx(0.4)


def test_agresti_1992_unweighted_kappa_from_counts() -> None:
    """Agresti (1992, p. 202), Landis & Koch data: kappa = 0.493."""
    table = PairTable()
    for n, x, y in [(22, 1, 1), (2, 1, 2), (2, 1, 3), (5, 2, 1), (7, 2, 2), (14, 2, 3), (2, 3, 2), (36, 3, 3),
                    (1, 4, 2), (17, 4, 3), (10, 4, 4)]:  # fmt: skip
        table.add(x, y, n)
    assert table.kappa() == pytest.approx(0.493, abs=0.0005)


codes = st.sampled_from(["PER", "ORG", "GPE", "O"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(codes, st.none()), min_size=3, max_size=3), min_size=2, max_size=40))
def test_alpha_equals_krippendorff_package(units: list[list[str | None]]) -> None:
    data = [list(row) for row in zip(*units, strict=True)]
    ours = krippendorff_alpha_nominal(data)
    mapping = {c: i for i, c in enumerate(["PER", "ORG", "GPE", "O"])}
    numeric = np.array([[np.nan if v is None else mapping[v] for v in row] for row in data], dtype=float)
    pairable = (~np.isnan(numeric)).sum(axis=0) >= 2
    values = {v for row in data for v, ok in zip(row, pairable, strict=True) if ok and v is not None}
    if len(values) < 2:
        assert ours is None
        return
    ref = krippendorff.alpha(reliability_data=numeric, level_of_measurement="nominal")
    assert ours == pytest.approx(ref)


def test_coincidences_merge_like_one_pass() -> None:
    rng = np.random.default_rng(3)
    data = rng.integers(0, 4, size=(3, 200)).tolist()
    whole = krippendorff_alpha_nominal(data)
    left, right = Coincidences(), Coincidences()
    for i, unit in enumerate(zip(*data, strict=True)):
        (left if i % 2 else right).add_unit(unit)
    assert left.merge(right).alpha() == pytest.approx(whole)


@pytest.mark.parametrize("seed", range(5))
def test_fleiss_equals_statsmodels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    ratings = rng.integers(0, 3 + seed % 3, size=(120, 4))
    ratings[:40, 1] = ratings[:40, 0]
    table, _ = aggregate_raters(ratings)
    assert fleiss_kappa(table) == pytest.approx(sm_fleiss(table, method="fleiss"))
    state = FleissState(4)
    for row in ratings.tolist():
        state.add_unit(row)
    assert state.kappa() == pytest.approx(sm_fleiss(table, method="fleiss"))


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_pair_table_equals_sklearn_on_arrays(weights: str | None) -> None:
    rng = np.random.default_rng(11)
    a = rng.integers(0, 5, size=500)
    b = np.where(rng.random(500) < 0.6, a, rng.integers(0, 5, size=500))
    table = PairTable()
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        table.add(x, y)
    assert table.kappa(weights=weights) == pytest.approx(cohen_kappa_score(a, b, weights=weights))


def test_undefined_coefficients_are_none() -> None:
    assert krippendorff_alpha_nominal([["A", "A"], ["A", "A"]]) is None
    assert krippendorff_alpha_nominal([["A", None], [None, "B"]]) is None
    assert cohen_kappa(["X", "X"], ["X", "X"]) is None
    assert fleiss_kappa([[3, 0], [3, 0]]) is None
    with pytest.raises(ValueError, match="all 3 ratings"):
        FleissState(3).add_unit(["A", None, "B"])


@pytest.mark.parametrize("weights", ["linear", "quadratic"])
def test_weighted_kappa_on_codes_1_to_12_equals_scikit_learn(weights: str) -> None:
    """Codes are ordered as numbers: 10 lies between 9 and 11, not between 1 and 2."""
    rng = np.random.default_rng(7)
    a = rng.integers(1, 13, size=400)
    b = np.clip(a + rng.integers(-2, 3, size=400), 1, 12)
    table = PairTable()
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        table.add(x, y)
    expected = cohen_kappa_score(a, b, weights=weights)
    assert table.kappa(weights=weights) == pytest.approx(expected)
    as_strings = cohen_kappa_score(a.astype(str), b.astype(str), weights=weights)
    assert abs(as_strings - expected) > 0.05, "the codes must be ones where string order differs"


def test_weighted_kappa_on_string_labels_follows_the_declared_order() -> None:
    order = ["none", "low", "medium", "high", "very high"]
    pairs = [("none", "low"), ("low", "low"), ("medium", "high"), ("high", "high"), ("very high", "none")] * 3
    pairs += [("medium", "medium"), ("very high", "very high"), ("none", "none")]
    table = PairTable()
    for x, y in pairs:
        table.add(x, y)
    codes = {v: i for i, v in enumerate(order)}
    a = [codes[x] for x, _ in pairs]
    b = [codes[y] for _, y in pairs]
    for weights in ("linear", "quadratic"):
        assert table.kappa(weights=weights, order=order) == pytest.approx(cohen_kappa_score(a, b, weights=weights))
    with pytest.raises(ValueError, match="not in the stated order"):
        table.kappa(weights="linear", order=order[:-1])
