"""One annotator's working session: corpus, scheme, store, history and saved UI state.

Textual-free so that it can be driven from tests and benchmarks. Every edit is
saved through :meth:`AnnotationStore.save` (append + fsync) on the background
writer (:mod:`annotator.tui.writer`), so keys never wait for the disk, and the
UI shows it as saved only once that write returned. The cursor per document and the rejected suggestions live in
``gold/.state/<annotator>.json`` (written atomically), so reopening restores
the document and cursor. The state is written beside an edit on the writer
thread (a snapshot taken as the edit is queued), so the fsync never runs on
the UI thread after a key; it is written again only when it changed.

Opening goes through the same checks as ``annotator validate``: a file with an
invalid record (duplicate ids, dangling references, spans that do not match
the text) is refused with every problem as ``file:line: reason``. A record made
on a text that has since changed (drift) does not stop the session: that one
document opens read-only with its old marks hidden, since they would point at
other words, and every edit of it is refused.
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.audit import AuditEntry, AuditLog, audit_path
from annotator.corpus import Corpus, Document
from annotator.durable import atomic_write
from annotator.editing import Change, History, Refused
from annotator.errors import AnnotatorError, StoreError
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.queue import queue_of
from annotator.scheme import Scheme
from annotator.sendback import SentBack, clear_sent_back, load_sent_back
from annotator.store import AnnotationStore, load_records
from annotator.tui.writer import SaveWriter
from annotator.validate import check_records, validate_file

if TYPE_CHECKING:
    from annotator.tui.model_worker import ModelSuggester


def suggestion_key(kind: str, start: int, end: int, label: str) -> str:
    return f"{kind}:{start}:{end}:{label}"


class StateSnapshot(NamedTuple):
    """The session state as written to its file, numbered in the order snapshots were taken."""

    number: int
    text: str


@dataclass
class Session:
    """Everything the app edits, with the store held open (and locked) for its lifetime."""

    project: Project
    annotator: str
    corpus: Corpus
    scheme: Scheme
    store: AnnotationStore
    suggestions: dict[str, AnnotationRecord] = field(default_factory=dict)
    history: History = field(default_factory=History)
    state: dict[str, Any] = field(default_factory=dict)
    saved_at: str = ""
    audit: AuditLog | None = None
    model: ModelSuggester | None = None
    """The model run in the app (``annotate --model``), whose predictions are suggestions."""
    queue: list[str] | None = None
    """The documents assigned to this annotator, in order (``gold/assignments.json``); None: the whole corpus."""
    show_all: bool = False
    """Move through and list every document, not only the queue."""
    sent_back: dict[str, SentBack] = field(default_factory=dict)
    """Documents the lead sent back to this annotator, with the note (:mod:`annotator.sendback`)."""
    _writer: SaveWriter | None = field(default=None, init=False, repr=False)
    draw_first: bool = False
    """Edits wait for :meth:`SaveWriter.wake` before being written (the annotate screen draws them first)."""
    _state_due: StateSnapshot | None = field(default=None, init=False, repr=False)
    """The state when the last edit was queued, for the writer thread to write after that edit."""
    _state_taken: int = field(default=0, init=False, repr=False)
    _state_written: StateSnapshot = field(default_factory=lambda: StateSnapshot(0, ""), init=False, repr=False)
    _state_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @classmethod
    def open(
        cls, project: Project, annotator: str, corpus_path: str | Path | None = None, suggest: str | Path | None = None
    ) -> Session:
        """Load corpus and scheme, then take the annotator's lock (raises LockedError if held)."""
        corpus = Corpus.load(corpus_path) if corpus_path else project.corpus
        scheme = project.scheme
        suggestions: dict[str, AnnotationRecord] = {}
        if suggest:
            records = load_records(Path(suggest))
            try:
                check_records(records, corpus, scheme, strict=False)
            except AnnotatorError as exc:
                raise AnnotatorError(f"{suggest}: cannot show these predictions as suggestions:\n{exc}") from None
            for rec in records:
                suggestions.setdefault(rec.doc, rec)
        queue, sent_back = queue_of(project, annotator), load_sent_back(project, annotator)
        store = project.store(annotator)
        store.open()
        try:
            problems = load_problems(store, corpus, scheme)
        except BaseException:
            store.close(compact=False)
            raise
        if problems:
            store.close(compact=False)
            raise StoreError(
                f"{store.path} has records that cannot be annotated safely; fix them first "
                "(nothing was written):\n" + "\n".join(problems)
            )
        session = cls(project, annotator, corpus, scheme, store, suggestions)
        session.state = session._read_state()
        session.queue, session.sent_back = queue, sent_back
        session.audit = AuditLog(audit_path(store.path.parent, annotator))
        return session

    @property
    def state_path(self) -> Path:
        return self.project.gold_dir / ".state" / f"{self.annotator}.json"

    def _read_state(self) -> dict[str, Any]:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _state_text(self) -> str:
        return json.dumps(self.state, ensure_ascii=False, indent=2) + "\n"

    def state_snapshot(self) -> StateSnapshot:
        """The state as the file holds it, numbered, for another thread to write later."""
        self._state_taken += 1
        return StateSnapshot(self._state_taken, self._state_text())

    def state_changed(self) -> bool:
        """Whether the state differs from what was last written (a write would change the file)."""
        return self._state_text() != self._state_written.text

    def write_state(self, snapshot: StateSnapshot | None = None) -> None:
        """Write the state (or an earlier ``snapshot`` of it) atomically, unless the file holds it or a newer one.

        Serialised by a lock: the writer thread writes the snapshots taken with edits, and a snapshot taken
        earlier never replaces one taken later.
        """
        snapshot = snapshot or self.state_snapshot()
        with self._state_lock:
            written = self._state_written
            if snapshot.number <= written.number:
                return
            if snapshot.text != written.text:
                atomic_write(self.state_path, snapshot.text.encode("utf-8"), inside=self.project.gold_dir)
            self._state_written = snapshot

    def close(self) -> None:
        try:
            self.flush()
            self.write_state()
        finally:
            self.writer.stop()
            self.store.close()
            if self.audit is not None:
                self.audit.close()

    @property
    def writer(self) -> SaveWriter:
        """The background writer of this session's saves (started with the first edit)."""
        if self._writer is None:
            self._writer = SaveWriter(self._write)
        return self._writer

    @property
    def pending(self) -> list[AnnotationRecord]:
        """The records queued or being written, not yet durable (several edits of a document count once)."""
        return self.writer.pending()

    # ------------------------------------------------------------ documents

    def doc_ids(self) -> list[str]:
        return self.corpus.ids()

    def queue_ids(self) -> list[str]:
        """The documents the list shows and next/previous move through: the queue, unless all are asked for."""
        if self.queue is None or self.show_all:
            return self.doc_ids()
        return [d for d in self.queue if d in self.corpus]

    def reload_sent_back(self) -> None:
        """Read the lead's send-backs again (the lead may send one while the app is open)."""
        self.sent_back = load_sent_back(self.project, self.annotator)

    def done_again(self, doc_id: str) -> None:
        """The annotator marked ``doc_id`` done: it is no longer sent back."""
        if doc_id in self.sent_back or doc_id in load_sent_back(self.project, self.annotator):
            clear_sent_back(self.project, self.annotator, doc_id)
        self.sent_back.pop(doc_id, None)

    def document(self, doc_id: str) -> Document:
        return self.corpus.get(doc_id)

    def record(self, doc_id: str) -> AnnotationRecord:
        """The saved record of a document, or an empty one (not saved until the first edit).

        A drifted document's record is shown empty (with its status): its offsets
        belong to another text.
        """
        saved = self.store.get(doc_id)
        if saved is not None and self.drift(doc_id) is None:
            return saved
        doc = self.document(doc_id)
        if saved is not None:
            return AnnotationRecord(
                doc=doc_id,
                doc_sha256=saved.doc_sha256,
                annotator=self.annotator,
                scheme=saved.scheme,
                status=saved.status,
            )
        return AnnotationRecord(doc=doc_id, doc_sha256=doc.sha256, annotator=self.annotator, scheme=self.scheme.id)

    def drift(self, doc_id: str) -> str | None:
        """Why ``doc_id`` is read-only and what to do, when its text changed since it was annotated."""
        saved = self.store.get(doc_id)
        doc = self.document(doc_id)
        if saved is None or saved.doc_sha256 == doc.sha256:
            return None
        return (
            f"{doc_id}: the text changed since {self.annotator} annotated it (record sha256 "
            f"{saved.doc_sha256[:12]}…, text now {doc.sha256[:12]}…). Its annotations would point at the "
            "wrong words, so they are hidden and the document is read-only. `annotator validate` lists the "
            f"drift; restore the original text, or move the old record out of {self.store.path.name} "
            "to annotate the new text afresh."
        )

    def save_state(self, doc_id: str) -> str:
        """What the header says about a document just opened (edits the disk refused come first)."""
        busy, error = self.writer.state()
        if error is not None:
            return f"NOT SAVED ({self.writer.pending_edits()} edit(s) queued, retrying on the next edit)"
        if busy:
            return "saving…"
        if self.drift(doc_id) is not None:
            return "READ-ONLY: text changed since annotated (annotator validate)"
        return "saved" if self.store.get(doc_id) else "nothing to save yet"

    def status(self, doc_id: str) -> str:
        if doc_id in self.sent_back:
            return "sent_back"
        queued = next((r for r in reversed(self.pending) if r.doc == doc_id), None)
        saved = queued or self.store.get(doc_id)
        return "todo" if saved is None else saved.status

    def progress(self) -> tuple[int, int]:
        """(documents done or skipped, documents in the queue or else the corpus)."""
        ids = self.queue_ids()
        return sum(self.status(d) in ("done", "skipped") for d in ids), len(ids)

    def start_doc(self) -> str:
        last = self.state.get("doc")
        ids = self.queue_ids()
        if not ids:
            raise Refused(f"the corpus {self.corpus.source} has no documents")
        if last in ids:
            return last
        return next((d for d in ids if self.status(d) in ("todo", "in_progress", "sent_back")), ids[0])

    def cursor(self, doc_id: str) -> int:
        value = self.state.get("cursor", {}).get(doc_id, 0)
        return value if isinstance(value, int) else 0

    def remember(self, doc_id: str, offset: int) -> None:
        self.state["doc"] = doc_id
        self.state.setdefault("cursor", {})[doc_id] = offset

    # ------------------------------------------------------------ edits

    def apply(self, before: AnnotationRecord, after: AnnotationRecord, what: str) -> AnnotationRecord:
        """Make ``after`` undoable and hand it to the background writer.

        The write runs off the UI thread (the header shows "saving…" until it
        returned), so the save never delays a key; :meth:`flush` waits for it and
        :meth:`close` flushes whatever is still queued. A drifted document is
        read-only (see :meth:`drift`).
        """
        if self.drift(after.doc) is not None:
            raise Refused(f"{after.doc} is read-only: its text changed since it was annotated (annotator validate)")
        self.history.push(Change(after.doc, before, after, what))
        self._queue(after, what)
        return after

    def _queue(self, record: AnnotationRecord, what: str) -> None:
        self._state_due = self.state_snapshot()
        self.writer.submit(record, what, wake=not self.draw_first)

    def undo(self) -> tuple[Change, AnnotationRecord]:
        change = self.history.undo()
        self._queue(change.before, f"undo: {change.what}")
        return change, change.before

    def redo(self) -> tuple[Change, AnnotationRecord]:
        change = self.history.redo()
        self._queue(change.after, f"redo: {change.what}")
        return change, change.after

    def flush(self) -> int:
        """Wait until every queued record is durable (retrying a failed write first); returns how many edits.

        Raises the write's error (:class:`StoreError`) when the disk refuses; the
        edits then stay queued.
        """
        queued = self.writer.pending_edits()
        self.writer.retry()
        self.writer.wait()
        return queued

    def _write(self, record: AnnotationRecord, what: list[str]) -> None:
        """On the writer thread: append + fsync ``record``, then name its edits in the audit trail, in order."""
        if record.doc_sha256 != self.document(record.doc).sha256:
            raise StoreError(f"{record.doc}: not saved, the record was made on another version of the text")
        saved = self.store.save(record)
        self.saved_at = saved.updated
        if self.audit is not None:
            for each in what:
                self.audit.append(AuditEntry(saved.updated, saved.doc, self.annotator, each))
        due, self._state_due = self._state_due, None
        if due is not None:
            with contextlib.suppress(AnnotatorError, OSError):
                self.write_state(due)

    def discard_pending(self) -> int:
        """Drop the edits still queued after a failed write (the annotator chose to quit without them)."""
        return self.writer.discard()

    # ------------------------------------------------------------ suggestions

    def rejected(self, doc_id: str) -> set[str]:
        return set(self.state.get("rejected", {}).get(doc_id, []))

    def reject(self, doc_id: str, key: str) -> None:
        keys = self.state.setdefault("rejected", {}).setdefault(doc_id, [])
        if key not in keys:
            keys.append(key)
        self.write_state()


def load_problems(store: AnnotationStore, corpus: Corpus, scheme: Scheme) -> list[str]:
    """``validate``'s problems of the records the app may edit, as ``file:line: reason``.

    Records of documents outside ``corpus`` are never shown, and drifted ones are
    shown read-only (:meth:`Session.drift`), so their problems do not stop a session.
    """
    aside = tuple(
        f"{store.path}:{store.line(r.doc)}:"
        for r in store.records()
        if r.doc not in corpus or r.doc_sha256 != corpus.get(r.doc).sha256
    )
    return [p for p in validate_file(store.path, corpus, scheme, strict=False) if not p.startswith(aside)]
