"""The audit trail: every saved edit with its time, kept outside the canonical file and after compaction."""

from __future__ import annotations

import json
from typing import Any

from annotator.audit import AuditEntry, active_seconds, audit_path, read_trail
from annotator.cli import main
from annotator.project import Project
from annotator.tui.app import AnnotatorApp
from tests.tui.tui_helpers import DOC, run_app, search, settle


async def _label_and_undo(app: AnnotatorApp, pilot: Any) -> None:
    await search(pilot, "Syrian")
    await pilot.press("o")
    await settle(app, pilot)
    await pilot.press("ctrl+z")
    await settle(app, pilot)
    await pilot.press("o")
    await settle(app, pilot)
    await pilot.press("ctrl+q")


def test_every_saved_edit_is_in_the_trail_after_the_file_is_compacted(project: Project, capsys) -> None:
    run_app(project, _label_and_undo)
    saved = (project.gold_dir / "ann.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(saved) == 1, "closing compacted the annotation file"
    trail = list(read_trail(audit_path(project.gold_dir, "ann")))
    assert [e.doc for e in trail] == [DOC, DOC, DOC]
    assert [e.what.split(":")[0] for e in trail] == [trail[0].what.split(":")[0], "undo", trail[2].what.split(":")[0]]
    assert "ORG" in trail[0].what and trail[1].what.startswith("undo: ")
    assert trail[0].time <= trail[1].time <= trail[2].time
    assert trail[-1].time == json.loads(saved[0])["updated"], "the last entry names the saved state"

    assert main(["--project", str(project.root), "stats", "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert DOC in stats["annotators"]["ann"]["active_minutes"]


def test_active_time_leaves_out_pauses() -> None:
    entries = [
        AuditEntry("2026-12-05T10:00:00.000000Z", "d1", "a", "x"),
        AuditEntry("2026-12-05T10:01:00.000000Z", "d1", "a", "x"),
        AuditEntry("2026-12-05T10:30:00.000000Z", "d1", "a", "x"),
        AuditEntry("2026-12-05T10:30:30.000000Z", "d2", "a", "x"),
    ]
    assert active_seconds(entries) == {"d1": 60.0, "d2": 30.0}
