"""Annotation files: reading, atomic writing, locking.

Layout: one JSONL file per annotator, ``gold/<annotator>.jsonl``, one line per
document, sorted by document id, keys in a fixed order; adjudicated gold is
the annotator ``gold`` (``gold/gold.jsonl``). Git diffs stay one line per
edited document and merges by line work.

While an annotator works, a save appends the whole new record for the edited
document as one line and fsyncs it: the cost is one record, whatever the size
of the corpus. A later line for a document supersedes the earlier ones.
Closing the store (and ``annotator compact``) rewrites the file atomically in
its canonical one-line-per-document form. A kill at any moment leaves either
the old or the new state: an interrupted append leaves a torn last line
without its newline, which the reader detects, reports and ignores; a torn
line is moved aside to ``<file>.torn`` (never dropped silently) before the next
writer appends. A save that fails partway (full disk, I/O error) is cut back to
the last saved length before anything else is appended, so a retry never lands
after half a line.

Only one process may write an annotator's file: the writer holds an exclusive
``flock`` on ``gold/.locks/<annotator>.lock`` (released by the kernel if the
process dies, so a crash never leaves a stale lock). The atomic writes and the
lock live in :mod:`annotator.durable`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotator.corpus import check_id
from annotator.durable import FileLock as FileLock
from annotator.durable import atomic_write as atomic_write
from annotator.durable import check_inside, file_size, fsync_dir, open_nofollow, temp_prefix, write_all
from annotator.durable import write_json_atomic as write_json_atomic
from annotator.errors import CorpusError, LineError, StoreError
from annotator.model import AnnotationRecord, utc_now


def _dumps_canonical(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def dumps_record(record: AnnotationRecord) -> str:
    """One record as one canonical JSON line (without the newline)."""
    return _dumps_canonical(record.canonical().to_json_dict())


def _error_text(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    more = exc.error_count() - 5
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


class NotStrictJSON(ValueError):
    """A line that lenient parsers accept but JSON (RFC 8259) does not, or that could not be written back."""


_BOM = b"\xef\xbb\xbf"
_SURROGATE = re.compile(rb"\\u[dD][89abcdefABCDEF]|\xed[\xa0-\xbf]")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise NotStrictJSON(f"duplicate key {dup!r} in one object (a reader would keep only the last)")
    return obj


def _constant(name: str) -> Any:
    raise NotStrictJSON(f"{name} is not valid JSON (numbers must be finite)")


def strict_json(line: bytes) -> Any:
    """``line`` parsed as strict JSON: no duplicate keys, no NaN or Infinity, no BOM, no lone surrogate.

    Lenient parsers keep the last of two equal keys and accept ``NaN``, so a
    file could say two things at once or hold a value that is written back as
    invalid JSON; a lone surrogate cannot be written back as UTF-8 at all.
    Raises :class:`NotStrictJSON` naming the problem, or ``ValueError`` when
    the line is not JSON at all (the caller words that).
    """
    if line.startswith(_BOM):
        raise NotStrictJSON("starts with a UTF-8 byte order mark (BOM); save the file as UTF-8 without BOM")
    data = json.loads(line, object_pairs_hook=_pairs, parse_constant=_constant)
    if _SURROGATE.search(line) is not None:
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise NotStrictJSON(f"lone surrogate {exc.object[exc.start]!r} in a string (not Unicode text)") from None
    return data


@dataclass
class ReadResult:
    """What a JSONL annotation file holds, with everything wrong in it."""

    records: dict[tuple[str, str], AnnotationRecord] = field(default_factory=dict)
    lines: dict[tuple[str, str], int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    torn_tail: str | None = None
    superseded: int = 0

    def by_doc(self) -> dict[str, AnnotationRecord]:
        return {doc: rec for (_, doc), rec in self.records.items()}


def iter_records(
    path: Path,
    select: Callable[[bytes], bool] | None = None,
    fast: Callable[[bytes], Any] | None = None,
    part: tuple[int, int, int] | None = None,
) -> Iterator[tuple[int, Any, str | None, bool]]:
    """Stream an annotation file line by line: ``(line number, record, problem, torn)``.

    Exactly one of ``record`` and ``problem`` is set. ``torn`` marks a last line
    without its newline that does not parse (an interrupted append). Memory
    stays that of one line, so scoring can read files of any size. ``select``
    skips lines before they are parsed (workers sharing out one file); ``fast``
    may return a lighter record for a line it vouches for (None: the line is
    parsed and checked by the model as usual). ``part`` = (first byte, end byte,
    number of the first line) reads only the lines starting in that stretch,
    so that workers can share out a file without each reading all of it.
    """
    try:
        fh = open(path, "rb", buffering=1 << 20)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from None
    with fh:
        lines: Iterable[bytes] = fh
        first = 1
        if part is not None:
            fh.seek(part[0])
            lines, first = _until(fh, part[1] - part[0]), part[2]
        for lineno, line in enumerate(lines, first):
            if line.isspace() or (select is not None and not select(line)):
                continue
            record, problem, torn = parse_line(path, lineno, line, fast)
            yield lineno, record, problem, torn


def parse_line(
    path: Path, lineno: int, line: bytes, fast: Callable[[bytes], Any] | None = None
) -> tuple[Any, str | None, bool]:
    """One line of an annotation file as ``(record, problem, torn)``, as :func:`iter_records` yields it.

    For readers that find the lines themselves (by byte offset, say) and must
    still parse them exactly as every other reader does.
    """
    if fast is not None and (light := fast(line)) is not None:
        return light, None, False
    try:
        data = strict_json(line)
    except NotStrictJSON as exc:
        return None, f"{path}:{lineno}: {exc}", False
    except ValueError:
        data = line
    try:
        if data is line:
            return AnnotationRecord.model_validate_json(line), None, False
        return AnnotationRecord.model_validate(data), None, False
    except ValidationError as exc:
        if not line.endswith(b"\n"):
            return None, line.decode("utf-8", errors="replace"), True
        if exc.errors()[0]["type"] == "json_invalid":
            reason = f"not valid JSON ({exc.errors()[0]['msg'].removeprefix('Invalid JSON: ')})"
        else:
            reason = _error_text(exc)
        return None, f"{path}:{lineno}: {reason}", False


def _until(fh: Iterable[bytes], size: int) -> Iterator[bytes]:
    """The lines of ``fh`` that start within the next ``size`` bytes."""
    for line in fh:
        if size <= 0:
            return
        size -= len(line)
        yield line


def read_records(path: Path) -> ReadResult:
    """Parse an annotation file, reporting each bad line as ``file:line: reason``.

    A later line for the same (annotator, document) supersedes an earlier one.
    A last line without its newline that does not parse is a torn append: it is
    reported in ``torn_tail``, not as a problem, since it was never a saved state.
    """
    result = ReadResult()
    for lineno, record, problem, torn in iter_records(path):
        if record is None:
            if torn:
                result.torn_tail = problem
            else:
                result.problems.append(problem or "")
            continue
        key = (record.annotator, record.doc)
        if key in result.records:
            result.superseded += 1
        result.records[key] = record
        result.lines[key] = lineno
    return result


def load_records(path: Path) -> list[AnnotationRecord]:
    """All records of a file, or :class:`LineError` listing every bad line."""
    result = read_records(path)
    problems = list(result.problems)
    if result.torn_tail is not None:
        problems.append(f"{path}:{_count_lines(path)}: torn last line (an interrupted write), ignored")
    if problems:
        raise LineError(problems)
    return list(result.records.values())


def _count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") + 1


def write_records(path: Path, records: Iterable[AnnotationRecord], *, inside: Path | None = None) -> None:
    """Write a whole exchange file atomically, sorted by annotator and document (``inside``: see atomic_write)."""
    ordered = sorted(records, key=lambda r: (r.annotator, r.doc))
    text = "".join(dumps_record(r) + "\n" for r in ordered)
    atomic_write(path, text.encode("utf-8"), inside=inside)


class AnnotationStore:
    """The annotation file of one annotator in a project's ``gold/`` folder.

    Use as a context manager. ``writable=True`` takes the lock, refuses a file
    with unreadable lines (it would otherwise be overwritten) and moves a torn
    tail aside; ``save`` then appends and fsyncs one line per edit.
    """

    def __init__(self, gold_dir: str | Path, annotator: str, *, writable: bool = True) -> None:
        try:
            check_id(annotator, "annotator name")
        except CorpusError as exc:
            raise StoreError(str(exc)) from None
        self.gold_dir = Path(gold_dir)
        self.annotator = annotator
        self.path = self.gold_dir / f"{annotator}.jsonl"
        if not self.path.is_symlink() and self.path.resolve().parent != self.gold_dir.resolve():
            raise StoreError(f"annotator name {annotator!r} would write outside {self.gold_dir}")
        self.writable = writable
        self._lock = FileLock(self.gold_dir / ".locks" / f"{annotator}.lock", str(self.path), self.gold_dir)
        self._records: dict[str, AnnotationRecord] = {}
        self._lines: dict[str, int] = {}
        self._fd: int | None = None
        self._good_size = 0
        self._existed = True
        self._appended = 0
        self.warnings: list[str] = []

    def __enter__(self) -> AnnotationStore:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        if self.writable:
            self._lock.acquire()
        try:
            if self.writable:
                self._refuse_links()
                self._remove_stale_temp_files()
            result = read_records(self.path)
            if result.problems:
                raise StoreError(
                    f"{self.path} has lines that cannot be read; fix them before annotating "
                    "(nothing was written):\n" + "\n".join(result.problems)
                )
            others = sorted({a for a, _ in result.records if a != self.annotator})
            if others:
                raise StoreError(
                    f"{self.path} holds records of other annotators ({', '.join(others)}); "
                    f"each file must hold only {self.annotator!r}"
                )
            self._records = result.by_doc()
            self._lines = {doc: line for (_, doc), line in result.lines.items()}
            self._appended = result.superseded
            self._good_size = file_size(self.path)
            self._existed = self.path.exists()
            if result.torn_tail is not None:
                self.warnings.append(f"{self.path}: the last line was torn by an interrupted write and is ignored")
                if self.writable:
                    self._set_aside_torn_tail(result.torn_tail)
        except BaseException:
            self._lock.release()
            raise

    def _refuse_links(self) -> None:
        """A symbolic link as the annotation file would send appends to the file it points at."""
        if self.path.is_symlink():
            raise StoreError(
                f"{self.path} is a symbolic link (to {os.readlink(self.path)}); saves would write through it. "
                "Replace it with the file itself (nothing was written)"
            )
        check_inside(self.path, self.gold_dir)

    def _remove_stale_temp_files(self) -> None:
        """Remove what compactions killed before their rename left behind.

        Only the names :func:`atomic_write` gives this annotator's file are
        touched, and only under the annotator's lock, which every compaction
        holds while its temporary file exists: so none belongs to a live writer.
        """
        ours = re.compile(re.escape(temp_prefix(self.path)) + r"[a-z0-9_]{8}\.tmp")
        try:
            entries = list(os.scandir(self.gold_dir))
        except FileNotFoundError:
            return
        for entry in entries:
            if ours.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                try:
                    os.unlink(entry.path)
                except OSError:
                    continue
                self.warnings.append(f"{entry.path}: removed a temporary file left by an interrupted compaction")

    def _set_aside_torn_tail(self, tail: str) -> None:
        torn = self.path.with_name(self.path.name + ".torn")
        try:
            fd = open_nofollow(torn, os.O_WRONLY | os.O_APPEND | os.O_CREAT, self.gold_dir)
            try:
                write_all(fd, (tail + "\n").encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StoreError(f"{torn}: cannot set the torn last line aside: {exc.strerror or exc}") from None
        self.compact()

    def close(self, *, compact: bool = True) -> None:
        """Compact (if anything was appended) and release the lock; ``compact=False`` only releases."""
        try:
            if compact and self.writable and self._lock.held and self._appended:
                self.compact()
        finally:
            self._close_fd()
            self._lock.release()

    def docs(self) -> list[str]:
        return sorted(self._records)

    def records(self) -> Iterator[AnnotationRecord]:
        return (self._records[d] for d in self.docs())

    def get(self, doc_id: str) -> AnnotationRecord | None:
        return self._records.get(doc_id)

    def line(self, doc_id: str) -> int | None:
        """The line of the file that held the document's record when the store was opened or compacted."""
        return self._lines.get(doc_id)

    def save(self, record: AnnotationRecord, *, touch: bool = True) -> AnnotationRecord:
        """Make ``record`` the saved state of its document; durable on return.

        A save that fails partway (full disk, I/O error) raises :class:`StoreError`
        and leaves the file as it was after the last save that returned: the
        partial line is cut off at once or, if even that fails, before anything
        else is appended. So a retry never lands after half a line.
        """
        if not self._lock.held:
            raise StoreError(f"{self.path} is not open for writing")
        if record.annotator != self.annotator:
            raise StoreError(f"record of annotator {record.annotator!r} cannot be saved in {self.path}")
        if touch:
            record = record.model_copy(update={"updated": utc_now()})
        line = (dumps_record(record) + "\n").encode("utf-8")
        try:
            fd = self._append_fd()
            write_all(fd, line)
            os.fsync(fd)
        except OSError as exc:
            self._drop_unsaved_tail()
            raise StoreError(
                f"{self.path}: cannot save {record.doc}: {exc.strerror or exc}; this edit is not saved"
            ) from None
        self._good_size += len(line)
        if record.doc in self._records:
            self._appended += 1
        self._records[record.doc] = record
        return record

    def _append_fd(self) -> int:
        """The file opened for appending, cut back to its last saved length if a failed save left more."""
        if self._fd is not None:
            return self._fd
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = open_nofollow(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, self.gold_dir)
        size = os.fstat(self._fd).st_size
        if size < self._good_size:
            self._close_fd()
            raise StoreError(
                f"{self.path} is shorter than its saved state ({size} < {self._good_size} bytes): "
                "another program changed it; nothing was written"
            )
        if size > self._good_size:
            os.ftruncate(self._fd, self._good_size)
            os.fsync(self._fd)
        fsync_dir(self.path.parent)
        return self._fd

    def _drop_unsaved_tail(self) -> None:
        """Undo a failed append now if the disk lets us; :meth:`_append_fd` retries it otherwise.

        A file this store created and never saved a line in is removed again.
        """
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            if os.fstat(fd).st_size > self._good_size:
                os.ftruncate(fd, self._good_size)
                os.fsync(fd)
        with contextlib.suppress(OSError):
            os.close(fd)
        if not self._existed and self._good_size == 0:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def _close_fd(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def save_all(self, records: Iterable[AnnotationRecord]) -> None:
        """Make ``records`` the saved state of their documents in one atomic rewrite (imports).

        Either every record is on disk afterwards or, after a crash, none is:
        the file is replaced whole instead of appended to line by line.
        """
        if not self._lock.held:
            raise StoreError(f"{self.path} is not open for writing")
        merged = dict(self._records)
        for record in records:
            if record.annotator != self.annotator:
                raise StoreError(f"record of annotator {record.annotator!r} cannot be saved in {self.path}")
            merged[record.doc] = record
        self._rewrite(merged)

    def compact(self) -> None:
        """Rewrite the file in canonical form: one line per document, sorted."""
        self._rewrite(self._records)

    def _rewrite(self, records: dict[str, AnnotationRecord]) -> None:
        """Replace the file with ``records``, then take its new length as the saved state.

        A rewrite that renamed its file into place but then failed (the folder's
        fsync) still replaced the file: the new length is taken before the error
        goes up, or the next save would find the file "shorter than its saved state".
        """
        self._close_fd()
        before = _inode(self.path)
        try:
            write_records(self.path, records.values(), inside=self.gold_dir)
        except StoreError:
            if _inode(self.path) != before:
                self._rewritten(records)
            raise
        self._rewritten(records)

    def _rewritten(self, records: dict[str, AnnotationRecord]) -> None:
        self._records = dict(records)
        self._appended = 0
        self._good_size = file_size(self.path)
        self._existed = True
        self._lines = {doc: n for n, doc in enumerate(self.docs(), 1)}


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None
