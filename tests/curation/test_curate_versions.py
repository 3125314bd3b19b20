"""A long attribution in the curation screen: its whole content in the versions, wrapped, and ``v`` to read it all."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.widget import Widget

from annotator.curation.session import Curation
from annotator.model import Span
from annotator.project import Project
from annotator.store import write_records
from annotator.tui.curation.app import EntriesApp
from annotator.tui.curation.controller import CurationController
from annotator.tui.curation.curate_screen import CurationScreen
from annotator.tui.widgets.details_box import DetailsBox
from tests.curation.records import DOC, b_version
from tests.curation.test_curate_app import NAMES, decisions, go_to
from tests.factories import sample_record

LONG = "A U.N.-sponsored deal to evacuate more than 2,000 fighters, most of them with the Islamic State"


def long_attribution(project: Project) -> None:
    """A's attribution of "said" with content running well past 60 characters (B's is the short one)."""
    doc = project.corpus.get(DOC)
    a = sample_record(doc, "annotator-a")
    end = doc.text.index("has been delayed") + len("has been delayed")
    said = a.attributions[0].model_copy(update={"content": (Span.of(doc.text, 0, end),)})
    write_records(project.gold_dir / "annotator-a.jsonl", [a.model_copy(update={"attributions": (said,)})])
    write_records(project.gold_dir / "annotator-b.jsonl", [b_version(doc)])


def seen(widget: Widget) -> str:
    """What the widget shows on the terminal, its lines joined (wrapped words back together)."""
    return " ".join(" ".join(widget.render_line(y).text.split()) for y in range(widget.size.height))


def run(project: Project, size: tuple[int, int], body: Any) -> Path:
    path = project.gold_dir / "adjudication" / "decisions.jsonl"
    ctl = CurationController(Curation(project, NAMES, path), DOC)

    async def go() -> None:
        app = EntriesApp(lambda mono: CurationScreen(ctl, mono), keymap={})
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await go_to(pilot, ctl, "attribution:230-234")
            await pilot.pause()
            await body(pilot)

    asyncio.run(go())
    return path


def test_the_versions_show_the_whole_content_wrapped(project: Project) -> None:
    long_attribution(project)

    async def body(pilot: Any) -> None:
        shown = seen(pilot.app.screen.query_one(DetailsBox))
        assert "1 annotator-a: source='a monitor' content='A U.N.-sponsored" in shown
        assert "from rebel-held parts of south Damascus has been delayed'" in shown, "not cut at 60 characters"
        await pilot.press("1")

    path = run(project, (120, 40), body)
    assert decisions(path)["attribution:230-234"]["take"] == "annotator-a"


def test_v_shows_every_version_in_full_where_the_side_box_is_too_short(project: Project) -> None:
    long_attribution(project)

    async def body(pilot: Any) -> None:
        box = seen(pilot.app.screen.query_one(DetailsBox))
        assert "2 annotator-b" not in box, "B's version runs past the bottom of the side box"
        await pilot.press("v")
        await pilot.pause()
        screen = pilot.app.screen
        assert type(screen).__name__ == "DetailsScreen"
        full = seen(screen.query_one("#details-full-body"))
        assert "has been delayed'" in full and "2 annotator-b: source='a monitor'" in full
        await pilot.press("1")
        assert not (project.gold_dir / "adjudication" / "decisions.jsonl").exists(), "no decision from this view"
        await pilot.press("escape")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "CurationScreen"
        await pilot.press("2")

    path = run(project, (80, 24), body)
    assert decisions(path)["attribution:230-234"]["take"] == "annotator-b"
