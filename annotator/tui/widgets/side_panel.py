"""The side panel: every annotation of the document, and the details of the focused one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
        self,
        record: AnnotationRecord,
        ident: str | None,
        active: str | None = None,
        suggestion: Sequence[str] = (),
        kinds: Mapping[str, str] | None = None,
        around: Sequence[str] = (),
    ) -> None:
        """The item under the cursor (the one edits apply to) first, then the attributions whose content (or
        source) is there (``around``, from :func:`~annotator.tui.describe.around_lines`), then the suggestion,
        then the active item.

        The active event or attribution comes below, its attributes first (the
        attribute keys change them when the cursor is on no event): the first
        lines belong to what the cursor is on, which is what ``=`` and ``d`` change.
        """
        lines: list[str] = []
        kinds = record.ids() if kinds is None else kinds
        if ident is not None or not suggestion:
            lines += details(record, ident, kinds)
        lines += around
        if suggestion:
            lines += (["─" * 10] if lines else []) + list(suggestion)
        if active is not None and active != ident and active in kinds:
            head, *rest = details(record, active, kinds)
            attrs = [line for line in rest if " = " in line and line.startswith("  ")]
            lines += ["─" * 10, f"ACTIVE {head}", *attrs, *(line for line in rest if line not in attrs)]
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
