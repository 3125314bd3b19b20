"""A model in the annotation loop (``annotate --model SPEC``): its predictions, per document, as suggestions.

The extractor is one of the benchmark's (:mod:`annotator.benchmark.specs`) and
runs through the benchmark's runner and prediction cache, so a document already
predicted by the same model version (by ``annotator benchmark`` or an earlier
session) is not computed again, and a changed document or model misses the
cache. Nothing here touches Textual: the screen calls :meth:`ModelSuggester.predict`
from a worker thread and redraws when it returns; predictions of several
documents never run at the same time (a lock), so a document list being filled
in the background and the document just opened do not compete for the model.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.corpus import Corpus, Document
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.scheme import Scheme
from annotator.store import load_records

if TYPE_CHECKING:
    from annotator.benchmark.cache import PredictionCache
    from annotator.benchmark.extractor import Extractor

DEFAULT_THRESHOLD = 0.8
"""The score from which the accept-the-sure-ones key takes a suggestion."""


@dataclass
class ModelSuggester:
    """One extractor's predictions for the documents opened so far (and those filled in the background)."""

    extractor: Extractor
    spec: str
    scheme: Scheme
    cache: PredictionCache
    threshold: float = DEFAULT_THRESHOLD
    records: dict[str, AnnotationRecord] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def name(self) -> str:
        return self.extractor.name

    @property
    def source(self) -> str:
        """How the side panel names the model."""
        return f"model {self.name} (--model {self.spec})"

    def known(self, doc_id: str) -> AnnotationRecord | None:
        """The model's record of ``doc_id`` if it was predicted already (never computes)."""
        return self.records.get(doc_id)

    def predict(self, doc: Document) -> AnnotationRecord | None:
        """The model's record of ``doc`` (from the cache when it has it); None when the model failed on it.

        Blocking: call it from a worker thread. Never raises: the reason of a failure is in :attr:`failures`.
        """
        with self._lock:
            if doc.id in self.records or doc.id in self.failures:
                return self.records.get(doc.id)
            from annotator.benchmark.runner import run_one

            try:
                run = run_one(self.extractor, self.spec, [doc], self.scheme, self.cache)
            except Exception as exc:  # the model, or its cache, must never take the annotator's session down
                self.failures[doc.id] = f"{type(exc).__name__}: {exc}"
                return None
            if doc.id in run.records:
                self.records[doc.id] = run.records[doc.id]
            else:
                self.failures[doc.id] = run.failures.get(doc.id, "no prediction")
            return self.records.get(doc.id)

    def predict_all(self, docs: Sequence[Document], stop: threading.Event | None = None) -> int:
        """Predict every document not predicted yet, in order (for the document list); returns how many."""
        done = 0
        for doc in docs:
            if stop is not None and stop.is_set():
                break
            if doc.id not in self.records and doc.id not in self.failures:
                self.predict(doc)
                done += 1
        return done


def default_cache(project: Project) -> PredictionCache:
    """The project's prediction cache, the one ``annotator benchmark`` fills too."""
    from annotator.benchmark.cache import CACHE_FOLDER, PredictionCache

    return PredictionCache(project.root / CACHE_FOLDER)


def build_model(
    project: Project,
    corpus: Corpus,
    spec: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    cache: PredictionCache | None = None,
) -> ModelSuggester:
    """The model a ``[NAME=]SPEC`` stands for (:class:`~annotator.evaluate.extractors.ExtractorError` if it
    cannot be set up); a model trained from the gold gets the project's gold documents.

    The benchmark's machinery (evaluation, NumPy) is imported here, not with the
    module: the annotate screen imports this module, and its first frame must
    not wait for a model that was not asked for.
    """
    from annotator.benchmark.extractor import Context
    from annotator.benchmark.specs import build, parse

    name, extractor_spec = parse(spec)
    gold_path = project.gold_dir / "gold.jsonl"
    gold = sorted(load_records(gold_path), key=lambda r: r.doc) if gold_path.is_file() else []
    gold = [g for g in gold if g.doc in corpus and corpus.get(g.doc).sha256 == g.doc_sha256]
    ctx = Context(
        scheme=project.scheme, gold=tuple(gold), documents=tuple(corpus.get(g.doc) for g in gold), root=Path.cwd()
    )
    extractor = build(name, extractor_spec, ctx)
    return ModelSuggester(extractor, extractor_spec, project.scheme, cache or default_cache(project), threshold)
