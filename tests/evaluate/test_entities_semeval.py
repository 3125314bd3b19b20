"""The six SemEval-2013 9.1 scenarios and the conventions stated in docs/evaluate.md, by hand."""

from __future__ import annotations

import random

import pytest

from annotator.evaluate.entities import MentionState, score_mentions
from annotator.matching import LabeledSpan as S
from annotator.metrics.counts import SCHEMES


def counts(gold, pred):
    doc = score_mentions(gold, pred)
    return {s: doc.overall[s].as_tuple() for s in SCHEMES}


# (cor, inc, par, mis, spu) per scheme
@pytest.mark.parametrize(
    ("gold", "pred", "want"),
    [
        pytest.param(
            [S(0, 5, "PER")],
            [S(0, 5, "PER")],
            {"strict": (1, 0, 0, 0, 0), "exact": (1, 0, 0, 0, 0), "partial": (1, 0, 0, 0, 0), "type": (1, 0, 0, 0, 0)},
            id="I-exact-match",
        ),
        pytest.param([], [S(0, 5, "PER")], {s: (0, 0, 0, 0, 1) for s in SCHEMES}, id="II-spurious"),
        pytest.param([S(0, 5, "PER")], [], {s: (0, 0, 0, 1, 0) for s in SCHEMES}, id="III-missed"),
        pytest.param(
            [S(0, 5, "PER")],
            [S(0, 5, "ORG")],
            {"strict": (0, 1, 0, 0, 0), "exact": (1, 0, 0, 0, 0), "partial": (1, 0, 0, 0, 0), "type": (0, 1, 0, 0, 0)},
            id="IV-wrong-type",
        ),
        pytest.param(
            [S(0, 10, "PER")],
            [S(4, 10, "PER")],
            {"strict": (0, 1, 0, 0, 0), "exact": (0, 1, 0, 0, 0), "partial": (0, 0, 1, 0, 0), "type": (1, 0, 0, 0, 0)},
            id="V-wrong-boundaries",
        ),
        pytest.param(
            [S(0, 10, "PER")],
            [S(4, 10, "ORG")],
            {"strict": (0, 1, 0, 0, 0), "exact": (0, 1, 0, 0, 0), "partial": (0, 0, 1, 0, 0), "type": (0, 1, 0, 0, 0)},
            id="VI-wrong-both",
        ),
    ],
)
def test_six_semeval_scenarios(gold, pred, want):
    assert counts(gold, pred) == want


def test_partial_scheme_gives_half_credit():
    doc = score_mentions([S(0, 10, "PER"), S(20, 25, "ORG")], [S(4, 10, "PER"), S(20, 25, "ORG")])
    prf = doc.overall["partial"].prf("partial")
    assert (prf.precision, prf.recall) == (0.75, 0.75)
    assert doc.overall["exact"].prf("exact").precision == 0.5


def test_empty_gold_and_empty_predictions_are_not_applicable_not_zero_nor_an_error():
    """Nothing on either side: every figure is n/a (None), never 0 (issue: a layer empty on both sides)."""
    doc = score_mentions([], [])
    for s in SCHEMES:
        prf = doc.overall[s].prf(s)
        assert (prf.precision, prf.recall, prf.f1) == (None, None, None)
    state = MentionState()
    state.update(doc)
    assert state.macro("strict") == (None, None, None)


def test_empty_predictions_give_zero_recall_and_precision():
    doc = score_mentions([S(0, 5, "PER")], [])
    assert doc.overall["strict"].prf("strict").recall == 0.0
    assert doc.overall["strict"].prf("strict").precision == 0.0


def test_a_prediction_covering_two_gold_spans_pairs_with_the_larger_overlap():
    gold = [S(0, 4, "PER"), S(6, 20, "ORG")]
    pred = [S(0, 20, "ORG")]
    doc = score_mentions(gold, pred)
    assert doc.overall["type"].as_tuple() == (1, 0, 0, 1, 0)
    assert doc.overall["partial"].as_tuple() == (0, 0, 1, 1, 0)
    assert doc.confusion[("ORG", "ORG")] == 1 and doc.confusion[("PER", "∅")] == 1


def test_duplicate_predictions_count_once_the_copy_is_spurious():
    doc = score_mentions([S(0, 5, "PER")], [S(0, 5, "PER"), S(0, 5, "PER")])
    assert doc.overall["strict"].as_tuple() == (1, 0, 0, 0, 1)


def test_exact_boundaries_beat_a_larger_overlap_elsewhere():
    gold = [S(0, 10, "PER"), S(12, 14, "PER")]
    pred = [S(0, 14, "PER"), S(12, 14, "PER")]
    assert counts(gold, pred)["strict"] == (1, 1, 0, 0, 0)


def test_scores_do_not_depend_on_input_order():
    rng = random.Random(7)
    gold = [S(a, a + rng.randint(1, 9), rng.choice("AB")) for a in range(0, 300, 7)]
    pred = [S(a, a + rng.randint(1, 12), rng.choice("AB")) for a in range(2, 300, 5)]
    want = counts(gold, pred)
    for _ in range(5):
        rng.shuffle(gold)
        rng.shuffle(pred)
        assert counts(gold, pred) == want


def test_per_label_and_macro_average():
    gold = [S(0, 5, "PER"), S(10, 15, "ORG"), S(20, 25, "ORG")]
    pred = [S(0, 5, "PER"), S(10, 15, "ORG"), S(20, 25, "PER")]
    state = MentionState()
    state.update(score_mentions(gold, pred))
    per = {lab: c["strict"].as_tuple() for lab, c in state.per_label.items()}
    assert per == {"PER": (1, 0, 0, 0, 1), "ORG": (1, 0, 0, 1, 0)}
    p, r, f = state.macro("strict")
    assert p == pytest.approx((0.5 + 1.0) / 2)
    assert r == pytest.approx((1.0 + 0.5) / 2)
    assert f == pytest.approx(2 / 3)


def test_states_merge_like_one_pass():
    docs = [([S(0, 5, "PER")], [S(0, 5, "ORG")]), ([S(0, 5, "LOC")], [S(1, 5, "LOC")])]
    one = MentionState()
    for g, p in docs:
        one.update(score_mentions(g, p))
    a, b = MentionState(), MentionState()
    a.update(score_mentions(*docs[0]))
    b.update(score_mentions(*docs[1]))
    a.merge(b)
    assert {s: a.overall[s].as_tuple() for s in SCHEMES} == {s: one.overall[s].as_tuple() for s in SCHEMES}
    assert a.confusion == one.confusion and a.docs == 2
