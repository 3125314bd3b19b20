"""Relations, discontinuous mentions and document labels: JSON round trip, validation rules, edits."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from annotator import editing as ed
from annotator.model import AnnotationRecord, Mention, Span
from annotator.store import dumps_record
from annotator.validate import validate_record
from tests.factories import find, record, sample_record

SEED = "001_aab8a3634b40cb55"


@pytest.fixture
def doc(seeds):
    return seeds.get(SEED)


def with_mentions(doc, *items: tuple[str, str, str]) -> AnnotationRecord:
    """A record with mentions (id, words, label), NAM level so they validate."""
    mentions = [
        Mention(id=i, label=label, attrs={"level": "NAM"}, **find(doc, words).model_dump()) for i, words, label in items
    ]
    return record(doc, mentions=tuple(mentions))


def base(doc) -> AnnotationRecord:
    return with_mentions(
        doc, ("m1", "Zahran Alloush", "PER"), ("m2", "Jaysh al-Islam", "ORG"), ("m3", "Russian", "GPE")
    )


def test_every_new_field_survives_a_round_trip_and_is_absent_when_unused(doc, scheme) -> None:
    r = base(doc)
    r, _ = ed.add_relation(r, scheme, "MEMBER_OF", "m1", "m2")
    r = ed.toggle_doc_label(r, scheme, "RELEVANT")
    r = ed.toggle_fragment(r, doc.text, scheme, "m2", *find(doc, "Leader").key)
    r, _ = ed.attach(r, "m3", None)
    r = ed.set_kb(r, "m3", "syr:russia", "Russia")
    line = dumps_record(r)
    back = AnnotationRecord.model_validate_json(line)
    assert back == r.canonical() and dumps_record(back) == line
    data = json.loads(line)
    assert data["relations"] == [
        {"id": "r1", "type": "MEMBER_OF", "args": [{"role": "Member", "ref": "m1"}, {"role": "Group", "ref": "m2"}]}
    ]
    assert data["doc_labels"] == ["RELEVANT"]
    m2 = next(m for m in data["mentions"] if m["id"] == "m2")
    assert [f["text"] for f in m2["fragments"]] == ["Leader", "Jaysh al-Islam"]
    assert data["entities"][0]["kb"] == "syr:russia" and data["entities"][0]["name"] == "Russia"
    plain = json.loads(dumps_record(base(doc)))
    assert "relations" not in plain and "doc_labels" not in plain
    assert all("fragments" not in m for m in plain["mentions"])
    assert validate_record(back, doc, scheme) == []


def test_the_full_sample_record_is_written_as_before(seeds) -> None:
    r = sample_record(seeds.get("000_d246c74b127eef68"))
    assert list(r.to_json_dict()) == [
        "format",
        "doc",
        "doc_sha256",
        "annotator",
        "scheme",
        "status",
        "updated",
        "zones",
        "mentions",
        "entities",
        "events",
        "hoppers",
        "attributions",
        "notes",
        "meta",
    ]


def test_a_mention_refuses_fragments_that_do_not_make_up_its_extent(doc) -> None:
    a, b = find(doc, "Leader"), find(doc, "Jaysh al-Islam")
    whole = Span.of(doc.text, a.start, b.end)
    ok = Mention(id="m1", label="ORG", fragments=(a, b), **whole.model_dump())
    assert ok.pieces == (a, b)
    with pytest.raises(ValidationError, match="at least two fragments"):
        Mention(id="m1", label="ORG", fragments=(a,), **whole.model_dump())
    with pytest.raises(ValidationError, match="out of order"):
        Mention(id="m1", label="ORG", fragments=(b, a), **whole.model_dump())
    with pytest.raises(ValidationError, match="extent is"):
        Mention(id="m1", label="ORG", fragments=(a, b), **Span.of(doc.text, a.start, b.end + 1).model_dump())


def problems_of(r: AnnotationRecord, doc, scheme) -> list[str]:
    return validate_record(r, doc, scheme, strict=False)


def raw(r: AnnotationRecord, **update) -> AnnotationRecord:
    data = r.to_json_dict()
    data.update(update)
    return AnnotationRecord.model_validate(data)


def rel(ident: str, rtype: str, *args: tuple[str, str]) -> dict:
    return {"id": ident, "type": rtype, "args": [{"role": role, "ref": ref} for role, ref in args]}


@pytest.mark.parametrize(
    ("relations", "message"),
    [
        ([rel("r1", "LEADS", ("Member", "m1"), ("Group", "m2"))], "r1: unknown relation type 'LEADS'"),
        ([rel("r1", "MEMBER_OF", ("Group", "m2"), ("Member", "m1"))], "MEMBER_OF takes arguments Member, Group"),
        ([rel("r1", "MEMBER_OF", ("Member", "m1"), ("Group", "m9"))], "Group refers to unknown id 'm9'"),
        (
            [rel("r1", "MEMBER_OF", ("Member", "m3"), ("Group", "m2"))],
            "Member m3 is GPE; MEMBER_OF.Member takes PER, ORG",
        ),
        ([rel("r1", "ALLIED_WITH", ("Ally", "m2"), ("Ally", "m2"))], "r1: relates m2 to itself"),
        (
            [
                rel("r1", "ALLIED_WITH", ("Ally", "m2"), ("Ally", "m3")),
                rel("r2", "ALLIED_WITH", ("Ally", "m3"), ("Ally", "m2")),
            ],
            "r2: the same ALLIED_WITH relation as r1",
        ),
        ([rel("m1", "MEMBER_OF", ("Member", "m1"), ("Group", "m2"))], "m1: id is also used by a mention"),
    ],
)
def test_each_relation_rule_is_reported(doc, scheme, relations, message) -> None:
    problems = problems_of(raw(base(doc), relations=relations), doc, scheme)
    assert any(message in p for p in problems), problems


def test_document_label_rules(doc, scheme) -> None:
    assert "unknown document label 'SPORT'" in problems_of(raw(base(doc), doc_labels=["SPORT"]), doc, scheme)[0]
    two = problems_of(raw(base(doc), doc_labels=["RELEVANT", "BACKGROUND"]), doc, scheme)
    assert any("the scheme allows one per document" in p for p in two)
    again = problems_of(raw(base(doc), doc_labels=["RELEVANT", "RELEVANT"]), doc, scheme)
    assert any("'RELEVANT' is given 2 times" in p for p in again)


def test_fragment_text_is_checked_against_the_document(doc, scheme) -> None:
    r = ed.toggle_fragment(base(doc), doc.text, scheme, "m2", *find(doc, "Leader").key)
    data = r.to_json_dict()
    m2 = next(m for m in data["mentions"] if m["id"] == "m2")
    m2["fragments"][0]["text"] = "LEADER"
    assert any(
        "fragment" in p and "'LEADER'" in p for p in problems_of(AnnotationRecord.model_validate(data), doc, scheme)
    )
    closed = scheme.model_copy(update={"discontinuous_mentions": False})
    assert any("does not allow them" in p for p in problems_of(r, doc, closed))


def test_relation_edits_refuse_what_validation_would_reject_and_deletes_leave_nothing_dangling(doc, scheme) -> None:
    r = base(doc)
    with pytest.raises(ed.Refused, match=r"MEMBER_OF\.Member takes PER, ORG, not GPE"):
        ed.add_relation(r, scheme, "MEMBER_OF", "m3", "m2")
    r, rid = ed.add_relation(r, scheme, "ALLIED_WITH", "m2", "m3")
    with pytest.raises(ed.Refused, match="already related"):
        ed.add_relation(r, scheme, "ALLIED_WITH", "m3", "m2")
    with pytest.raises(ed.Refused, match="which does not take LOC"):
        ed.relabel_mention(r, scheme, "m3", "LOC")
    assert [x.name for x in ed.relation_types_for(r, scheme, "m3")] == ["LOCATED_IN", "ALLIED_WITH"]
    assert ed.delete(r, "m3").relations == ()
    assert ed.delete(r, rid).relations == ()
    assert validate_record(ed.delete(r, "m3"), doc, scheme) == []


def test_fragment_edits(doc, scheme) -> None:
    r = base(doc)
    leader = find(doc, "Leader")
    r = ed.toggle_fragment(r, doc.text, scheme, "m2", *leader.key)
    m2 = ed.mention(r, "m2")
    assert (m2.start, m2.text.startswith("Leader of Jaysh"), len(m2.fragments)) == (leader.start, True, 2)
    with pytest.raises(ed.Refused, match="overlaps fragment"):
        ed.toggle_fragment(r, doc.text, scheme, "m2", leader.start, leader.end + 3)
    r = ed.toggle_fragment(r, doc.text, scheme, "m2", *leader.key)
    assert ed.mention(r, "m2") == ed.mention(base(doc), "m2"), "one fragment left: contiguous again"


def test_one_document_label_replaces_the_other_and_many_accumulate(doc, scheme) -> None:
    r = ed.toggle_doc_label(base(doc), scheme, "RELEVANT")
    r = ed.toggle_doc_label(r, scheme, "BACKGROUND")
    assert r.doc_labels == ("BACKGROUND",)
    many = scheme.model_copy(update={"doc_label_choice": "many"})
    r = ed.toggle_doc_label(ed.toggle_doc_label(r, many, "NOT_RELEVANT"), many, "RELEVANT")
    assert r.doc_labels == ("RELEVANT", "BACKGROUND", "NOT_RELEVANT")
    assert ed.toggle_doc_label(r, many, "BACKGROUND").doc_labels == ("RELEVANT", "NOT_RELEVANT")


def test_a_link_needs_a_cluster(doc, scheme) -> None:
    with pytest.raises(ed.Refused, match="in no cluster"):
        ed.set_kb(base(doc), "m1", "syr:alloush")
    r, _ = ed.attach(base(doc), "m1", None)
    r = ed.set_kb(r, "m1", "syr:alloush", "Zahran Alloush")
    assert (r.entities[0].kb, r.entities[0].name) == ("syr:alloush", "Zahran Alloush")
    assert ed.set_kb(r, "m1", None).entities[0].kb is None
