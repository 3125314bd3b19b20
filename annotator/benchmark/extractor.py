"""What every extractor adapter is: the outcome per document, the protocol, the context and versions.

The adapters (:mod:`annotator.benchmark.specs`, :mod:`~annotator.benchmark.rules`,
:mod:`~annotator.benchmark.trained`, :mod:`~annotator.benchmark.spacy_ner`) build on this
module, and the runner and the cache read only it.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from annotator.corpus import Document
from annotator.evaluate.extractors import ExtractorError, RunLog, to_record
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme


@dataclass
class Outcome:
    """What an extractor made of one document."""

    doc: str
    record: AnnotationRecord | None = None
    failure: str | None = None
    unaligned: list[str] = field(default_factory=list)


class Extractor(Protocol):
    name: str
    version: str
    cacheable: bool

    def run(self, docs: Sequence[Document]) -> Iterator[Outcome]:
        """One outcome per document, in any order; may stop early (the rest then count as failed)."""
        ...


@dataclass(frozen=True)
class Context:
    """What adapters may need besides their spec: the scheme, the gold (to train on) and the project folder."""

    scheme: Scheme
    gold: tuple[AnnotationRecord, ...]
    documents: tuple[Document, ...]
    root: Path


def source_digest(*objects: Any) -> str:
    """A digest of the source code of ``objects``: a code change is a new version."""
    h = hashlib.sha256()
    for obj in objects:
        try:
            h.update(inspect.getsource(obj).encode("utf-8"))
        except (OSError, TypeError):
            h.update(repr(obj).encode("utf-8"))
    return h.hexdigest()[:16]


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError as exc:
        raise ExtractorError(f"{path}: cannot read: {exc.strerror}") from None


def outcome(doc: Document, raw: Callable[[], Any], system: str, scheme_id: str) -> Outcome:
    """Run one document through an extractor call, completing and aligning what it returns; never raises."""
    log = RunLog()
    try:
        record = to_record(raw(), doc, system, scheme_id, log)
    except Exception as exc:  # an extractor may raise anything; one document must not stop the run
        return Outcome(doc.id, failure=f"{type(exc).__name__}: {exc}", unaligned=log.unaligned)
    return Outcome(doc.id, record, unaligned=log.unaligned)
