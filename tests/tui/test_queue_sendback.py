"""An annotator's own queue from the assignment file, and documents the lead sends back with a note."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tui_helpers import run_app, screen_text

from annotator.cli import main
from annotator.project import Project
from annotator.sendback import sent_back_path
from annotator.store import read_records, write_records
from annotator.tui.app import AnnotatorApp
from tests.factories import sample_record

D0, D1, D3, D4 = "000_d246c74b127eef68", "001_aab8a3634b40cb55", "003_17ae0a9fe3fd3c77", "004_18ce445469fc81d2"


def _listed(app: AnnotatorApp) -> list[str]:
    table = app.screen.query_one("#documents")
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def _row(app: AnnotatorApp, doc: str) -> list[str]:
    table = app.screen.query_one("#documents")
    return [str(c) for c in table.get_row(doc)]


def _assign(project: Project, plan: dict[str, list[str]]) -> None:
    (project.gold_dir / "assignments.json").write_text(json.dumps({"overlap": 1, "seed": 0, "assignments": plan}))


def _run(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def _stats(project: Project, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert _run(project, "stats", "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


def test_the_app_opens_the_annotators_queue_in_assignment_order(project: Project) -> None:
    _assign(project, {"ann": [D4, D0, D3], "bob": [D1]})

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        assert app.screen.doc_id == D4, "the first document of the queue opens"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.doc_id == D0, "next document is the next in the queue, not in the corpus (001)"
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        assert app.screen.doc_id == D3, "the queue ends at its third document"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert _listed(app) == [D4, D0, D3]
        assert "queue of 3 assigned" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert len(_listed(app)) == 5 and "all documents (a: queue)" in screen_text(app)
        await pilot.press("escape", "ctrl+n")
        await pilot.pause()
        assert app.screen.doc_id == "004_18ce445469fc81d2", "with all shown, next follows the corpus"
        await pilot.press("ctrl+o", "a")
        await pilot.pause()
        assert _listed(app) == [D4, D0, D3], "a toggles back to the queue"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=None)


def test_without_an_assignment_every_document_is_listed(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert len(_listed(app)) == 5 and "assigned" not in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert len(_listed(app)) == 5
        await pilot.press("escape", "ctrl+q")

    run_app(project, body)


def test_a_bad_assignment_file_is_refused_by_name(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    (project.gold_dir / "assignments.json").write_text('{"assignments": {"ann": ["nosuch"]}}')
    assert _run(project, "stats") == 1
    assert "assignments.json: documents not in the corpus: nosuch" in capsys.readouterr().err
    (project.gold_dir / "assignments.json").write_text('{"assignments":\n {"ann": [}}')
    assert _run(project, "stats") == 1
    assert "assignments.json:2: not valid JSON" in capsys.readouterr().err


def test_send_back_then_done_again(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    _assign(project, {"ann": [D0, D1, D4]})
    write_records(project.gold_dir / "ann.jsonl", [sample_record(project.corpus.get(D0), "ann")])
    before = (project.gold_dir / "ann.jsonl").read_bytes()
    progress = _stats(project, capsys)["assignments"]["ann"]
    assert progress == {"assigned": 3, "done": 1, "in_progress": 0, "not_started": 2, "sent_back": 0, "skipped": 0}

    assert _run(project, "send-back", "--annotator", "ann", "--doc", D1, "--note", "x") == 1
    assert "only a document marked done can be sent back" in capsys.readouterr().err
    assert _run(project, "send-back", "--annotator", "ann", "--doc", D0, "--note", " ") == 1
    assert not sent_back_path(project, "ann").exists(), "a refused send-back writes nothing"
    args = ("send-back", "--annotator", "ann", "--doc", D0, "--note", "the dates are not times", "--by", "lead")
    assert _run(project, *args) == 0
    saved = json.loads(sent_back_path(project, "ann").read_text())
    assert saved[D0]["note"] == "the dates are not times" and saved[D0]["by"] == "lead" and saved[D0]["at"]
    assert (project.gold_dir / "ann.jsonl").read_bytes() == before, "the annotator's own file is not touched"
    progress = _stats(project, capsys)["assignments"]["ann"]
    assert progress["sent_back"] == 1 and progress["done"] == 0
    capsys.readouterr()
    assert _run(project, "stats") == 0
    table = capsys.readouterr().out
    assert "Progress against the assignment" in table and "sent back" in table

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        assert app.screen.doc_id == D0, "the sent-back document is the first to work on again"
        assert "lead sent this back: the dates are not times" in [n.message for n in app._notifications]
        await pilot.press("ctrl+o")
        await pilot.pause()
        row = _row(app, D0)
        assert row[1] == "sent back" and row[2] == "lead: the dates are not times"
        assert "1 sent back" in screen_text(app)
        await pilot.press("escape", "ctrl+d")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert _row(app, D0)[1] == "done"
        await pilot.press("escape", "ctrl+q")

    run_app(project, body, doc=None)
    assert json.loads(sent_back_path(project, "ann").read_text()) == {}, "marking done again clears it"
    assert read_records(project.gold_dir / "ann.jsonl").by_doc()[D0].status == "done"
    progress = _stats(project, capsys)["assignments"]["ann"]
    assert progress["done"] == 1 and progress["sent_back"] == 0


def test_the_app_refuses_a_bad_assignment_file_and_holds_no_lock(project: Project) -> None:
    from annotator.errors import AnnotatorError
    from annotator.tui.session import Session

    (project.gold_dir / "assignments.json").write_text('{"assignments": {"ann": "000"}}')
    with pytest.raises(AnnotatorError, match=r"assignments\.json: expected"):
        Session.open(project, "ann")
    _assign(project, {"ann": [D3]})
    session = Session.open(project, "ann")
    try:
        assert session.queue_ids() == [D3] and session.start_doc() == D3
    finally:
        session.close()
