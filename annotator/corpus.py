"""Documents and corpora.

A corpus is a folder of ``.txt`` files (the id is the file stem) or a JSONL file
of ``{"id", "text", "meta"}`` objects. Text is read as bytes and decoded as
strict UTF-8 with no newline translation, so offsets always index the file
exactly as it is on disk.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from annotator.errors import CorpusError
from annotator.hashcache import TextHashes
from annotator.model import ID_PATTERN, sha256_text

SAFE_ID = re.compile(ID_PATTERN)
"""Matched with ``fullmatch`` only: ``match`` with ``$`` would accept a trailing newline."""


def check_id(value: str, what: str = "document id") -> str:
    """Refuse ids that could not be a plain file name (no paths, no dot-dot, no spaces)."""
    if not isinstance(value, str) or not SAFE_ID.fullmatch(value) or ".." in value:
        raise CorpusError(
            f"unsafe {what} {value!r}: use letters, digits, '_', '-' and '.', "
            "starting with a letter or digit (at most 128 characters)"
        )
    return value


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @cached_property
    def sha256(self) -> str:
        return sha256_text(self.text)


def read_bytes_with_status(path: Path) -> tuple[bytes, os.stat_result]:
    """A file's bytes and its status, taken on the open file (so they describe the same file).

    Plain descriptor calls, not :func:`open`: a buffered file object costs
    more to build than a news article costs to read, and a pass over a large
    folder corpus reads one file per document.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        try:
            status = os.fstat(fd)
            raw = os.read(fd, status.st_size + 1)
            if len(raw) != status.st_size:  # a file that changed size, or a short read: read on to the end
                chunks = [raw]
                while chunks[-1]:
                    chunks.append(os.read(fd, 1 << 20))
                raw = b"".join(chunks)
        finally:
            os.close(fd)
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror}") from None
    return raw, status


def decode_text(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def read_text_exact(path: Path) -> str:
    return decode_text(read_bytes_with_status(path)[0], path)


class Corpus:
    """Documents by id, in id order. Texts are loaded lazily for folder corpora."""

    def __init__(self, docs: dict[str, Document | Path | None], source: Path | None = None) -> None:
        """``None`` for a document stands for the file ``ID.txt`` in the folder ``source`` (read when asked for):
        a large folder corpus then costs one id per document until its texts are read."""
        self._docs = dict(sorted(docs.items()))
        self.source = source
        self.hashes: TextHashes | None = None
        """Digests remembered by file status (:meth:`remember_hashes`), used by :meth:`read`."""

    def remember_hashes(self, cache: Path, inside: Path) -> None:
        """Take the texts' digests of a folder corpus from the cache file ``cache`` when a file is unchanged.

        ``inside``: the project folder the cache must stay in. Call :meth:`save_hashes` after the pass.
        """
        if self.source is not None and self.source.is_dir():
            self.hashes = TextHashes(cache, self.source, inside)

    def save_hashes(self) -> None:
        if self.hashes is not None:
            self.hashes.save()

    @classmethod
    def load(cls, path: str | Path) -> Corpus:
        path = Path(path)
        if path.is_dir():
            return cls.from_folder(path)
        if path.is_file():
            return cls.from_jsonl(path)
        raise CorpusError(f"{path}: no such corpus (expected a folder of .txt files or a JSONL file)")

    @classmethod
    def from_folder(cls, folder: Path) -> Corpus:
        with os.scandir(folder) as entries:
            names = sorted(e.name[:-4] for e in entries if e.name.endswith(".txt"))
        return cls(dict.fromkeys(map(check_id, names)), folder)

    @classmethod
    def from_jsonl(cls, path: Path) -> Corpus:
        docs: dict[str, Document | Path | None] = {}
        problems: list[str] = []
        try:
            raw = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path}: cannot read: {exc}") from None
        for lineno, line in enumerate(raw.split("\n"), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise ValueError("expected an object")
                doc_id, text = obj.get("id"), obj.get("text")
                if not isinstance(text, str):
                    raise ValueError('"text" must be a string')
                if not isinstance(doc_id, str):
                    raise ValueError('"id" must be a string')
                check_id(doc_id)
                if doc_id in docs:
                    raise ValueError(f"document {doc_id!r} appears twice")
                meta = obj.get("meta") or {}
                if not isinstance(meta, dict):
                    raise ValueError('"meta" must be an object')
                docs[doc_id] = Document(doc_id, text, meta, path)
            except (ValueError, CorpusError) as exc:
                problems.append(f"{path}:{lineno}: {exc}")
        if problems:
            raise CorpusError("\n".join(problems))
        return cls(docs, path)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    def __len__(self) -> int:
        return len(self._docs)

    def ids(self) -> list[str]:
        return list(self._docs)

    def get(self, doc_id: str) -> Document:
        try:
            item = self._docs[doc_id]
        except KeyError:
            raise CorpusError(f"document {doc_id!r} is not in the corpus {self.source}") from None
        if not isinstance(item, Document):
            path = self._path(doc_id, item)
            item = Document(doc_id, read_text_exact(path), {}, path)
            self._docs[doc_id] = item
        return item

    def _path(self, doc_id: str, item: Path | None) -> Path:
        if item is not None:
            return item
        assert self.source is not None
        return self.source / f"{doc_id}.txt"

    def read(self, doc_id: str) -> Document:
        """Like :meth:`get`, without keeping a folder document's text: for one pass over a large corpus,
        whose memory then stays that of one document."""
        item = self._docs.get(doc_id, ...)
        if item is None or isinstance(item, Path):
            path = self._path(doc_id, item)
            if self.hashes is None:
                return Document(doc_id, read_text_exact(path), {}, path)
            return self._read_hashed(doc_id, path, self.hashes)
        return self.get(doc_id)

    @staticmethod
    def _read_hashed(doc_id: str, path: Path, hashes: TextHashes) -> Document:
        """The document with its digest from ``hashes`` when the file's status (taken on the open file) is unchanged
        (and the file is large enough for the cache to be worth a lookup)."""
        raw, status = read_bytes_with_status(path)
        doc = Document(doc_id, decode_text(raw, path), {}, path)
        if status.st_size < hashes.worth_from_bytes:
            return doc
        digest = hashes.lookup(path.name, status)
        if digest is None:
            hashes.remember(path.name, status, doc.sha256)
        else:
            doc.__dict__["sha256"] = digest
        return doc

    def __iter__(self) -> Iterator[Document]:
        return (self.get(i) for i in self._docs)
