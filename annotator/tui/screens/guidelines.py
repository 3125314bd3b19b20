"""The Markdown guidelines, opened on the section about the label, type or role under the cursor."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static


def guideline_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.is_file())


def heading_text(line: str) -> str:
    """A Markdown heading as it reads: without the ``#`` marks and without code backticks.

    The manual writes every label as code (``### `ORG` ``), and the rendered table
    of contents shows it without the backticks, so both sides are compared in this form.
    """
    return line.lstrip("#").strip().replace("`", "").strip()


def find_section(files: list[Path], terms: list[str]) -> tuple[int, str] | None:
    """(file index, heading) of the section about the first of ``terms`` that has one (innermost first).

    A heading that *is* the term (``# `ATTACK` `` on the type's own page, ``### `ORG` ``)
    wins over one that merely names it among others (a hard case comparing ``ATTACK``,
    ``DIE`` and ``BATTLE``), whatever the order of the files; among equals the
    higher-level heading, then the earlier file, wins.
    """
    headings = [
        [(len(line) - len(line.lstrip("#")), heading_text(line)) for line in _lines(path) if line.startswith("#")]
        for path in files
    ]
    for term in terms:
        pattern = re.compile(rf"(?<![A-Za-z_]){re.escape(term)}(?![A-Za-z_])", re.IGNORECASE)
        exact = [
            (level, i, text)
            for i, found in enumerate(headings)
            for level, text in found
            if text.casefold() == term.casefold()
        ]
        if exact:
            _, i, text = min(exact, key=lambda x: (x[0], x[1]))
            return i, text
        for i, found in enumerate(headings):
            for _, text in found:
                if pattern.search(text):
                    return i, text
    return None


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


class GuidelinesScreen(Screen[None]):
    """``]``/``[`` switch files, Escape returns to the text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="guidelines.close"),
        Binding("right_square_bracket", "file(1)", "Next file", id="guidelines.next"),
        Binding("left_square_bracket", "file(-1)", "Previous file", id="guidelines.prev"),
    ]

    def __init__(self, folder: Path, terms: list[str]) -> None:
        super().__init__()
        self.files = guideline_files(folder)
        self.folder = folder
        found = find_section(self.files, terms)
        self.index, self.heading = found if found else (0, "")
        self.terms = terms

    def compose(self) -> ComposeResult:
        yield Static(id="guidelines-title")
        with VerticalScroll(id="guidelines-body"):
            yield Markdown(id="guidelines-md")
        yield Footer()

    async def on_mount(self) -> None:
        await self.show_file()

    async def show_file(self) -> None:
        title = self.query_one("#guidelines-title", Static)
        md = self.query_one(Markdown)
        if not self.files:
            title.update(Content(f"No guidelines yet: no .md files in {self.folder}"))
            await md.update("")
            return
        path = self.files[self.index]
        where = f" § {self.heading}" if self.heading else ""
        title.update(Content(f"{path.name}{where}  ({self.index + 1}/{len(self.files)} files)"))
        await md.update(path.read_text(encoding="utf-8", errors="replace"))
        if self.heading:
            self.call_after_refresh(self._scroll_to_heading)

    def _scroll_to_heading(self) -> None:
        md = self.query_one(Markdown)
        for _, text, block_id in md.table_of_contents:
            if heading_text(text) == self.heading and block_id:
                self.query_one(VerticalScroll).scroll_to_widget(md.query_one(f"#{block_id}"), top=True, animate=False)
                return

    async def action_file(self, delta: int) -> None:
        if self.files:
            self.index = (self.index + delta) % len(self.files)
            self.heading = ""
            await self.show_file()

    def action_close(self) -> None:
        self.dismiss(None)
