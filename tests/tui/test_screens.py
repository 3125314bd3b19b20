"""What each screen shows (rendered text), selection by keys and mouse, monochrome terminals."""

from __future__ import annotations

from typing import Any

import pytest
from tui_helpers import DOC, run_app, screen_text, search

from annotator.project import Project
from annotator.tui.app import AnnotatorApp


def test_annotate_screen_at_80x24(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        shown = screen_text(app)
        lines = shown.splitlines()
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        assert DOC in lines[0] and "ann" in lines[0] and "0/5 done" in lines[0]
        assert "You are here" in shown and "ISIL loses HQ in Syria’s Aleppo" in shown
        assert "Zone" in lines[-1] and "Undo" in lines[-1], "the footer lists the keys"
        assert "Arg" not in lines[-1] and "Part" not in lines[-1], "argument keys show only with an active event"
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert len(screen_text(app).splitlines()) == 30
        await pilot.press("ctrl+q")

    run_app(project, body, size=(80, 24))


def test_selection_snaps_to_tokens_and_widens_by_characters(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        view = app.screen.view
        text = view.text
        await search(pilot, "Islamic State of")
        await pilot.press("shift+right", "shift+right")
        assert text[slice(*view.selection)] == "Islamic State of"
        await pilot.press("comma", "comma", "less_than_sign", "greater_than_sign", "greater_than_sign")
        assert text[slice(*view.selection)] == "slamic State "
        await pilot.press("escape", "L")
        assert "put the cursor on a mention first" in [n.message for n in app._notifications][-1]
        await pilot.press("ctrl+q")

    run_app(project, body)


def test_mouse_drag_selects_whole_tokens(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        view = app.screen.view
        # row 2 of the article holds the headline "ISIL loses HQ in Syria’s Aleppo; journalists freed"
        row = next(y for y in range(10) if "ISIL loses" in "".join(s.text for s in view.render_line(y)))
        await pilot.mouse_down(view, offset=(2, row))
        await pilot.hover(view, offset=(12, row))
        await pilot.mouse_up(view, offset=(12, row))
        await pilot.pause()
        assert view.text[slice(*view.selection)] == "ISIL loses HQ"
        await pilot.press("o")
        assert [m.text for m in app.screen.record.mentions] == ["ISIL loses HQ"]
        await pilot.press("ctrl+q")

    run_app(project, body)


def test_no_color_shows_labels_as_bracket_tags(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "Syrian rebels")
        await pilot.press("shift+right", "p")
        await search(pilot, "overran")
        await pilot.press("e", *"territory", "enter")
        await pilot.pause()
        shown = screen_text(app)
        line = next(line for line in shown.splitlines() if "Syrian rebels overran" in line)
        assert "[PER][TERRITORY_" in line
        assert any(
            s.style.underline for y in range(20) for s in app.screen.view.render_line(y) if s.text == "Syrian rebels"
        )
        await pilot.press("ctrl+q")

    run_app(project, body)


def test_documents_help_and_picker_screens(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await pilot.press("p")
        await pilot.press("ctrl+o")
        await pilot.pause()
        shown = screen_text(app)
        assert "Documents · ann · 0/5 done or skipped" in shown
        row = next(line for line in shown.splitlines() if DOC in line)
        assert "in progress" in row and " 1 " in row, "status and the mention count of the edited document"
        assert "000_d246c74b127eef68" in shown and "todo" in shown
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.screen.doc_id == "003_17ae0a9fe3fd3c77"
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        assert "Move" in shown and "Next token" in shown and "move.right" in shown
        sentence = next(line for line in shown.splitlines() if "move.sentence_next" in line)
        assert ")" in sentence and "right_parenthesis" not in sentence, "keys are shown as typed, not by their names"
        for _ in range(3):
            await pilot.press("pagedown")
            await pilot.pause()
            shown += screen_text(app)
        for heading in ("Select", "Labels", "Events", "Attributions", "Session", "Help"):
            assert heading in shown
        assert "Label PER" in shown and "label.PER" in shown and "Event realis" in shown
        await pilot.press("escape", "e")
        await pilot.pause()
        assert "Event type" in screen_text(app) and "ATTACK" in screen_text(app)
        await pilot.press(*"reje")
        await pilot.pause()
        shown = screen_text(app)
        assert "REJECT" in shown and "ATTACK" not in shown, "type-ahead filters the picker"
        await pilot.press("escape", "ctrl+q")

    run_app(project, body)


def test_guidelines_open_on_the_section_of_the_label_under_the_cursor(project: Project) -> None:
    folder = project.scheme_path.parent
    (folder / "entities.md").write_text(
        "# Entities\n\n" + "filler paragraph.\n\n" * 60 + "## ORG: organisations\n\nArmed groups are ORG.\n",
        encoding="utf-8",
    )
    (folder / "events.md").write_text("# Events\n\n## ATTACK\n\nAirstrikes.\n", encoding="utf-8")

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "ISIL loses")
        await pilot.press("o", "ctrl+g")
        await pilot.pause()
        await pilot.pause()
        shown = screen_text(app)
        assert "entities.md § ORG: organisations" in shown
        assert "Armed groups are ORG." in shown, "the view is scrolled to the section"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "events.md" in screen_text(app)
        await pilot.press("escape", "ctrl+q")

    run_app(project, body)


def test_keymap_palette_and_refused_role(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "ISIL loses")
        await pilot.press("k")
        assert [m.label for m in screen.record.mentions] == ["DOC"]
        await pilot.press("d")
        assert len(screen.record.mentions) == 1, "d was rebound away by the keymap"
        await pilot.press("backspace")
        assert screen.record.mentions == ()
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        for _ in range(3):
            await pilot.press("pagedown")
            await pilot.pause()
            shown += "\n" + screen_text(app)
        line = next(line for line in shown.splitlines() if "edit.delete" in line)
        assert "⌫" in line and " d," not in line, "the help shows keys as the user mapped them"
        await pilot.press("escape")
        await pilot.press("k", "right")
        await pilot.press("e", *"attack", "enter")
        await pilot.press("left", "a")
        assert "a DOC mention fills no role of ATTACK" in [n.message for n in app._notifications][-1]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Label ORG", "enter")
        await pilot.pause()
        assert sorted(m.label for m in screen.record.mentions) == ["DOC", "ORG"]
        await pilot.press("ctrl+q")

    run_app(project, body, keymap={"edit.delete": "backspace"})


def test_wide_characters_are_laid_out_and_clicked_by_cells(project: Project) -> None:
    text = "東京で 😀 Rebels “attacked” Aleppo — today.\n"
    (project.corpus_path / "zz_unicode.txt").write_text(text, encoding="utf-8")

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        view = app.screen.view
        first = "".join(s.text for s in view.render_line(0))
        assert first.startswith("東京で 😀 Rebels “attacked” Aleppo — today.")
        # the article has one cell of padding; "東京で 😀 " is 10 cells wide
        await pilot.click(view, offset=(1 + 10 + 1, 0))
        await pilot.press("shift+right", "shift+right", "shift+right", "p")
        await pilot.pause()
        assert [m.text for m in app.screen.record.mentions] == ["Rebels “attacked”"]
        mention = app.screen.record.mentions[0]
        assert text[mention.start : mention.end] == mention.text, "offsets are code points into the exact text"
        await pilot.press("ctrl+q")

    run_app(project, body, doc="zz_unicode")
