"""The details of the current entry in full, for versions longer than the side box holds.

The side box wraps every line but has a fixed height, so a long attribution
(its whole content, every annotator's version) can run past its bottom; this
screen shows the same lines scrollable over most of the terminal.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from annotator.tui.keys import DETAILS


class DetailsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [*DETAILS]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="details-full"):
            yield Static(Content.styled(self.title_text, "bold"), id="details-full-title")
            yield Static(Content("\n".join(self.lines)), id="details-full-body")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
