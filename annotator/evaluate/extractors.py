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
from annotator.evaluate.align import Aligner, align_attribution
from annotator.model import AnnotationRecord, next_id


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
    fn: Any = module
    for part in attr.split("."):
        fn = getattr(fn, part, None)
        if fn is None:
            raise ExtractorError(f"extractor {spec!r}: {module_name} has no {attr}")
    if not callable(fn):
        raise ExtractorError(f"extractor {spec!r}: {attr} is not callable")
    return fn


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
        ars.append(_attribution(a, f"a{n}", aligner, doc, mentions, log))
    data["attributions"] = ars
    relations = data.get("relations", ())
    if not all(isinstance(r, dict) for r in relations):
        raise ValueError("a relation is not an object")
    data["relations"] = [{**r, "id": r.get("id", f"r{n}")} for n, r in enumerate(relations, 1)]
    try:
        return AnnotationRecord.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(f"not a valid record: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def _text_of(value: Any) -> str | None:
    """The quoted string of a part given without offsets; None when it has offsets or is absent."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and not ("start" in value and "end" in value):
        return str(value.get("text", ""))
    return None


def _attribution(
    a: dict[str, Any], default_id: str, aligner: Aligner, doc: Document, mentions: list[dict[str, Any]], log: RunLog
) -> dict[str, Any]:
    """An attribution with its quoted cue, source and content placed together (see :func:`align_attribution`).

    A source may be a mention id, or a quoted string: it then becomes the
    predicted mention with that span, or a new mention when the extractor gave
    it a label; otherwise it is reported and the source left out.
    """
    a = {**a, "id": a.get("id", default_id)}
    contents = list(a.get("content", ()))
    ids = {m["id"]: m for m in mentions}
    source = a.get("source")
    source_text = None if isinstance(source, str) and source in ids else _text_of(source)
    quoted = [_text_of(c) for c in contents]
    placement = align_attribution(aligner, _text_of(a.get("cue")), source_text, [q for q in quoted if q is not None])
    found = iter(placement.content)
    spans = []
    for c, q in zip(contents, quoted, strict=True):
        span = next(found) if q is not None else (c["start"], c["end"])
        if span is None:
            log.unaligned.append(f"doc {doc.id}: content {q!r} of attribution {a['id']} not found in the text")
            continue
        spans.append({"start": span[0], "end": span[1], "text": doc.text[span[0] : span[1]]})
    a["content"] = spans
    cue_text = _text_of(a.get("cue"))
    if cue_text is not None and placement.cue is None:
        log.unaligned.append(f"doc {doc.id}: cue {cue_text!r} of attribution {a['id']} not found in the text")
        a["cue"] = None
    elif placement.cue is not None:
        a["cue"] = {"start": placement.cue[0], "end": placement.cue[1], "text": doc.text[slice(*placement.cue)]}
    elif a.get("cue") is not None:
        a["cue"] = _place(a["cue"], aligner, doc, "cue", log)
    if source_text is not None:
        a["source"] = _source_mention(source, placement.source, doc, mentions, log, a["id"])
    return a


def _source_mention(
    raw: Any, span: tuple[int, int] | None, doc: Document, mentions: list[dict[str, Any]], log: RunLog, ar: str
) -> str | None:
    """The id of the mention a quoted source stands for, adding it when the extractor gave its label."""
    what = f"source {_text_of(raw)!r} of attribution {ar}"
    if span is None:
        log.unaligned.append(f"doc {doc.id}: {what} not found in the text")
        return None
    for m in mentions:
        if (m["start"], m["end"]) == span:
            return str(m["id"])
    label = raw.get("label") if isinstance(raw, dict) else None
    if not label:
        log.unaligned.append(f"doc {doc.id}: {what} is no predicted mention and has no label")
        return None
    new_id = next_id({m["id"] for m in mentions}, "m")
    mentions.append(
        {"start": span[0], "end": span[1], "text": doc.text[span[0] : span[1]], "id": new_id, "label": label}
    )
    return new_id


def _progress(total: int, show: bool = True) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    return Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not (show and console.is_terminal),
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
    command: str,
    docs: list[Document],
    system: str,
    scheme_id: str,
    log: RunLog,
    cwd: Path | None = None,
    *,
    show_progress: bool = True,
) -> Iterator[AnnotationRecord]:
    """Feed documents to an outside command as JSONL and read its records back.

    ``show_progress`` False leaves the terminal to a caller drawing its own bar.
    """
    try:
        proc = subprocess.Popen(
            shlex.split(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=cwd,
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
    progress, total = _progress(len(docs), show_progress)
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
