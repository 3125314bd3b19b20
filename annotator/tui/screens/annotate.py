"""The annotate screen: article, side panel, header and footer, wired to the controller.

The screen holds no editing logic: every key is a declared binding (``keys.py``)
whose action asks :class:`AnnotateController` to edit, shows the questions an edit
asks (picker, prompt) and redraws when the controller says the record changed.
Widgets get attributes from here and post messages back (cursor moved, item
picked in the list). Each edit is shown at once and saved by the session's
background writer, the header saying "saving…" until the line is on disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Footer, OptionList

from annotator.editing import Refused
from annotator.errors import AnnotatorError
from annotator.model import AnnotationRecord
from annotator.tokens import TokenIndex, tokenize
from annotator.tui import questions
from annotator.tui.controller import AnnotateController
from annotator.tui.describe import around_lines
from annotator.tui.keys import FIXED, scheme_bindings
from annotator.tui.mark_style import Palette
from annotator.tui.question import Ask, Question, TextQuestion
from annotator.tui.screens.edit_actions import EditActions
from annotator.tui.screens.model_loop import ModelLoopScreen
from annotator.tui.screens.other_screens import OtherScreens
from annotator.tui.screens.picker import PickerScreen
from annotator.tui.screens.prompt import PromptScreen
from annotator.tui.screens.structure_actions import StructureActions
from annotator.tui.screens.text_actions import TextActions
from annotator.tui.screens.type_ahead import KeyRouter
from annotator.tui.session import Session, StateSnapshot
from annotator.tui.suggestions import explain
from annotator.tui.widgets.article_view import ArticleView
from annotator.tui.widgets.side_panel import SidePanel
from annotator.tui.widgets.status_bar import StatusBar
from annotator.tui.zone_proposals import propose_zones


def annotate_screen_class(session: Session) -> type[AnnotateScreen]:
    """The screen class with the scheme's keys added to its bindings."""
    return type("AnnotateScreen", (AnnotateScreen,), {"BINDINGS": [*FIXED, *scheme_bindings(session.scheme)]})


