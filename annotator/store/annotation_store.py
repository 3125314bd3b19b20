"""The annotation file of one annotator, open for the app to read and save edits in.

Only one process may write an annotator's file: the writer holds an exclusive
``flock`` on ``gold/.locks/<annotator>.lock`` (released by the kernel if the
process dies, so a crash never leaves a stale lock). Opening for writing
refuses a file with unreadable lines (it would otherwise be overwritten) and
moves a torn last line aside to ``<file>.torn`` (never dropped silently);
each save is then one appended line (:mod:`annotator.store.appends`), and
closing rewrites the file atomically in canonical form.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.corpus import check_id
from annotator.durable import FileLock, check_inside, open_nofollow, temp_prefix, write_all
from annotator.errors import CorpusError, StoreError
from annotator.model import AnnotationRecord, utc_now
from annotator.store.appends import AppendFile
from annotator.store.files import read_records, write_lines, write_records
from annotator.store.lines import dumps_record


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
        self._file = AppendFile(self.path, self.gold_dir)
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
            self._file.mark_saved()
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
            self._file.close()
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
            self._file.append(line)
        except OSError as exc:
            raise StoreError(
                f"{self.path}: cannot save {record.doc}: {exc.strerror or exc}; this edit is not saved"
            ) from None
        if record.doc in self._records:
            self._appended += 1
        self._records[record.doc] = record
        return record

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

    def save_lines(self, lines: Iterable[tuple[str, bytes]]) -> None:
        """:meth:`save_all` for imports too large to hold: ``lines`` are (document, its record's canonical line).

        ``lines`` must come in document order and hold records of this
        annotator (:func:`dumps_record` of each, with its newline). They are
        merged with the saved records into one atomic rewrite, one line at a
        time, and never kept: the store is closed afterwards.
        """
        if not self._lock.held:
            raise StoreError(f"{self.path} is not open for writing")
        self._file.close()
        try:
            write_lines(self.path, self._merged(lines), inside=self.gold_dir)
        finally:
            self._records, self._lines, self._appended = {}, {}, 0
            self.close(compact=False)

    def _merged(self, lines: Iterable[tuple[str, bytes]]) -> Iterator[bytes]:
        saved = self.docs()
        i = 0
        last: str | None = None
        for doc, line in lines:
            if last is not None and doc <= last:
                raise ValueError(f"lines to save are not in document order: {doc!r} after {last!r}")
            last = doc
            while i < len(saved) and saved[i] < doc:
                yield (dumps_record(self._records[saved[i]]) + "\n").encode("utf-8")
                i += 1
            if i < len(saved) and saved[i] == doc:
                i += 1
            yield line
        for doc in saved[i:]:
            yield (dumps_record(self._records[doc]) + "\n").encode("utf-8")

    def compact(self) -> None:
        """Rewrite the file in canonical form: one line per document, sorted."""
        self._rewrite(self._records)

    def _rewrite(self, records: dict[str, AnnotationRecord]) -> None:
        """Replace the file with ``records``, then take its new length as the saved state.

        A rewrite that renamed its file into place but then failed (the folder's
        fsync) still replaced the file: the new length is taken before the error
        goes up, or the next save would find the file "shorter than its saved state".
        """
        self._file.close()
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
        self._file.mark_saved()
        self._lines = {doc: n for n, doc in enumerate(self.docs(), 1)}


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None
