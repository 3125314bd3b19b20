from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from annotator.corpus import Document
from annotator.model import AnnotationRecord, Span
from annotator.store import dumps_record
from annotator.validate import validate_record
from tests.factories import find, record, sample_record

DOC000 = "000_d246c74b127eef68"


@pytest.fixture
def doc(seeds):
    return seeds.get(DOC000)


def problems_after(rec: AnnotationRecord, doc, scheme, **update) -> list[str]:
    data = rec.to_json_dict()
    data.update(update)
    return validate_record(AnnotationRecord.model_validate(data), doc, scheme)


def test_sample_record_is_valid(doc, scheme):
    assert validate_record(sample_record(doc), doc, scheme) == []


def test_every_field_round_trips_through_a_json_line(doc):
    rec = sample_record(doc)
    line = dumps_record(rec)
    assert "\n" not in line
    back = AnnotationRecord.model_validate_json(line)
    assert back == rec.canonical()
    assert back.to_json_dict() == json.loads(line)
    assert back.attributions[0].role_claims[0].role == "Transported"
    assert back.entities[0].kb == "Q2429253"
    assert back.notes[0].text == "realis unclear"
    assert back.meta == {"source": "test"}


def test_canonical_form_sorts_annotations_by_offset(doc):
    rec = sample_record(doc)
    shuffled = rec.model_copy(update={"mentions": tuple(reversed(rec.mentions))})
    assert dumps_record(shuffled) == dumps_record(rec)
    starts = [m.start for m in shuffled.canonical().mentions]
    assert starts == sorted(starts)


def test_span_text_length_must_fit_its_offsets():
    with pytest.raises(ValidationError, match="has 4 characters"):
        Span(start=0, end=4, text="abc")
    with pytest.raises(ValidationError, match="before its start"):
        Span(start=5, end=4, text="")


def test_offsets_out_of_range_and_wrong_text_are_named(doc, scheme):
    rec = sample_record(doc)
    n = len(doc.text)
    bad = [
        {**rec.mentions[0].model_dump(), "start": n - 1, "end": n + 3, "text": "xxxx"},
        {**rec.mentions[1].model_dump(), "text": "X" * len(rec.mentions[1].text)},
    ]
    problems = problems_after(rec, doc, scheme, mentions=bad + [m.model_dump() for m in rec.mentions[2:]])
    assert any("m1" in p and "runs past the end" in p for p in problems)
    assert any("m2" in p and "but the document has 'more than 2,000 fighters'" in p for p in problems)
    assert all(p.startswith(f"doc {DOC000}") for p in problems)


def test_duplicate_ids_are_reported(doc, scheme):
    rec = sample_record(doc)
    mentions = [m.model_dump() for m in rec.mentions]
    mentions[1]["id"] = "m1"
    problems = problems_after(rec, doc, scheme, mentions=mentions)
    assert any("m1: id used 2 times" in p for p in problems)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("mentions", 0, "label"), "NATION", "unknown entity label 'NATION'"),
        (("zones", 0, "label"), "FOOTER", "unknown zone label 'FOOTER'"),
        (("events", 0, "type"), "PARADE", "unknown event type 'PARADE'"),
        (("events", 0, "args", 0, "role"), "Victim", "role 'Victim' is not a role of EVACUATE"),
        (("events", 0, "args", 0, "ref"), "m99", "refers to unknown id 'm99'"),
        (("events", 0, "args", 0, "ref"), "E1", "refers to entity E1"),
        (("events", 0, "attrs", "realis"), "MAYBE", "'MAYBE' is not one of ACTUAL, GENERIC, OTHER"),
        (("events", 0, "attrs", "colour"), "red", "unknown attribute 'colour'"),
        (("mentions", 0, "attrs", "level"), "NAME", "'NAME' is not one of NAM, NOM, PRO"),
        (("entities", 0, "mentions", 1), "v1", "cluster member 'v1' is not a mention"),
        (("hoppers", 0, "events", 1), "m1", "hopper member 'm1' is not an event"),
        (("attributions", 0, "source"), "v1", "source 'v1' is not a mention"),
        (("attributions", 0, "reports", 0), "m1", "reports 'm1', which is not an event or hopper"),
        (("attributions", 0, "parent"), "a1", "parent 'a1' is not another attribution"),
        (("attributions", 0, "attrs", "stance"), "YES", "'YES' is not one of ASSERTS"),
        (("attributions", 0, "role_claims", 0, "role"), "Attacker", "'Attacker' is not a role of EVACUATE"),
        (("notes", 0, "target"), "zz9", "note refers to unknown id 'zz9'"),
    ],
)
def test_each_reference_label_and_attribute_error_is_named(doc, scheme, path, value, expected):
    data = sample_record(doc).to_json_dict()
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    problems = validate_record(AnnotationRecord.model_validate(data), doc, scheme)
    assert any(expected in p for p in problems), problems


