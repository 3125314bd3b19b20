"""Our four schemes against nervaluate, and strict micro F1 against seqeval, on generated data."""

from __future__ import annotations

import random

import pytest
from nervaluate import Evaluator
from seqeval.metrics import f1_score
from seqeval.scheme import IOB2

from annotator.evaluate.entities import MentionState, score_mentions
from annotator.metrics.counts import SCHEMES
from tests.evaluate.gen import LABELS, bio, generate

NERVALUATE_NAME = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


def _nervaluate_form(spans):
    """nervaluate's dict form: inclusive end offsets."""
    return [{"label": s.label, "start": s.start, "end": s.end - 1} for s in spans]


def _ours(docs):
    state = MentionState()
    for d in docs:
        state.update(score_mentions(d.gold, d.pred))
    return state


def _same(ours, theirs):
    got = (ours.cor, ours.inc, ours.par, ours.mis, ours.spu, ours.possible, ours.actual)
    want = (
        theirs.correct,
        theirs.incorrect,
        theirs.partial,
        theirs.missed,
        theirs.spurious,
        theirs.possible,
        theirs.actual,
    )
    return got == want


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_all_four_schemes_equal_nervaluate_overall_and_per_label(seed):
    docs = generate(random.Random(seed), 150)
    state = _ours(docs)
    results = Evaluator(
        [_nervaluate_form(d.gold) for d in docs],
        [_nervaluate_form(d.pred) for d in docs],
        tags=list(LABELS),
        loader="dict",
    ).evaluate()
    for scheme in SCHEMES:
        theirs = results["overall"][NERVALUATE_NAME[scheme]]
        ours = state.overall[scheme]
        assert _same(ours, theirs), scheme
        prf = ours.prf(scheme)
        assert prf.precision == pytest.approx(theirs.precision, abs=1e-12)
        assert prf.recall == pytest.approx(theirs.recall, abs=1e-12)
        assert prf.f1 == pytest.approx(theirs.f1, abs=1e-12)
    assert set(state.per_label) == set(results["entities"])
    for label, by_scheme in results["entities"].items():
        for scheme in SCHEMES:
            theirs = by_scheme[NERVALUATE_NAME[scheme]]
            ours = state.per_label[label][scheme]
            assert _same(ours, theirs), (label, scheme)
            assert ours.prf(scheme).f1 == pytest.approx(theirs.f1, abs=1e-12)


def test_generated_data_is_not_trivial():
    state = _ours(generate(random.Random(1), 150))
    strict, partial = state.overall["strict"], state.overall["partial"]
    assert strict.cor and strict.inc and strict.mis and strict.spu and partial.par


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_strict_micro_f1_equals_seqeval_on_bio_tags(seed):
    docs = generate(random.Random(seed), 200)
    y_true = [bio(d, d.gold) for d in docs]
    y_pred = [bio(d, d.pred) for d in docs]
    ours = _ours(docs).overall["strict"].prf("strict").f1
    assert ours == pytest.approx(f1_score(y_true, y_pred), abs=1e-12)
    assert ours == pytest.approx(f1_score(y_true, y_pred, mode="strict", scheme=IOB2), abs=1e-12)
