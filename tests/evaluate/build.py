"""Records on one small made-up text, with spans found by their words."""

from __future__ import annotations

from typing import Any

from annotator.model import AnnotationRecord, sha256_text

TEXT = (
    "Rebels attacked the base on Monday, a monitor said.\n"
    "Photo: fighters near the base\n"
    "Subscribe to our newsletter for Rebels news."
)


def span(words: str, nth: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    return {"start": start, "end": start + len(words), "text": words}


def mention(mid: str, words: str, label: str, nth: int = 0) -> dict[str, Any]:
    return {"id": mid, "label": label, **span(words, nth)}


def rec(annotator: str = "gold", doc: str = "d1", **layers: Any) -> AnnotationRecord:
    return AnnotationRecord.model_validate(
        {"doc": doc, "doc_sha256": sha256_text(TEXT), "annotator": annotator, "scheme": "conflict-news/1", **layers}
    )
