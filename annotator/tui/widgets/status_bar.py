"""The header line: document, annotator, progress and whether the last edit is saved."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class StatusBar(Widget):
    """One line; updating it repaints the line only (no layout pass), so edits stay fast.

    The note (active item, targeted item, pending edit) comes before the save
    state, whose text can be long, so that a narrow terminal cuts the latter.

    User text never goes through markup.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content = Content("")

    def show(
        self, doc: str, status: str, annotator: str, progress: tuple[int, int], saved: str, note: str = ""
    ) -> None:
        done, total = progress
        parts = [
            ("annotator ", "bold"),
            (f" {doc} ", "reverse"),
            (f" {status} ", ""),
            (f"· {annotator} · {done}/{total} done · ", ""),
        ]
        if note:
            parts.append((f"{note} · ", "italic"))
        parts.append((saved, "bold green" if saved.startswith("saved") else "bold yellow"))
        content = Content.assemble(*parts)
        if content != self.content:
            self.content = content
            self.refresh()

    def render(self) -> Content:
        return self.content
