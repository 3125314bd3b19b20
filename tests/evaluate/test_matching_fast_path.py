"""The linear fast path of match_spans pairs exactly what the general rule pairs."""

from __future__ import annotations

import random

import pytest

from annotator import matching
from annotator.matching import LabeledSpan, match_spans, simple_overlap_pairs


def _general(gold, pred, **kw):
    real = matching.simple_overlap_pairs
    matching.simple_overlap_pairs = lambda g, p: None
    try:
        return match_spans(gold, pred, **kw)
    finally:
        matching.simple_overlap_pairs = real


def _spans(rng, n, gap):
    """Non-overlapping spans in shuffled order (the shape the fast path takes)."""
    out, a = [], 0
    for _ in range(n):
        a += rng.randint(0, gap)
        length = rng.randint(1, 6)
        out.append(LabeledSpan(a, a + length, rng.choice("AB")))
        a += length
    rng.shuffle(out)
    return out


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("labeled", [False, True])
def test_fast_path_equals_the_general_rule(seed, labeled):
    gold, pred = _spans(random.Random(seed), 8, 12), _spans(random.Random(seed + 1000), 8, 12)
    fast = match_spans(gold, pred, mode="overlap", labeled=labeled)
    slow = _general(gold, pred, mode="overlap", labeled=labeled)
    assert (fast.pairs, fast.gold_unmatched, fast.pred_unmatched) == (
        slow.pairs,
        slow.gold_unmatched,
        slow.pred_unmatched,
    )


def test_the_generated_cases_exercise_both_paths():
    taken = sum(
        simple_overlap_pairs(_spans(random.Random(s), 8, 12), _spans(random.Random(s + 1000), 8, 12)) is not None
        for s in range(40)
    )
    assert 5 < taken < 35


def test_fast_path_steps_aside_when_spans_compete():
    gold = [LabeledSpan(0, 4), LabeledSpan(6, 20)]
    assert simple_overlap_pairs(gold, [LabeledSpan(0, 20)]) is None
    assert simple_overlap_pairs(gold, [LabeledSpan(0, 3), LabeledSpan(2, 4)]) is None
    assert simple_overlap_pairs(gold, [LabeledSpan(1, 3), LabeledSpan(7, 9)]) == [(0, 0), (1, 1)]


@pytest.mark.parametrize("seed", range(30))
def test_one_pass_mention_scoring_equals_the_general_path(seed, monkeypatch):
    from annotator.evaluate import entities

    gold, pred = _spans(random.Random(seed), 10, 6), _spans(random.Random(seed + 500), 10, 6)
    fast = entities.score_mentions(gold, pred)
    monkeypatch.setattr(entities, "simple_overlap_pairs", lambda g, p: None)
    slow = entities.score_mentions(gold, pred)
    assert (fast.kinds, fast.labels, fast.confusion) == (slow.kinds, slow.labels, slow.confusion)


def test_the_batch_fast_path_finds_the_same_pairs_document_by_document():
    import numpy as np

    from annotator.matching import simple_overlap_pairs_batch

    docs = [(_spans(random.Random(s), 8, 12), _spans(random.Random(s + 1000), 8, 12)) for s in range(60)]

    def arrays(side: int):
        rows = sorted((d, s.start, s.end, k) for d, doc in enumerate(docs) for k, s in enumerate(doc[side]))
        return [np.array([r[c] for r in rows], dtype=np.int64) for c in range(4)]

    gd, gs, ge, gk = arrays(0)
    pd, ps, pe, pk = arrays(1)
    bad, gi, pj = simple_overlap_pairs_batch(len(docs), (gd, gs, ge), (pd, ps, pe))
    for d, (gold, pred) in enumerate(docs):
        want = simple_overlap_pairs(gold, pred)
        assert bool(bad[d]) == (want is None)
        if want is not None:
            got = sorted((int(gk[i]), int(pk[j])) for i, j in zip(gi, pj, strict=True) if gd[i] == d)
            assert got == want
    assert 5 < int(bad.sum()) < 55
