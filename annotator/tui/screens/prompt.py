"""A one-line prompt (the search text)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from annotator.tui.screens.type_ahead import LineInput, TypeAhead


class PromptScreen(TypeAhead, ModalScreen[str | None]):
    """One line of input (search text); Enter submits, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(Content(self.title_text), id="picker-title")
            yield LineInput(placeholder=self.value or "text to find", id="prompt-input")

    def on_mount(self) -> None:
        self.ready()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.finish(event.value)

    def action_cancel(self) -> None:
        self.finish(None)
