"""Review mode: the errors on the text are evaluate's, counted alike; a prediction proposed as gold is a decision."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.curation.review import Review
from annotator.project import Project
from annotator.store import write_records
from annotator.tui.curation.app import EntriesApp
from annotator.tui.curation.review_screen import ReviewController, ReviewScreen
from tests.curation.records import DOC, b_version
from tests.factories import sample_record


@pytest.fixture
def files(project: Project) -> tuple[Path, Path]:
    doc = project.corpus.get(DOC)
    gold, pred = project.root / "gold.jsonl", project.root / "pred.jsonl"
    write_records(gold, [sample_record(doc, "gold")])
    write_records(pred, [b_version(doc).model_copy(update={"annotator": "system"})])
    return gold, pred


def test_review_counts_equal_evaluate_errors(project: Project, files: tuple[Path, Path], capsys: Any) -> None:
    gold, pred = files
    out = project.root / "report.json"
    assert (
        main(
            [
                "--project",
                str(project.root),
                "evaluate",
                "--gold",
                str(gold),
                "--pred",
                str(pred),
                "--errors",
                "--format",
                "json",
                "--bootstrap",
                "0",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    listed = Counter((e["layer"], e["kind"]) for e in json.loads(out.read_text())["errors"])
    review = Review.of_files(project, gold, pred, project.root / "decisions.jsonl")
    assert review.counts() == listed
    assert review.counts(DOC) == listed
    assert listed[("mentions", "spurious")] == 1 and listed[("mentions", "mistyped")] == 1


def test_review_keys_filter_jump_and_propose(project: Project, files: tuple[Path, Path]) -> None:
    gold, pred = files
    decisions = project.root / "decisions.jsonl"
    ctl = ReviewController(Review.of_files(project, gold, pred, decisions))

    async def run() -> None:
        app = EntriesApp(lambda mono: ReviewScreen(ctl, mono))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            status = str(app.screen.query_one("#status").render())
            assert "correct 5 missed 1 spurious 1 partial 2 mistyped 1" in status  # 3 mentions, 2 triggers
            await pilot.press("n")
            assert ctl.cursor.current is not None and ctl.cursor.current.open
            while ctl.filters["kind"] != "spurious":
                await pilot.press("k")
            assert all(e.kind == "rev-spurious" for e in ctl.cursor.entries)
            await pilot.press("g")

    asyncio.run(run())
    made = [json.loads(x) for x in decisions.read_text().splitlines()]
    assert len(made) == 1 and made[0]["take"] == "system" and made[0]["item"].startswith("mention:")
    assert "U.N." in made[0]["reason"]
