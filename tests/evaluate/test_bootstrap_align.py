"""Bootstrap determinism and tests of difference; the string aligner."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.evaluate.align import align
from annotator.evaluate.bootstrap import approximate_randomization, bootstrap_f1, paired_bootstrap


def _data(seed: int, n: int = 60, hit: float = 0.7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    gold = rng.integers(1, 10, n).astype(float)
    tp = rng.binomial(gold.astype(int), hit).astype(float)
    pred = tp + rng.integers(0, 3, n)
    return np.stack([tp, pred, tp, gold], axis=1)


def test_bootstrap_is_reproducible_with_a_seed_and_varies_without():
    data = _data(1)[:, None, :]
    a = bootstrap_f1(data, 300, seed=5)
    assert a == bootstrap_f1(data, 300, seed=5)
    assert a != bootstrap_f1(data, 300, seed=6)
    low, high = a[0]
    point = 2 * data[:, 0, 0].sum() / (data[:, 0, 1].sum() + data[:, 0, 3].sum())
    assert low < point < high


def test_clearly_better_system_is_significant_and_identical_ones_are_not():
    weak, strong = _data(2, hit=0.4), _data(2, hit=0.4)
    strong[:, 0] = strong[:, 2] = np.minimum(strong[:, 3], strong[:, 0] * 2)
    diff, (lo, _), p_boot = paired_bootstrap(weak, strong, 500, seed=0)
    assert diff > 0 and lo > 0 and p_boot < 0.01
    assert approximate_randomization(weak, strong, 500, seed=0) < 0.01
    assert approximate_randomization(weak, weak.copy(), 200, seed=0) == 1.0


TEXT = "The “Army of Islam” said the  army of Islam\nwas ready. The Army of Islam left."


def test_aligner_exact_then_normalised_then_casefold():
    got = align(TEXT, ["said", '"Army of Islam"', "army of Islam was", "ARMY OF ISLAM"])
    assert got.how == ["exact", "normalised", "normalised", "casefold"]
    assert TEXT[slice(*got.spans[1])] == "“Army of Islam”"
    assert TEXT[slice(*got.spans[2])] == "army of Islam\nwas"


def test_aligner_takes_the_occurrence_after_the_previous_one_and_reports_failures():
    got = align(TEXT, ["ready", "Army of Islam", "Damascus"])
    assert got.spans[1] == (TEXT.rindex("Army of Islam"), TEXT.rindex("Army of Islam") + 13)
    assert got.unaligned == [2]
    assert got.spans[2] is None


@pytest.mark.parametrize("text", ["", "x"])
def test_aligner_on_tiny_texts(text):
    assert align(text, ["y"]).unaligned == [0]
