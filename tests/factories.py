"""Small builders for records on the seed documents, offsets always found in the text."""

from __future__ import annotations

from typing import Any

from annotator.corpus import Document
from annotator.model import AnnotationRecord, Span


def find(doc: Document, text: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return Span.of(doc.text, start, start + len(text))


def record(doc: Document, annotator: str = "annotator-a", **layers: Any) -> AnnotationRecord:
    return AnnotationRecord(doc=doc.id, doc_sha256=doc.sha256, annotator=annotator, scheme="conflict-news/1", **layers)


def sample_record(doc: Document, annotator: str = "annotator-a") -> AnnotationRecord:
    """A record on seed 000 that uses every field of the format."""
    isil = find(doc, "ISIL")
    fighters = find(doc, "more than 2,000 fighters")
    monitor = find(doc, "a monitor")
    damascus = find(doc, "rebel-held parts of south Damascus")
    said = find(doc, "said", 0)
    evacuate = find(doc, "evacuate")
    pullout = find(doc, "pullout")
    content = find(doc, "A U.N.-sponsored deal to evacuate")
    boiler = find(doc, "Sorry, your comment was not saved due to a technical problem.")
    return AnnotationRecord.model_validate(
        {
            "doc": doc.id,
            "doc_sha256": doc.sha256,
            "annotator": annotator,
            "scheme": "conflict-news/1",
            "status": "done",
            "zones": [{"id": "z1", "label": "BOILERPLATE", **boiler.model_dump()}],
            "mentions": [
                {"id": "m1", "label": "ORG", **isil.model_dump(), "attrs": {"level": "NAM"}},
                {"id": "m2", "label": "PER", **fighters.model_dump(), "attrs": {"level": "NOM"}},
                {
                    "id": "m3",
                    "label": "ORG",
                    **monitor.model_dump(),
                    "attrs": {"level": "NOM", "org_kind": "NGO_MONITOR"},
                },
                {"id": "m4", "label": "LOC", **damascus.model_dump(), "attrs": {"level": "NOM"}},
                {"id": "m5", "label": "ORG", **find(doc, "ISIL", 1).model_dump(), "attrs": {"level": "NAM"}},
            ],
            "entities": [{"id": "E1", "mentions": ["m1", "m5"], "name": "ISIL", "kb": "Q2429253"}],
            "events": [
                {
                    "id": "v1",
                    "type": "EVACUATE",
                    "trigger": evacuate.model_dump(),
                    "args": [{"role": "Transported", "ref": "m2"}, {"role": "Origin", "ref": "m4"}],
                    "attrs": {"realis": "OTHER", "modality": "PLANNED", "thwarted": "DELAYED"},
                },
                {
                    "id": "v2",
                    "type": "EVACUATE",
                    "trigger": pullout.model_dump(),
                    "attrs": {"realis": "OTHER", "modality": "PLANNED", "aggregate": False},
                },
            ],
            "hoppers": [{"id": "H1", "events": ["v1", "v2"]}],
            "attributions": [
                {
                    "id": "a1",
                    "source": "m3",
                    "cue": said.model_dump(),
                    "content": [content.model_dump()],
                    "supplement": [find(doc, "Saturday").model_dump()],
                    "via": None,
                    "reports": ["v1"],
                    "role_claims": [{"hopper": "H1", "role": "Transported", "ref": "m2"}],
                    "attrs": {"quote": "INDIRECT", "stance": "ASSERTS", "verification": "NEUTRAL"},
                }
            ],
            "notes": [{"target": "v1", "text": "realis unclear"}],
            "meta": {"source": "test"},
        }
    )
