"""The annotate screen: article, side panel, header and footer, and the keys to move around.

Editing actions live in :class:`EditActions` (``annotate_edits``) and
:class:`SessionActions` (``annotate_session``); this module
holds the document state, navigation and the plumbing every edit goes through
(:meth:`AnnotateScreen.commit`: show the edit, then save it through the store right
after that frame, the header saying "saving…" until the line is on disk).
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList

from annotator.editing import Refused, item_at
from annotator.errors import AnnotatorError
from annotator.model import AnnotationRecord
from annotator.tokens import TokenIndex, tokenize
from annotator.tui.keys import FIXED, scheme_bindings
from annotator.tui.layout import quick_tokens
from annotator.tui.mark_style import Palette
from annotator.tui.marks import MentionMarks, marks_for, open_suggestions
from annotator.tui.screens.annotate_session import SessionActions
from annotator.tui.session import Session
from annotator.tui.widgets.article_view import ArticleView
from annotator.tui.widgets.side_panel import SidePanel
from annotator.tui.widgets.status_bar import StatusBar
from annotator.tui.zone_proposals import propose_zones


def annotate_screen_class(session: Session) -> type[AnnotateScreen]:
    """The screen class with the scheme's keys added to its bindings."""
    return type("AnnotateScreen", (AnnotateScreen,), {"BINDINGS": [*FIXED, *scheme_bindings(session.scheme)]})


