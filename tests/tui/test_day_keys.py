"""A new user's first keys: mark selection with arrows, the end of the document, Escape on an unfinished item."""

from __future__ import annotations

from typing import Any

import pytest
from tui_helpers import run_app, screen_text, search

from annotator.project import Project
from annotator.tui.app import AnnotatorApp

DOC = "000_d246c74b127eef68"


def test_space_then_arrows_extends_the_selection_and_labels_it(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "Islamic State")
        await pilot.press("space", "right", "right")
        assert screen.view.selection is not None, "the first arrow must not drop the mark"
        text = screen.controller.text
        start, end = screen.view.selection
        assert text[start:end] == "Islamic State in"
        await pilot.press("left", "o")
        assert [(m.text, m.label) for m in screen.record.mentions] == [("Islamic State", "ORG")]
        assert screen.view.selection is None, "labelling uses the selection up"
        await pilot.press("right")
        assert screen.view.selection is None, "after the edit arrows move again"
        await pilot.press("m", "right", "m")
        assert screen.view.selection is None, "m again drops the mark"
        await pilot.press("ctrl+q")

    session = run_app(project, body, doc=DOC)
    assert [m.text for m in session.store.get(DOC).mentions] == ["Islamic State"]


def test_escape_drops_a_marked_selection_and_arrows_move_again(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await pilot.press("m", "right", "escape", "right")
        assert screen.view.selection is None
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)


@pytest.mark.parametrize("size", [(120, 40), (200, 50), (80, 24)])
def test_end_shows_the_last_line_of_the_document(project: Project, size: tuple[int, int]) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await pilot.press("end")
        await pilot.pause()
        view = app.screen.view
        assert view.scrollbar_size_horizontal == 0 or not view.show_horizontal_scrollbar
        assert "different browser." in screen_text(app), "the last line of the document is on screen"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC, size=size)
