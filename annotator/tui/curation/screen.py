"""The view both curation and review use: the article with entries marked, their list and details.

Subclasses add the keys that decide (curation) or filter (review); this
screen moves between entries and documents, finds a phrase in the text
(``/``, with :mod:`annotator.tui.text_search`, as the annotate screen does)
and redraws. It reuses the
annotation app's :class:`ArticleView` (marks drawn through
:mod:`annotator.tui.state_style`) and :class:`DetailsBox`.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from annotator.tui.curation.details_screen import DetailsScreen
from annotator.tui.curation.entries import EntryCursor
from annotator.tui.keys import ENTRIES
from annotator.tui.layout import quick_tokens
from annotator.tui.mark_style import Palette
from annotator.tui.pointer import Pointer
from annotator.tui.screens.prompt import PromptScreen
from annotator.tui.text_search import find_phrase
from annotator.tui.widgets.article_view import ArticleView
from annotator.tui.widgets.details_box import DetailsBox


class EntriesController(Protocol):
    cursor: EntryCursor
    doc: str

    @property
    def text(self) -> str: ...
    def status(self) -> str: ...
    def next_doc(self, delta: int) -> bool: ...


class EntriesScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [*ENTRIES]

    def __init__(self, controller: EntriesController, mono: bool) -> None:
        super().__init__()
        self.controller = controller
        text = controller.text
        self.pointer = Pointer(text, quick_tokens(text))
        self.view = ArticleView(self.pointer, Palette({}, mono=mono), id="article")
        self._listed: list[tuple[str, str]] = []
        self.search_text = ""

    def action_help(self) -> None:
        """Every key of this screen as currently bound (keymap applied), grouped as in the annotation app's help."""
        from textual.binding import BindingsMap

        from annotator.tui.screens.help import HelpScreen

        bindings = BindingsMap(self.BINDINGS)
        bindings.apply_keymap(getattr(self.app, "user_keymap", {}))
        self.app.push_screen(HelpScreen([(key, b) for key, group in bindings.key_to_bindings.items() for b in group]))

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Horizontal(id="main"):
            yield self.view
            with Vertical(id="side"):
                yield DetailsBox(id="details")
                yield OptionList(id="items")
        yield Footer()

    def on_mount(self) -> None:
        self.show_document()

    def show_document(self) -> None:
        text = self.controller.text
        self.pointer.reset(text, quick_tokens(text))
        self.view.show_document()
        self.redraw()
        self.view.focus()

    def redraw(self, move: bool = True) -> None:
        ctl = self.controller
        self.view.set_marks(ctl.cursor.marks())
        current = ctl.cursor.current
        self.view.set_active([current.ident] if current else [])
        if current is not None and move:
            self.view.move_to_offset(current.start)
        self.query_one("#status", Static).update(Content(ctl.status()))
        self.query_one(DetailsBox).show(list(current.details) if current else ["nothing to show"])
        items = self.query_one("#items", OptionList)
        listed = [(e.ident, e.summary) for e in ctl.cursor.entries]
        if listed != self._listed:
            self._listed = listed
            items.clear_options()
            items.add_options([Option(Content(summary), id=ident) for ident, summary in listed])
        if ctl.cursor.entries:
            items.highlighted = ctl.cursor.index

    def action_details(self) -> None:
        """The details of the current entry in full, scrollable (the side box cuts what runs past it)."""
        current = self.controller.cursor.current
        if current is None:
            self.tell("nothing to show")
            return
        self.app.push_screen(DetailsScreen(current.summary.strip(), list(current.details)))

    def action_step(self, delta: int, open_only: bool = False) -> None:
        if not self.controller.cursor.step(delta, open_only):
            self.notify("no more " + ("open items" if open_only else "items") + " this way", timeout=2)
        self.redraw()

    def action_doc(self, delta: int) -> None:
        if self.controller.next_doc(delta):
            self.show_document()

    @on(OptionList.OptionSelected, "#items")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.controller.cursor.go(event.option.id)
            self.redraw()
            self.view.focus()

    @on(ArticleView.CursorMoved)
    def _moved(self, event: ArticleView.CursorMoved) -> None:
        if self.pointer.selection is not None:
            return
        if self.controller.cursor.at_offset(event.offset):
            self.redraw(move=False)

    def action_search(self) -> None:
        """``/``: a phrase to find from the text cursor (the annotate screen's rule: case ignored, a space
        matches any line break); Enter alone finds the last one again. The item there becomes current."""

        def found(text: str | None) -> None:
            if text is None:
                return
            if text.strip():
                self.search_text = text
                self.show_match(1, inclusive=True)
            elif self.search_text:
                self.show_match(1)

        again = f"; Enter alone: {self.search_text!r} again" if self.search_text else ""
        self.app.push_screen(
            PromptScreen(f"Search the text (from the cursor){again}", self.search_text, placeholder="text to find"),
            found,
        )

    def action_search_next(self, delta: int) -> None:
        if not self.search_text:
            self.action_search()
            return
        self.show_match(delta)

    def show_match(self, delta: int, inclusive: bool = False) -> None:
        """Move the text cursor to the next (previous) match; say so when the search went round, or found nothing."""
        text = self.search_text
        match = find_phrase(self.controller.text, text, self.view.cursor_span[0], delta, inclusive)
        if match is None:
            self.tell(f"not found: {text!r} (the cursor stays where it was)", severity="warning")
            return
        if match.wrapped:
            self.tell(f"search wrapped: {text!r} found again from the {'start' if delta > 0 else 'end'}")
        self.view.match = (match.start, match.end)
        self.view.move_to_offset(match.start)

    def tell(self, message: str, **kwargs: Any) -> None:
        self.notify(message, timeout=3, **kwargs)
