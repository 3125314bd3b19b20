"""Saves run on a background writer: keys never wait for the disk, and the header says saved only once it is."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from annotator.audit import audit_path, read_trail
from annotator.errors import StoreError
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.store import read_records
from annotator.tui.app import AnnotatorApp
from annotator.tui.writer import SaveWriter
from tests.tui.tui_helpers import DOC, run_app, screen_text, search, written


def header(app: AnnotatorApp) -> str:
    return screen_text(app).splitlines()[0]


def on_disk(project: Project) -> list[str]:
    """The mention texts of the annotator's file as a new reader would find them now."""
    return sorted(m.text for r in read_records(project.gold_dir / "ann.jsonl").records.values() for m in r.mentions)


class Gate:
    """Holds every write of a store until the test opens it."""

    def __init__(self, app: AnnotatorApp, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.started = threading.Event()
        store = app.session.store
        real = store.save

        def held(record: AnnotationRecord, **kw: Any) -> AnnotationRecord:
            self.started.set()
            assert self.open.wait(30), "the test never released the write"
            return real(record, **kw)

        monkeypatch.setattr(store, "save", held)


def test_the_header_says_saved_only_once_the_file_holds_the_edit_and_keys_do_not_wait(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        gate = Gate(app, monkeypatch)
        await search(pilot, "Syrian")
        await pilot.press("p")
        await pilot.pause()
        assert await asyncio.to_thread(gate.started.wait, 10)
        assert "saving…" in header(app) and "saved" not in header(app)
        assert on_disk(project) == []
        await search(pilot, "rebels")
        await pilot.press("o")
        await pilot.pause()
        assert sorted(m.text for m in app.screen.record.mentions) == ["Syrian", "rebels"], "handled during the write"
        assert "saving…" in header(app) and on_disk(project) == []
        gate.open.set()
        await written(app, pilot)
        assert "saved: ORG" in header(app)
        assert on_disk(project) == ["Syrian", "rebels"]
        await pilot.press("ctrl+q")

    run_app(project, body)


def test_edits_queued_behind_a_write_are_merged_and_the_trail_keeps_each_in_order(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        gate = Gate(app, monkeypatch)
        await search(pilot, "Syrian")
        await pilot.press("p")
        await pilot.pause()
        assert await asyncio.to_thread(gate.started.wait, 10)
        for word in ("rebels", "Aleppo"):
            await search(pilot, word)
            await pilot.press("o")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(app.session.pending) == 2, "the write under way, then one record for the three edits queued"
        gate.open.set()
        await written(app, pilot)
        lines = (project.gold_dir / "ann.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 2, "two appends, not four"
        assert on_disk(project) == ["Syrian", "rebels"], "the latest record (after the undo) is the one on disk"
        await pilot.press("ctrl+q")

    run_app(project, body)
    trail = [e.what for e in read_trail(audit_path(project.gold_dir, "ann"))]
    assert len(trail) == 4 and "Syrian" in trail[0] and "rebels" in trail[1] and "Aleppo" in trail[2]
    assert trail[3].startswith("undo: ") and "Aleppo" in trail[3]


def test_quitting_waits_for_the_write_under_way(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        gate = Gate(app, monkeypatch)
        await search(pilot, "Syrian")
        await pilot.press("p")
        await pilot.pause()
        assert await asyncio.to_thread(gate.started.wait, 10)
        quitting = asyncio.ensure_future(pilot.press("ctrl+q"))
        await asyncio.sleep(0.2)
        assert app.is_running, "ctrl+q waits while the edit is not on disk"
        assert on_disk(project) == []
        gate.open.set()
        await quitting
        for _ in range(200):
            if not app.is_running:
                break
            await asyncio.sleep(0.05)
        assert not app.is_running
        assert on_disk(project) == ["Syrian"], "the app left only once the edit was on disk"

    run_app(project, body)


def test_a_failing_background_write_is_reported_and_nothing_is_claimed_saved(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        store = app.session.store
        real = store.save

        def broken(record: AnnotationRecord, **kw: Any) -> AnnotationRecord:
            raise StoreError(f"{store.path}: cannot save {record.doc}: Input/output error; this edit is not saved")

        monkeypatch.setattr(store, "save", broken)
        await search(pilot, "Syrian")
        await pilot.press("p")
        await written(app, pilot)
        assert "NOT SAVED" in header(app) and "saved" not in header(app).replace("NOT SAVED", "")
        assert any("Input/output error" in n.message for n in app._notifications)
        assert len(app.session.pending) == 1 and on_disk(project) == []
        monkeypatch.setattr(store, "save", real)
        await search(pilot, "rebels")
        await pilot.press("o")
        await written(app, pilot)
        assert "saved: ORG" in header(app) and app.session.pending == []
        assert on_disk(project) == ["Syrian", "rebels"]
        await pilot.press("ctrl+q")

    run_app(project, body)


def test_the_writer_writes_in_order_and_merges_only_queued_edits_of_one_document() -> None:
    gate, started = threading.Event(), threading.Event()
    written_: list[tuple[str, list[str]]] = []

    def write(record: AnnotationRecord, what: list[str]) -> None:
        started.set()
        gate.wait(30)
        written_.append((record.doc, what))

    writer = SaveWriter(write)
    a, b = (AnnotationRecord(doc=d, doc_sha256="0" * 64, annotator="ann", scheme="s") for d in (DOC, "000_other"))
    writer.submit(a, "a1")
    assert started.wait(10)
    for record, what in ((a, "a2"), (a, "a3"), (b, "b1"), (a, "a4")):
        writer.submit(record, what)
    assert writer.pending_edits() == 5 and len(writer.pending()) == 4
    gate.set()
    writer.wait()
    writer.stop()
    assert written_ == [(DOC, ["a1"]), (DOC, ["a2", "a3"]), ("000_other", ["b1"]), (DOC, ["a4"])]
    assert writer.pending() == [] and writer.last_saved == "a4"
