"""A new user outside the project's annotators practises in gold/practice/, and the app says so."""

from __future__ import annotations

from typing import Any

from tui_helpers import run_app, screen_text, search

from annotator.project import Project
from annotator.tui.app import AnnotatorApp

DOC = "000_d246c74b127eef68"


def test_a_newcomer_sees_practice_and_their_labels_land_in_gold_practice(project: Project) -> None:
    (project.root / "pyproject.toml").write_text(
        '[tool.annotator]\nannotators = ["annotator-a", "annotator-b"]\n', encoding="utf-8"
    )
    team = Project.find(project.root)

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        shown = screen_text(app)
        assert "newbie (practice)" in shown
        told = " ".join(n.message for n in app._notifications)
        assert "gold/practice/newbie.jsonl" in told and "never counted" in told
        await search(pilot, "ISIL")
        await pilot.press("o", "ctrl+d")
        await pilot.pause()
        await pilot.press("ctrl+q")

    run_app(team, body, annotator="newbie", doc=DOC, size=(120, 40))
    assert (team.gold_dir / "practice" / "newbie.jsonl").is_file()
    assert team.annotators() == []