class AnnotateScreen(ModelLoopScreen, EditActions, StructureActions, TextActions, OtherScreens, KeyRouter):
    """One document at a time; every edit is saved before the header says so."""

    BINDINGS: ClassVar[list[BindingType]] = [*FIXED]

    def __init__(self, session: Session, doc_id: str | None = None) -> None:
        self.controller = AnnotateController(session, self, doc_id)
        super().__init__()
        self._list_timer: Timer | None = None
        self._state_timer: Timer | None = None
        self._paint_timer: Timer | None = None
        """Set while an edit waits for its frame (:meth:`_painted`), with a fallback should no frame come."""
        self._list_window: tuple[int, int] | None = None
        self._footer_active: str | None = None
        self._footer_suggestion = False
        scheme = session.scheme
        colors = {z.label: z.color for z in scheme.zones}
        colors |= {e.label: e.color for e in scheme.entity_labels}
        colors |= {t.name: t.color for t in scheme.event_types}
        self.palette = Palette(colors, mono=self.app.no_color)
        self.view = ArticleView(self.controller.pointer, self.palette, id="article")

    # ------------------------------------------------------------ the controller's state, for readers

    @property
    def session(self) -> Session:
        return self.controller.session

    @property
    def record(self) -> AnnotationRecord:
        return self.controller.record

    @property
    def doc_id(self) -> str:
        return self.controller.doc_id

    @property
    def active_id(self) -> str | None:
        return self.controller.active_id

    @property
    def save_state(self) -> str:
        return self.controller.save_state

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            yield self.view
            yield SidePanel(id="side")
        yield Footer()

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()

        def progressed() -> None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._saves_progressed)

        self.session.writer.listener = progressed
        self.session.draw_first = True
        self.show_document()

    def on_unmount(self) -> None:
        self.session.writer.listener = None
        self.session.draw_first = False
        self.session.writer.wake()

    def load_document(self, doc_id: str) -> None:
        """Show another document, restoring its saved cursor."""
        self.controller.open(doc_id)
        self.opened()
        self.keep_position()

    def opened(self) -> None:
        """The controller switched documents: show the new text."""
        self.view.show_document()
        self.show_document()

    def show_document(self) -> None:
        self.view.move_to_offset(self.controller.saved_cursor())
        self.redraw()
        if (drift := self.session.drift(self.controller.doc_id)) is not None:
            self.notify(drift, title="Read-only", severity="error", timeout=30)
        if (back := self.session.sent_back.get(self.controller.doc_id)) is not None:
            self.notify(f"{back.by} sent this back: {back.note}", title="Sent back", severity="warning", timeout=30)
        self.view.focus()
        self.tokenize_worker(self.controller.text)
        self.start_model()

    @work(thread=True, exclusive=True, group="tokenize")
    def tokenize_worker(self, text: str) -> None:
        """spaCy tokens and sentences, and zone proposals, computed after the first frame is on screen."""
        tokens = tokenize(text)
        proposals = propose_zones(text, self.controller.scheme)
        self.app.call_from_thread(self._tokens_ready, text, tokens, proposals)

    def _tokens_ready(self, text: str, tokens: TokenIndex, proposals: list[tuple[int, int, str]]) -> None:
        if self.controller.set_tokens(text, tokens, proposals):
            self.view.show_tokens()
            self.redraw(list_too=False)
            # The document, its tokens and marks live as long as the screen: keep them out of
            # the cyclic collector's full passes, and collect young objects less often, since a
            # full pass over a long document's objects stalls whichever key press triggers it.
            gc.freeze()
            gc.set_threshold(20_000, 50, 50)

    def key_pairs(self) -> list[tuple[str, Binding]]:
        """(key, binding) for every binding of this screen as currently mapped (user keymap applied)."""
        bindings = BindingsMap(self.BINDINGS)
        bindings.apply_keymap(getattr(self.app, "user_keymap", {}))
        return [(key, b) for key, group in bindings.key_to_bindings.items() for b in group]

    def remember(self) -> None:
        self.controller.remember()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show (and enable) argument keys only with an active event, part and cue keys only with an active
        attribution."""
        if action in ("argument", "part", "cue"):
            return self.controller.has_active("event" if action == "argument" else "attribution")
        if action in ("accept", "reject"):
            return self._footer_suggestion
        return True

    # ------------------------------------------------------------ state out

    def redraw(self, list_too: bool = True) -> None:
        self.redraw_article()
        self.redraw_around(list_too)

    def redraw_article(self) -> bool:
        """The controller's marks, active item and cursor in the article; returns whether a row is drawn again."""
        view = self.view
        marks = view.set_marks(self.controller.build_marks())
        active = view.set_active(self.controller.active_ids())
        return view.repaint_changes() or marks or active

    def redraw_around(self, list_too: bool = True) -> None:
        """Everything but the article: footer keys, header, details and (a moment later) the side list."""
        if not self.is_attached:
            return
        if self.controller.active_id != self._footer_active:
            self._footer_active = self.controller.active_id
            self.refresh_bindings()
        self.refresh_suggestion_keys()
        self.update_status()
        self.update_details()
        if list_too:
            self.schedule_list()

    def schedule_list(self) -> None:
        """Rebuild the side list a moment after the last change, so keys never wait for it."""
        if self._list_timer is not None:
            self._list_timer.stop()
        self._list_timer = self.set_timer(1.0, self._refresh_list)

    def _refresh_list(self) -> None:
        self._list_timer = None
        self._list_window = self.view.visible_range()
        self.query_one(SidePanel).show_list(self.controller.record, self._list_window)

    def update_status(self) -> None:
        ctl = self.controller
        self.query_one(StatusBar).show(
            ctl.doc_id,
            ctl.session.status(ctl.doc_id),
            ctl.who(),
            ctl.session.progress(),
            ctl.save_state,
            ctl.status_note(),
        )

    def refresh_suggestion_keys(self) -> None:
        """Show ``y``/``x`` in the footer exactly while the cursor is on a suggestion."""
        on_one = self.controller.suggestion_at_cursor() is not None
        if on_one != self._footer_suggestion:
            self._footer_suggestion = on_one
            self.refresh_bindings()

    def update_details(self) -> None:
        ctl = self.controller
        suggestion = ctl.suggestion_at_cursor()
        told: list[str] = []
        if suggestion is not None:
            keys = {b.action: key for key, b in self.key_pairs() if b.action in ("accept", "reject", "accept_all")}
            told = explain(suggestion, ctl.scheme, keys)
        around = around_lines(ctl.record, ctl.quoting_here(), ctl.pointer.cursor_span[0])
        self.query_one(SidePanel).show_details(ctl.record, ctl.current_id(), ctl.active_id, told, ctl.kinds(), around)

    def tell(self, message: str, warning: bool = False) -> None:
        self.notify(message, severity="warning" if warning else "information")

    def refuse(self, exc: Refused) -> None:
        self.notify(str(exc), severity="warning", timeout=4)

    def edited(self, what: str) -> None:
        """Header says "saving…" until the background writer reports the edit durable, then "saved"."""
        self.controller.saving(what)
        if not self.redraw_article():
            self.redraw_around()
            self.call_after_refresh(self.session.writer.wake)
            return
        self.view.expect_paint()
        if self._paint_timer is not None:
            self._paint_timer.stop()
        self._paint_timer = self.set_timer(0.25, self._painted)

    @on(ArticleView.Painted)
    def _painted(self) -> None:
        """The frame showing an edit in the text is out: now the header, details and footer (as after a cursor
        move), and only now the writer, whose serialising of the record would have delayed that frame."""
        if self._paint_timer is not None:
            self._paint_timer.stop()
            self._paint_timer = None
            self.redraw_around()
            self.session.writer.wake()

    def _saves_progressed(self) -> None:
        """The writer finished a write (or failed one): show it; a failing disk is reported, the edits stay queued."""
        if not self.is_attached:
            return
        error = self.controller.saves_progressed()
        if error is not None:
            self.notify(f"cannot save: {error}", severity="error", timeout=10)
        self.update_status()

    def keep_position_later(self) -> None:
        """:meth:`keep_position` off the UI thread: a key pressed meanwhile does not wait for the fsync.

        Edits carry the position to disk themselves (the writer thread writes the state with each save),
        so this is for a cursor that moved and rested.
        """
        self.remember()
        if self.session.state_changed():
            self._write_state(self.session.state_snapshot())

    @work(thread=True, group="state")
    def _write_state(self, snapshot: StateSnapshot) -> None:
        try:
            self.session.write_state(snapshot)
        except (AnnotatorError, OSError) as exc:
            self.app.call_from_thread(self.notify, f"cannot keep the cursor position: {exc}", severity="warning")

    def keep_position(self) -> None:
        """Write the document and cursor to the session state, so a crash reopens here (not at 000, 0).

        Only when the state changed since last written (an edit's save writes it too): the write is atomic
        (fsync), too slow to repeat for nothing.
        """
        self.remember()
        if not self.session.state_changed():
            return
        try:
            self.session.write_state()
        except (AnnotatorError, OSError) as exc:
            self.notify(f"cannot keep the cursor position: {exc}", severity="warning")

    # ------------------------------------------------------------ edits and questions

    def edit(self, step: Callable[..., Ask], *args: Any) -> None:
        """Run one edit step; a refusal becomes a notification, a question is shown."""
        try:
            ask = step(*args)
        except Refused as exc:
            self.refuse(exc)
            return
        if ask is not None:
            self.ask(ask)

    def ask(self, question: Question | TextQuestion) -> None:
        """A picker for a :class:`Question`, a prompt for a :class:`TextQuestion`; the answer edits."""
        if isinstance(question, Question):

            def picked(value: str | None) -> None:
                if value is not None:
                    self.edit(question.answer, value)
                    self.redraw(list_too=False)

            self.app.push_screen(PickerScreen(question.title, list(question.choices)), picked)
            return

        def typed(text: str | None) -> None:
            if text:
                self.edit(question.answer, text)

        self.app.push_screen(PromptScreen(question.title, question.value, question.check, question.placeholder), typed)

    # ------------------------------------------------------------ messages

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self) -> None:
        self.remember()
        if self._state_timer is not None:
            self._state_timer.stop()
        self._state_timer = self.set_timer(2.0, self.keep_position_later)
        self.controller.here_index = 0
        self.update_details()
        self.update_status()
        self.refresh_suggestion_keys()
        if self.view.visible_range() != self._list_window:
            self.schedule_list()

    @on(SidePanel.Jump)
    def _jump(self, event: SidePanel.Jump) -> None:
        span = self.controller.span_of(event.ident)
        if span is not None:
            self.view.move_to_offset(span[0])
        self.view.focus()

    # ------------------------------------------------------------ movement

    def action_escape(self) -> None:
        if self.view.match is not None:
            self.view.match = None
            self.view.repaint_changes()
        if self.view.selection is not None:
            self.view.clear_selection()
        elif self.controller.pending.note():
            self.controller.pending.clear()
            self.redraw(list_too=False)
        elif self.controller.active_id is not None:
            self.edit(questions.leave_active, self.controller)
            self.redraw(list_too=False)

    def action_toggle_panel(self) -> None:
        items = self.query_one("#items", OptionList)
        if items.has_focus:
            self.view.focus()
        else:
            items.focus()

    def action_toggle_tags(self) -> None:
        self.view.toggle_gutter()
