"""Relations between mentions in page furniture are masked with those mentions; document labels never are."""

from __future__ import annotations

from typing import Any

from annotator.evaluate.api import evaluate_records
from annotator.model import AnnotationRecord, sha256_text

BODY = "Rebels attacked the base in Idlib on Monday, a monitor said.\n"
FOOTER = "Follow Reuters in London on Twitter for more news."
TEXT = BODY + FOOTER
ZONES = [
    {"id": "z1", "label": "BODY", "start": 0, "end": len(BODY), "text": BODY},
    {"id": "z2", "label": "BOILERPLATE", "start": len(BODY), "end": len(TEXT), "text": FOOTER},
]


def mention(mid: str, words: str, label: str) -> dict[str, Any]:
    start = TEXT.index(words)
    return {"id": mid, "label": label, "start": start, "end": start + len(words), "text": words}


def located_in(rid: str, located: str, place: str) -> dict[str, Any]:
    return {
        "id": rid,
        "type": "LOCATED_IN",
        "args": [{"role": "Located", "ref": located}, {"role": "Place", "ref": place}],
    }


def record(annotator: str, **layers: Any) -> AnnotationRecord:
    return AnnotationRecord.model_validate(
        {"doc": "d1", "doc_sha256": sha256_text(TEXT), "annotator": annotator, "scheme": "conflict-news/1", **layers}
    )


GOLD_MENTIONS = [mention("m1", "Rebels", "ORG"), mention("m2", "Idlib", "GPE")]
FOOTER_MENTIONS = [mention("m3", "Reuters", "ORG"), mention("m4", "London", "GPE")]


def test_a_predicted_relation_inside_boilerplate_is_masked_and_counted_as_leakage(scheme) -> None:
    gold = record("gold", zones=ZONES, mentions=GOLD_MENTIONS, relations=[located_in("r1", "m1", "m2")])
    pred = record(
        "sys",
        mentions=GOLD_MENTIONS + FOOTER_MENTIONS,
        relations=[located_in("r1", "m1", "m2"), located_in("r2", "m3", "m4")],
    )
    report = evaluate_records([gold], [pred], scheme, resamples=0)
    assert report.main.relations is not None
    overall = report.main.relations["all"]
    assert (overall.precision, overall.recall) == (1.0, 1.0), "the footer relation is not a spurious prediction"
    assert report.leakage == {"mentions:BOILERPLATE": 2, "relations:BOILERPLATE": 1}


def test_a_relation_with_one_argument_in_boilerplate_is_masked_on_both_sides(scheme) -> None:
    gold_mentions = [*GOLD_MENTIONS, mention("m3", "London", "GPE")]
    gold = record(
        "gold",
        zones=ZONES,
        mentions=gold_mentions,
        relations=[located_in("r1", "m1", "m2"), located_in("r2", "m1", "m3")],
        doc_labels=["RELEVANT"],
    )
    pred = record("sys", mentions=GOLD_MENTIONS, relations=[located_in("r1", "m1", "m2")], doc_labels=["BACKGROUND"])
    report = evaluate_records([gold], [pred], scheme, resamples=0)
    assert report.main.relations is not None
    assert report.main.relations["all"].recall == 1.0, "a gold relation into the footer is not a miss"
    assert report.leakage == {}, "nothing the system predicted was in the footer"
    assert report.main.doc_labels is not None
    assert report.main.doc_labels["accuracy"].f1 == 0.0, "document labels are scored whatever the zones"
