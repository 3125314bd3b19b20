"""MUC, B-cubed, CEAF-e and CoNLL on a hand-worked example."""

from __future__ import annotations

import pytest

from annotator.metrics.coref import b_cubed, ceaf_e, clusters_of, conll, muc, score_clusters

KEY = [frozenset("abc"), frozenset("de")]
RESPONSE = [frozenset("ab"), frozenset("cde")]


def test_muc_by_hand():
    s = muc(KEY, RESPONSE)
    assert (s.recall, s.precision) == pytest.approx((2 / 3, 2 / 3))


def test_b_cubed_by_hand():
    s = b_cubed(KEY, RESPONSE)
    assert (s.recall, s.precision) == pytest.approx((11 / 15, 11 / 15))


def test_ceaf_e_by_hand():
    s = ceaf_e(KEY, RESPONSE)
    assert (s.recall, s.precision) == pytest.approx((0.8, 0.8))


def test_conll_is_the_mean_f1():
    assert conll(score_clusters(KEY, RESPONSE)) == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)


def test_twinless_response_mentions_cost_precision_only():
    s = b_cubed([frozenset("ab")], [frozenset("abx")])
    assert s.recall == pytest.approx(1.0)
    assert s.precision == pytest.approx((4 / 3 + 0) / 3)
    m = muc([frozenset("ab")], [frozenset("abx")])
    assert (m.recall, m.precision) == pytest.approx((1.0, 0.5))


def test_identical_clusterings_score_one_and_singletons_are_added():
    clusters = clusters_of([["a", "b"]], ["a", "b", "c"])
    assert sorted(map(sorted, clusters)) == [["a", "b"], ["c"]]
    scores = score_clusters(clusters, clusters)
    assert all(s.f1 == pytest.approx(1.0) for s in scores.values())
