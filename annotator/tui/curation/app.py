"""The curation and review apps: one :class:`EntriesScreen` subclass on a controller."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.screen import Screen


class EntriesApp(App[int]):
    """Wiring only; decisions are on disk as they are made, so quitting has nothing to save."""

    CSS_PATH = "../app.tcss"
    TITLE = "annotator"

    def __init__(self, make_screen: Callable[[bool], Screen[None]]) -> None:
        super().__init__()
        self.make_screen = make_screen

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(self.no_color))
