"""Curating by key presses: the decisions file it writes, and the gold adjudicate builds from it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from annotator.cli import main
from annotator.curation.session import Curation
from annotator.project import Project
from annotator.store import load_records
from annotator.tui.curation.app import EntriesApp
from annotator.tui.curation.controller import CurationController
from annotator.tui.curation.curate_screen import CurationScreen
from tests.curation.records import DOC

NAMES = ["annotator-a", "annotator-b"]


def curate(project: Project, body: Callable[[Any, CurationController], Awaitable[None]]) -> Path:
    path = project.gold_dir / "adjudication" / "decisions.jsonl"
    controller = CurationController(Curation(project, NAMES, path), DOC)

    async def run() -> None:
        app = EntriesApp(lambda mono: CurationScreen(controller, mono))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await body(pilot, controller)

    asyncio.run(run())
    return path


async def go_to(pilot: Any, ctl: CurationController, key: str) -> None:
    """Press "up" to the first item, then "down" until the item ``key`` is current."""
    while ctl.cursor.index > 0:
        await pilot.press("up")
    for _ in range(40):
        if ctl.cursor.current and ctl.cursor.current.ident == key:
            return
        await pilot.press("down")
    raise AssertionError(f"{key} not reached")


def decisions(path: Path) -> dict[str, dict[str, Any]]:
    return {d["item"]: d for d in map(json.loads, path.read_text().splitlines())}


def batch_gold(project: Project, path: Path) -> Any:
    assert (
        main(["--project", str(project.root), "adjudicate", "--annotators", ",".join(NAMES), "--decisions", str(path)])
        == 0
    )
    return load_records(project.gold_dir / "gold.jsonl")[0]


def same(a: Any, b: Any) -> bool:
    return a.model_copy(update={"updated": ""}) == b.model_copy(update={"updated": ""})


def test_every_open_item_decided_by_keys_gives_the_batch_gold(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        open_before, _, total = ctl.counts()
        assert open_before == total == 8
        assert "open 8/" in str(pilot.app.screen.query_one("#status").render())
        await go_to(pilot, ctl, "mention:2-6")  # U.N., only B: accept
        await pilot.press("y")
        await pilot.press("n")  # next open: B's ISIL cluster with U.N.
        assert ctl.cursor.current.ident.startswith("entity:") and "mention:2-6" in ctl.cursor.current.ident
        await pilot.press("x")
        await pilot.press("n")  # v1: take A's (with Origin)
        assert ctl.cursor.current.ident == "event:25-33"
        await pilot.press("1")
        await go_to(pilot, ctl, "mention:34-58")  # boundary conflict: accepting rejects the rival
        await pilot.press("y")
        await go_to(pilot, ctl, "entity:mention:120-124,mention:364-368")
        await pilot.press("y")
        await go_to(pilot, ctl, "mention:220-229")  # label conflict: take B's PER, give a reason
        await pilot.press("2", "R", *"monitor is a person here", "enter")
        await go_to(pilot, ctl, "attribution:230-234")
        await pilot.press("1")
        assert ctl.counts()[0] == 0
        assert "open 0/" in str(pilot.app.screen.query_one("#status").render())

    path = curate(two, body)
    made = decisions(path)
    assert made["mention:2-6"]["take"] == "annotator-b"
    assert made["entity:mention:120-124,mention:2-6,mention:364-368"]["take"] is None
    assert made["event:25-33"]["take"] == "annotator-a"
    assert made["mention:34-58"]["take"] == "annotator-a"
    assert made["mention:44-58"]["take"] is None
    assert made["mention:220-229"] == {
        "doc": DOC,
        "item": "mention:220-229",
        "take": "annotator-b",
        "reason": "monitor is a person here",
    }
    interactive = Curation(two, NAMES, path).gold(DOC).record
    gold = batch_gold(two, path)
    assert same(interactive, gold)
    by_text = {m.text: m for m in gold.mentions}
    assert by_text["a monitor"].label == "PER"
    assert "2,000 fighters" not in by_text and "U.N." in by_text
    cluster = next(e for e in gold.entities if by_text["ISIL"].id in e.mentions)
    assert len(cluster.mentions) == 2 and by_text["U.N."].id not in cluster.mentions
    assert gold.meta["provenance"][cluster.id]["rule"] == "decision"
    v1 = next(e for e in gold.events if e.trigger.text == "evacuate")
    assert {a.role for a in v1.args} == {"Transported", "Origin"}


def test_rejecting_a_mention_an_accepted_argument_uses_asks_first(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "event:25-33")
        await pilot.press("1")
        await go_to(pilot, ctl, "mention:132-166")  # Damascus: v1's Origin in A's version
        await pilot.press("x")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "PickerScreen"
        assert "event:25-33" in str(pilot.app.screen.title_text)
        await pilot.press("escape")  # nothing decided
        assert "mention:132-166" not in ctl.curation.decided(DOC)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"remove", "enter")

    path = curate(two, body)
    made = decisions(path)
    assert made["mention:132-166"]["take"] is None
    assert made["event:25-33"]["edit"] == {"args": [{"role": "Transported", "ref": "m2"}]}
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold)
    v1 = next(e for e in gold.events if e.trigger.text == "evacuate")
    assert [a.role for a in v1.args] == ["Transported"]
    assert gold.meta["provenance"][v1.id]["edited_from"] == "annotator-a"


def test_accepting_a_one_sided_mention_keeps_the_agreed_mention_nested_in_it(two: Project) -> None:
    """a alone marks "the Islamic State in Iraq and the Levant (ISIL)"; both marked the "ISIL" inside it."""
    from annotator.store import write_records
    from tests.factories import find

    doc = two.corpus.get(DOC)
    path = two.gold_dir / "annotator-a.jsonl"
    a = load_records(path)[0]
    data = a.to_json_dict()
    outer = find(doc, "the Islamic State in Iraq and the Levant (ISIL)")
    data["mentions"].append({"id": "m9", "label": "ORG", **outer.model_dump(), "attrs": {"level": "NAM"}})
    write_records(path, [a.model_validate(data)])
    isil = next(m for m in a.mentions if m.text == "ISIL" and outer.start <= m.start < outer.end)
    inner_key, outer_key = f"mention:{isil.start}-{isil.end}", f"mention:{outer.start}-{outer.end}"

    async def body(pilot: Any, ctl: CurationController) -> None:
        states = {i.key: i.state for i in ctl.curation.items(DOC)}
        assert states[inner_key] == "agreed", "a mention both made alike is no conflict for being nested"
        await go_to(pilot, ctl, outer_key)
        await pilot.press("y")
        await pilot.pause()

    path = curate(two, body)
    made = decisions(path)
    assert made[outer_key]["take"] == "annotator-a"
    assert inner_key not in made, "the nested mention both annotators made is not rejected with it"
    gold = batch_gold(two, path)
    assert {(m.start, m.end) for m in gold.mentions} >= {(isil.start, isil.end), (outer.start, outer.end)}


def test_question_mark_lists_the_curation_keys_with_their_ids(two: Project) -> None:
    from annotator.tui.screens.help import HelpScreen

    async def body(pilot: Any, ctl: CurationController) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        shown = "\n".join(str(w.render()) for w in pilot.app.screen.query(".help-line"))
        for ident in ("curate.accept", "curate.reject", "curate.take1", "entries.next_open", "curate.reason"):
            assert ident in shown, ident
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CurationScreen)

    curate(two, body)


def test_rejecting_an_event_an_accepted_attribution_reports_asks_first(two: Project) -> None:
    """a1 (cue "said") reports v1 ("evacuate"); rejecting v1 asks, and "drop" takes it out of the reports."""
    doc = two.corpus.get(DOC)
    said = doc.text.index("said")
    attribution = f"attribution:{said}-{said + 4}"

    async def body(pilot: Any, ctl: CurationController) -> None:
        assert attribution in {i.key for i in ctl.curation.items(DOC)}
        await go_to(pilot, ctl, attribution)
        await pilot.press("1")
        await go_to(pilot, ctl, "event:25-33")
        await pilot.press("x")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "PickerScreen"
        title = str(pilot.app.screen.title_text)
        assert "this event" in title and attribution in title and "reports" in title
        await pilot.press(*"remove", "enter")
        await pilot.pause()

    path = curate(two, body)
    made = decisions(path)
    assert made["event:25-33"]["take"] is None
    assert made[attribution]["edit"]["reports"] == []
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold)
    (kept,) = [a for a in gold.attributions if a.cue is not None and a.cue.start == said]
    assert kept.reports == () and "evacuate" not in {e.trigger.text for e in gold.events}