def test_role_filler_must_have_an_allowed_label(doc, scheme):
    data = sample_record(doc).to_json_dict()
    data["events"][0]["args"][1]["ref"] = "m1"  # Origin takes LOC/GPE/FAC, m1 is ORG
    problems = validate_record(AnnotationRecord.model_validate(data), doc, scheme)
    assert any("Origin filler m1 is ORG; EVACUATE.Origin takes LOC, GPE, FAC" in p for p in problems)


def test_an_event_argument_is_allowed_where_the_scheme_says_so(doc, scheme):
    data = sample_record(doc).to_json_dict()
    data["events"].append(
        {
            "id": "v3",
            "type": "REJECT",
            "trigger": find(doc, "rejected", 0).model_dump()
            if "rejected" in doc.text
            else find(doc, "said").model_dump(),
            "args": [{"role": "Rejected", "ref": "H1"}],
            "attrs": {},
        }
    )
    assert validate_record(AnnotationRecord.model_validate(data), doc, scheme) == []
    data["events"][-1]["args"] = [{"role": "Rejecter", "ref": "H1"}]
    problems = validate_record(AnnotationRecord.model_validate(data), doc, scheme)
    assert any("Rejecter refers to hopper H1; it takes a mention" in p for p in problems)


def test_conditional_and_required_attributes(doc, scheme):
    data = sample_record(doc).to_json_dict()
    data["events"][0]["attrs"] = {"realis": "ACTUAL", "modality": "PLANNED"}
    data["events"][1]["attrs"] = {"realis": "OTHER"}
    data["mentions"][0]["attrs"] = {}
    problems = validate_record(AnnotationRecord.model_validate(data), doc, scheme)
    assert any("v1: attribute 'modality' does not apply here (only when realis = OTHER)" in p for p in problems)
    assert any("v2: attribute 'modality' is required" in p for p in problems)
    assert any("m1: attribute 'level' is required" in p for p in problems)
    lenient = validate_record(AnnotationRecord.model_validate(data), doc, scheme, strict=False)
    assert not any("is required" in p for p in lenient)


def test_clusters_are_type_locked(doc, scheme):
    data = sample_record(doc).to_json_dict()
    data["entities"][0]["mentions"] = ["m1", "m2"]
    problems = validate_record(AnnotationRecord.model_validate(data), doc, scheme)
    assert any("cluster mixes entity labels ['ORG', 'PER']" in p for p in problems)


def test_mentions_in_boilerplate_are_refused(doc, scheme):
    data = sample_record(doc).to_json_dict()
    span = find(doc, "technical problem")
    data["mentions"].append({"id": "m9", "label": "ORG", **span.model_dump(), "attrs": {"level": "NOM"}})
    problems = validate_record(AnnotationRecord.model_validate(data), doc, scheme)
    assert any("m9: mention 'technical problem' lies in BOILERPLATE zone z1" in p for p in problems)


def test_drift_is_reported_when_the_document_changed(doc, scheme):
    rec = sample_record(doc)
    changed = Document(doc.id, "Breaking: " + doc.text)
    problems = validate_record(rec, changed, scheme)
    assert any("drift: the document text changed" in p for p in problems)
    assert any("but the document has" in p for p in problems)


def test_missing_document_and_wrong_scheme_are_reported(doc, scheme):
    rec = record(doc).model_copy(update={"scheme": "other/2"})
    problems = validate_record(rec, None, scheme)
    assert any("document not found" in p for p in problems)
    assert any("made with scheme 'other/2'" in p for p in problems)


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
    st.data(),
)
def test_spans_round_trip_on_any_unicode_text(text, data):
    text = "\u201cQuoted\u201d \u2014 " + text + " \u2019s \U0001f600 \u4e2d\u6587"
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    doc = Document("d1", text)
    span = Span.of(text, start, end)
    rec = record(doc, mentions=[{"id": "m1", "label": "PER", **span.model_dump(), "attrs": {"level": "NAM"}}])
    back = AnnotationRecord.model_validate_json(dumps_record(rec))
    assert back.mentions[0].text == text[start:end]
    assert (back.mentions[0].start, back.mentions[0].end) == (start, end)
