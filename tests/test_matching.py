from __future__ import annotations

from typing import Literal

from hypothesis import given
from hypothesis import strategies as st

from annotator.matching import LabeledSpan, match_spans, match_spans_batch, row_ranks

S = LabeledSpan


def pairs_by_value(gold, pred, m):
    return sorted((gold[i], pred[j]) for i, j in m.pairs)


def test_exact_boundaries_pair_before_overlaps():
    gold = [S(0, 10, "PER")]
    pred = [S(0, 5, "PER"), S(0, 10, "ORG")]
    m = match_spans(gold, pred, mode="overlap")
    assert m.pairs == [(0, 1)]
    assert m.pred_unmatched == [0]


def test_largest_overlap_wins_and_matching_is_one_to_one():
    gold = [S(0, 10, "PER"), S(12, 20, "PER")]
    pred = [S(5, 18, "PER")]
    m = match_spans(gold, pred, mode="overlap")
    assert pairs_by_value(gold, pred, m) == [(S(12, 20, "PER"), S(5, 18, "PER"))]
    assert m.gold_unmatched == [0]


def test_exact_mode_ignores_partial_overlaps_and_labeled_mode_ignores_other_labels():
    gold = [S(0, 10, "PER")]
    assert match_spans(gold, [S(0, 9, "PER")]).pairs == []
    assert match_spans(gold, [S(0, 10, "ORG")], labeled=True).pairs == []
    assert match_spans(gold, [S(0, 10, "ORG")]).pairs == [(0, 0)]


def test_same_label_is_preferred_on_equal_overlap():
    gold = [S(0, 10, "PER")]
    pred = [S(0, 10, "ORG"), S(0, 10, "PER")]
    assert match_spans(gold, pred).pairs == [(0, 1)]


spans = st.lists(
    st.builds(
        lambda s, n, lab: S(s, s + n, lab),
        st.integers(0, 40),
        st.integers(0, 8),
        st.sampled_from(["A", "B"]),
    ),
    max_size=8,
)


@given(spans, spans, st.randoms(use_true_random=False), st.sampled_from(["exact", "overlap"]), st.booleans())
def test_matching_does_not_depend_on_input_order(gold, pred, rnd, mode, labeled):
    m1 = match_spans(gold, pred, mode=mode, labeled=labeled)
    g2, p2 = gold[:], pred[:]
    rnd.shuffle(g2)
    rnd.shuffle(p2)
    m2 = match_spans(g2, p2, mode=mode, labeled=labeled)
    assert pairs_by_value(gold, pred, m1) == pairs_by_value(g2, p2, m2)
    used_g = [i for i, _ in m1.pairs]
    used_p = [j for _, j in m1.pairs]
    assert len(set(used_g)) == len(used_g) and len(set(used_p)) == len(used_p)
    assert sorted(used_g + m1.gold_unmatched) == list(range(len(gold)))


def _columns(docs: list[list[S]], labels: list[str]) -> tuple[list[int], list[int], list[int], list[int]]:
    flat = [(d, s) for d, doc in enumerate(docs) for s in doc]
    return (
        [d for d, _ in flat],
        [s.start for _, s in flat],
        [s.end for _, s in flat],
        [labels.index(s.label) for _, s in flat],
    )


def assert_batch_pairs_as_one_by_one(
    gold_docs: list[list[S]], pred_docs: list[list[S]], mode: Literal["exact", "overlap"], labeled: bool
) -> None:
    """The batch matching of all documents pairs exactly what ``match_spans`` pairs in each."""
    labels = ["A", "B"]
    gi, pj = match_spans_batch(_columns(gold_docs, labels), _columns(pred_docs, labels), mode=mode, labeled=labeled)
    expected = []
    g_base = p_base = 0
    for gold, pred in zip(gold_docs, pred_docs, strict=True):
        m = match_spans(gold, pred, mode=mode, labeled=labeled)
        expected += [(g_base + i, p_base + j) for i, j in m.pairs]
        g_base += len(gold)
        p_base += len(pred)
    assert sorted(zip(gi.tolist(), pj.tolist(), strict=True)) == sorted(expected)


@given(
    st.lists(st.tuples(spans, spans, st.booleans()), min_size=1, max_size=4),
    st.sampled_from(["exact", "overlap"]),
    st.booleans(),
)
def test_batch_matching_pairs_what_match_spans_pairs_document_by_document(docs, mode, labeled):
    """Many documents at once, competing and duplicate spans included, give the very pairs of the one rule."""
    gold_docs = [g for g, _, _ in docs]
    pred_docs = [g[:3] + p if share else p for g, p, share in docs]
    assert_batch_pairs_as_one_by_one(gold_docs, pred_docs, mode, labeled)


@given(
    st.lists(st.tuples(spans, spans, st.booleans()), min_size=1, max_size=4),
    st.sampled_from(["exact", "overlap"]),
    st.booleans(),
)
def test_batch_matching_of_offsets_too_large_to_pack_pairs_what_match_spans_pairs(docs, mode, labeled):
    """Offsets and lengths beyond what the packed ranking holds (every offset times 2**32) rank on every key."""

    def moved(doc: list[S]) -> list[S]:
        return [S(s.start * 2**32, s.end * 2**32, s.label) for s in doc]

    gold_docs = [moved(g) for g, _, _ in docs]
    pred_docs = [g[:3] + moved(p) if share else moved(p) for g, (_, p, share) in zip(gold_docs, docs, strict=True)]
    assert_batch_pairs_as_one_by_one(gold_docs, pred_docs, mode, labeled)


def test_row_ranks_order_rows_as_sorting_them_does_packed_or_not():
    import numpy as np

    rng = np.random.default_rng(1)
    doc, start, end = (rng.integers(0, 6, 300) for _ in range(3))
    ranks = row_ranks(doc, start, end)
    rows = sorted(set(zip(doc.tolist(), start.tolist(), end.tolist(), strict=True)))
    assert ranks.tolist() == [rows.index(r) for r in zip(doc.tolist(), start.tolist(), end.tolist(), strict=True)]
    assert row_ranks(doc, start * 2**40, end * 2**40).tolist() == ranks.tolist()
