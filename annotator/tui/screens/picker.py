"""A modal list with type-ahead: labels, event types, roles, clusters, attribution parts."""

from __future__ import annotations

import re
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotator.tui.question import Choice
from annotator.tui.screens.type_ahead import LineInput, TypeAhead


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def ranked(choices: list[Choice], typed: str) -> list[Choice]:
    """The choices the filter keeps, best first (list order within a tier).

    Names before descriptions: choices whose value's words start with every typed
    word (``level = PRO``, ``NEG``) come first, then those whose shown words start
    with them, then those containing them anywhere, descriptions included (a
    description mentioning "pronoun" or "NEGATIVE" never outranks the value
    itself). Punctuation typed (``=``) is ignored.
    """
    words = _words(typed)
    if not words:
        return list(choices)
    tiers: list[list[Choice]] = [[], [], []]
    for c in choices:
        names, shown = _words(c.value), _words(c.prompt)
        if all(any(n.startswith(w) for n in names) for w in words):
            tiers[0].append(c)
        elif all(any(n.startswith(w) for n in names + shown) for w in words):
            tiers[1].append(c)
        elif all(w in f"{c.prompt} {c.hint} {c.value}".lower() for w in words):
            tiers[2].append(c)
    return [c for tier in tiers for c in tier]


class PickerScreen(TypeAhead, ModalScreen[str | None]):
    """Type to filter, arrows to move, Enter to pick, Escape to cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker.up"),
    ]

    def __init__(self, title: str, choices: list[Choice]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(Content(self.title_text), id="picker-title")
            yield LineInput(placeholder="type to filter", id="picker-filter")
            yield OptionList(*self._options(""), id="picker-list")

    def _options(self, text: str) -> list[Option]:
        return [Option(Content(c.prompt), id=c.value) for c in ranked(self.choices, text)]

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0 if self.choices else None
        self.ready()

    def will_submit(self) -> bool:
        return self.query_one(OptionList).highlighted is not None

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        options.highlighted = 0 if options.option_count else None

    @on(Input.Submitted)
    def _submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.finish(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.finish(event.option.id)

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = (current + delta) % options.option_count

    def action_cancel(self) -> None:
        self.finish(None)
