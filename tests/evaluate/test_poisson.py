"""The streamed Poisson bootstrap: Poisson(1) weights, one-pass intervals that merge, constant memory."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pytest

from annotator.evaluate.api import evaluate_files
from annotator.evaluate.bootstrap import bootstrap_samples, f1_of, percentile_interval
from annotator.evaluate.poisson import PoissonBootstrap, doc_key, poisson_weights
from annotator.store import dumps_record
from tests.evaluate.test_batch import noisy_pairs


def _docs(seed: int, n: int) -> list[tuple[str, dict[str, tuple[float, float, float, float]]]]:
    """Documents with counts of two figures (the second only on some documents, with half credits)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        gold = int(rng.integers(1, 12))
        tp = int(rng.binomial(gold, 0.6))
        pred = tp + int(rng.integers(0, 4))
        values = {"a": (tp, pred, tp, gold)}
        if i % 3 == 0:
            values["b"] = (tp + 0.5, pred + 1, tp + 0.5, gold + 1)
        out.append((f"d{i:05d}", values))
    return out


def test_weights_are_poisson_one_and_depend_on_the_document_alone():
    keys = np.array([doc_key(0, f"d{i}") for i in range(2000)], dtype=np.uint64)
    w = poisson_weights(keys, 1000)
    assert w.shape == (2000, 1000)
    freq = np.bincount(w.ravel(), minlength=6)[:6] / w.size
    want = [math.exp(-1) / math.factorial(k) for k in range(6)]
    assert np.allclose(freq, want, atol=0.002)
    assert abs(w.mean() - 1) < 0.005 and abs(w.var() - 1) < 0.01
    assert np.array_equal(poisson_weights(keys[::-1], 1000), w[::-1])
    assert np.array_equal(poisson_weights(keys[:7], 300), w[:7, :300])
    assert doc_key(0, "d1") != doc_key(1, "d1")


CDF = [int(sum(math.exp(-1) / math.factorial(j) for j in range(k + 1)) * 2**32) for k in range(20)]
THRESHOLDS = [t for t in CDF if t < 2**32 - 1]


