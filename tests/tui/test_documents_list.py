"""The document list that scales: filter by status and text, sort by length or open suggestions, jump by id."""

from __future__ import annotations

from typing import Any

from tui_helpers import run_app, search, type_text

from annotator.project import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.doc_rows import find_id

DOC0 = "000_d246c74b127eef68"


def _listed(app: AnnotatorApp) -> list[str]:
    table = app.screen.query_one("#documents")
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def test_filter_by_text_and_status_then_sort_by_length(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await pilot.press("p")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert len(_listed(app)) == 5
        await pilot.press("slash")
        await type_text(pilot, "aleppo")
        await pilot.press("enter")
        await pilot.pause()
        assert [d[:3] for d in _listed(app)] == ["000", "002", "004"], "the text of the documents is searched"
        await pilot.press("f", "f")
        await pilot.pause()
        assert _listed(app) == ["004_18ce445469fc81d2"], "in progress only: the document just edited"
        await pilot.press("f", "f", "f", "slash", *["backspace"] * 6, "enter")
        await pilot.pause()
        assert len(_listed(app)) == 5
        await pilot.press("s", "s", "s")
        await pilot.pause()
        assert [d[:3] for d in _listed(app)] == ["001", "002", "004", "000", "003"], "shortest first"
        await pilot.press("r")
        await pilot.pause()
        assert [d[:3] for d in _listed(app)] == ["003", "000", "004", "002", "001"]
        assert "sort: length descending" in str(app.screen.query_one("#documents-view").render())
        assert app.screen.query_one("#documents").cursor_row == 2, "the cursor stays on the open document, 004"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.doc_id == "002_f595e0b5b551e8a6"
        await pilot.press("ctrl+q")

    run_app(project, body)


def test_sort_by_open_suggestions_and_jump_by_id(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "ISIL")
        await pilot.press("o", "ampersand", "ctrl+o")
        await pilot.pause()
        await pilot.press("s", "s", "s", "s", "r")
        await pilot.pause()
        table = app.screen.query_one("#documents")
        first = table.get_row_at(0)
        assert first[0] == "004_18ce445469fc81d2" and first[4] == "14", "004 has 14 ISIL to label"
        assert table.get_row_at(1)[0] == DOC0 and table.get_row_at(1)[4] == "6"
        await pilot.press("g")
        await type_text(pilot, "002")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.doc_id == "002_f595e0b5b551e8a6"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC0)


def test_go_to_id_takes_the_exact_id_then_its_start_then_any_part() -> None:
    ids = ["000_a", "001_b", "010_c"]
    assert find_id(ids, "001_b") == "001_b"
    assert find_id(ids, "01") == "010_c"
    assert find_id(ids, "_c") == "010_c"
    assert find_id(ids, "zzz") is None
