"""Pairwise span F1 from the shared matching rule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.spans import PairSpans, labeled_pairs
from annotator.matching import LabeledSpan, match_spans


@st.composite
def span_lists(draw: st.DrawFn) -> list[LabeledSpan]:
    n = draw(st.integers(0, 12))
    out = []
    for i in range(n):
        start = draw(st.integers(0, 40))
        out.append(LabeledSpan(start, start + draw(st.integers(1, 8)), draw(st.sampled_from("ABC")), f"s{i}"))
    return out


@settings(max_examples=150, deadline=None)
@given(span_lists(), span_lists())
def test_exact_figures_equal_what_exact_matching_gives(a: list[LabeledSpan], b: list[LabeledSpan]) -> None:
    counts = PairSpans()
    counts.update(a, b)
    for name, labeled in (("exact", True), ("unlabeled", False)):
        direct = match_spans(a, b, mode="exact", labeled=labeled)
        overlap = match_spans(a, b, mode="overlap", labeled=labeled)
        assert counts.modes[name.replace("exact", "overlap") if labeled else "unlabeled_overlap"].matched == len(
            overlap.pairs
        )
        assert counts.modes[name].matched == len(direct.pairs)
        assert counts.modes[name].only_a == len(direct.gold_unmatched)
        assert counts.modes[name].only_b == len(direct.pred_unmatched)
    direct = match_spans(a, b, mode="exact", labeled=True)
    for label, agr in counts.labels["exact"].items():
        assert agr.matched == sum(1 for i, _ in direct.pairs if a[i].label == label)


def test_f1_is_symmetric_and_counts_each_side() -> None:
    a = [LabeledSpan(0, 5, "PER"), LabeledSpan(10, 14, "ORG"), LabeledSpan(20, 25, "GPE")]
    b = [LabeledSpan(0, 5, "PER"), LabeledSpan(10, 16, "ORG"), LabeledSpan(30, 31, "LOC")]
    ab, ba = PairSpans(), PairSpans()
    ab.update(a, b)
    ba.update(b, a)
    assert ab.modes["exact"].f1 == pytest.approx(2 * 1 / 6)
    assert ab.modes["overlap"].f1 == pytest.approx(2 * 2 / 6)
    for mode in ab.modes:
        assert ab.modes[mode].f1 == pytest.approx(ba.modes[mode].f1)
    assert ab.labels["exact"]["ORG"].only_a == 1 and ab.labels["overlap"]["ORG"].matched == 1
    assert ab.confusion[("GPE", "∅")] == 1 and ab.confusion[("∅", "LOC")] == 1


def test_label_swap_is_a_confusion_and_an_unlabeled_match() -> None:
    a, b = [LabeledSpan(0, 6, "GPE")], [LabeledSpan(0, 6, "ORG")]
    counts = PairSpans()
    counts.update(a, b)
    assert counts.modes["exact"].f1 == 0.0
    assert counts.modes["unlabeled"].f1 == 1.0
    assert counts.confusion == {("GPE", "ORG"): 1}


@settings(max_examples=300, deadline=None)
@given(span_lists(), span_lists())
def test_labeled_matching_from_the_unlabeled_one_equals_a_direct_one(
    a: list[LabeledSpan], b: list[LabeledSpan]
) -> None:
    unlabeled = match_spans(a, b, mode="overlap", labeled=False).pairs
    direct = match_spans(a, b, mode="overlap", labeled=True).pairs

    def key(pairs: list[tuple[int, int]]) -> list[tuple]:
        return sorted(((a[i].start, a[i].end, a[i].label), (b[j].start, b[j].end, b[j].label)) for i, j in pairs)

    assert key(labeled_pairs(a, b, unlabeled)) == key(direct)
