"""Running an extractor over a corpus: a Python callable or an outside command.

* ``module:function``: called with each :class:`~annotator.corpus.Document`;
  it returns an :class:`~annotator.model.AnnotationRecord` or a dict.
* an outside command: documents go to its stdin as JSONL
  (``{"id", "text", "meta"}``), records come back on its stdout as JSONL, one
  per document, in any order, so a model in any language or behind any API
  can be scored.

A dict may leave out the record header (``doc``, ``doc_sha256``,
``annotator``, ``scheme``) and may give spans as bare strings or as
``{"text": ...}`` without offsets, as LLMs do: these are placed by
:mod:`annotator.evaluate.align`, and strings that cannot be placed are
reported. A document on which the extractor fails (raises, returns garbage,
or the command prints nothing for it) is reported and skipped, never fatal.
"""

from __future__ import annotations

import importlib
import json
import shlex
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotator.corpus import Document
from annotator.errors import AnnotatorError
from annotator.evaluate.align import Aligner
from annotator.model import AnnotationRecord


class ExtractorError(AnnotatorError):
    """The extractor cannot be loaded or started at all."""


@dataclass
class RunLog:
    failures: list[str] = field(default_factory=list)
    unaligned: list[str] = field(default_factory=list)


def load_callable(spec: str) -> Callable[[Document], Any]:
    """Import ``module:function`` (the current folder is importable, as with ``python -m``)."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ExtractorError(f"extractor {spec!r}: expected module:function")
    if "" not in sys.path:
        sys.path.insert(0, "")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ExtractorError(f"extractor {spec!r}: cannot import {module_name}: {exc}") from None
    fn = module
    for part in attr.split("."):
        fn = getattr(fn, part, None)
        if fn is None:
            raise ExtractorError(f"extractor {spec!r}: {module_name} has no {attr}")
    if not callable(fn):
        raise ExtractorError(f"extractor {spec!r}: {attr} is not callable")
    return fn  # type: ignore[return-value]


def _place(value: Any, aligner: Aligner, doc: Document, what: str, log: RunLog) -> dict[str, Any] | None:
    """A span dict with offsets, aligning a bare string or a text-only dict."""
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, dict):
        return None
    if "start" in value and "end" in value:
        out = dict(value)
        out.setdefault("text", doc.text[value["start"] : value["end"]])
        return out
    span, _ = aligner.find(str(value.get("text", "")))
    if span is None:
        log.unaligned.append(f"doc {doc.id}: {what} {value.get('text')!r} not found in the text")
        return None
    return {**value, "start": span[0], "end": span[1], "text": doc.text[span[0] : span[1]]}


def to_record(raw: Any, doc: Document, system: str, scheme_id: str, log: RunLog) -> AnnotationRecord:
    """Complete and align what an extractor returned; raises ValueError when it is not a record."""
    if isinstance(raw, AnnotationRecord):
        return raw
    if not isinstance(raw, dict):
        raise ValueError(f"returned {type(raw).__name__}, not a record or dict")
    data = dict(raw)
    if data.get("doc", doc.id) != doc.id:
        raise ValueError(f"returned a record for document {data['doc']!r}")
    data.setdefault("doc", doc.id)
    data.setdefault("doc_sha256", doc.sha256)
    data.setdefault("annotator", system)
    data.setdefault("scheme", scheme_id)
    aligner = Aligner(doc.text)
    mentions = []
    for n, m in enumerate(data.get("mentions", ()), 1):
        placed = _place(m, aligner, doc, "mention", log)
        if placed is not None:
            placed.setdefault("id", f"m{n}")
            mentions.append(placed)
    data["mentions"] = mentions
    events = []
    for n, e in enumerate(data.get("events", ()), 1):
        if not isinstance(e, dict):
            raise ValueError("an event is not an object")
        trigger = _place(e.get("trigger"), aligner, doc, "trigger", log)
        if trigger is not None:
            events.append({**e, "trigger": trigger, "id": e.get("id", f"v{n}")})
    data["events"] = events
    ars = []
    for n, a in enumerate(data.get("attributions", ()), 1):
        if not isinstance(a, dict):
            raise ValueError("an attribution is not an object")
        a = {**a, "id": a.get("id", f"a{n}")}
        if a.get("cue") is not None:
            a["cue"] = _place(a["cue"], aligner, doc, "cue", log)
        a["content"] = [s for c in a.get("content", ()) if (s := _place(c, aligner, doc, "content", log))]
        ars.append(a)
    data["attributions"] = ars
    try:
        return AnnotationRecord.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(f"not a valid record: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def _progress(total: int) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    return Progress(
        TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    ), total


def run_callable(
    fn: Callable[[Document], Any], docs: Iterable[Document], system: str, scheme_id: str, log: RunLog, total: int = 0
) -> Iterator[AnnotationRecord]:
    """Records for each document the callable handles; failures go to ``log``."""
    progress, total = _progress(total)
    with progress:
        task = progress.add_task("docs", total=total or None)
        for doc in docs:
            try:
                yield to_record(fn(doc), doc, system, scheme_id, log)
            except Exception as exc:  # an extractor may raise anything; one document must not stop the run
                log.failures.append(f"{doc.id}: {type(exc).__name__}: {exc}")
            progress.advance(task)


def run_command(
    command: str, docs: list[Document], system: str, scheme_id: str, log: RunLog, cwd: Path | None = None
) -> Iterator[AnnotationRecord]:
    """Feed documents to an outside command as JSONL and read its records back."""
    try:
        proc = subprocess.Popen(
            shlex.split(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", cwd=cwd,
        )
    except (OSError, ValueError) as exc:
        raise ExtractorError(f"cannot start extractor command {command!r}: {exc}") from None
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    stdin, stderr_stream = proc.stdin, proc.stderr

    def feed() -> None:
        try:
            for d in docs:
                stdin.write(json.dumps({"id": d.id, "text": d.text, "meta": d.meta}, ensure_ascii=False) + "\n")
            stdin.close()
        except (BrokenPipeError, OSError):
            pass

    stderr_tail: list[str] = []

    def drain() -> None:
        for line in stderr_stream:
            stderr_tail.append(line.rstrip())
            del stderr_tail[:-20]

    threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
    for t in threads:
        t.start()
    by_id = {d.id: d for d in docs}
    done: set[str] = set()
    progress, total = _progress(len(docs))
    with progress:
        task = progress.add_task("docs", total=total)
        for lineno, line in enumerate(proc.stdout, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                doc_id = raw.get("doc") if isinstance(raw, dict) else None
                if doc_id not in by_id:
                    raise ValueError(f"names no known document (doc = {doc_id!r})")
                if doc_id in done:
                    raise ValueError(f"second record for document {doc_id}")
                record = to_record(raw, by_id[doc_id], system, scheme_id, log)
            except (ValueError, AttributeError) as exc:
                log.failures.append(f"output line {lineno}: {exc}")
                continue
            done.add(doc_id)
            progress.advance(task)
            yield record
    code = proc.wait()
    for t in threads:
        t.join(timeout=5)
    missing = [d.id for d in docs if d.id not in done]
    if missing:
        why = f"the command exited with status {code}" if code else "no output for it"
        tail = f" (stderr: {' | '.join(stderr_tail[-3:])})" if stderr_tail else ""
        log.failures += [f"{m}: {why}{tail}" for m in missing]
