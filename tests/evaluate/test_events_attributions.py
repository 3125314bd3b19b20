"""Events and attributions on hand-worked cases."""

from __future__ import annotations

import pytest

from annotator.evaluate.masking import MAIN
from annotator.evaluate.scorer import score_document
from tests.evaluate.build import mention, rec, span

MENTIONS = [
    mention("m1", "Rebels", "ORG"),
    mention("m2", "the base", "FAC"),
    mention("m3", "Monday", "TIME"),
    mention("m4", "a monitor", "ORG"),
]


def scores(gold, pred, scheme):
    return score_document(gold, pred, scheme).sections[MAIN].scores


def pr(s):
    return (pytest.approx(s.precision), pytest.approx(s.recall))


def test_triggers_arguments_and_attributes(scheme):
    gold = rec(
        mentions=MENTIONS,
        events=[
            {
                "id": "v1",
                "type": "ATTACK",
                "trigger": span("attacked"),
                "args": [
                    {"role": "Attacker", "ref": "m1"},
                    {"role": "Target", "ref": "m2"},
                    {"role": "Time", "ref": "m3"},
                ],
            }
        ],
    )
    pred = rec(
        "sys",
        mentions=MENTIONS,
        events=[
            {
                "id": "v1",
                "type": "ATTACK",
                "trigger": span("attacked"),
                "attrs": {"realis": "GENERIC"},
                "args": [{"role": "Attacker", "ref": "m1"}, {"role": "Place", "ref": "m2"}],
            },
            {"id": "v2", "type": "DIE", "trigger": span("said")},
        ],
    )
    s = scores(gold, pred, scheme)
    assert pr(s["events/trigger_identification/exact"]) == (0.5, 1.0)
    assert pr(s["events/trigger_classification/exact"]) == (0.5, 1.0)
    assert pr(s["events/argument_identification/exact"]) == (1.0, 2 / 3)
    assert pr(s["events/argument_classification/exact"]) == (0.5, 1 / 3)
    assert pr(s["events/argument_classification_attached/exact"]) == (0.5, 1 / 3)
    assert s["events/realis_accuracy"].precision == 0.0
    assert s["events/polarity_accuracy"].precision == 1.0
    assert s["events/modality_accuracy"].p_den == 0


def test_attached_arguments_need_their_trigger(scheme):
    gold = rec(
        mentions=MENTIONS,
        events=[
            {"id": "v1", "type": "ATTACK", "trigger": span("attacked"), "args": [{"role": "Attacker", "ref": "m1"}]}
        ],
    )
    pred = rec(
        "sys",
        mentions=MENTIONS,
        events=[{"id": "v9", "type": "ATTACK", "trigger": span("said"), "args": [{"role": "Attacker", "ref": "m1"}]}],
    )
    s = scores(gold, pred, scheme)
    assert s["events/argument_classification/exact"].f1 == 1.0
    assert s["events/argument_classification_attached/exact"].f1 == 0.0
    assert s["events/trigger_identification/exact"].f1 == 0.0


def test_overlap_mode_pairs_a_longer_trigger(scheme):
    gold = rec(events=[{"id": "v1", "type": "ATTACK", "trigger": span("attacked")}])
    pred = rec("sys", events=[{"id": "v1", "type": "ATTACK", "trigger": span("Rebels attacked")}])
    s = scores(gold, pred, scheme)
    assert s["events/trigger_classification/exact"].f1 == 0.0
    assert s["events/trigger_classification/overlap"].f1 == 1.0


def test_hoppers_scored_as_clusters_of_events(scheme):
    events = [
        {"id": "v1", "type": "ATTACK", "trigger": span("attacked")},
        {"id": "v2", "type": "ATTACK", "trigger": span("said")},
    ]
    gold = rec(events=events, hoppers=[{"id": "H1", "events": ["v1", "v2"]}])
    pred = rec("sys", events=events, hoppers=[{"id": "H1", "events": ["v1"]}])
    s = scores(gold, pred, scheme)
    assert pr(s["hoppers/hopper_muc"]) == (0.0, 0.0)
    assert pr(s["hoppers/hopper_b_cubed"]) == (1.0, 0.5)


