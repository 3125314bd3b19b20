"""Curator edits with the annotation screen's pickers, notes on items, send-back and rebinding, by key presses."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.curation.session import Curation
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.sendback import load_sent_back
from annotator.tui.curation.app import EntriesApp
from annotator.tui.curation.controller import CurationController
from annotator.tui.curation.curate_screen import CurationScreen
from annotator.tui.widgets.details_box import DetailsBox
from tests.curation.records import DOC
from tests.curation.test_curate_app import NAMES, batch_gold, decisions, go_to, same


def curate(
    project: Project, body: Callable[[Any, CurationController], Awaitable[None]], keymap: dict[str, str] | None = None
) -> Path:
    path = project.gold_dir / "adjudication" / "decisions.jsonl"
    controller = CurationController(Curation(project, NAMES, path), DOC, "lead")

    async def run() -> None:
        app = EntriesApp(lambda mono: CurationScreen(controller, mono), keymap=keymap or {})
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await body(pilot, controller)

    asyncio.run(run())
    return path


def told(pilot: Any) -> list[str]:
    return [n.message for n in pilot.app._notifications]


def details(pilot: Any) -> str:
    return str(pilot.app.screen.query_one(DetailsBox).render())


def test_label_and_attribute_edits_are_decisions_that_adjudicate_reads(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "mention:220-229")  # "a monitor": ORG (A) against PER (B)
        await pilot.press("2")
        await pilot.press("r")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "PickerScreen"
        await pilot.press(*"LOC", "enter")
        await pilot.pause()
        assert "edit saved as a decision" in told(pilot)
        assert "took annotator-b (edited)" in ctl.cursor.current.summary
        await pilot.press("equals_sign")
        await pilot.pause()
        await pilot.press(*"level = NAM", "enter")
        await pilot.pause()

    path = curate(two, body)
    made = decisions(path)["mention:220-229"]
    assert made["take"] == "annotator-b" and made["edit"]["label"] == "LOC"
    assert made["edit"]["attrs"]["level"] == "NAM", "the second edit keeps the first"
    assert made["reason"].startswith("curated edit of annotator-b's version")
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold), "the app and adjudicate give the same gold"
    monitor = next(m for m in gold.mentions if m.text == "a monitor")
    assert monitor.label == "LOC" and monitor.attrs["level"] == "NAM"
    assert gold.meta["provenance"][monitor.id]["edited_from"] == "annotator-b"


def test_a_cluster_is_decided_not_edited(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "entity:mention:120-124,mention:364-368")
        await pilot.press("r")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "CurationScreen"
        assert "a entity is decided, not edited" in told(pilot)[-1]

    path = curate(two, body)
    assert not path.exists(), "a refused edit writes nothing"


def test_annotators_notes_show_on_their_item(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "event:25-33")
        shown = details(pilot)
        assert "note (annotator-a): realis unclear" in shown and "note (annotator-b): realis unclear" in shown
        assert "✎" in ctl.cursor.current.summary
        await go_to(pilot, ctl, "mention:220-229")
        assert "realis unclear" not in details(pilot)

    curate(two, body)


def test_send_back_from_the_curation_screen(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await pilot.press("S")
        await pilot.pause()
        await pilot.press(*"annotator-b", "enter")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "PromptScreen"
        await pilot.press(*"U.N. is not in the ISIL cluster", "enter")
        await pilot.pause()
        assert "SENT BACK to annotator-b" in str(pilot.app.screen.query_one("#status").render())

    curate(two, body)
    back = load_sent_back(two, "annotator-b")[DOC]
    assert back.note == "U.N. is not in the ISIL cluster" and back.by == "lead"
    assert load_sent_back(two, "annotator-a") == {}
    with pytest.raises(AnnotatorError, match="sent back, not done again"):
        Curation(two, NAMES, two.gold_dir / "d.jsonl")


def test_curation_keys_are_rebound_by_id(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "mention:2-6")
        await pilot.press("y")
        assert "mention:2-6" not in ctl.curation.decided(DOC), "y is no longer accept"
        await pilot.press("a")
        assert ctl.curation.decided(DOC)["mention:2-6"].take == "annotator-b"

    curate(two, body, keymap={"curate.accept": "a"})


def test_every_curation_and_review_key_is_rebindable_and_in_the_readme() -> None:
    from annotator.tui.keys import CURATE, ENTRIES, GROUPS, REVIEW

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for b in (*ENTRIES, *CURATE, *REVIEW):
        assert b.id in GROUPS, f"{b.id} cannot be rebound"
        if not b.id.startswith("curate.take") or b.id in ("curate.take1", "curate.take9"):
            assert f"`{b.id}`" in readme, f"{b.id} is not in the README's key table"
