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
"""

from __future__ import annotations

import contextlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Protocol

from annotator import editing as ed
from annotator.editing import Change, Refused
from annotator.errors import AnnotatorError
from annotator.layers import anchor_key
from annotator.model import AnnotationRecord, Status
from annotator.tokens import TokenIndex
from annotator.tui.consequences import lost_references
from annotator.tui.layout import Mark, quick_tokens
from annotator.tui.marks import MentionMarks, marks_for
from annotator.tui.occurrences import Occurrences
from annotator.tui.pending import Pending
from annotator.tui.pointer import Pointer
from annotator.tui.session import Session
from annotator.tui.suggestion_edits import SuggestionEdits
from annotator.tui.suggestions import Suggestion, open_suggestions
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


class AnnotateController(SuggestionEdits):
    """One document at a time; every edit is undoable and saved before the header says so."""

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
        self.proposals: list[Suggestion] = []
        """The app's own zone proposals for this document (made after the first frame)."""
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
        self._kinds: tuple[AnnotationRecord | None, dict[str, str]] = (None, {})

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
            self.record, suggested, set(settings[1]), self.proposals, predicted, settings[0], occurrences
        )
        self._suggestions = (inputs, settings, found)
        return list(found)

    def kinds(self) -> dict[str, str]:
        """Every id of the record mapped to its kind (:meth:`AnnotationRecord.ids`), built once per record.

        The footer's key checks, the details and the edit targets all ask for it on every key; on a long
        document building it each time costs more than the rest of a cursor move.
        """
        if self._kinds[0] is not self.record:
            self._kinds = (self.record, self.record.ids())
        return self._kinds[1]

    def build_marks(self) -> list[Mark]:
        self.marks = marks_for(self.record, self.scheme, self.suggestions(), self._mention_marks)
        return self.marks

    def active_ids(self) -> set[str]:
        """The active item and what hangs off it (arguments; source, via and reported events), and pending edits'."""
        if self.active_id is None:
            return self.pending.ids()
        ids = {self.active_id} | self.pending.ids()
        ev = next((v for v in self.record.events if v.id == self.active_id), None)
        if ev is not None:
            ids |= {a.ref for a in ev.args}
        at = next((a for a in self.record.attributions if a.id == self.active_id), None)
        if at is not None:
            ids |= {x for x in (at.source, at.via, *at.reports) if x}
        return ids

    def who(self) -> str:
        """The annotator as the header names them; practice work says so."""
        name = self.session.annotator
        return f"{name} (practice)" if self.session.project.is_practice(name) else name

    def status_note(self) -> str:
        active = f"active {self.active_id}" if self.active_id else ""
        return " · ".join(x for x in (active, self.target_note(), self.pending.note()) if x)

    def target_note(self) -> str:
        """Which of several items under the cursor the next edit applies to, e.g. "target m3 (2/3 here)"."""
        items = self.here()
        if len(items) < 2:
            return ""
        i = self.here_index % len(items)
        return f"target {items[i][0]} ({i + 1}/{len(items)} here)"

    def here(self) -> list[tuple[str, int, int]]:
        """Annotations under the cursor, innermost first."""
        return ed.item_at(self.record, self.pointer.cursor_span[0])

    def current_id(self) -> str | None:
        items = self.here()
        if not items:
            return None
        return items[self.here_index % len(items)][0]

    def current(self, kind: str) -> str:
        """The annotation of ``kind`` the next edit applies to (or a refusal)."""
        cur = self.current_id()
        kinds = self.kinds()
        if cur is not None and kinds.get(cur) == kind:
            return cur
        for ident, _, _ in self.here():
            if kinds.get(ident) == kind:
                return ident
        raise Refused(f"put the cursor on a {kind} first")

    def target_of(self, *kinds: str) -> str:
        """What an attribute edit applies to: the targeted item under the cursor if it is of ``kinds``, else
        the first of ``kinds`` there, else the active item if it is of ``kinds`` (or a refusal)."""
        ids = self.kinds()
        here = [ident for ident, _, _ in self.here()]
        cur = self.current_id()
        for ident in ([cur] if cur else []) + here + ([self.active_id] if self.active_id else []):
            if ids.get(ident) in kinds:
                return ident
        raise Refused(f"put the cursor on a {' or '.join(kinds)} first")

    def active(self, kind: str, hint: str) -> str:
        """The active item if it is of ``kind``, else a refusal saying ``hint``."""
        if self.active_id is None or self.kinds().get(self.active_id) != kind:
            raise Refused(hint)
        return self.active_id

    def span_of(self, ident: str) -> tuple[int, int] | None:
        """Where an annotation is shown: its anchor (:func:`annotator.layers.anchor`); a cluster, its first mention."""
        for group in (self.record.zones, self.record.mentions, self.record.events, self.record.attributions):
            for item in group:
                if item.id == ident:
                    return anchor_key(item)
        for e in self.record.entities:
            if e.id == ident and e.mentions:
                return self.span_of(e.mentions[0])
        return None

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

    def find(self, delta: int, inclusive: bool = False) -> Found | None:
        """The next (or previous) match of the search text (:func:`~annotator.tui.text_search.find_phrase`)."""
        return find_phrase(self.text, self.search_text, self.pointer.cursor_span[0], delta, inclusive)

    def candidate_offset(self, delta: int) -> int:
        """With an active event: the next (or previous) candidate argument's start in its sentence."""
        event = ed.event(self.record, self.active("event", "no active event"))
        sentence = self.pointer.tokens.sentence_bounds(event.trigger.start)
        cands = ed.candidate_arguments(self.record, self.scheme, event.id, sentence)
        if not cands:
            raise Refused("no candidate arguments in this sentence")
        here = self.pointer.cursor_span[0]
        starts = [m.start for m in cands]
        if delta > 0:
            return next((s for s in starts if s > here), starts[0])
        return next((s for s in reversed(starts) if s < here), starts[-1])

    def has_active(self, kind: str) -> bool:
        return self.kinds().get(self.active_id or "") == kind

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

    def label(self, label: str) -> None:
        start, end = self.pointer.target
        after, _ = ed.add_mention(self.record, self.text, self.scheme, start, end, label)
        self.commit_span_edit(after, f"{label} {self.text[start:end]!r}")

    def new_zone(self, label: str, span: tuple[int, int] | None = None) -> None:
        start, end = span or self.pointer.target
        self.commit_span_edit(ed.add_zone(self.record, self.text, self.scheme, start, end, label)[0], f"zone {label}")

    def new_event(self, etype: str, span: tuple[int, int] | None = None) -> None:
        start, end = span or self.pointer.target
        after, ident = ed.add_event(self.record, self.text, self.scheme, start, end, etype)
        self.active_id = ident
        self.commit_span_edit(after, f"event {etype}")

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

    def activate(self) -> None:
        """Make the event or attribution under the cursor active (arguments and parts attach to it).

        Triggers and cues come first. An attribution with no cue has nothing else to press on, so its content
        (or its source mention) is the way back to it. Where several candidates share the spot (two attributions
        on one cue), pressing again moves on to the next, so none is out of reach.
        """
        kinds = self.kinds()
        candidates = [ident for ident, _, _ in self.here() if kinds.get(ident) in ("event", "attribution")]
        if not candidates:
            candidates = ed.attributions_at(self.record, self.pointer.cursor_span[0])
        if not candidates:
            raise Refused("no event trigger, attribution cue or attribution content under the cursor")
        if self.active_id in candidates:
            self.active_id = candidates[(candidates.index(self.active_id) + 1) % len(candidates)]
        else:
            self.active_id = candidates[0]
        if len(candidates) > 1:
            self.listener.tell(f"{self.active_id} active ({len(candidates)} here: Enter again for the next)")

    def hopper(self) -> None:
        first = self.active(
            "event", "make an event active first (Enter on its trigger), then put the cursor on another"
        )
        after, hop = ed.link_events(self.record, first, self.current("event"))
        self.commit(after, f"hopper {hop}")

    def unhopper(self) -> None:
        ident = self.current("event")
        self.commit(ed.unlink_event(self.record, ident), f"{ident} out of its hopper")

    def attribution(self, with_cue: bool) -> None:
        cue = self.pointer.target if with_cue else None
        after, ident = ed.add_attribution(self.record, self.text, self.scheme, cue)
        self.active_id = ident
        self.commit_span_edit(after, "attribution")

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

    # ------------------------------------------------------------ guidelines

    def guideline_terms(self) -> list[str]:
        """Labels, types and roles of what is under the cursor, innermost first."""
        terms: list[str] = []
        kinds = self.kinds()
        for ident, _, _ in self.here():
            kind = kinds.get(ident)
            if kind == "mention":
                roles = [a.role for v in self.record.events for a in v.args if a.ref == ident]
                terms += [*roles, ed.mention(self.record, ident).label]
            elif kind == "event":
                terms.append(ed.event(self.record, ident).type)
            elif kind == "zone":
                terms.append(next(z.label for z in self.record.zones if z.id == ident))
        return terms
