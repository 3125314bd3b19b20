"""Relabel, level, delete, hoppers, status, documents, navigation and the side panel, by key."""

from __future__ import annotations

from typing import Any

from tui_helpers import DOC, pick, run_app, screen_text, search, written

from annotator.project import Project
from annotator.tui.app import AnnotatorApp


def test_more_editing_and_navigation_keys(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "ISIL loses")
        await pilot.press("o")
        await pick(pilot, "r", "GPE")
        await pilot.press("L")
        m = screen.record.mentions[0]
        assert (m.label, m.attrs["level"]) == ("GPE", "NOM")
        await pilot.press("d")
        assert screen.record.mentions == ()

        await pilot.press("right")
        await pick(pilot, "e", "terr")
        await search(pilot, "overra")
        await pick(pilot, "e", "terr")
        await search(pilot, "ISIL loses")
        await pilot.press("right", "enter")
        assert screen.active_id == "ev1"
        await search(pilot, "overra")
        await pilot.press("h")
        assert [h.events for h in screen.record.hoppers] == [("ev1", "ev2")]
        await pilot.press("H")
        assert screen.record.hoppers == ()

        await pilot.press("home", "right_curly_bracket")
        assert screen.view.cursor_span[0] == screen.record.events[0].trigger.start, (
            "events without arguments are unfinished"
        )
        await pilot.press("home", "right_square_bracket")
        assert screen.view.cursor_span[0] == screen.record.events[0].trigger.start

        await pilot.press("ctrl+d")
        await pilot.pause()
        assert screen.record.status == "done" and "1/5 done" in screen_text(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.doc_id == DOC and "no more documents" in [n.message for n in app._notifications][-1]
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert screen.doc_id == "003_17ae0a9fe3fd3c77" and screen.record.events == ()
        await pilot.press("ctrl+k")
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert screen.doc_id == DOC and screen.record.status == "in_progress", "undo crosses documents"

        await pilot.pause(1.2)
        await pilot.press("ctrl+l")
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert screen.view.has_focus
        assert screen.view.cursor_span[0] == screen.record.events[1].trigger.start, "the side list jumps to the item"
        await pilot.press("ctrl+q")

    run_app(project, body)


def test_a_failing_save_is_reported_and_retried(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        store = screen.session.store
        real_save = store.save

        def full_disk(record: Any, **kw: Any) -> Any:
            raise OSError(28, "No space left on device")

        store.save = full_disk
        await pilot.press("o")
        await written(app, pilot)
        assert "NOT SAVED" in screen_text(app)
        assert "No space left on device" in [n.message for n in app._notifications][-1]
        assert len(screen.session.pending) == 1
        store.save = real_save
        await pilot.press("right", "o")
        await written(app, pilot)
        assert screen.session.pending == [] and "saved: ORG" in screen_text(app)
        await pilot.press("ctrl+q")

    run_app(project, body)
    saved = (project.gold_dir / "ann.jsonl").read_text(encoding="utf-8")
    assert saved.count('"label":"ORG"') == 2


def test_attribute_picker_sets_type_specific_and_free_text_attributes(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "Wednesday")
        await pilot.press("t")
        await pick(pilot, "equals_sign", "value type")
        await pilot.press(*"2014-01-08", "enter")
        await pilot.pause()
        assert screen.record.mentions[0].attrs["value"] == "2014-01-08"
        await search(pilot, "overra")
        await pick(pilot, "e", "attack")
        await pick(pilot, "equals_sign", "mode air")
        assert screen.record.events[0].attrs["mode"] == "AIR"
        await pilot.press("equals_sign")
        await pilot.pause()
        assert "• mode = AIR" in screen_text(app), "the current value is marked"
        await pilot.press("escape", "ctrl+q")

    run_app(project, body)