def test_attribution_components_joint_and_attributes(scheme):
    gold = rec(
        mentions=MENTIONS,
        attributions=[
            {"id": "a1", "source": "m4", "cue": span("said"), "content": [span("Rebels attacked the base on Monday")]}
        ],
    )
    pred = rec(
        "sys",
        mentions=MENTIONS,
        attributions=[
            {
                "id": "a1",
                "source": "m4",
                "cue": span("said"),
                "content": [span("attacked the base")],
                "attrs": {"stance": "DENIES"},
            }
        ],
    )
    s = scores(gold, pred, scheme)
    assert s["attributions/cue/exact"].f1 == 1.0
    assert s["attributions/source/exact"].f1 == 1.0
    assert s["attributions/content/exact"].f1 == 0.0
    assert pr(s["attributions/content/partial"]) == (1.0, 0.5)
    assert s["attributions/joint/exact"].f1 == 0.0
    assert s["attributions/joint/relaxed"].f1 == 1.0
    assert s["attributions/stance_accuracy"].precision == 0.0
    assert s["attributions/quote_accuracy"].precision == 1.0


def test_reports_and_role_claims_follow_the_pairings(scheme):
    events = [{"id": "v1", "type": "ATTACK", "trigger": span("attacked")}]
    ar = {
        "id": "a1",
        "source": "m4",
        "cue": span("said"),
        "content": [span("Rebels attacked the base")],
        "reports": ["v1"],
        "role_claims": [{"hopper": "v1", "role": "Attacker", "ref": "m1"}],
    }
    gold = rec(mentions=MENTIONS, events=events, attributions=[ar])
    pred_ar = {**ar, "id": "x7", "role_claims": [{"hopper": "e5", "role": "Target", "ref": "k1"}]}
    pred = rec(
        "sys",
        mentions=[{**MENTIONS[0], "id": "k1"}, *MENTIONS[1:]],
        events=[{**events[0], "id": "e5"}],
        attributions=[{**pred_ar, "reports": ["e5"]}],
    )
    s = scores(gold, pred, scheme)
    assert s["attributions/reports"].f1 == 1.0
    assert s["attributions/role_claims"].f1 == 0.0
    pred_ok = rec(
        "sys",
        mentions=[{**MENTIONS[0], "id": "k1"}, *MENTIONS[1:]],
        events=[{**events[0], "id": "e5"}],
        attributions=[
            {**pred_ar, "reports": ["e5"], "role_claims": [{"hopper": "e5", "role": "Attacker", "ref": "k1"}]}
        ],
    )
    assert scores(gold, pred_ok, scheme)["attributions/role_claims"].f1 == 1.0


def test_error_list_covers_triggers(scheme):
    gold = rec(events=[{"id": "v1", "type": "ATTACK", "trigger": span("attacked")}])
    pred = rec(
        "sys",
        events=[
            {"id": "v1", "type": "DIE", "trigger": span("attacked")},
            {"id": "v2", "type": "DIE", "trigger": span("said")},
        ],
    )
    errors = score_document(gold, pred, scheme, errors=True).errors
    kinds = sorted((e.layer, e.kind, (e.gold or e.pred)[3]) for e in errors)
    assert kinds == [("events", "mistyped", "attacked"), ("events", "spurious", "said")]


