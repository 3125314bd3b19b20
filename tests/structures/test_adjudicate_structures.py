"""Relations and document labels reach the adjudicated gold, following the spans, with provenance."""

from __future__ import annotations

from annotator import editing as ed
from annotator.adjudicate import adjudicate
from annotator.model import AnnotationRecord, Mention
from annotator.validate import validate_record
from tests.factories import find, record

SEED = "001_aab8a3634b40cb55"


def annotate(doc, scheme, annotator: str, order: tuple[str, ...], label: str) -> AnnotationRecord:
    """Two mentions made in ``order`` (so ids differ between annotators), a MEMBER_OF and a document label."""
    labels = {"Zahran Alloush": "PER", "Jaysh al-Islam": "ORG", "Russian": "GPE"}
    mentions = [
        Mention(id=f"m{i}", label=labels[w], attrs={"level": "NAM"}, **find(doc, w).model_dump())
        for i, w in enumerate(order, 1)
    ]
    r = record(doc, annotator, mentions=tuple(mentions), status="done")
    ids = {m.text: m.id for m in r.mentions}
    r, _ = ed.add_relation(r, scheme, "MEMBER_OF", ids["Zahran Alloush"], ids["Jaysh al-Islam"])
    if "Russian" in ids:
        r, _ = ed.add_relation(r, scheme, "ALLIED_WITH", ids["Russian"], ids["Jaysh al-Islam"])
    return ed.toggle_doc_label(r, scheme, label)


def test_relations_follow_spans_and_labels_come_from_the_preferred_annotator(seeds, scheme) -> None:
    doc = seeds.get(SEED)
    a = annotate(doc, scheme, "annotator-a", ("Zahran Alloush", "Jaysh al-Islam", "Russian"), "RELEVANT")
    b = annotate(doc, scheme, "annotator-b", ("Jaysh al-Islam", "Zahran Alloush"), "BACKGROUND")
    gold = adjudicate(doc, {"annotator-a": a, "annotator-b": b}, prefer="annotator-a", scheme=scheme).record
    text = {m.id: m.text for m in gold.mentions}
    got = sorted((r.type, tuple(text[x.ref] for x in r.args)) for r in gold.relations)
    assert got == [("ALLIED_WITH", ("Russian", "Jaysh al-Islam")), ("MEMBER_OF", ("Zahran Alloush", "Jaysh al-Islam"))]
    prov = gold.meta["provenance"]
    rule = {r.type: prov[r.id]["rule"] for r in gold.relations}
    assert rule == {"MEMBER_OF": "agreed", "ALLIED_WITH": "preferred"}
    assert gold.doc_labels == ("RELEVANT",)
    assert prov["doc_labels"] == {"rule": "preferred", "by": ["annotator-a"]}
    assert validate_record(gold, doc, scheme) == []


def test_a_relation_decision_takes_a_version_or_none_and_is_never_an_edit(seeds, scheme) -> None:
    import pytest

    from annotator.adjudicate import Decision

    doc = seeds.get(SEED)
    a = annotate(doc, scheme, "annotator-a", ("Zahran Alloush", "Jaysh al-Islam", "Russian"), "RELEVANT")
    b = annotate(doc, scheme, "annotator-b", ("Jaysh al-Islam", "Zahran Alloush"), "BACKGROUND")
    records = {"annotator-a": a, "annotator-b": b}
    spans = {m.text: f"mention:{m.start}-{m.end}" for m in a.mentions}
    allied = "relation:" + ",".join(sorted((spans["Russian"], spans["Jaysh al-Islam"])))

    def gold(*decisions: Decision) -> AnnotationRecord:
        return adjudicate(doc, records, decisions, prefer="annotator-a", scheme=scheme).record

    dropped = gold(Decision(doc=doc.id, item=allied, take=None, reason="not stated"))
    assert [r.type for r in dropped.relations] == ["MEMBER_OF"]
    with pytest.raises(ValueError, match="a relation is taken or rejected, not edited"):
        gold(Decision(doc=doc.id, item=allied, take="annotator-a", reason="r", edit={"type": "MEMBER_OF"}))
    with pytest.raises(ValueError, match="'annotator-b' has no version of this item"):
        gold(Decision(doc=doc.id, item=allied, take="annotator-b", reason="r"))
    nobody = "relation:" + ",".join(sorted((spans["Russian"], spans["Zahran Alloush"])))
    with pytest.raises(ValueError, match="no annotator has this item"):
        gold(Decision(doc=doc.id, item=nobody, take=None, reason="r"))
