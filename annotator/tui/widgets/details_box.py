"""Details of the focused annotation: a fixed-height box that repaints without a layout pass."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class DetailsBox(Widget):
    """Plain lines (never markup); updating repaints only this box, so cursor keys stay cheap."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[str] = []

    def show(self, lines: list[str]) -> None:
        if lines != self.lines:
            self.lines = lines
            self.refresh()

    def render(self) -> Content:
        return Content("\n".join(self.lines))
