from __future__ import annotations

from pathlib import Path

import pytest

from annotator.benchmark.extractor import Context
from annotator.corpus import Document
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme


def doc(doc_id: str, text: str) -> Document:
    return Document(doc_id, text)


def gold_record(d: Document, mentions: list[tuple[str, str]]) -> AnnotationRecord:
    """Gold with the first occurrence of each (text, label)."""
    items = []
    for n, (text, label) in enumerate(mentions, 1):
        start = d.text.index(text)
        items.append({"start": start, "end": start + len(text), "text": text, "id": f"m{n}", "label": label})
    return AnnotationRecord.model_validate(
        {"doc": d.id, "doc_sha256": d.sha256, "annotator": "gold", "scheme": "conflict-news/1", "mentions": items}
    )


@pytest.fixture
def small(scheme: Scheme, tmp_path: Path) -> Context:
    docs = (
        doc("d1", "Rebels in Aleppo said on Monday that the army attacked the town.\n"),
        doc("d2", "The regime said government forces captured Homs. Officials in Damascus denied it.\n"),
        doc("d3", "Fighting erupted in Idlib on Friday, the monitor said.\n"),
    )
    gold = (
        gold_record(docs[0], [("Aleppo", "GPE"), ("Monday", "TIME"), ("the army", "ORG")]),
        gold_record(docs[1], [("The regime", "ORG"), ("Homs", "GPE"), ("Damascus", "GPE")]),
        gold_record(docs[2], [("Idlib", "GPE"), ("Friday", "TIME"), ("the monitor", "ORG")]),
    )
    return Context(scheme=scheme, gold=gold, documents=docs, root=tmp_path)
