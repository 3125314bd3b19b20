"""The layer registry: one spelling of every layer, one anchor, one filler rule, one zone rule."""

from __future__ import annotations

import pytest

from annotator.cli import main
from annotator.evaluate import evaluate_records
from annotator.layers import (
    LAYERS,
    UnknownLayer,
    anchor,
    entity_clusters,
    filler_span,
    hopper_clusters,
    parse_layers,
    zone_of,
)
from annotator.model import Attribution, Span
from tests.evaluate.build import TEXT, mention, rec, span


def test_layer_names_are_the_record_fields_and_old_spellings_are_read() -> None:
    assert LAYERS == ("zones", "mentions", "entities", "events", "hoppers", "attributions", "relations", "doc_labels")
    assert parse_layers(["coref", "triggers"]) == ("entities", "events")
    assert parse_layers("attributions,mentions") == ("mentions", "attributions"), "report order, not typed order"
    assert parse_layers(["events", "mentions,hoppers"]) == ("mentions", "events", "hoppers")
    assert parse_layers(None) == LAYERS
    with pytest.raises(UnknownLayer, match="unknown layer 'entity'; choose from zones, mentions, entities"):
        parse_layers("entity")


def test_evaluate_and_agreement_take_the_same_layer_names(project, capsys) -> None:
    """One spelling for every command: `entities` in both, space- or comma-separated, and the same error."""
    for command in (["agreement"], ["evaluate", "--pred", str(project.gold_dir / "none.jsonl")]):
        assert main(["--project", str(project.root), *command, "--layers", "mentions", "entity"]) == 1
        assert "unknown layer 'entity'; choose from" in capsys.readouterr().err


def test_an_attribution_is_anchored_at_its_cue_else_its_earliest_content() -> None:
    content = (Span.of(TEXT, 36, 43), Span.of(TEXT, 0, 6))
    with_cue = Attribution(id="a1", cue=Span.of(TEXT, 44, 48), content=content)
    without = Attribution(id="a2", content=content)
    assert anchor(with_cue) == with_cue.cue
    assert anchor(without) == content[1], "the earliest content span, whatever the order they were stored in"
    assert anchor(Attribution(id="a3")) is None


def test_fillers_are_mentions_triggers_and_a_hoppers_earliest_trigger() -> None:
    events = [
        {"id": "v1", "type": "ATTACK", "trigger": span("attacked")},
        {"id": "v2", "type": "ATTACK", "trigger": span("Rebels")},
    ]
    r = rec(mentions=[mention("m1", "the base", "FAC")], events=events, hoppers=[{"id": "h1", "events": ["v1", "v2"]}])
    assert filler_span(r, "m1").text == "the base"
    assert filler_span(r, "v1").text == "attacked"
    assert filler_span(r, "h1").text == "Rebels"
    assert filler_span(r, "nothing") is None
    assert hopper_clusters(r) == [["v1", "v2"]]
    assert entity_clusters(r) == [["m1"]], "a mention in no entity is a cluster of its own"


def test_an_item_falls_in_the_zone_holding_its_anchor_start() -> None:
    zones = [
        {"id": "z1", "label": "BODY", **span("Rebels attacked the base on Monday, a monitor said.")},
        {"id": "z2", "label": "CAPTION", **span("Photo: fighters near the base")},
    ]
    r = rec(zones=zones, mentions=[mention("m1", "fighters", "PER")], attributions=[
        {"id": "a1", "cue": span("said"), "content": [span("Rebels attacked the base on Monday")]},
    ])  # fmt: skip
    assert zone_of(r.mentions[0], r.zones).label == "CAPTION"
    assert zone_of(r.attributions[0], r.zones).label == "BODY"


def test_a_perfect_hopper_result_in_a_caption_scores_one_not_two_thirds(scheme) -> None:
    """MUC has no link to score with one-event hoppers: it is n/a and CoNLL is the mean of the defined metrics."""
    zones = [
        {"id": "z1", "label": "BODY", **span("Rebels attacked the base on Monday, a monitor said.")},
        {"id": "z2", "label": "CAPTION", **span("Photo: fighters near the base")},
    ]
    events = [{"id": "v1", "type": "ATTACK", "trigger": span("attacked")}]
    caption = [{"id": "v2", "type": "MOVE", "trigger": span("near")}]
    hoppers = [{"id": "h1", "events": ["v1"]}, {"id": "h2", "events": ["v2"]}]
    gold = rec(zones=zones, events=events + caption, hoppers=hoppers)
    pred = rec("sys", events=events + caption, hoppers=hoppers)
    report = evaluate_records([gold], [pred], scheme, resamples=0)
    section = report.separate["CAPTION"]
    assert section.hoppers["hopper_muc"].f1 is None
    assert section.hopper_conll == pytest.approx(1.0)
    assert report.main.hopper_conll == pytest.approx(1.0)
