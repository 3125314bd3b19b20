"""The annotate screen's state and edits, as plain Python (no Textual import).

:class:`AnnotateController` owns the document on screen, its record, the
:class:`~annotator.tui.pointer.Pointer` (cursor and selection), the active
event or attribution, which of the items stacked under the cursor is focused,
the open suggestions and the save state. Every edit goes through
:meth:`AnnotateController.commit`: the session makes it undoable and hands it to
the background writer, then the listener (the screen) shows it; the header says
"saving…" until the writer reports the write durable (:meth:`saves_progressed`).
Edits the scheme or the structure forbid raise :class:`Refused`; edits that
need a choice first return a :class:`~annotator.tui.question.Question` (built in
:mod:`annotator.tui.questions`).

Its parts by meaning are mixins: what an edit applies to (:mod:`annotator.tui.targets`),
suggestion edits (:mod:`annotator.tui.suggestion_edits`) and attribution edits
(:mod:`annotator.tui.attribution_edits`).
"""

from __future__ import annotations

import contextlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Protocol

from annotator import editing as ed
from annotator.editing import Change, Refused
from annotator.errors import AnnotatorError
from annotator.model import AnnotationRecord, Status
from annotator.tokens import TokenIndex
from annotator.tui.attribution_edits import AttributionEdits
from annotator.tui.consequences import lost_references
from annotator.tui.layout import Mark, quick_tokens
from annotator.tui.marks import MentionMarks, marks_for
from annotator.tui.occurrences import Occurrences
from annotator.tui.pending import Pending
from annotator.tui.pointer import Pointer
from annotator.tui.session import Session
from annotator.tui.suggestion_edits import SuggestionEdits
from annotator.tui.suggestions import Suggestion, open_suggestions
from annotator.tui.targets import Targets
from annotator.tui.text_search import Found, find_phrase
from annotator.validate import validate_record


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    """Whether two tuples hold the very same objects, in order (no deep comparison of records)."""
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


class Listener(Protocol):
    """What the controller tells the screen."""

    def edited(self, what: str) -> None:
        """The record changed (``what`` names the edit, already handed to the writer): show it."""

    def opened(self) -> None:
        """Another document is now the controller's (undo or redo of an edit elsewhere)."""

    def tell(self, message: str, warning: bool = False) -> None:
        """A one-line note for the annotator."""


def next_start(starts: Sequence[int], offset: int, delta: int) -> int | None:
    """The first of the sorted ``starts`` after ``offset`` (``delta`` > 0) or the last before it."""
    if delta > 0:
        i = bisect_right(starts, offset)
        return starts[i] if i < len(starts) else None
    i = bisect_left(starts, offset) - 1
    return starts[i] if i >= 0 else None


