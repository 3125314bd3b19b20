"""Notes on annotations: written, shown in the side panel, resolved, and dropped with their item."""

from __future__ import annotations

import json
from typing import Any

from tui_helpers import run_app, search, type_text

from annotator import editing as ed
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.describe import summaries

DOC0 = "000_d246c74b127eef68"


def _details(app: AnnotatorApp) -> str:
    return str(app.screen.query_one("#details").render())


async def _note(pilot: Any, text: str) -> None:
    await pilot.press("number_sign")
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


def test_a_note_is_written_shown_saved_and_resolved(project: Project) -> None:
    kept: list[list[dict[str, Any]]] = []

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "ISIL")
        await pilot.press("o")
        await pilot.pause()
        await _note(pilot, "ORG or GPE here?")
        assert [(n.target, n.text) for n in screen.record.notes] == [("m1", "ORG or GPE here?")]
        assert "note: ORG or GPE here?" in _details(app)
        await pilot.pause()
        kept.append(json.loads((project.gold_dir / "ann.jsonl").read_text().splitlines()[-1])["notes"])
        await pilot.press("number_sign", *"resolve", "enter")
        await pilot.pause()
        assert screen.record.notes == ()
        assert "note:" not in _details(app)
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC0)
    assert kept == [[{"target": "m1", "text": "ORG or GPE here?"}]], "the note is saved with the record"
    saved = json.loads((project.gold_dir / "ann.jsonl").read_text().splitlines()[-1])
    assert saved["notes"] == []


def test_a_second_note_and_deleting_the_item_drops_its_notes(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "ISIL")
        await pilot.press("o")
        await pilot.pause()
        await _note(pilot, "first")
        await pilot.press("number_sign", *"another", "enter")
        await type_text(pilot, "second")
        await pilot.press("enter")
        await pilot.pause()
        assert [n.text for n in screen.record.notes] == ["first", "second"]
        await pilot.press("d")
        await pilot.pause()
        assert screen.record.mentions == () and screen.record.notes == ()
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC0)


def test_a_note_needs_an_annotation_under_the_cursor(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await pilot.press("number_sign")
        await pilot.pause()
        assert type(app.screen).__name__ == "AnnotateScreen", "no prompt opens on bare text"
        assert app.screen.record.notes == ()
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC0)


def test_the_side_list_counts_the_notes_of_each_item(project: Project) -> None:
    doc = project.corpus.get(DOC0)
    start = doc.text.index("ISIL")
    record = AnnotationRecord(doc=DOC0, doc_sha256=doc.sha256, annotator="ann", scheme=project.scheme.id)
    record, ident = ed.add_mention(record, doc.text, project.scheme, start, start + 4, "ORG")
    record = ed.add_note(ed.add_note(record, ident, "one"), ident, "two")
    assert summaries(record) == [(ident, "ORG 'ISIL' ✎2")]