class AnnotateScreen(SessionActions, Screen[None]):
    """One document at a time; every edit is saved before the header says so."""

    BINDINGS: ClassVar[list[Binding]] = FIXED

    def __init__(self, session: Session, doc_id: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.scheme = session.scheme
        self.doc_id = doc_id or session.start_doc()
        self.doc_text = session.document(self.doc_id).text
        self.record: AnnotationRecord = session.record(self.doc_id)
        self.tokens_ready = False
        self.active_id: str | None = None
        self.here_index = 0
        self.search_text = ""
        self._list_timer: Timer | None = None
        self._list_window: tuple[int, int] | None = None
        self._footer_active: str | None = None
        self._mention_marks = MentionMarks()
        self._proposed_for: str | None = None
        self._zone_proposals: list[tuple[int, int, str]] = []
        self.save_state = session.save_state(self.doc_id)
        colors = {z.label: z.color for z in self.scheme.zones}
        colors |= {e.label: e.color for e in self.scheme.entity_labels}
        colors |= {t.name: t.color for t in self.scheme.event_types}
        self.palette = Palette(colors, mono=self.app.no_color)
        self.view = ArticleView(self.doc_text, quick_tokens(self.doc_text), self.palette, id="article")

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            yield self.view
            yield SidePanel(id="side")
        yield Footer()

    def on_mount(self) -> None:
        self.load_document(self.doc_id, first=True)

    def load_document(self, doc_id: str, first: bool = False) -> None:
        """Show another document (or the first), restoring its saved cursor."""
        if not first:
            self.flush()
            self.remember()
            self.doc_id = doc_id
            self.doc_text = self.session.document(doc_id).text
            self.record = self.session.record(doc_id)
            self.active_id = None
            self.save_state = self.session.save_state(doc_id)
            self.view.set_document(self.doc_text, quick_tokens(self.doc_text))
        self.tokens_ready = False
        self.view.move_to_offset(self.session.cursor(doc_id))
        self.redraw()
        if (drift := self.session.drift(doc_id)) is not None:
            self.notify(drift, title="Read-only", severity="error", timeout=30)
        self.view.focus()
        self.tokenize_worker(self.doc_text)

    @work(thread=True, exclusive=True, group="tokenize")
    def tokenize_worker(self, text: str) -> None:
        """spaCy tokens and sentences, and zone proposals, computed after the first frame is on screen."""
        tokens = tokenize(text)
        proposals = propose_zones(text, self.scheme)
        self.app.call_from_thread(self._tokens_ready, text, tokens, proposals)

    def _tokens_ready(self, text: str, tokens: TokenIndex, proposals: list[tuple[int, int, str]]) -> None:
        if text == self.doc_text:
            self.view.set_tokens(tokens)
            self.tokens_ready = True
            self._proposed_for, self._zone_proposals = self.doc_id, proposals
            self.redraw(list_too=False)
            # The document, its tokens and marks live as long as the screen: keep them out of
            # the cyclic collector's full passes, and collect young objects less often, since a
            # full pass over a long document's objects stalls whichever key press triggers it.
            gc.freeze()
            gc.set_threshold(20_000, 50, 50)

    def key_pairs(self) -> list[tuple[str, Binding]]:
        """(key, binding) for every binding of this screen as currently mapped (user keymap applied)."""
        bindings = self._bindings.copy()
        bindings.apply_keymap(self.app._keymap)
        return [(key, b) for key, group in bindings.key_to_bindings.items() for b in group]

    def remember(self) -> None:
        self.session.remember(self.doc_id, self.view.cursor_span[0])

    # ------------------------------------------------------------ state out

    def redraw(self, list_too: bool = True) -> None:
        suggested = open_suggestions(
            self.record,
            self.session.suggestions.get(self.doc_id),
            self.session.rejected(self.doc_id),
            self._proposals(),
        )
        self.view.set_marks(marks_for(self.record, self.scheme, suggested, self._mention_marks))
        self.view.set_active(self._active_ids())
        if self.active_id != self._footer_active:
            self._footer_active = self.active_id
            self.refresh_bindings()
        self.update_status()
        self.update_details()
        if list_too:
            self.schedule_list()

    def schedule_list(self) -> None:
        """Rebuild the side list a moment after the last change, so keys never wait for it."""
        if self._list_timer is not None:
            self._list_timer.stop()
        self._list_timer = self.set_timer(1.0, self._refresh_list)

    def _proposals(self) -> list[tuple[int, int, str]]:
        """Zone proposals for this document, once the worker has made them (after the first frame)."""
        return self._zone_proposals if self._proposed_for == self.doc_id else []

    def _refresh_list(self) -> None:
        self._list_timer = None
        self._list_window = self.view.visible_range()
        self.query_one(SidePanel).show_list(self.record, self._list_window)

    def _active_ids(self) -> set[str]:
        if self.active_id is None:
            return set()
        ids = {self.active_id}
        ev = next((v for v in self.record.events if v.id == self.active_id), None)
        if ev is not None:
            ids |= {a.ref for a in ev.args}
        at = next((a for a in self.record.attributions if a.id == self.active_id), None)
        if at is not None:
            ids |= {x for x in (at.source, at.via, *at.reports) if x}
        return ids

    def update_status(self) -> None:
        note = f"active {self.active_id}" if self.active_id else ""
        self.query_one(StatusBar).show(
            self.doc_id,
            self.session.status(self.doc_id),
            self.session.annotator,
            self.session.progress(),
            self.save_state,
            note,
        )

    def update_details(self) -> None:
        self.query_one(SidePanel).show_details(self.record, self.current_id(), self.active_id)

    def here(self) -> list[tuple[str, int, int]]:
        """Annotations under the cursor, innermost first."""
        return item_at(self.record, self.view.cursor_span[0])

    def current_id(self) -> str | None:
        items = self.here()
        if not items:
            return None
        return items[self.here_index % len(items)][0]

    def current(self, kind: str) -> str:
        """The annotation of ``kind`` the next action applies to (or a refusal)."""
        cur = self.current_id()
        kinds = self.record.ids()
        if cur is not None and kinds.get(cur) == kind:
            return cur
        for ident, _, _ in self.here():
            if kinds.get(ident) == kind:
                return ident
        raise Refused(f"put the cursor on a {kind} first")

    def refuse(self, exc: Refused) -> None:
        self.notify(str(exc), severity="warning", timeout=4)

    def commit(self, after: AnnotationRecord, what: str) -> None:
        """Show ``after`` and save it right after this frame (append + fsync); undoable."""
        if after is self.record:
            return
        self.record = self.session.apply(self.record, after, what)
        self.saving(what)

    def saving(self, what: str) -> None:
        """Header says "saving…" until the queued records are durable, then "saved"."""
        self.save_state = f"saving… {what}"
        self.redraw()
        self.call_after_refresh(self.flush, what)

    def flush(self, what: str = "") -> None:
        """Make queued edits durable; a failing disk is reported and the edits stay queued."""
        try:
            saved = self.session.flush()
        except (AnnotatorError, OSError) as exc:
            self.save_state = "NOT SAVED (retrying on the next edit)"
            self.notify(f"cannot save: {exc}", severity="error", timeout=10)
            self.update_status()
            return
        if saved:
            self.save_state = f"saved: {what}"
            self.update_status()

    # ------------------------------------------------------------ messages

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self) -> None:
        self.remember()
        self.here_index = 0
        self.update_details()
        if self.view.visible_range() != self._list_window:
            self.schedule_list()

    @on(SidePanel.Jump)
    def _jump(self, event: SidePanel.Jump) -> None:
        span = self._span_of(event.ident)
        if span is not None:
            self.view.move_to_offset(span[0])
        self.view.focus()

    def _span_of(self, ident: str) -> tuple[int, int] | None:
        for group in (self.record.zones, self.record.mentions):
            for item in group:
                if item.id == ident:
                    return (item.start, item.end)
        for v in self.record.events:
            if v.id == ident:
                return v.trigger.key
        for a in self.record.attributions:
            if a.id == ident:
                anchor = a.cue or (a.content[0] if a.content else None)
                return anchor.key if anchor else None
        for e in self.record.entities:
            if e.id == ident and e.mentions:
                return self._span_of(e.mentions[0])
        return None

    # ------------------------------------------------------------ movement

    def action_move_token(self, delta: int, extend: bool = False) -> None:
        self.view.move_to(self.view.cursor + delta, extend)

    def action_move_line(self, delta: int, extend: bool = False) -> None:
        self.view.move_lines(delta, extend)

    def action_move_page(self, delta: int) -> None:
        view = self.view
        view.scroll_to(y=view.scroll_offset.y + delta * view.size.height, animate=False, immediate=True)
        view.move_lines(delta * max(view.size.height - 1, 1))

    def action_move_edge(self, end: int, extend: bool = False) -> None:
        self.view.move_to(len(self.view.tokens) - 1 if end else 0, extend)

    def _move_by_starts(self, starts: tuple[int, ...], delta: int) -> None:
        offset = self.view.cursor_span[0]
        if delta > 0:
            i = bisect_right(starts, offset)
            target = starts[i] if i < len(starts) else None
        else:
            i = bisect_left(starts, offset) - 1
            target = starts[i] if i >= 0 else None
        if target is not None:
            self.view.move_to_offset(target)

    def action_move_sentence(self, delta: int) -> None:
        self._move_by_starts(self.view.tokens.sentence_starts, delta)

    def action_move_paragraph(self, delta: int) -> None:
        self._move_by_starts(self.view.tokens.paragraph_starts, delta)

    def action_next_item(self, delta: int) -> None:
        starts = tuple(sorted({m.start for m in self.view.marks if m.kind != "zone"}))
        self._move_by_starts(starts, delta)

    def action_next_unfinished(self, delta: int) -> None:
        starts = sorted(
            {v.trigger.start for v in self.record.events if not v.args}
            | {a.cue.start for a in self.record.attributions if a.cue and not a.content}
        )
        if not starts:
            self.notify("nothing unfinished: every event has arguments, every attribution has content")
            return
        self._move_by_starts(tuple(starts), delta)

    def action_mark(self) -> None:
        self.view.mark()

    def action_nudge(self, edge: int, delta: int) -> None:
        self.view.nudge(edge, delta)

    def action_escape(self) -> None:
        if self.view.match is not None:
            self.view.match = None
            self.view.repaint_changes()
        if self.view.selection is not None:
            self.view.clear_selection()
        elif self.active_id is not None:
            self.active_id = None
            self.redraw(list_too=False)

    def action_search(self) -> None:
        from annotator.tui.screens.prompt import PromptScreen

        def found(text: str | None) -> None:
            if text:
                self.search_text = text
                self.action_search_next(1)

        self.app.push_screen(PromptScreen("Search the text", self.search_text), found)

    def action_search_next(self, delta: int) -> None:
        if not self.search_text:
            self.action_search()
            return
        text, needle = self.doc_text.lower(), self.search_text.lower()
        here = self.view.cursor_span[0]
        pos = text.find(needle, here + 1) if delta > 0 else text.rfind(needle, 0, max(here, 0))
        if pos < 0:
            pos = text.find(needle) if delta > 0 else text.rfind(needle)
        if pos < 0:
            self.notify(f"{self.search_text!r} not found", severity="warning")
            return
        self.view.match = (pos, pos + len(needle))
        self.view.move_to_offset(pos)

    def action_toggle_panel(self) -> None:
        items = self.query_one("#items", OptionList)
        if items.has_focus:
            self.view.focus()
        else:
            items.focus()

    def action_toggle_tags(self) -> None:
        self.view.toggle_gutter()
