"""Evaluation and agreement of relations, discontinuous mentions, document labels and links, worked by hand."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.agreement.collect import select
from annotator.agreement.compute import compute
from annotator.evaluate.api import evaluate_records
from annotator.model import AnnotationRecord
from tests.evaluate.build import TEXT, mention, rec, span


def rel(ident: str, rtype: str, a: tuple[str, str], b: tuple[str, str]) -> dict[str, Any]:
    return {"id": ident, "type": rtype, "args": [{"role": a[0], "ref": a[1]}, {"role": b[0], "ref": b[1]}]}


MENTIONS = [mention("m1", "Rebels", "ORG"), mention("m2", "the base", "FAC"), mention("m3", "a monitor", "ORG")]
GOLD_RELATIONS = [
    rel("r1", "ALLIED_WITH", ("Ally", "m1"), ("Ally", "m3")),
    rel("r2", "LOCATED_IN", ("Located", "m1"), ("Place", "m2")),
    rel("r3", "MEMBER_OF", ("Member", "m1"), ("Group", "m3")),
]
PRED_RELATIONS = [
    rel("r1", "ALLIED_WITH", ("Ally", "m3"), ("Ally", "m1")),
    rel("r2", "LOCATED_IN", ("Located", "m1"), ("Place", "m2")),
    rel("r3", "MEMBER_OF", ("Member", "m3"), ("Group", "m1")),
]
PRED_MENTIONS = [mention("m1", "Rebels", "ORG"), mention("m2", "base", "FAC"), mention("m3", "a monitor", "ORG")]


def figures(section: Any, group: str) -> dict[str, tuple[float | None, float | None, float | None]]:
    return {k: (s.precision, s.recall, s.f1) for k, s in getattr(section, group).items()}


def test_relations_are_strict_on_both_arguments_and_symmetric_ones_match_in_either_order(scheme) -> None:
    """Gold 3, predicted 3. ALLIED_WITH reversed: symmetric, a match. LOCATED_IN: its Place is `base`, not
    `the base`: no match. MEMBER_OF reversed: directed, no match. So 1/3 overall."""
    gold = rec(mentions=MENTIONS, relations=GOLD_RELATIONS)
    pred = rec("sys", mentions=PRED_MENTIONS, relations=PRED_RELATIONS)
    report = evaluate_records([gold], [pred], scheme, resamples=0)
    assert "relations" in report.layers_scored
    third = pytest.approx(1 / 3)
    assert figures(report.main, "relations") == {
        "all": (third, third, third),
        "ALLIED_WITH": (1.0, 1.0, 1.0),
        "LOCATED_IN": (0.0, 0.0, 0.0),
        "MEMBER_OF": (0.0, 0.0, 0.0),
    }


def test_discontinuous_mentions_strict_needs_every_fragment_partial_credits_overlap(scheme) -> None:
    """Gold: `Rebels … the base` (two fragments) and `a monitor`. Prediction: `Rebels … base` (second fragment
    shorter) and `a monitor`. Strict: 1 of 2 each side. Partial: 1 + 0.5 of 2: 0.75."""
    frag = {"fragments": [span("Rebels"), span("the base")]}
    whole = {"start": 0, "end": span("the base")["end"], "text": TEXT[: span("the base")["end"]]}
    gold = rec(mentions=[{"id": "m1", "label": "ORG", **whole, **frag}, mention("m3", "a monitor", "ORG")])
    pfrag = {"fragments": [span("Rebels"), span("base")]}
    pred = rec("sys", mentions=[{"id": "m1", "label": "ORG", **whole, **pfrag}, mention("m3", "a monitor", "ORG")])
    report = evaluate_records([gold], [pred], scheme, resamples=0)
    assert figures(report.main, "fragments") == {"strict": (0.5, 0.5, 0.5), "partial": (0.75, 0.75, 0.75)}
    assert report.main.mentions is not None and report.main.mentions.schemes["strict"].cor == 2, (
        "the extent-based table alone would call both correct"
    )


def labelled(doc: str, annotator: str, *labels: str) -> AnnotationRecord:
    return rec(annotator, doc, doc_labels=list(labels))


def test_document_labels_accuracy_and_per_label_prf(scheme) -> None:
    """d1 RELEVANT/RELEVANT, d2 RELEVANT/BACKGROUND, d3 NOT_RELEVANT/NOT_RELEVANT, d4 BACKGROUND/RELEVANT.
    Accuracy 2/4. RELEVANT: predicted 2, gold 2, right 1: 0.5/0.5. BACKGROUND: 0 of 1 and 1. NOT_RELEVANT 1."""
    gold = [
        labelled("d1", "gold", "RELEVANT"),
        labelled("d2", "gold", "RELEVANT"),
        labelled("d3", "gold", "NOT_RELEVANT"),
        labelled("d4", "gold", "BACKGROUND"),
    ]
    pred = [
        labelled("d1", "s", "RELEVANT"),
        labelled("d2", "s", "BACKGROUND"),
        labelled("d3", "s", "NOT_RELEVANT"),
        labelled("d4", "s", "RELEVANT"),
    ]
    report = evaluate_records(gold, pred, scheme, resamples=0)
    got = figures(report.main, "doc_labels")
    assert got["accuracy"] == (0.5, 0.5, 0.5)
    assert got["micro"] == (0.5, 0.5, 0.5)
    assert got["RELEVANT"] == (0.5, 0.5, 0.5)
    assert got["BACKGROUND"] == (0.0, 0.0, 0.0)
    assert got["NOT_RELEVANT"] == (1.0, 1.0, 1.0)


def test_links_are_scored_on_linked_mentions_and_on_clusters(scheme) -> None:
    """Gold links the Rebels cluster (2 mentions) to syr:rebels and `a monitor` to syr:sohr; the prediction links
    Rebels right but `a monitor` to syr:un. Mentions: 2 of 3 both ways; clusters: 1 of 2."""
    mentions = [mention("m1", "Rebels", "ORG"), mention("m3", "a monitor", "ORG"), mention("m4", "Rebels", "ORG", 1)]
    gold = rec(
        mentions=mentions,
        entities=[
            {"id": "e1", "mentions": ["m1", "m4"], "kb": "syr:rebels"},
            {"id": "e2", "mentions": ["m3"], "kb": "syr:sohr"},
        ],
    )
    pred = rec(
        "s",
        mentions=mentions,
        entities=[
            {"id": "e1", "mentions": ["m1", "m4"], "kb": "syr:rebels"},
            {"id": "e2", "mentions": ["m3"], "kb": "syr:un"},
        ],
    )
    report = evaluate_records([gold], [pred], scheme, resamples=0)
    two_thirds = pytest.approx(2 / 3)
    assert figures(report.main, "links") == {
        "mentions": (two_thirds, two_thirds, two_thirds),
        "clusters": (0.5, 0.5, 0.5),
    }


def test_reports_without_the_new_structures_do_not_list_them(scheme) -> None:
    report = evaluate_records([rec(mentions=MENTIONS)], [rec("s", mentions=MENTIONS)], scheme, resamples=0)
    assert (report.main.relations, report.main.doc_labels, report.main.fragments, report.main.links) == (None,) * 4


def test_agreement_uses_the_same_scores_and_chance_corrected_coefficients_for_document_labels(scheme) -> None:
    """a and b: relations as gold and prediction above (F1 1/3). Document labels over four documents:
    a = R, R, N, B; b = R, B, N, R; c = R, R, N, B. Pair (a, c) agrees on all: kappa 1. Pair (a, b):
    observed 2/4; expected from the marginals a (R .5, N .25, B .25), b (R .5, B .25, N .25):
    .25 + .0625 + .0625 = .375, kappa (.5 - .375) / .625 = 0.2."""
    labels = {
        "a": ["RELEVANT", "RELEVANT", "NOT_RELEVANT", "BACKGROUND"],
        "b": ["RELEVANT", "BACKGROUND", "NOT_RELEVANT", "RELEVANT"],
        "c": ["RELEVANT", "RELEVANT", "NOT_RELEVANT", "BACKGROUND"],
    }
    by: dict[str, dict[str, AnnotationRecord]] = {}
    for who, values in labels.items():
        docs = {f"d{i + 1}": rec(who, f"d{i + 1}", doc_labels=[v], status="done") for i, v in enumerate(values)}
        by[who] = docs
    by["a"]["d1"] = rec("a", "d1", doc_labels=["RELEVANT"], status="done", mentions=MENTIONS, relations=GOLD_RELATIONS)
    by["b"]["d1"] = rec(
        "b", "d1", doc_labels=["RELEVANT"], status="done", mentions=PRED_MENTIONS, relations=PRED_RELATIONS
    )
    selection = select(by, {f"d{i}": TEXT for i in range(1, 5)})
    report = compute(selection, ["relations", "doc_labels"], scheme=scheme)
    measures = {(m.name, p.a, p.b): p.value for m in report.measures for p in m.pairs}
    assert measures[("relation F1 (strict on both arguments)", "a", "b")] == pytest.approx(1 / 3)
    assert measures[("document label accuracy", "a", "c")] == 1.0
    assert measures[("document label accuracy", "a", "b")] == 0.5
    coefficient = next(c for c in report.coefficients if c.layer == "doc_labels")
    kappas = {(p.a, p.b): p.value for p in coefficient.kappa.pairs}
    assert kappas[("a", "c")] == pytest.approx(1.0)
    assert kappas[("a", "b")] == pytest.approx(0.2)
    assert coefficient.units == 4 and coefficient.fleiss_units == 4
    assert coefficient.alpha is not None and coefficient.fleiss is not None
    assert 0.2 < coefficient.fleiss < 1.0


def test_document_label_fleiss_and_alpha_agree_with_the_reference_packages(scheme) -> None:
    import krippendorff
    from statsmodels.stats.inter_rater import fleiss_kappa

    values = {"a": ["R", "R", "N", "B", "R"], "b": ["R", "B", "N", "R", "R"], "c": ["R", "R", "N", "B", "B"]}
    names = {"R": "RELEVANT", "B": "BACKGROUND", "N": "NOT_RELEVANT"}
    by = {
        who: {f"d{i}": rec(who, f"d{i}", doc_labels=[names[v]], status="done") for i, v in enumerate(vs)}
        for who, vs in values.items()
    }
    report = compute(select(by, {f"d{i}": TEXT for i in range(5)}), ["doc_labels"], scheme=scheme)
    coefficient = next(c for c in report.coefficients if c.layer == "doc_labels")
    cats = ["R", "B", "N"]
    table = [[sum(values[w][i] == c for w in values) for c in cats] for i in range(5)]
    assert coefficient.fleiss == pytest.approx(fleiss_kappa(table))
    data = [[cats.index(v) for v in vs] for vs in values.values()]
    assert coefficient.alpha == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
