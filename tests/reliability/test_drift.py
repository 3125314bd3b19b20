"""A document whose text changed after it was annotated opens read-only, never misaligned.

The record's ``doc_sha256`` ties its offsets to the text they were made on. When
the text changed, the app hides the old marks (they would point at other
words), says which document and what to do, and refuses every edit, so no
record ever mixes old offsets and new text.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.editing import Refused, add_mention
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.store import read_records
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.session import Session
from annotator.validate import validate_file
from tests.factories import sample_record
from tests.tui.tui_helpers import pick, run_app, screen_text, search

DOC000 = "000_d246c74b127eef68"
DOC001 = "001_aab8a3634b40cb55"


def annotate_then_change_text(project: Project) -> tuple[Project, AnnotationRecord]:
    """Save a full record of seed 000 for ``ann``, then insert one character at the start of its text.

    Returns the project as a new process would find it (the text read afresh) and the saved record.
    """
    doc = project.corpus.get(DOC000)
    with project.store("ann") as st:
        saved = st.save(sample_record(doc, annotator="ann"))
    path = project.corpus_path / f"{DOC000}.txt"
    path.write_bytes(b"X" + path.read_bytes())
    return Project.find(project.root), saved


def annotate_screen(app: AnnotatorApp) -> AnnotateScreen:
    screen = app.screen
    assert isinstance(screen, AnnotateScreen)
    return screen


def saved_records(project: Project) -> dict[str, AnnotationRecord]:
    result = read_records(project.gold_dir / "ann.jsonl")
    assert result.problems == [] and result.torn_tail is None
    return result.by_doc()


def test_a_drifted_document_is_read_only_in_the_session(project: Project) -> None:
    project, saved = annotate_then_change_text(project)
    session = Session.open(project, "ann")
    try:
        warning = session.drift(DOC000)
        assert warning is not None and DOC000 in warning and "read-only" in warning
        assert "annotator validate" in warning, "the warning says what to do"
        assert session.drift(DOC001) is None
        shown = session.record(DOC000)
        assert shown.mentions == () and shown.events == (), "old marks would sit on the wrong words"
        text = session.document(DOC000).text
        after, _ = add_mention(shown, text, session.scheme, 1, 2, "PER")
        with pytest.raises(Refused, match=DOC000):
            session.apply(shown, after, "PER")
        assert session.pending == []
        other = session.record(DOC001)
        later, _ = add_mention(other, session.document(DOC001).text, session.scheme, 0, 3, "PER")
        session.apply(other, later, "PER")
        assert session.flush() == 1, "other documents stay editable"
    finally:
        session.close()
    records = saved_records(project)
    assert records[DOC000] == saved.canonical(), "the old record is kept as it was"
    assert records[DOC001].mentions[0].start == 0


def test_the_app_opens_a_drifted_document_read_only_with_a_warning(project: Project) -> None:
    project, saved = annotate_then_change_text(project)

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        messages = [n.message for n in app._notifications]
        assert any(DOC000 in m and "changed" in m for m in messages), messages
        assert "READ-ONLY" in screen_text(app)
        assert annotate_screen(app).record.mentions == ()
        await search(pilot, "ISIL")
        await pilot.press("o")
        await pick(pilot, "z", "boil")
        await pilot.press("d")
        await pilot.pause()
        assert app.session.pending == []
        assert "READ-ONLY" in screen_text(app)
        assert any("read-only" in n.message for n in app._notifications)
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC000)
    assert saved_records(project) == {DOC000: saved.canonical()}
    problems = validate_file(project.gold_dir / "ann.jsonl", project.corpus, project.scheme)
    assert problems and all(DOC000 in p for p in problems)
    assert any("drift" in p for p in problems), "validate still reports the drift the app warned about"


def test_moving_to_a_drifted_document_in_the_app_warns_too(project: Project) -> None:
    project, _ = annotate_then_change_text(project)

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        assert "READ-ONLY" not in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert annotate_screen(app).doc_id == DOC000
        assert "READ-ONLY" in screen_text(app)
        assert any(DOC000 in n.message and "changed" in n.message for n in app._notifications)
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC001)
    assert DOC001 in saved_records(project), "the edit before moving was saved"