class AnnotateController(Targets, SuggestionEdits, AttributionEdits):
    """One document at a time; every edit is undoable and saved before the header says so."""

    proposals: Sequence[Suggestion] = ()
    """The app's own zone proposals for this document (made after the first frame; none in a curation editor)."""

    listener: Listener

    def __init__(self, session: Session, listener: Listener, doc_id: str | None = None) -> None:
        self.session = session
        self.scheme = session.scheme
        self.listener = listener
        self.doc_id = doc_id or session.start_doc()
        self.text = session.document(self.doc_id).text
        self.record: AnnotationRecord = session.record(self.doc_id)
        self.pointer = Pointer(self.text, quick_tokens(self.text, session.cursor(self.doc_id)))
        self.tokens_ready = False
        self.active_id: str | None = None
        self.here_index = 0
        """Which of the items under the cursor (innermost first) is focused; Tab cycles it."""
        self.search_text = ""
        self.proposals = []
        self.occurrences = Occurrences()
        """Labels offered on other occurrences of a marked string (:mod:`annotator.tui.occurrences`)."""
        self.marks: list[Mark] = []
        """What the article shows, as of the last :meth:`build_marks`."""
        self._mention_marks = MentionMarks()
        self.pending = Pending()
        """Two-key edits under way: a relation's first argument, the mention taking fragments."""
        self.save_state = self._initial_save_state()
        self._saving = ""
        self._suggestions: tuple[tuple[object, ...], tuple[str, frozenset[str]], list[Suggestion]] | None = None

    def _initial_save_state(self) -> str:
        return self.session.save_state(self.doc_id)

    # ------------------------------------------------------------ documents

    def open(self, doc_id: str) -> None:
        """Switch to another document (queued edits are waited for and the cursor remembered first).

        Edits the disk refuses stay queued (the header keeps saying NOT SAVED); they never block the switch.
        """
        with contextlib.suppress(AnnotatorError, OSError):
            self.session.flush()
        self.remember()
        self.doc_id = doc_id
        self.text = self.session.document(doc_id).text
        self.record = self.session.record(doc_id)
        self.active_id = None
        self.pending.clear()
        self.proposals = []
        self.tokens_ready = False
        self.save_state = self._initial_save_state()
        self.pointer.reset(self.text, quick_tokens(self.text, self.session.cursor(doc_id)))

    def set_tokens(self, text: str, tokens: TokenIndex, proposals: list[tuple[int, int, str]]) -> bool:
        """spaCy tokens and zone proposals for ``text``; False if another document is shown by now."""
        if text != self.text:
            return False
        self.pointer.retokenize(tokens)
        self.tokens_ready = True
        self.proposals = [
            Suggestion("zone", start, end, label, "the app's zone proposals (repeated text, bylines, furniture)")
            for start, end, label in proposals
        ]
        return True

    def remember(self) -> None:
        self.session.remember(self.doc_id, self.pointer.cursor_span[0])

    def saved_cursor(self) -> int:
        return self.session.cursor(self.doc_id)

    def neighbour(self, delta: int) -> str | None:
        """The document ``delta`` places away in the queue (or corpus), if any."""
        ids = self.session.queue_ids()
        if self.doc_id not in ids:
            return ids[0 if delta > 0 else -1] if ids else None
        i = ids.index(self.doc_id) + delta
        return ids[i] if 0 <= i < len(ids) else None

    # ------------------------------------------------------------ what is shown

    def suggestions(self) -> list[Suggestion]:
        """Suggestions not yet annotated nor rejected, least sure first.

        Asked several times per key (marks, footer keys, details), so the list is
        kept until one of its inputs changes: the record, the ``--suggest`` or
        model record (all compared by identity, records are immutable), the
        rejections, the proposals or the occurrence suggestions.
        """
        model = self.session.model
        suggested = self.session.suggestions.get(self.doc_id)
        predicted = model.known(self.doc_id) if model else None
        occurrences = self.occurrences.get(self.doc_id)
        inputs = (self.record, suggested, predicted, *self.proposals, None, *occurrences)
        settings = (model.source if model else "", frozenset(self.session.rejected(self.doc_id)))
        cached = self._suggestions
        if cached is not None and cached[1] == settings and _same(cached[0], inputs):
            return list(cached[2])
        found = open_suggestions(
            self.record, suggested, set(settings[1]), list(self.proposals), predicted, settings[0], occurrences
        )
        self._suggestions = (inputs, settings, found)
        return list(found)

    def build_marks(self) -> list[Mark]:
        self.marks = marks_for(self.record, self.scheme, self.suggestions(), self._mention_marks)
        return self.marks

    def who(self) -> str:
        """The annotator as the header names them; practice work says so."""
        name = self.session.annotator
        return f"{name} (practice)" if self.session.project.is_practice(name) else name

    def status_note(self) -> str:
        active = f"active {self.active_id}" if self.active_id else ""
        return " · ".join(x for x in (active, self.target_note(), self.pending.note()) if x)

    # ------------------------------------------------------------ where to move

    def item_starts(self) -> tuple[int, ...]:
        """Starts of everything highlighted except open zones."""
        return tuple(sorted({m.start for m in self.marks if m.kind != "zone"}))

    def unfinished_starts(self) -> tuple[int, ...]:
        """Triggers of events without arguments and cues of attributions without content."""
        return tuple(
            sorted(
                {v.trigger.start for v in self.record.events if not v.args}
                | {a.cue.start for a in self.record.attributions if a.cue and not a.content}
            )
        )

    def find(self, delta: int, inclusive: bool = False, query: str | None = None) -> Found | None:
        """The next (or previous) match of ``query``, by default the search text
        (:func:`~annotator.tui.text_search.find_phrase`)."""
        text = self.search_text if query is None else query
        return find_phrase(self.text, text, self.pointer.cursor_span[0], delta, inclusive)

    # ------------------------------------------------------------ committing

    def commit(self, after: AnnotationRecord, what: str) -> None:
        """Make ``after`` the record (undoable, queued for saving) and tell the listener."""
        if after is self.record:
            return
        self.record = self.session.apply(self.record, after, what)
        self.listener.edited(what)

    def commit_span_edit(self, after: AnnotationRecord, what: str) -> None:
        """An edit of the selected text: the selection is dropped as it is made."""
        self.pointer.clear()
        self.commit(after, what)

    def saving(self, what: str) -> None:
        """An edit was handed to the background writer: the header says "saving…" until it is durable."""
        self._saving = what
        self.save_state = f"saving… {what}"

    def saves_progressed(self) -> AnnotatorError | OSError | None:
        """Take the header's save state from the writer; returns the error of a failed write.

        "saved" only once nothing is queued or being written, so it never names an edit not yet on disk.
        """
        busy, error = self.session.writer.state()
        if error is not None:
            self.save_state = "NOT SAVED (retrying on the next edit)"
        elif not busy and self.save_state.startswith("saving…"):
            self.save_state = f"saved: {self._saving}"
        return error

    def _show_change(self, change: Change, record: AnnotationRecord, verb: str) -> None:
        if change.doc != self.doc_id:
            self.open(change.doc)
            self.listener.opened()
        self.record = record
        if self.active_id not in self.kinds():
            self.active_id = None
        self.listener.edited(f"{verb} {change.what}")

    def undo(self) -> None:
        self._show_change(*self.session.undo(), "undid")

    def redo(self) -> None:
        self._show_change(*self.session.redo(), "redid")

    # ------------------------------------------------------------ edits without a question

    def warn_in_proposed_zone(self, span: tuple[int, int], layer: str, what: str) -> None:
        """Warn, naming the zone, when a new ``layer`` item lies in a zone the app proposed (and nobody rejected)
        whose label closes ``layer`` (BOILERPLATE, DUPLICATE, a byline).

        A recorded zone refuses such an edit; a proposal is only the app's guess, so the edit stands and the
        annotator settles it: reject the proposal if it is wrong, else delete the item, since nothing is
        annotated there (guidelines/01_zones.md) and the proposal cannot be accepted over it.
        """
        start, end = span
        for s in self.proposals:
            spec = self.scheme.zone_by_label.get(s.label)
            closes = spec is not None and layer not in spec.annotate and s.start < end and start < s.end
            if closes and s.key not in self.session.rejected(self.doc_id):
                self.listener.tell(
                    f"{what} {self.text[start:end]!r} lies in a proposed {s.label} zone, where {layer} are not"
                    " annotated: reject the proposal (x) if it is wrong, else delete it (d)",
                    warning=True,
                )
                return

    def label(self, label: str) -> None:
        start, end = self.pointer.target
        after, _ = ed.add_mention(self.record, self.text, self.scheme, start, end, label)
        self.commit_span_edit(after, f"{label} {self.text[start:end]!r}")
        self.warn_in_proposed_zone((start, end), "mentions", "mention")

    def new_zone(self, label: str, span: tuple[int, int] | None = None) -> None:
        start, end = span or self.pointer.target
        self.commit_span_edit(ed.add_zone(self.record, self.text, self.scheme, start, end, label)[0], f"zone {label}")

    def new_event(self, etype: str, span: tuple[int, int] | None = None) -> None:
        start, end = span or self.pointer.target
        after, ident = ed.add_event(self.record, self.text, self.scheme, start, end, etype)
        self.active_id = ident
        self.commit_span_edit(after, f"event {etype}")
        self.warn_in_proposed_zone((start, end), "events", "trigger")

    def set_mention_attr(self, name: str, value: str) -> None:
        ident = self.current("mention")
        self.commit(ed.set_attr(self.record, self.scheme, ident, name, value), f"{ident} {name}={value}")

    def delete(self) -> None:
        ident = self.current_id()
        if ident is None:
            raise Refused("nothing under the cursor to delete")
        if self.active_id == ident:
            self.active_id = None
        before = self.record
        self.commit(ed.delete(before, ident), f"delete {ident}")
        lost = lost_references(before, self.record)
        if lost:
            self.listener.tell(f"deleting {ident}: " + "; ".join(lost) + " (ctrl+z undoes)", warning=True)

    def cycle_level(self) -> None:
        ident = self.current("mention")
        spec = next((s for s in self.scheme.mention_attributes if s.type == "enum" and s.required), None)
        if spec is None:
            raise Refused("the scheme has no required mention attribute to cycle")
        after, value = ed.cycle_attr(self.record, self.scheme, ident, spec.name)
        self.commit(after, f"{ident} {spec.name}={value}")

    def cycle_attr(self, kind: str, name: str) -> None:
        """Next value of ``name`` on the item of ``kind`` under the cursor, else on the active one."""
        ident = self.target_of(kind)
        after, value = ed.cycle_attr(self.record, self.scheme, ident, name)
        self.commit(after, f"{ident} {name}={value}")

    def hopper(self) -> None:
        first = self.active(
            "event", "make an event active first (Enter on its trigger), then put the cursor on another"
        )
        after, hop = ed.link_events(self.record, first, self.current("event"))
        self.commit(after, f"hopper {hop}")

    def unhopper(self) -> None:
        ident = self.current("event")
        self.commit(ed.unlink_event(self.record, ident), f"{ident} out of its hopper")

    def set_status(self, status: Status) -> None:
        """Mark the document; ``done`` only when the record passes validation (what is wrong is listed)."""
        after = ed.set_status(self.record, status)
        if status == "done":
            problems = validate_record(after, self.session.document(self.doc_id), self.scheme)
            if problems:
                shown = "; ".join(p.split(": ", 1)[-1] for p in problems[:3])
                more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
                raise Refused(f"not marked done: {len(problems)} problem(s): {shown}{more}")
        self.commit(after, f"marked {status}")
        if status == "done":
            with contextlib.suppress(AnnotatorError, OSError):
                self.session.flush()
            if self.saves_progressed() is None:
                self.session.done_again(self.doc_id)
