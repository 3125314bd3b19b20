"""The checking pass of an import, one document at a time, with what it keeps set aside on disk.

An import must write nothing until every draft of every file is known to be
valid, yet must not hold every document of a large corpus to get there. So
each draft is tied to its document, built into a record and checked as it
is read; its record's canonical line, and the text of a document the corpus
lacks, go to a :class:`Spool` (an unnamed temporary file), and the draft is
dropped. Only when the whole input passed are the lines copied into the
annotators' files, in document order. What stays in memory per document is
its id and where its line lies in the spool.
"""

from __future__ import annotations

import tempfile
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from annotator.corpus import Corpus, Document, check_id
from annotator.errors import CorpusError, StoreError
from annotator.formats.base import Draft, Format, ReadOptions, ReadResult
from annotator.model import sha256_text
from annotator.scheme import Scheme
from annotator.store import dumps_record
from annotator.validate import validate_record


class Spool:
    """Byte strings set aside by key in an unnamed temporary file in ``folder``, read back one at a time.

    The file has no name (it vanishes with the process, however it ends) and
    lies in the project, not in a RAM-backed ``/tmp``.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._fh: IO[bytes] = tempfile.TemporaryFile(dir=folder)
        except OSError as exc:
            raise StoreError(
                f"{folder}: cannot set the import aside: {exc.strerror or exc}; nothing was written"
            ) from None
        self._at: dict[Hashable, tuple[int, int]] = {}
        self._end = 0

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()

    def put(self, key: Hashable, data: bytes) -> None:
        try:
            self._fh.seek(self._end)
            self._fh.write(data)
        except OSError as exc:
            raise StoreError(
                f"{self.folder}: cannot set the import aside: {exc.strerror or exc}; nothing was written"
            ) from None
        self._at[key] = (self._end, len(data))
        self._end += len(data)

    def get(self, key: Hashable) -> bytes:
        start, size = self._at[key]
        self._fh.seek(start)
        return self._fh.read(size)

    def values(self, keys: Iterable[Hashable]) -> Iterator[bytes]:
        return (self.get(k) for k in keys)


class DocumentMatcher:
    """Ties drafts to documents: the id the file gives when the corpus has it with the same text, else the
    document with the same text, else a new document.

    The index of the corpus by text digest is built only when a draft's id is
    not in the corpus, and holds digests, not texts.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.new: dict[str, str] = {}
        """New documents: id to text digest."""
        self._by_sha: dict[str, str] | None = None

    def by_sha(self) -> dict[str, str]:
        if self._by_sha is None:
            self._by_sha = {}
            for doc_id in self.corpus.ids():
                self._by_sha.setdefault(self.corpus.read(doc_id).sha256, doc_id)
            for doc_id, sha in self.new.items():
                self._by_sha.setdefault(sha, doc_id)
        return self._by_sha

    def match(self, draft: Draft) -> tuple[str, list[str], bool]:
        """The draft's document id, the problems in tying it, and whether it is a new document."""
        sha = sha256_text(draft.text)
        doc_id = draft.doc
        if doc_id in self.corpus:
            if self.corpus.read(doc_id).sha256 != sha:
                return (
                    doc_id,
                    [f"{draft.where}: text mismatch: document {doc_id!r} is in the corpus with a different text"],
                    False,
                )
            return doc_id, [], False
        by_sha = self.by_sha()
        if sha in by_sha:
            return by_sha[sha], [], False
        if doc_id in self.new:
            return doc_id, [f"{draft.where}: document {doc_id!r} appears twice with different texts"], False
        problems = []
        try:
            check_id(doc_id)
        except CorpusError as exc:
            problems.append(f"{draft.where}: {exc}")
        self.new[doc_id] = sha
        by_sha[sha] = doc_id
        return doc_id, problems, True


@dataclass
class Checked:
    """What the checking pass found: every problem, or the records' lines and new texts in ``spool``."""

    read: ReadResult
    problems: list[str] = field(default_factory=list)
    usage: str | None = None
    """Why the command was called wrongly (a file that names no annotator and no ``--as``)."""
    records: dict[tuple[str, str], str] = field(default_factory=dict)
    """(annotator, document) of every record spooled, to where it came from."""
    new_docs: list[str] = field(default_factory=list)

    def reader_problems(self, scheme: Scheme, hint: str) -> list[str]:
        """The reader's own problems, and the scheme mismatch; reported before anything else."""
        problems = list(self.read.problems)
        if self.read.unknown_types:
            found = ", ".join(f"{k} ({n}x)" for k, n in sorted(self.read.unknown_types.items()))
            problems.append(f"scheme mismatch: the input uses what scheme {scheme.id} does not define: {found}{hint}")
        return problems

    def annotators(self) -> list[str]:
        return sorted({a for a, _ in self.records})

    def docs_of(self, annotator: str) -> list[str]:
        return sorted(d for a, d in self.records if a == annotator)


def drafts_of(fmt: Format, paths: list[Path], options: ReadOptions) -> tuple[ReadResult, Iterator[Draft]]:
    """The format's drafts one at a time where it can stream them (``iter_drafts``), else its read list."""
    stream = getattr(fmt, "iter_drafts", None)
    if stream is None:
        result = fmt.read(paths, options)
        return result, iter(result.drafts)
    result = ReadResult()
    return result, stream(paths, options, result)


def check_drafts(
    read: ReadResult,
    drafts: Iterable[Draft],
    corpus: Corpus,
    scheme: Scheme,
    spool: Spool,
    *,
    as_annotator: str | None,
    default_annotator: str | None,
) -> Checked:
    """Tie, build and check every draft, spooling the records' lines and the new texts while all is well.

    Once the reader has reported a problem, later drafts are only read (to
    report every problem of the input), not checked.
    """
    out = Checked(read)
    matcher = DocumentMatcher(corpus)
    for draft in drafts:
        if read.problems or read.unknown_types or out.usage is not None:
            continue
        doc_id, problems, new = matcher.match(draft)
        out.problems += problems
        if new and not problems:
            spool.put(("text", doc_id), draft.text.encode("utf-8"))
            out.new_docs.append(doc_id)
        annotator = as_annotator or (draft.annotator if draft.named else None) or default_annotator
        if annotator is None:
            out.usage = f"{draft.where}: the file does not say who annotated it; name the annotator with --as NAME"
            continue
        try:
            check_id(annotator, "annotator name")
            record = draft.record(doc_id, annotator, scheme.id)
        except (CorpusError, ValidationError) as exc:
            out.problems.append(f"{draft.where}: {exc}")
            continue
        key = (annotator, doc_id)
        if key in out.records:
            out.problems.append(
                f"{draft.where}: a second record of {annotator} on document {doc_id} (first at {out.records[key]})"
            )
            continue
        out.records[key] = draft.where
        found = validate_record(record, Document(doc_id, draft.text), scheme, strict=False)
        out.problems += [f"{draft.where}: {p}" for p in found]
        if not out.problems:
            spool.put(("record", *key), (dumps_record(record) + "\n").encode("utf-8"))
    return out
