"""Snapshots of the curation and review views at 80x24 and 120x40, on fixed records (nothing machine-dependent).

``pytest --snapshot-update`` rewrites the baselines after an intended change of the look.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.curation.review import Review
from annotator.curation.session import Curation
from annotator.project import Project
from annotator.store import write_records
from annotator.tui.curation.app import EntriesApp
from annotator.tui.curation.controller import CurationController
from annotator.tui.curation.curate_screen import CurationScreen
from annotator.tui.curation.review_screen import ReviewController, ReviewScreen
from tests.curation.records import DOC, b_version
from tests.factories import sample_record

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _colour(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)


async def _on_the_first_open_item(pilot: Any) -> None:
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_curation_view(two: Project, snap_compare: Any, size: tuple[int, int]) -> None:
    curation = Curation(two, ["annotator-a", "annotator-b"], two.gold_dir / "decisions.jsonl")
    controller = CurationController(curation, DOC)
    app = EntriesApp(lambda mono: CurationScreen(controller, mono))
    assert snap_compare(app, terminal_size=size, run_before=_on_the_first_open_item)


@pytest.mark.parametrize("size", SIZES)
def test_review_view(project: Project, snap_compare: Any, size: tuple[int, int]) -> None:
    doc = project.corpus.get(DOC)
    gold, pred = project.root / "gold.jsonl", project.root / "pred.jsonl"
    write_records(gold, [sample_record(doc, "gold")])
    write_records(pred, [b_version(doc).model_copy(update={"annotator": "system"})])
    controller = ReviewController(Review.of_files(project, gold, pred, Path(project.root / "d.jsonl")))
    app = EntriesApp(lambda mono: ReviewScreen(controller, mono))
    assert snap_compare(app, terminal_size=size, run_before=_on_the_first_open_item)


def _curation(project: Project) -> EntriesApp:
    curation = Curation(project, ["annotator-a", "annotator-b"], project.gold_dir / "decisions.jsonl")
    controller = CurationController(curation, DOC, "lead")
    return EntriesApp(lambda mono: CurationScreen(controller, mono), keymap={})


def test_curation_notes_on_an_event(two: Project, snap_compare: Any) -> None:
    """The annotators' notes on the event they are attached to, in its details (✎ in the list)."""

    async def run(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("n", "n")
        await pilot.pause()

    assert snap_compare(_curation(two), terminal_size=(120, 40), run_before=run)


def test_curation_edit_picker(two: Project, snap_compare: Any) -> None:
    """``r`` on the first item (a mention): the annotation screen's label picker, over the curation view."""

    async def run(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(_curation(two), terminal_size=(80, 24), run_before=run)


def test_curation_help(two: Project, snap_compare: Any) -> None:
    """``?`` in the curation view: every key of the screen with its id, grouped."""

    async def run(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(_curation(two), terminal_size=(120, 40), run_before=run)


def test_curation_full_details(project: Project, snap_compare: Any) -> None:
    """``v`` on an attribution whose content runs past the side box: every version in full, wrapped."""
    from tests.curation.test_curate_versions import long_attribution

    long_attribution(project)

    async def run(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.screen.controller.cursor.go("attribution:230-234")
        await pilot.press("v")
        await pilot.pause()

    assert snap_compare(_curation(project), terminal_size=(80, 24), run_before=run)


def test_curation_relation_conflict(two: Project, snap_compare: Any) -> None:
    """A relation the annotators typed differently: both arguments marked, each version in the details."""
    from tests.curation.test_curate_relations import PAIR, with_relations

    with_relations(two)

    async def run(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.screen.controller.cursor.go(PAIR)
        pilot.app.screen.redraw()
        await pilot.pause()

    assert snap_compare(_curation(two), terminal_size=(120, 40), run_before=run)
