"""The curation and review apps: one :class:`EntriesScreen` subclass on a controller."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import ClassVar

from textual.app import App
from textual.screen import Screen

from annotator.tui.keys import load_keymap


class EntriesApp(App[int]):
    """Wiring only; decisions are on disk as they are made, so quitting has nothing to save.

    Keys are rebound by id from the same keymap file as the annotation app's (:func:`load_keymap`).
    """

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../app.tcss", "curation.tcss"]
    TITLE = "annotator"

    def __init__(self, make_screen: Callable[[bool], Screen[None]], keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.user_keymap = load_keymap() if keymap is None else keymap

    def on_mount(self) -> None:
        self.set_keymap(self.user_keymap)
        self.push_screen(self.make_screen(self.no_color))
