"""The rest of a new user's day: Escape on unfinished work, crash recovery of the position,
deleting a source, marking done an invalid record, and the evaluation legend."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tui_helpers import pick, run_app, screen_text, search

from annotator.cli import main
from annotator.project import Project
from annotator.tui.app import AnnotatorApp

DOC = "000_d246c74b127eef68"


def _told(app: AnnotatorApp) -> str:
    return " | ".join(n.message for n in app._notifications)


def test_escape_asks_before_letting_go_of_an_unfinished_attribution(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "said")
        await pilot.press("q")
        assert screen.active_id == "at1"
        await pilot.press("escape")
        await pilot.pause()
        assert "attribution at1 has no content yet" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.active_id == "at1", "the first choice keeps building it"
        await pick(pilot, "escape", "leave")
        await pilot.pause()
        assert app.screen.active_id is None
        assert [a.id for a in app.screen.record.attributions] == ["at1"], "left unfinished, not deleted"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)


def test_the_position_survives_a_crash(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await pilot.press("ctrl+n")
        await search(pilot, "Damascus")
        await pilot.press("p")
        await pilot.pause()
        state = json.loads((project.gold_dir / ".state" / "ann.json").read_text(encoding="utf-8"))
        assert state["doc"] == "001_aab8a3634b40cb55", "written before any clean exit"
        text = project.corpus.get("001_aab8a3634b40cb55").text
        assert state["cursor"]["001_aab8a3634b40cb55"] == text.index("Damascus")
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)


def test_deleting_a_source_mention_says_the_source_became_implicit(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "said")
        await pilot.press("q")
        await search(pilot, "Baghdadi")
        await pilot.press("p")
        await pick(pilot, "u", "source")
        assert screen.record.attributions[0].source == "m1"
        await pilot.press("d")
        await pilot.pause()
        assert screen.record.attributions[0].source is None
        assert "at1 lost its source m1: now implicit" in _told(app)
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)


def test_done_is_refused_while_validation_fails(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "killed")
        await pick(pilot, "e", "ATTACK")
        await pilot.press("R", "R", "ctrl+d")
        await pilot.pause()
        assert screen.record.events[0].attrs["realis"] == "OTHER"
        assert screen.record.status == "in_progress"
        assert "not marked done" in _told(app) and "'modality' is required" in _told(app)
        assert "in_progress" in screen_text(app).splitlines()[0]
        await pilot.press("M", "ctrl+d")
        await pilot.pause()
        assert screen.record.status == "done"
        await pilot.press("ctrl+q")

    session = run_app(project, body, doc=DOC)
    assert session.store.get(DOC).status == "done"


def test_evaluation_explains_its_count_columns(project: Project, tmp_path: Path, capsys: Any) -> None:
    from factories import sample_record

    from annotator.store import write_records

    record = sample_record(project.corpus.get(DOC), "gold").model_copy(update={"status": "done"})
    write_records(project.gold_dir / "gold.jsonl", [record])
    preds = tmp_path / "preds.jsonl"
    write_records(preds, [record.model_copy(update={"annotator": "sys"})])
    assert main(["--project", str(project.root), "evaluate", "--pred", str(preds), "--bootstrap", "10"]) == 0
    out = capsys.readouterr().out
    assert "COR correct" in out and "SPU spurious" in out and "MIS missed" in out
