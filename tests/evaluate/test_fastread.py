"""The fast lane gives validate_record's verdict: its quick yes only for records the model and validator accept."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from annotator.corpus import Document
from annotator.fastread import FastRecord, decode, lenient_problems, plainly_valid, problems
from annotator.model import AnnotationRecord
from tests.evaluate.build import TEXT, mention, rec

GOOD = rec(
    "sys",
    mentions=[mention("m1", "Rebels", "ORG", nth=0) | {"attrs": {"level": "NAM"}}, mention("m2", "the base", "FAC")],
).to_json_dict()


def _mutate(path: tuple, value) -> dict:
    data = json.loads(json.dumps(GOOD))
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


BAD = {
    "unknown label": _mutate(("mentions", 0, "label"), "ALIEN"),
    "duplicate id": _mutate(("mentions", 1, "id"), "m1"),
    "bad id": _mutate(("mentions", 1, "id"), "m 2"),
    "id with a newline": _mutate(("mentions", 1, "id"), "m2\nm3"),
    "id ending in a newline": _mutate(("mentions", 1, "id"), "m2\n"),
    "text of the wrong length": _mutate(("mentions", 0, "text"), "Rebel"),
    "end before start": _mutate(("mentions", 0, "end"), 0),
    "negative start": _mutate(("mentions", 0, "start"), -1),
    "unknown attribute": _mutate(("mentions", 0, "attrs"), {"mood": "ok"}),
    "attribute for another label": _mutate(("mentions", 1, "attrs"), {"org_kind": "IGO"}),
    "bad enum value": _mutate(("mentions", 0, "attrs"), {"level": "XYZ"}),
    "unknown key": _mutate(("mentions", 0, "colour"), "red"),
    "unknown record key": _mutate(("colour",), "red"),
    "bad sha": _mutate(("doc_sha256",), "abc"),
    "bad status": _mutate(("status",), "later"),
}


def _doc(text: str | None) -> Document | None:
    return Document("d1", text) if text is not None else None


def _slow_verdict(data: dict, text: str | None, scheme) -> bool:
    try:
        record = AnnotationRecord.model_validate(data)
    except ValidationError:
        return False
    return not lenient_problems(record, _doc(text), scheme)


def _fast_verdict(data: dict, text: str | None, scheme) -> bool:
    got = decode(json.dumps(data).encode())
    return got is not None and not problems(got, scheme, _doc(text))


def _quick_yes(data: dict, text: str | None, scheme) -> bool:
    got = decode(json.dumps(data).encode())
    return got is not None and plainly_valid(got, scheme, _doc(text))


def test_a_good_plain_record_takes_the_fast_lane(scheme):
    got = decode(json.dumps(GOOD).encode())
    assert isinstance(got, FastRecord)
    assert not problems(got, scheme, _doc(TEXT))
    assert got.to_model() == AnnotationRecord.model_validate(GOOD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_the_fast_lane_never_accepts_what_the_validator_rejects(name, scheme):
    data = BAD[name]
    assert not _slow_verdict(data, TEXT, scheme), "the mutation should be invalid"
    assert not _fast_verdict(data, TEXT, scheme)
    assert not _quick_yes(data, TEXT, scheme)


def test_text_is_checked_against_the_document_when_there_is_one(scheme):
    data = _mutate(("mentions", 0, "start"), 1) | {}
    data["mentions"][0]["end"] = 7
    data["mentions"][0]["text"] = "xxxxxx"
    assert _fast_verdict(data, None, scheme)
    assert not _fast_verdict(data, TEXT, scheme)
    assert not _slow_verdict(data, TEXT, scheme)


def test_what_the_fast_lane_cannot_vouch_for_goes_to_the_model(scheme):
    data = _mutate(("mentions", 0, "start"), "0")
    assert decode(json.dumps(data).encode()) is None
    assert _slow_verdict(data, TEXT, scheme)


def test_records_with_other_layers_take_the_ordinary_path():
    data = _mutate(
        ("events",), [{"id": "v1", "type": "ATTACK", "trigger": {"start": 7, "end": 15, "text": "attacked"}}]
    )
    assert decode(json.dumps(data).encode()) is None


def test_a_plain_record_without_attributes_gets_the_quick_yes(scheme):
    data = _mutate(("mentions", 0, "attrs"), {})
    assert _quick_yes(data, TEXT, scheme)
    assert _slow_verdict(data, TEXT, scheme)


def test_evaluation_reports_text_drift_in_plain_predictions(scheme, tmp_path):
    """Gold and predictions both made on an older text: the corpus text has changed since."""
    from annotator.corpus import Corpus
    from annotator.evaluate import evaluate_files
    from annotator.evaluate.stream import EvaluationInputError

    plain = _mutate(("mentions", 0, "attrs"), {})
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text(json.dumps(plain | {"annotator": "gold"}) + "\n", encoding="utf-8")
    pred.write_text(json.dumps(plain) + "\n", encoding="utf-8")
    edited = Corpus({"d1": Document("d1", TEXT.replace("Monday", "Sunday"))})
    assert evaluate_files(gold, pred, scheme, corpus=Corpus({"d1": Document("d1", TEXT)}), resamples=0)
    with pytest.raises(EvaluationInputError) as err:
        evaluate_files(gold, pred, scheme, corpus=edited, resamples=0)
    assert f"{pred}:1: doc d1: drift: the document text changed" in str(err.value)
