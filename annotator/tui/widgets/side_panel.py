"""The side panel: every annotation of the document, and the details of the focused one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotator.model import AnnotationRecord
from annotator.tui.describe import details, summaries
from annotator.tui.widgets.details_box import DetailsBox


class SidePanel(Vertical):
    """List and details; the list is rebuilt a moment after edits so typing never waits for it."""

    @dataclass
    class Jump(Message):
        """The user picked an annotation in the list: show it in the text."""

        ident: str

    def compose(self) -> ComposeResult:
        yield DetailsBox(id="details")
        yield OptionList(id="items")

    def show_details(
        self, record: AnnotationRecord, ident: str | None, active: str | None = None, suggestion: Sequence[str] = ()
    ) -> None:
        """The active event or attribution (if any), the suggestion and the annotation under the cursor."""
        lines = []
        if active is not None and active != ident and active in record.ids():
            lines = (
                ["ACTIVE " + line for line in details(record, active)[:1]] + details(record, active)[1:] + ["─" * 10]
            )
        lines += list(suggestion)
        if ident is not None or not suggestion:
            lines += (["─" * 10] if suggestion else []) + details(record, ident)
        self.query_one(DetailsBox).show(lines)

    def show_list(self, record: AnnotationRecord, window: tuple[int, int] | None = None) -> None:
        """All zones, clusters, events and attributions; mentions within ``window`` (the visible text)."""
        items = self.query_one("#items", OptionList)
        highlighted = items.highlighted
        items.clear_options()
        items.add_options([Option(Content(text), id=ident) for ident, text in summaries(record, window)])
        if highlighted is not None and items.option_count:
            items.highlighted = min(highlighted, items.option_count - 1)

    @on(OptionList.OptionSelected, "#items")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(self.Jump(event.option.id))
