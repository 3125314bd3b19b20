"""Zones from the gold mask or separate predictions; absent layers are reported, not scored as zero."""

from __future__ import annotations

from annotator.evaluate import evaluate_records
from annotator.evaluate.masking import MAIN
from annotator.evaluate.scorer import score_document
from tests.evaluate.build import mention, rec, span

ZONES = [
    {"id": "z1", "label": "BODY", **span("Rebels attacked the base on Monday, a monitor said.")},
    {"id": "z2", "label": "CAPTION", **span("Photo: fighters near the base")},
    {"id": "z3", "label": "BOILERPLATE", **span("Subscribe to our newsletter for Rebels news.")},
]


def test_predictions_in_boilerplate_are_masked_and_counted_as_leakage(scheme):
    gold = rec(zones=ZONES, mentions=[mention("m1", "Rebels", "ORG")])
    pred = rec("sys", mentions=[mention("m1", "Rebels", "ORG"), mention("m2", "Rebels", "ORG", nth=1)])
    result = score_document(gold, pred, scheme)
    main = result.sections[MAIN].mentions.overall["strict"]
    assert main.as_tuple() == (1, 0, 0, 0, 0)
    assert result.leakage == {"mentions:BOILERPLATE": 1}


def test_captions_are_scored_apart_from_the_main_figures(scheme):
    gold = rec(zones=ZONES, mentions=[mention("m1", "Rebels", "ORG"), mention("m2", "fighters", "PER")])
    pred = rec("sys", mentions=[mention("m1", "Rebels", "ORG")])
    report = evaluate_records([gold], [pred], scheme, resamples=0, errors=True)
    assert [(e.layer, e.kind) for e in report.errors] == [("mentions (CAPTION)", "missed")]
    assert report.main.mentions.schemes["strict"].mis == 0
    assert report.main.mentions.schemes["strict"].f1 == 1.0
    assert report.separate["CAPTION"].mentions.schemes["strict"].mis == 1


def test_a_mentions_only_system_is_not_scored_on_events(scheme):
    events = [{"id": "v1", "type": "ATTACK", "trigger": span("attacked")}]
    gold = rec(mentions=[mention("m1", "Rebels", "ORG")], events=events)
    pred = rec("sys", mentions=[mention("m1", "Rebels", "ORG")])
    report = evaluate_records([gold], [pred], scheme, resamples=0)
    assert report.layers_scored == ["mentions"]
    assert report.layers_absent == ["events"]
    assert report.main.events is None
    assert report.main.mentions.schemes["strict"].f1 == 1.0


def test_declared_layers_make_an_empty_layer_present(scheme):
    events = [{"id": "v1", "type": "ATTACK", "trigger": span("attacked")}]
    gold = rec(events=events)
    pred = rec("sys", meta={"layers": ["events"]})
    report = evaluate_records([gold], [pred], scheme, resamples=0)
    assert "events" in report.layers_scored
    assert report.main.events["trigger_identification/exact"].recall == 0.0


def test_a_gold_document_without_prediction_counts_as_missed(scheme):
    gold = [rec(mentions=[mention("m1", "Rebels", "ORG")]), rec(doc="d2", mentions=[mention("m1", "Rebels", "ORG")])]
    pred = [rec("sys", mentions=[mention("m1", "Rebels", "ORG")])]
    report = evaluate_records(gold, pred, scheme, resamples=0)
    assert report.documents_without_prediction == ["d2"]
    assert report.main.mentions.schemes["strict"].recall == 0.5
