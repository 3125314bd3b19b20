"""Snapshot of the documents screen as an assigned annotator sees it: the queue, one document sent back.

``pytest --snapshot-update`` rewrites the baseline after an intended change of the look.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from factories import sample_record
from test_snapshots import SIZE, keys

from annotator.project import Project
from annotator.store import write_records
from annotator.tui.app import AnnotatorApp
from annotator.tui.session import Session

D0, D3, D4 = "000_d246c74b127eef68", "003_17ae0a9fe3fd3c77", "004_18ce445469fc81d2"


@pytest.fixture
def app(project: Project, monkeypatch: pytest.MonkeyPatch) -> Iterator[AnnotatorApp]:
    for name in ("NO_COLOR", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)
    record = sample_record(project.corpus.get(D0), "tester").model_copy(update={"updated": "2026-01-02T03:04:05Z"})
    write_records(project.gold_dir / "tester.jsonl", [record])
    plan = {"assignments": {"tester": [D4, D0, D3]}}
    (project.gold_dir / "assignments.json").write_text(json.dumps(plan))
    back = {D0: {"note": "check the dates", "by": "lead", "at": "2026-01-03T00:00:00Z"}}
    (project.gold_dir / "tester.sent-back.json").write_text(json.dumps(back))
    session = Session.open(project, "tester")
    try:
        yield AnnotatorApp(session, D0, keymap={})
    finally:
        session.close()


def test_documents_screen_queue_and_sent_back(app: AnnotatorApp, snap_compare: Any) -> None:
    run = keys("ctrl+o", ready=lambda a: type(a.screen).__name__ == "DocumentsScreen")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)
