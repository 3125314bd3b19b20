"""Every key of the annotate screen, grouped, as currently bound (keymap included)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from annotator.tui.keys import GROUPS

ORDER = [
    "Move",
    "Select",
    "Labels",
    "Annotate",
    "Coreference",
    "Events",
    "Attributions",
    "Suggestions",
    "Session",
    "Help",
    "Curation and review",
    "Curation",
    "Review",
]

RULES = {
    "Annotate": "d, =, c, a and the attribute keys act on the item under the cursor (Tab or \\ picks among "
    "stacked ones; the header names the target); = and attribute keys fall back to the active item.",
}
"""A rule stated under a group's heading."""


def help_lines(pairs: list[tuple[str, Binding]]) -> list[tuple[str, str]]:
    """(text, style) lines: a heading per group, then ``keys  description  [id]``."""
    keys_by_id: dict[str, list[str]] = {}
    desc: dict[str, str] = {}
    for key, b in pairs:
        if b.id and key not in keys_by_id.setdefault(b.id, []):
            keys_by_id[b.id].append(key)
            desc[b.id] = b.tooltip or b.description
    out: list[tuple[str, str]] = []
    for group in ORDER:
        ids = [i for i in keys_by_id if GROUPS.get(i) == group]
        if not ids:
            continue
        out.append((group, "bold underline"))
        if group in RULES:
            out.append((f"  {RULES[group]}", "italic"))
        for ident in ids:
            keys = ", ".join(format_key(k) for k in keys_by_id[ident])
            out.append((f"  {keys:<22} {desc[ident]:<42} {ident}", ""))
    return out


class HelpScreen(ModalScreen[None]):
    """Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(self, pairs: list[tuple[str, Binding]]) -> None:
        super().__init__()
        self.pairs = pairs

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(
                Content("Keys (rebind by id in ~/.config/annotator/keymap.toml, [keys] table)"), id="help-title"
            )
            for text, style in help_lines(self.pairs):
                yield Static(Content.styled(text, style) if style else Content(text), classes="help-line")

    def action_close(self) -> None:
        self.dismiss(None)
