"""Extractor specs (``NAME=SPEC``) and the adapters behind them.

=========================  ==========================================================
``rules``                  the rule baseline shipped with the project (a floor)
``trained[:ITERATIONS]``   a spaCy NER pipeline trained from the gold, leave one document out
``spacy:PIPELINE[,MAP]``   any installed spaCy pipeline (name or folder), labels mapped by a TOML file
``llm:FILE``               an LLM's JSON answers quoting strings, aligned onto the text
``file:FILE``              predictions already in the record format
``cmd:COMMAND``            an outside command (documents on stdin, records on stdout, as JSONL)
``module:function``        a Python callable taking a :class:`~annotator.corpus.Document`
=========================  ==========================================================

Every adapter yields one :class:`Outcome` per document: a record, or the
reason it failed, plus the strings it could not align. Its ``version`` is part
of the cache key, so it names everything the predictions depend on.
"""

from __future__ import annotations

import inspect
import json
import re
import shlex
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

from annotator.benchmark.extractor import Context, Extractor, Outcome, file_digest, outcome, source_digest
from annotator.corpus import Document
from annotator.errors import AnnotatorError
from annotator.evaluate.extractors import ExtractorError, RunLog, load_callable, run_command
from annotator.store import read_records

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


class CallableExtractor:
    cacheable = True

    def __init__(self, name: str, spec: str, ctx: Context) -> None:
        self.name, self.scheme_id = name, ctx.scheme.id
        self.fn = load_callable(spec)
        declared = getattr(self.fn, "version", None) or getattr(inspect.getmodule(self.fn), "__version__", "")
        self.version = f"callable {spec} {declared} {source_digest(inspect.getmodule(self.fn))}"

    def run(self, docs: Sequence[Document]) -> Iterator[Outcome]:
        for doc in docs:
            yield outcome(doc, partial(self.fn, doc), self.name, self.scheme_id)


class CommandExtractor:
    """An outside command; its version is the command line plus the contents of any file it names."""

    cacheable = True

    def __init__(self, name: str, command: str, ctx: Context) -> None:
        self.name, self.command, self.root, self.scheme_id = name, command, ctx.root, ctx.scheme.id
        try:
            words = shlex.split(command)
        except ValueError as exc:
            raise ExtractorError(f"extractor {name}: cannot parse command {command!r}: {exc}") from None
        files = [ctx.root / w for w in words if (ctx.root / w).is_file()]
        self.version = f"command {command} " + " ".join(file_digest(f) for f in files)

    def run(self, docs: Sequence[Document]) -> Iterator[Outcome]:
        log = RunLog()
        seen: set[str] = set()
        for record in run_command(
            self.command, list(docs), self.name, self.scheme_id, log, cwd=self.root, show_progress=False
        ):
            seen.add(record.doc)
            yield Outcome(record.doc, record, unaligned=_about(log.unaligned, record.doc))
        for f in log.failures:
            doc_id, _, why = f.partition(": ")
            if doc_id in {d.id for d in docs} and doc_id not in seen:
                seen.add(doc_id)
                yield Outcome(doc_id, failure=why)


def _about(unaligned: list[str], doc_id: str) -> list[str]:
    return [u for u in unaligned if u.startswith(f"doc {doc_id}:")]


class FileExtractor:
    """Predictions already on disk in the record format; a document the file lacks counts as failed."""

    cacheable = False

    def __init__(self, name: str, path: str, ctx: Context) -> None:
        self.name, self.path = name, ctx.root / path
        self.version = f"file {file_digest(self.path)}"

    def run(self, docs: Sequence[Document]) -> Iterator[Outcome]:
        result = read_records(self.path)
        if result.problems:
            raise AnnotatorError("\n".join(result.problems))
        by_doc = result.by_doc()
        for doc in docs:
            rec = by_doc.get(doc.id)
            yield Outcome(doc.id, rec, failure=None if rec else f"no record in {self.path}")


class LLMExtractor:
    """An LLM's answers, one JSON object per line with ``doc`` and the layers, spans quoted as strings.

    Mentions: ``{"text", "label"}``; events: ``{"type", "trigger": "..."}``;
    attributions: ``{"cue": "said", "source": "the monitor" or {"text", "label"},
    "content": ["..."], "attrs": {...}}``, placed together (see
    :func:`annotator.evaluate.align.align_attribution`). Strings found nowhere
    are reported for their document; a line that is not JSON fails its document.
    """

    cacheable = False

    def __init__(self, name: str, path: str, ctx: Context) -> None:
        self.name, self.path, self.scheme_id = name, ctx.root / path, ctx.scheme.id
        self.version = f"llm {file_digest(self.path)}"

    def run(self, docs: Sequence[Document]) -> Iterator[Outcome]:
        answers: dict[str, Any] = {}
        broken: dict[str, str] = {}
        for lineno, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                answer = json.loads(line)
            except json.JSONDecodeError as exc:
                found = re.search(r'"doc"\s*:\s*"([^"]+)"', line)
                if found:
                    broken[found.group(1)] = f"{self.path}:{lineno}: not valid JSON ({exc.msg})"
                continue
            if isinstance(answer, dict) and isinstance(answer.get("doc"), str):
                answers[answer["doc"]] = answer
        for doc in docs:
            if doc.id in broken:
                yield Outcome(doc.id, failure=broken[doc.id])
            elif doc.id not in answers:
                yield Outcome(doc.id, failure=f"no answer in {self.path}")
            else:
                yield outcome(doc, partial(answers.__getitem__, doc.id), self.name, self.scheme_id)


def build(name: str, spec: str, ctx: Context) -> Extractor:
    """The extractor a ``NAME=SPEC`` stands for; :class:`ExtractorError` when it cannot be set up."""
    if not NAME.match(name):
        raise ExtractorError(f"extractor name {name!r}: letters, digits, '_', '-' and '.' only")
    kind, _, rest = spec.partition(":")
    if spec == "rules":
        from annotator.benchmark.rules import RuleExtractor

        return RuleExtractor(name, ctx)
    if kind == "trained":
        from annotator.benchmark.trained import TrainedExtractor

        return TrainedExtractor(name, ctx, iterations=_int(rest, spec) if rest else None)
    if kind == "spacy":
        from annotator.benchmark.spacy_ner import SpacyExtractor

        pipeline, _, mapping = rest.partition(",")
        return SpacyExtractor(name, pipeline, ctx, mapping=ctx.root / mapping if mapping else None)
    if kind == "llm":
        return LLMExtractor(name, rest, ctx)
    if kind == "file":
        return FileExtractor(name, rest, ctx)
    if kind == "cmd":
        return CommandExtractor(name, rest, ctx)
    if rest:
        return CallableExtractor(name, spec, ctx)
    raise ExtractorError(
        f"extractor {name}={spec}: unknown spec (rules, trained, spacy:, llm:, file:, cmd:, module:function)"
    )


def _int(value: str, spec: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise ExtractorError(f"extractor spec {spec!r}: expected a positive number of iterations")
    return int(value)


def parse(item: str) -> tuple[str, str]:
    """``NAME=SPEC`` split in two; a bare spec is named after itself."""
    name, sep, spec = item.partition("=")
    if not sep:
        spec, name = item, re.sub(r"[^A-Za-z0-9_.-]+", "-", item).strip("-.") or "system"
    if not spec:
        raise ExtractorError(f"--extractor {item!r}: expected NAME=SPEC")
    return name, spec