def test_error_list_covers_arguments(scheme):
    """A missed argument, a filler given the wrong role, and a spurious one, each with its text."""
    gold = rec(
        mentions=MENTIONS,
        events=[
            {
                "id": "v1",
                "type": "ATTACK",
                "trigger": span("attacked"),
                "args": [
                    {"role": "Attacker", "ref": "m1"},
                    {"role": "Target", "ref": "m2"},
                    {"role": "Time", "ref": "m3"},
                ],
            }
        ],
    )
    pred = rec(
        "sys",
        mentions=MENTIONS,
        events=[
            {
                "id": "e7",
                "type": "ATTACK",
                "trigger": span("attacked"),
                "args": [
                    {"role": "Attacker", "ref": "m1"},
                    {"role": "Place", "ref": "m2"},
                    {"role": "Target", "ref": "m4"},
                ],
            }
        ],
    )
    errors = score_document(gold, pred, scheme, errors=True).errors
    got = sorted((e.kind, e.gold, e.pred) for e in errors if e.layer == "event arguments")
    target = gold.mentions[1]
    monday, monitor = gold.mentions[2], gold.mentions[3]
    assert got == [
        ("missed", (monday.start, monday.end, "ATTACK/Time", "Monday"), None),
        (
            "mistyped",
            (target.start, target.end, "ATTACK/Target", "the base"),
            (target.start, target.end, "ATTACK/Place", "the base"),
        ),
        ("spurious", None, (monitor.start, monitor.end, "ATTACK/Target", "a monitor")),
    ]
    assert [e.kind for e in errors if e.layer == "events"] == []


def test_arguments_of_other_event_types_are_not_paired(scheme):
    gold = rec(
        mentions=MENTIONS,
        events=[
            {"id": "v1", "type": "ATTACK", "trigger": span("attacked"), "args": [{"role": "Attacker", "ref": "m1"}]}
        ],
    )
    pred = rec(
        "sys",
        mentions=MENTIONS,
        events=[{"id": "v1", "type": "DIE", "trigger": span("attacked"), "args": [{"role": "Attacker", "ref": "m1"}]}],
    )
    errors = score_document(gold, pred, scheme, errors=True).errors
    got = sorted((e.layer, e.kind, (e.gold or e.pred)[2]) for e in errors)
    assert got == [
        ("event arguments", "missed", "ATTACK/Attacker"),
        ("event arguments", "spurious", "DIE/Attacker"),
        ("events", "mistyped", "ATTACK"),
    ]


def test_error_list_covers_attribution_components(scheme):
    gold = rec(
        mentions=MENTIONS,
        attributions=[
            {"id": "a1", "source": "m4", "cue": span("said"), "content": [span("Rebels attacked the base on Monday")]},
            {"id": "a2", "cue": span("fighters"), "content": [span("near the base")]},
        ],
    )
    pred = rec(
        "sys",
        mentions=MENTIONS,
        attributions=[
            {"id": "x1", "source": "m1", "cue": span("said"), "content": [span("attacked the base")]},
            {"id": "a9", "content": [span("our newsletter")]},
        ],
    )
    errors = score_document(gold, pred, scheme, errors=True).errors
    got = sorted((e.layer, e.kind, (e.gold or e.pred)[2], (e.gold or e.pred)[3]) for e in errors)
    assert got == [
        ("attribution contents", "missed", "a2", "near the base"),
        ("attribution contents", "partial", "a1", "Rebels attacked the base on Monday"),
        ("attribution contents", "spurious", "a9", "our newsletter"),
        ("attribution cues", "missed", "a2", "fighters"),
        ("attribution sources", "missed", "a1", "a monitor"),
        ("attribution sources", "spurious", "x1", "Rebels"),
    ]
    partial = next(e for e in errors if e.kind == "partial")
    assert partial.pred[2:] == ("x1", "attacked the base")


def test_content_with_the_same_extent_but_other_spans_is_partial(scheme):
    whole = span("Rebels attacked the base on Monday")
    gold = rec(attributions=[{"id": "a1", "content": [whole]}])
    pred = rec("sys", attributions=[{"id": "a1", "content": [span("Rebels"), span("Monday")]}])
    errors = score_document(gold, pred, scheme, errors=True).errors
    assert [(e.layer, e.kind, e.pred[3]) for e in errors] == [("attribution contents", "partial", "Rebels … Monday")]
