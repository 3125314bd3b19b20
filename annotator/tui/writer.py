"""The background writer: saves run on one thread, in order, so that no key waits behind an fsync.

Saving a record costs a canonical JSON line and an fsync (tens of milliseconds
on a loaded disk); on the UI thread the key after an edit would wait for it.
The writer takes queued records and writes them one at a time, in the order
they were queued. Several edits of the same document queued back to back need
only the latest record on disk (each record is the document's whole state), so
they are merged into one write that still carries every edit's description for
the audit trail, in order.

A record queued with ``wake=False`` waits until :meth:`SaveWriter.wake` (or a
flush, or stopping): the annotate screen draws an edit before the writer turns
the record into a JSON line, since that serialising holds the interpreter lock
for milliseconds and would otherwise delay the very frame that shows the edit.

A write that fails stops the writer with the failed record still first in the
queue: nothing after it is written (order is kept) and nothing is claimed
saved until :meth:`SaveWriter.retry` succeeds. Textual-free: the UI learns of
progress through ``listener``, called on the writer thread after each write
and never holding the writer's lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from annotator.errors import AnnotatorError, StoreError
from annotator.model import AnnotationRecord

Write = Callable[[AnnotationRecord, list[str]], None]
"""Makes a record durable and records the edits (their descriptions) it carries; raises on failure."""


@dataclass
class Queued:
    """A record waiting to be written, with the descriptions of the edits it holds."""

    record: AnnotationRecord
    what: list[str] = field(default_factory=list)


class SaveWriter:
    """One thread writing queued records in order; see the module docstring."""

    def __init__(self, write: Write) -> None:
        self._write = write
        self._cond = threading.Condition()
        self._queue: list[Queued] = []
        self._writing = False
        self._error: AnnotatorError | OSError | None = None
        self._stopped = False
        self._held = False
        self._thread: threading.Thread | None = None
        self.last_saved = ""
        """The description of the last edit made durable."""
        self.listener: Callable[[], None] | None = None

    # ------------------------------------------------------------ the UI thread's side

    def submit(self, record: AnnotationRecord, what: str, *, wake: bool = True) -> None:
        """Queue ``record``; a failed write is retried with it (the queue keeps its order).

        ``wake=False``: the writer starts on it only at :meth:`wake` (see the module docstring).
        """
        with self._cond:
            self._held = not wake
            tail = self._queue[-1] if self._queue else None
            in_flight = self._writing and len(self._queue) == 1
            if tail is not None and not in_flight and tail.record.doc == record.doc:
                tail.record = record
                tail.what.append(what)
            else:
                self._queue.append(Queued(record, [what]))
            self._error = None
            self._start()
            if wake:
                self._cond.notify_all()

    def wake(self) -> None:
        """Start writing what was queued with ``wake=False``."""
        with self._cond:
            self._held = False
            self._cond.notify_all()

    def retry(self) -> None:
        """Write again what a failed write left queued (and what waits for :meth:`wake`)."""
        with self._cond:
            self._error = None
            self._held = False
            if self._queue:
                self._start()
            self._cond.notify_all()

    def wait(self) -> None:
        """Block until everything queued is durable; raises the error of a write that failed (it stays queued)."""
        with self._cond:
            self._held = False
            self._cond.notify_all()
            while self._queue and self._error is None:
                self._cond.wait()
            if self._error is not None:
                raise self._error

    def pending(self) -> list[AnnotationRecord]:
        """The records not yet durable, first to be written first (merged edits count once)."""
        with self._cond:
            return [q.record for q in self._queue]

    def pending_edits(self) -> int:
        """How many edits are not yet durable (each merged edit counted)."""
        with self._cond:
            return sum(len(q.what) for q in self._queue)

    def state(self) -> tuple[bool, AnnotatorError | OSError | None]:
        """(whether anything is still queued or being written, the error that stopped the writer)."""
        with self._cond:
            return bool(self._queue), self._error

    def discard(self) -> int:
        """Drop what a failed write left queued (the annotator chose to lose it); returns how many edits."""
        with self._cond:
            if self._writing:
                raise StoreError("a save is under way; wait for it before dropping edits")
            dropped = sum(len(q.what) for q in self._queue)
            self._queue.clear()
            self._error = None
            self._cond.notify_all()
            return dropped

    def stop(self) -> None:
        """End the thread once it is idle (what is still queued stays queued)."""
        with self._cond:
            self._stopped = True
            self._held = False
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    # ------------------------------------------------------------ the writer thread

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stopped = False
            self._thread = threading.Thread(target=self._run, name="annotator-save", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and (not self._queue or self._error is not None or self._held):
                    self._cond.wait()
                if self._stopped and (not self._queue or self._error is not None):
                    return
                item = self._queue[0]
                record, what = item.record, list(item.what)
                self._writing = True
            error: AnnotatorError | OSError | None = None
            try:
                self._write(record, what)
            except (AnnotatorError, OSError) as exc:
                error = exc
            with self._cond:
                self._writing = False
                if error is not None:
                    self._error = error
                else:
                    self._queue.pop(0)
                    self.last_saved = what[-1] if what else ""
                self._cond.notify_all()
            if self.listener is not None:
                self.listener()
