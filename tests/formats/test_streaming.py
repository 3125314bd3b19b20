"""Exports hold one record at a time, so their memory does not grow with the corpus."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import ClassVar

import pytest

from annotator.corpus import Document
from annotator.formats import get_format
from annotator.formats.base import WriteOptions
from annotator.model import AnnotationRecord, sha256_text
from annotator.scheme import Scheme


class Tracked(AnnotationRecord):
    """A record that can be watched with a weak reference."""


class OneAtATime:
    """Records made only when asked for, noting how many earlier ones are still alive at each request."""

    annotators: ClassVar[list[str]] = ["a"]

    def __init__(self, n: int, texts: dict[str, Document]) -> None:
        self.n = n
        self.texts = texts
        self.refs: list[weakref.ref[Tracked]] = []
        self.most_alive = 0

    def __len__(self) -> int:
        return self.n

    def __contains__(self, item: object) -> bool:
        return False

    def __iter__(self) -> Iterator[AnnotationRecord]:
        for i in range(self.n):
            gc.collect()
            self.most_alive = max(self.most_alive, sum(1 for ref in self.refs if ref() is not None))
            text = self.texts[f"d{i}"].text
            record = Tracked(
                doc=f"d{i}",
                doc_sha256=sha256_text(text),
                annotator="a",
                scheme="conflict-news/1",
                mentions=[{"id": "m1", "label": "PER", "start": 0, "end": 5, "text": text[:5]}],
            )
            self.refs.append(weakref.ref(record))
            yield record
            del record


@pytest.mark.parametrize(
    ("fmt", "nested"), [("brat", "outer"), ("conll", "outer"), ("conll", "levels"), ("docbin", "outer")]
)
def test_an_export_holds_no_more_than_the_record_it_writes(fmt: str, nested: str, scheme: Scheme, tmp_path) -> None:
    texts = {f"d{i}": Document(f"d{i}", f"Alice met Bob on day {i}.\n") for i in range(30)}
    records = OneAtATime(30, texts)
    out = tmp_path / "out"
    get_format(fmt).write(records, texts, out, WriteOptions(scheme, nested=nested))  # type: ignore[arg-type]
    assert len(records.refs) >= 30
    assert records.most_alive <= 1, f"{records.most_alive} records held at once while writing {fmt}"
    assert out.exists()
