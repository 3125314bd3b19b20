"""Annotators' files read a document at a time, so agreement holds one document's records, not all of them.

The report needs two things from the files: which records to compare (the
selection, made from each record's document, annotator, status and text
hash) and then the records themselves, one document after another. So the
files are read twice: :func:`index_files` decodes only those four fields of
every line (msgspec skips the rest at C speed) and notes where each line
starts; :meth:`FileRecords.documents` then reads a stretch of documents of
every file, each line parsed and checked by the model exactly as
:func:`annotator.store.read_records` does, and hands over each document's
records as soon as all files have passed it.

This applies to files in the form the store writes (one line per document,
in document order, each annotator's document in one file only). Anything
else (an append log, a hand-merged file, a line that does not decode) makes
:func:`index_files` answer None and the caller reads the files whole as
before; a line the model refuses while streaming raises :class:`NotStreamable`
for the same reason, so errors are always worded by the whole-file reader.

The stream is also the validation gate: given a :class:`RecordCheck`, every
record it parses is put to ``annotator validate``'s checks right there, so a
file is parsed once, not once by the gate and again by the reader. A record
that fails raises :class:`NotStreamable`; the caller then runs the gate
itself (:func:`annotator.validate.read_checked`), which words every problem
of every file as ``file:line: reason``.

Most lines are plain mention records, and for those the check costs more
than the counting. They take evaluation's fast lane
(:mod:`annotator.fastread`): msgspec decodes the line into structs
and :func:`~annotator.fastread.plainly_valid` gives
``validate_record``'s strict verdict without pydantic (a property test holds
the two to the same verdict); the model is then built from the structs
without validating again (:func:`assembled`), and the record is not checked
a second time. A line the fast lane does not vouch for (other layers, zones,
a problem) goes the ordinary way, which words its error.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from annotator.corpus import Corpus
from annotator.fastread import FastMention, FastRecord, decode_gold, plainly_valid
from annotator.model import AnnotationRecord, Mention
from annotator.scheme import Scheme
from annotator.store import iter_records
from annotator.validate import validate_record

STRUCTURE_KEYS = (b'"relations":', b'"doc_labels":', b'"fragments":', b'"kb":"')
"""How a record in the store's form shows relations, document labels, fragments or links (absent when empty)."""


class Head(msgspec.Struct, frozen=True):
    """What selection reads of a record (:func:`annotator.agreement.collect.select`)."""

    doc: str
    annotator: str
    doc_sha256: str
    status: str = "in_progress"


class NotStreamable(Exception):
    """The files are not in the store's form after all: read them whole instead."""


@dataclass(frozen=True)
class FileIndex:
    """Where each document's line starts in one file (documents in increasing order)."""

    path: Path
    docs: list[str]
    offsets: list[int]
    lines: list[int]
    size: int
    annotators: set[str] = field(default_factory=set)
    """Every annotator the file's records name."""
    structured: bool = False
    """Whether a line holds what only whole records can score (:data:`STRUCTURE_KEYS`)."""

    def start_of(self, doc: str | None) -> tuple[int, int]:
        """Byte offset and line number of the first line whose document is >= ``doc`` (None: the end)."""
        if doc is None:
            return self.size, self.lines[-1] + 1 if self.lines else 1
        i = bisect_left(self.docs, doc)
        if i == len(self.docs):
            return self.size, self.lines[-1] + 1 if self.lines else 1
        return self.offsets[i], self.lines[i]


_head = msgspec.json.Decoder(Head)


def _index(path: Path, seen: set[tuple[str, str]], heads: dict[str, dict[str, Head]]) -> FileIndex | None:
    docs: list[str] = []
    offsets: list[int] = []
    lines: list[int] = []
    names: set[str] = set()
    structured = False
    offset = 0
    with open(path, "rb", buffering=1 << 20) as fh:
        for lineno, line in enumerate(fh, 1):
            start, offset = offset, offset + len(line)
            if line.isspace():
                continue
            try:
                head = _head.decode(line)
            except (msgspec.ValidationError, msgspec.DecodeError):
                return None
            key = (head.annotator, head.doc)
            if (docs and head.doc <= docs[-1]) or key in seen:
                return None
            seen.add(key)
            names.add(head.annotator)
            structured = structured or any(k in line for k in STRUCTURE_KEYS)
            heads.setdefault(head.annotator, {})[head.doc] = head
            docs.append(head.doc)
            offsets.append(start)
            lines.append(lineno)
    return FileIndex(path, docs, offsets, lines, offset, names, structured)


@dataclass(frozen=True)
class RecordCheck:
    """What ``annotator validate`` holds each record of a project's annotation files to (strict, drift included)."""

    corpus: Corpus
    scheme: Scheme

    def passes(self, record: AnnotationRecord) -> bool:
        doc = self.corpus.get(record.doc) if record.doc in self.corpus else None
        return not validate_record(record, doc, self.scheme)

    def vouch(self, line: bytes) -> Vouched | None:
        """The record on ``line`` when the fast lane shows it passes (None: parse and check it the usual way)."""
        rec = decode_gold(line)
        if rec is None or rec.doc not in self.corpus:
            return None
        if not plainly_valid(rec, self.scheme, self.corpus.get(rec.doc), strict=True):
            return None
        return Vouched(assembled(rec))