def _uniforms(key: int, resamples: int) -> list[int]:
    """The documented 32-bit uniforms of a document: splitmix64 hash j's high half, then its low half."""
    mask = (1 << 64) - 1
    out = []
    for j in range((resamples + 1) // 2):
        z = (key + (j + 1) * 0x9E3779B97F4A7C15) & mask
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z ^= z >> 31
        out += [z >> 32, z & 0xFFFFFFFF]
    return out[:resamples]


def test_weights_are_the_documented_draws_including_those_near_a_threshold():
    """The vectorised draw gives, number for number, the scalar definition (so published intervals stay put)."""
    rng = np.random.default_rng(5)
    keys = [doc_key(0, "d1"), 0, (1 << 64) - 1, *map(int, rng.integers(0, 2**63, 150, dtype=np.int64))]
    uniforms = [_uniforms(k, 1001) for k in keys]
    want = np.array([[sum(u >= t for t in THRESHOLDS) for u in row] for row in uniforms])
    assert np.array_equal(poisson_weights(np.array(keys, dtype=np.uint64), 1001), want)
    near = {t >> 16 for t in THRESHOLDS}
    assert sum(u >> 16 in near for row in uniforms for u in row) > 5


def _state(docs, resamples=400, seed=3) -> PoissonBootstrap:
    state = PoissonBootstrap(resamples, seed)
    state.block = 37  # several flushes even on a small corpus
    for doc, values in docs:
        state.add(doc, values)
    return state


def test_shares_merged_in_any_order_give_the_one_pass_sums_bit_for_bit():
    docs = _docs(1, 500)
    whole = _state(docs)
    rng = np.random.default_rng(0)
    shuffled = [docs[i] for i in rng.permutation(len(docs))]
    parts = [_state(shuffled[:120]), _state(shuffled[120:121]), _state(shuffled[121:])]
    merged = parts[2]
    merged.merge(parts[0])
    merged.merge(pickle.loads(pickle.dumps(parts[1])))
    assert np.array_equal(merged.f1_samples(["a", "b"]), whole.f1_samples(["a", "b"]))
    other_seed = _state(docs, seed=4)
    assert not np.array_equal(other_seed.f1_samples(["a"]), whole.f1_samples(["a"]))
    with pytest.raises(ValueError):
        whole.merge(other_seed)


def test_state_does_not_grow_with_the_corpus():
    small, large = _state(_docs(2, 300)), _state(_docs(2, 6000))
    assert len(pickle.dumps(large)) == len(pickle.dumps(small))


def test_intervals_agree_with_the_multinomial_bootstrap():
    docs = _docs(5, 1500)
    poisson = _state(docs, resamples=3000, seed=1).f1_samples(["a", "b"])
    data = np.zeros((len(docs), 2, 4))
    for i, (_, values) in enumerate(docs):
        data[i, 0] = values["a"]
        if "b" in values:
            data[i, 1] = values["b"]
    multinomial = bootstrap_samples(data, 3000, seed=2)
    assert np.allclose(poisson.mean(axis=0), multinomial.mean(axis=0), atol=0.002)
    assert np.allclose(poisson.std(axis=0), multinomial.std(axis=0), rtol=0.1)
    for (lo, hi), (mlo, mhi) in zip(percentile_interval(poisson), percentile_interval(multinomial), strict=True):
        assert abs(lo - mlo) < 0.004 and abs(hi - mhi) < 0.004


def test_report_intervals_are_the_same_on_one_process_and_on_workers(project, scheme):
    pairs = noisy_pairs(9)[:150]
    gold = project.gold_dir / "gold.jsonl"
    gold.write_text("".join(dumps_record(g) + "\n" for g, _ in pairs), encoding="utf-8")
    pred = project.root / "pred.jsonl"
    pred.write_text("".join(dumps_record(p) + "\n" for _, p in pairs if p is not None), encoding="utf-8")
    one = evaluate_files(gold, pred, scheme, resamples=300, seed=7).to_json()
    assert evaluate_files(gold, pred, scheme, resamples=300, seed=7, workers=3).to_json() == one
    strict = json.loads(one)["main"]["mentions"]["schemes"]["strict"]
    lo, hi = strict["ci"]
    assert lo < strict["f1"] < hi
    again = json.loads(evaluate_files(gold, pred, scheme, resamples=300, seed=8).to_json())
    assert again["main"]["mentions"]["schemes"]["strict"]["ci"] != [lo, hi]


def test_figures_derived_from_raw_counts_equal_figures_added_whole_bit_for_bit():
    """The batch scorer hands over raw counts (six kinds per document) and the figures as linear functions
    of them; the intervals must be those of adding every figure's four numbers per document."""
    from annotator.evaluate.batch import quad_of
    from annotator.evaluate.entities import overall_counts
    from annotator.metrics.counts import SCHEMES

    rng = np.random.default_rng(8)
    kinds = rng.integers(0, 9, size=(700, 6))
    docs = [f"d{i:05d}" for i in range(len(kinds))]
    whole, derived = PoissonBootstrap(300, 2), PoissonBootstrap(300, 2)
    whole.block = derived.block = 53
    for doc, row in zip(docs, kinds, strict=True):
        counts = overall_counts(row[:, None])
        whole.add(doc, {f"m/{s}": tuple(quad_of(counts, s)[0]) for s in SCHEMES})
    names = tuple(f"k{j}" for j in range(6))
    figures = {f"m/{s}": (names, quad_of(overall_counts(np.eye(6, dtype=np.int64)), s)) for s in SCHEMES}
    for lo in range(0, len(docs), 91):
        derived.add_counts(docs[lo : lo + 91], names, kinds[lo : lo + 91], figures)
    keys = [f"m/{s}" for s in SCHEMES]
    assert derived.figures() == whole.figures() == sorted(keys)
    assert np.array_equal(derived.f1_samples(keys), whole.f1_samples(keys))
    weights = poisson_weights(np.array([doc_key(2, d) for d in docs], dtype=np.uint64), 300).astype(np.float64)
    strict = quad_of(overall_counts(kinds.T), "strict")
    assert np.array_equal(derived.f1_samples(["m/strict"])[:, 0], f1_of(weights.T @ strict))
    half = PoissonBootstrap(300, 2)
    half.add_counts(docs[:350], names, kinds[:350], figures)
    rest = PoissonBootstrap(300, 2)
    for doc, row in zip(docs[350:], kinds[350:], strict=True):
        rest.add(doc, {f"m/{s}": tuple(quad_of(overall_counts(row[:, None]), s)[0]) for s in SCHEMES})
    half.merge(pickle.loads(pickle.dumps(rest)))
    assert np.array_equal(half.f1_samples(keys), whole.f1_samples(keys))
    with pytest.raises(ValueError):
        derived.add_counts(docs[:1], names, kinds[:1], {"m/strict": (names, figures["m/exact"][1])})
