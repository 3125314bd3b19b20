"""Running extractors over the gold documents, through the cache, with a progress bar per extractor.

One failing document never stops a run: the adapter reports it, or, if the
adapter itself breaks off, every document it had not reached is counted as
failed with the reason. Predictions are checked with the lenient rules of
``annotator validate --lenient``; an invalid one counts as a failure too,
since scoring it would stop the whole benchmark.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.benchmark.cache import PredictionCache
from annotator.benchmark.extractor import Extractor, Outcome
from annotator.corpus import Document
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme
from annotator.validate import validate_record


@dataclass
class SystemRun:
    """One extractor's predictions on the gold documents, with what went wrong."""

    name: str
    spec: str
    version: str
    records: dict[str, AnnotationRecord] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    unaligned: dict[str, list[str]] = field(default_factory=dict)
    cached: int = 0
    seconds: float = 0.0


def _checked(out: Outcome, doc: Document, scheme: Scheme) -> Outcome:
    if out.record is None:
        return out
    problems = validate_record(out.record, doc, scheme, strict=False)
    if not problems:
        return out
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return Outcome(out.doc, failure=f"invalid prediction: {problems[0]}{more}", unaligned=out.unaligned)


def run_one(
    extractor: Extractor,
    spec: str,
    docs: Sequence[Document],
    scheme: Scheme,
    cache: PredictionCache,
    advance: Any = None,
) -> SystemRun:
    """Predictions of one extractor on ``docs``: cached ones first, then the rest computed and cached."""
    started = time.perf_counter()
    run = SystemRun(extractor.name, spec, extractor.version)
    by_id = {d.id: d for d in docs}
    todo: list[Document] = []
    for doc in docs:
        hit = cache.get(extractor.name, extractor.version, doc) if extractor.cacheable else None
        if hit is None:
            todo.append(doc)
            continue
        run.records[doc.id], unaligned = hit
        if unaligned:
            run.unaligned[doc.id] = unaligned
        run.cached += 1
        if advance:
            advance()
    try:
        for raw in extractor.run(todo):
            if raw.doc not in by_id or raw.doc in run.records or raw.doc in run.failures:
                continue
            out = _checked(raw, by_id[raw.doc], scheme)
            if out.unaligned:
                run.unaligned[out.doc] = out.unaligned
            if out.record is not None:
                run.records[out.doc] = out.record
                if extractor.cacheable:
                    cache.put(extractor.name, extractor.version, by_id[out.doc], out.record, out.unaligned)
            else:
                run.failures[out.doc] = out.failure or "no prediction"
            if advance:
                advance()
    except Exception as exc:  # an adapter that breaks off fails the documents it had not reached, nothing more
        why = f"{type(exc).__name__}: {exc}"
        for doc in todo:
            if doc.id not in run.records and doc.id not in run.failures:
                run.failures[doc.id] = why
    for doc in todo:
        if doc.id not in run.records and doc.id not in run.failures:
            run.failures[doc.id] = "the extractor returned nothing for it"
    run.seconds = time.perf_counter() - started
    return run


def run_all(
    extractors: Sequence[tuple[Extractor, str]], docs: Sequence[Document], scheme: Scheme, cache: PredictionCache
) -> list[SystemRun]:
    """Every extractor over ``docs``, one progress bar each on standard error (shown on a terminal only)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    )
    runs = []
    with progress:
        tasks = [progress.add_task(ex.name, total=len(docs)) for ex, _ in extractors]
        for (ex, spec), task in zip(extractors, tasks, strict=True):
            runs.append(run_one(ex, spec, docs, scheme, cache, lambda t=task: progress.advance(t)))
    return runs
