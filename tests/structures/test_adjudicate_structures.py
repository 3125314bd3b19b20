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
