"""The real app on a disk that fails: the header never says saved for an edit not on disk,
a retry never lands after half a line, and quitting with unsaved edits asks first."""

from __future__ import annotations

import errno
import os
from typing import Any

import pytest

from annotator.project import Project
from annotator.store import read_records
from annotator.tui.app import AnnotatorApp
from tests.tui.tui_helpers import run_app, screen_text, search, written


def half_then_full(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every write to an annotation file writes half its bytes, then fails with ENOSPC (until undone)."""
    real = os.write
    calls: list[int] = []

    def write(fd: int, data: Any) -> int:
        if not os.readlink(f"/proc/self/fd/{fd}").endswith(".jsonl"):
            return real(fd, data)
        calls.append(fd)
        real(fd, bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)
    return calls


def header(app: AnnotatorApp) -> str:
    return screen_text(app).splitlines()[0]


def test_a_save_torn_by_a_full_disk_is_never_shown_saved_and_the_retry_is_clean(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project.gold_dir / "ann.jsonl"

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        session = app.session
        with monkeypatch.context() as m:
            calls = half_then_full(m)
            await search(pilot, "Syrian")
            await pilot.press("p")
            await written(app, pilot)
            assert calls, "the fault was injected"
            assert "NOT SAVED" in header(app) and "saved:" not in header(app)
            result = read_records(path)
            assert result.torn_tail is None and result.records == {}, "no half line is left on disk"
        await search(pilot, "rebels")
        await pilot.press("o")
        await written(app, pilot)
        assert "saved: ORG" in header(app)
        assert session.pending == []
        crash = read_records(path)
        assert crash.torn_tail is None and crash.problems == []
        assert sorted(m.label for r in crash.records.values() for m in r.mentions) == ["ORG", "PER"]
        await pilot.press("ctrl+q")

    run_app(project, body)
    saved = read_records(path).by_doc()
    assert sorted(m.text for r in saved.values() for m in r.mentions) == ["Syrian", "rebels"]


def test_quitting_with_unsaved_edits_asks_and_staying_keeps_them(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project.gold_dir / "ann.jsonl"

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        with monkeypatch.context() as m:
            half_then_full(m)
            await search(pilot, "Syrian")
            await pilot.press("p")
            await written(app, pilot)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert "1 edit(s) NOT SAVED. Quit anyway?" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert app.is_running, "staying is the default"
        await pilot.press("ctrl+q")
        await pilot.pause()

    run_app(project, body)
    saved = read_records(path).by_doc()
    assert [m.text for r in saved.values() for m in r.mentions] == ["Syrian"], "the edit was saved on the way out"


def test_quitting_anyway_drops_only_the_unsaved_edits_it_named(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project.gold_dir / "ann.jsonl"

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "Syrian")
        await pilot.press("p")
        await pilot.pause()
        with monkeypatch.context() as m:
            half_then_full(m)
            await search(pilot, "rebels")
            await pilot.press("o")
            await written(app, pilot)
            await pilot.press("ctrl+q")
            await pilot.pause()
            await pilot.pause()
            text = screen_text(app)
            assert "1 edit(s) NOT SAVED. Quit anyway?" in text
            assert any("No space left on device" in n.message for n in app._notifications)
            await pilot.press("q", "u", "i", "t", "enter")
            await pilot.pause()
        assert not app.is_running

    run_app(project, body)
    result = read_records(path)
    assert result.torn_tail is None and result.problems == []
    assert [m.text for r in result.by_doc().values() for m in r.mentions] == ["Syrian"]


def test_moving_to_another_document_while_the_disk_fails_keeps_saying_not_saved(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project.gold_dir / "ann.jsonl"

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        with monkeypatch.context() as m:
            half_then_full(m)
            await search(pilot, "Syrian")
            await pilot.press("p")
            await written(app, pilot)
            await pilot.press("ctrl+u")
            await pilot.pause()
            assert app.is_running
            assert "004_18ce445469fc81d2" not in header(app), "the previous document is shown"
            assert "NOT SAVED" in header(app) and "saved" not in header(app).replace("NOT SAVED", "")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "NOT SAVED" not in header(app)
        await pilot.press("ctrl+q")

    run_app(project, body)
    assert [m.text for r in read_records(path).by_doc().values() for m in r.mentions] == ["Syrian"]
