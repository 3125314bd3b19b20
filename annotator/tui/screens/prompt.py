"""A one-line prompt (the search text), which can refuse a text and stay open saying why."""

from __future__ import annotations

from collections.abc import Callable
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
    """One line of input (search text); Enter submits, Escape cancels.

    With a ``check``, Enter on a text it refuses (a search with no match) keeps the prompt open and shows
    the reason under the box until the next Enter: keys typed after that Enter are typed into the box,
    as in ``less``, never run as commands on the text behind.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        check: Callable[[str], str | None] | None = None,
        placeholder: str = "type, then Enter",
    ) -> None:
        """``placeholder`` is shown in the empty box when there is no earlier ``value`` to offer."""
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.check = check
        self._checked: tuple[str, str | None] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(Content(self.title_text), id="picker-title")
            yield LineInput(placeholder=self.value or self.placeholder, id="prompt-input")
            yield Label(id="prompt-problem", classes="-empty")

    def on_mount(self) -> None:
        self.ready()

    def problem(self, text: str) -> str | None:
        """Why ``text`` will not do (None: it will), shown under the box; asked once per text."""
        if self.check is None or not text.strip():
            return None
        if self._checked is None or self._checked[0] != text:
            self._checked = (text, self.check(text))
        why = self._checked[1]
        if why is not None:
            shown = self.query_one("#prompt-problem", Label)
            shown.update(Content(why))
            shown.remove_class("-empty")
        return why

    def will_submit(self) -> bool:
        return self.problem(self.query_one(Input).value) is None

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        if self.problem(event.value) is None:
            self.finish(event.value)

    def action_cancel(self) -> None:
        self.finish(None)
