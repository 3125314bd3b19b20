"""The records an export writes: checked in one streaming pass, then read again one at a time as they are written.

An export must refuse a file ``annotator validate`` refuses, with every
problem as ``file:line:``, before writing anything; and it must not hold the
corpus's records, whose pydantic objects take far more memory than the
file. So the check reads each file once, keeping only where the record that
counts for each (annotator, document) starts (a later line supersedes an
earlier one, as everywhere), and the writer reads those lines again, in
document order, while it writes.

In the check, plain mention records, the bulk of a large corpus, take the
fast lane of :mod:`annotator.fastread`: msgspec decodes them and
:func:`~annotator.fastread.plainly_valid` gives the validator's
verdict, which its property test holds to :func:`annotator.validate.validate_record`'s;
every other record takes the ordinary path (pydantic, then
``validate_record``). For writing, a checked line is made a model by
pydantic's own JSON reader in one call: measured on a 50-mention record,
that is faster (about 110 us) than decoding with msgspec and building the
objects with ``model_construct`` (about 80 + 180 us).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, cast

from pydantic import ValidationError

from annotator.corpus import Corpus, Document
from annotator.fastread import FastRecord, decode, decode_gold, plainly_valid
from annotator.formats.base import FormatError
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme
from annotator.store import parse_line
from annotator.validate import validate_record

NOT_EXPORTED = "not exported: fix these records first (nothing was written)"


def record_problems(
    record: AnnotationRecord | FastRecord, doc: Document | None, scheme: Scheme, *, strict: bool
) -> list[str]:
    """What :func:`annotator.validate.validate_record` says of ``record``, without its cost when plainly valid."""
    if (
        isinstance(record, FastRecord)
        and doc is not None
        and record.scheme == scheme.id
        and plainly_valid(record, scheme, doc, strict=strict)
    ):
        return []
    return validate_record(cast(AnnotationRecord, record), doc, scheme, strict=strict)


class CorpusTexts(Mapping[str, Document]):
    """The corpus's documents looked up by id, each read when asked for and not kept."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def __getitem__(self, doc_id: str) -> Document:
        if doc_id not in self.corpus:
            raise KeyError(doc_id)
        return self.corpus.read(doc_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self.corpus.ids())

    def __len__(self) -> int:
        return len(self.corpus)


class ExportRecords(Collection[AnnotationRecord]):
    """The checked records of some annotation files, in export order, read from disk each time they are iterated.

    Holds (file, byte offset, line) per record. The files stay open from the
    check to the last read, so a file the store replaces meanwhile (it
    rewrites atomically) is read as it was checked. Use it in a ``with``.
    """

    def __init__(self, corpus: Corpus, scheme: Scheme, *, strict: bool = False) -> None:
        self.corpus = corpus
        self.scheme = scheme
        self.strict = strict
        self.paths: list[Path] = []
        self.handles: list[BinaryIO] = []
        self.entries: list[tuple[int, int, int]] = []
        self.annotators: list[str] = []
        """Every annotator whose records are exported, sorted (known without reading the records again)."""

    @property
    def fast(self) -> Callable[[bytes], FastRecord | None]:
        return decode_gold if self.strict else decode

    def add(self, path: Path) -> list[str]:
        """Check ``path`` as ``annotator validate`` does and queue its records, sorted by document; its problems."""
        try:
            fh = open(path, "rb")
        except OSError as exc:
            return [f"{path}: cannot read: {exc.strerror}"]
        self.paths.append(path)
        self.handles.append(fh)
        problems: list[str] = []
        found: dict[tuple[str, str], list[str]] = {}
        latest: dict[tuple[str, str], tuple[int, int]] = {}
        torn = False
        offset = 0
        for lineno, line in enumerate(fh, 1):
            start = offset
            offset += len(line)
            if line.isspace():
                continue
            record, problem, is_torn = parse_line(path, lineno, line, self.fast)
            if record is None:
                if is_torn:
                    torn = True
                else:
                    problems.append(problem or f"{path}:{lineno}: unreadable")
                continue
            key = (record.annotator, record.doc)
            doc = self.corpus.read(record.doc) if record.doc in self.corpus else None
            latest[key] = (start, lineno)
            found[key] = [
                f"{path}:{lineno}: {p}" for p in record_problems(record, doc, self.scheme, strict=self.strict)
            ]
        if torn:
            problems.append(f"{path}: the last line is torn (an interrupted write); it was never saved")
        for lines in found.values():
            problems += lines
        index = len(self.paths) - 1
        ordered = sorted(latest.items(), key=lambda item: item[0][1])
        self.entries += [(index, start, lineno) for _key, (start, lineno) in ordered]
        self.annotators = sorted({*self.annotators, *(annotator for annotator, _doc in latest)})
        return problems

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, item: object) -> bool:
        """Whether ``item`` is one of the records (reads them all again: for completeness, not for speed)."""
        return any(record == item for record in self)

    def __iter__(self) -> Iterator[AnnotationRecord]:
        for index, start, lineno in self.entries:
            fh, path = self.handles[index], self.paths[index]
            fh.seek(start)
            try:
                yield AnnotationRecord.model_validate_json(fh.readline())
            except ValidationError:
                raise FormatError([f"{path}:{lineno}: changed while it was exported", NOT_EXPORTED]) from None

    def close(self) -> None:
        for fh in self.handles:
            fh.close()
        self.handles = []

    def __enter__(self) -> ExportRecords:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