@dataclass(frozen=True, slots=True)
class Vouched:
    """A record the fast lane has already found valid, so the stream does not check it again."""

    record: AnnotationRecord


_MENTION = Mention.model_construct(start=0, end=0, text="", id="m", label="", attrs={})
"""What every assembled mention is made like: the fields a contiguous mention sets, the others at their default."""
_new = object.__new__
_set = object.__setattr__


def _mention(m: FastMention) -> Mention:
    """A frozen :class:`Mention` with ``m``'s fields, made as ``model_construct`` makes one (no validation).

    ``model_construct`` and ``model_copy`` cost some microseconds a mention,
    more than the whole fast lane; this fills the four slots of a pydantic
    model directly (fields in the template's order), in a fraction of that.
    A test holds the result equal to the model pydantic validates from the line.
    """
    out = _new(Mention)
    _set(
        out,
        "__dict__",
        dict(_MENTION.__dict__, start=m.start, end=m.end, text=m.text, id=m.id, label=m.label, attrs=m.attrs),
    )
    _set(out, "__pydantic_fields_set__", set(_MENTION.__pydantic_fields_set__))
    _set(out, "__pydantic_extra__", None)
    _set(out, "__pydantic_private__", None)
    return out


def assembled(rec: FastRecord) -> AnnotationRecord:
    """The model of a plain mention record, built without validation (the fast lane has done it).

    Only mentions and the record's own fields can be set: :func:`plainly_valid`
    vouches for nothing else (other layers empty, no zones).
    """
    mentions = tuple(map(_mention, rec.mentions))
    return AnnotationRecord.model_construct(
        format=rec.format,
        doc=rec.doc,
        doc_sha256=rec.doc_sha256,
        annotator=rec.annotator,
        scheme=rec.scheme,
        status=rec.status,
        updated=rec.updated,
        mentions=mentions,
        meta=rec.meta,
    )


def index_files(
    paths: Sequence[Path], check: RecordCheck | None = None
) -> tuple[dict[str, dict[str, Head]], FileRecords] | None:
    """Each annotator's record heads by document, and a reader of the records; None if not in the store's form.

    ``check``: what the reader holds every record to (:class:`NotStreamable` when one fails).
    """
    heads: dict[str, dict[str, Head]] = {}
    seen: set[tuple[str, str]] = set()
    indexes = []
    for path in paths:
        try:
            found = _index(path, seen, heads)
        except OSError:
            return None
        if found is None:
            return None
        indexes.append(found)
    return heads, FileRecords(indexes, check)


@dataclass(frozen=True)
class FileRecords:
    """The records of indexed files, read a stretch of documents at a time."""

    files: list[FileIndex]
    check: RecordCheck | None = None

    def _lines(self, index: FileIndex, lo: str | None, hi: str | None) -> Iterator[tuple[str, str, AnnotationRecord]]:
        start, line = index.start_of(lo) if lo is not None else (0, 1)
        end, _ = index.start_of(hi)
        if start >= end:
            return
        fast = self.check.vouch if self.check is not None else None
        for _, record, problem, _ in iter_records(index.path, fast=fast, part=(start, end, line)):
            if record is None:
                raise NotStreamable(problem)
            if isinstance(record, Vouched):
                record = record.record
            elif self.check is not None and not self.check.passes(record):
                raise NotStreamable(f"{index.path}: a record does not pass validation")
            yield record.doc, record.annotator, record

    def documents(
        self, selected: Mapping[str, Mapping[str, object]], lo: str | None, hi: str | None
    ) -> Iterator[tuple[str, dict[str, AnnotationRecord]]]:
        """Each selected document from ``lo`` (inclusive; None: the start) to ``hi`` (exclusive; None: the end)
        with its selected annotators' records, in document order. Every line of the stretch is parsed and
        checked, selected or not, as reading the files whole would."""
        merged = heapq.merge(*(self._lines(f, lo, hi) for f in self.files), key=lambda item: item[0])
        current: str | None = None
        found: dict[str, AnnotationRecord] = {}

        def done(doc: str) -> tuple[str, dict[str, AnnotationRecord]] | None:
            wanted = selected.get(doc)
            if wanted is None:
                return None
            if not all(a in found for a in wanted):
                raise NotStreamable(f"document {doc}: a record changed while it was read")
            return doc, {a: found[a] for a in wanted}

        for doc, annotator, record in merged:
            if doc != current:
                if current is not None and (got := done(current)) is not None:
                    yield got
                current, found = doc, {}
            head = selected.get(doc, {}).get(annotator)
            if isinstance(head, Head) and (head.status != record.status or head.doc_sha256 != record.doc_sha256):
                raise NotStreamable(f"document {doc}: a record changed while it was read")
            found[annotator] = record
        if current is not None and (got := done(current)) is not None:
            yield got
