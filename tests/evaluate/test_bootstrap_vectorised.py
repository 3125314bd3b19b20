"""The block-vectorised bootstrap against the plain loop it replaces, and against the multinomial draw."""

from __future__ import annotations

import numpy as np

from annotator.evaluate.bootstrap import CHUNK, bootstrap_f1, bootstrap_samples, f1_of


def _data(seed: int, docs: int = 250, metrics: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    gold = rng.integers(0, 12, (docs, metrics)).astype(float)
    tp = rng.binomial(gold.astype(int), 0.6).astype(float)
    pred = tp + rng.integers(0, 4, (docs, metrics))
    return np.stack([tp, pred, tp, gold], axis=2)


def _loop(data: np.ndarray, resamples: int, seed: int) -> np.ndarray:
    """One resample at a time: draw the documents, add up their counts, compute F1."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(resamples):
        chosen = rng.integers(0, data.shape[0], data.shape[0])
        out.append(f1_of(data[chosen].sum(axis=0)))
    return np.array(out)


def _sorted_rows(data: np.ndarray) -> np.ndarray:
    flat = data.reshape(data.shape[0], -1)
    return data[np.lexsort(flat.T[::-1])]


def test_vectorised_resamples_equal_the_loop_on_a_fixed_seed():
    data = _sorted_rows(_data(3))
    resamples = CHUNK * 2 + 37
    assert np.allclose(bootstrap_samples(data, resamples, seed=11), _loop(data, resamples, seed=11), rtol=0, atol=1e-12)


def _multinomial_samples(data: np.ndarray, resamples: int, seed: int) -> np.ndarray:
    """The draw used before the weights came from ``integers``: a uniform multinomial per resample."""
    rng = np.random.default_rng(seed)
    n = data.shape[0]
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=resamples).astype(float)
    return f1_of((weights @ data.reshape(n, -1)).reshape(resamples, data.shape[1], 4))


def test_intervals_have_the_distribution_of_the_multinomial_draw():
    """The random stream changed, not the distribution: mean, spread and interval agree within sampling error."""
    data = _data(5)
    new = bootstrap_samples(data, 4000, seed=1)
    old = _multinomial_samples(data, 4000, seed=2)
    assert np.allclose(new.mean(axis=0), old.mean(axis=0), atol=0.003)
    assert np.allclose(new.std(axis=0), old.std(axis=0), rtol=0.08)
    got = bootstrap_f1(data, 4000, seed=1)
    for (lo, hi), column in zip(got, old.T, strict=True):
        assert abs(lo - np.quantile(column, 0.025)) < 0.006
        assert abs(hi - np.quantile(column, 0.975)) < 0.006


def test_samples_do_not_depend_on_the_order_of_the_documents():
    data = _data(4)
    shuffled = data[np.random.default_rng(0).permutation(data.shape[0])]
    assert np.array_equal(bootstrap_samples(data, 300, seed=2), bootstrap_samples(shuffled, 300, seed=2))
