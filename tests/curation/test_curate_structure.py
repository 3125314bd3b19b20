"""Boundary, argument, cluster and new-mention edits in the curation screen, by key presses.

Each is a decision in the file ``annotator adjudicate --decisions`` reads, and
the app's gold equals the batch gold built from that file.
"""

from __future__ import annotations

from typing import Any

from annotator.curation.session import Curation
from annotator.project import Project
from annotator.tui.curation.controller import CurationController
from tests.curation.records import DOC
from tests.curation.test_curate_app import NAMES, batch_gold, decisions, go_to, same
from tests.curation.test_curate_edit import curate, told


def status(pilot: Any) -> str:
    return str(pilot.app.screen.query_one("#status").render())


def test_boundaries_become_the_selection(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "mention:220-229")  # "a monitor"
        await pilot.press("B")
        assert "select the new extent first" in told(pilot)[-1], "no selection: nothing to set"
        await pilot.press("right", "space")  # the token "monitor" selected
        await pilot.press("B")
        await pilot.pause()
        assert told(pilot)[-1] == "boundaries saved as a decision"
        current = ctl.cursor.current
        assert current is not None and current.ident == "mention:220-229" and current.start == 222
        assert "(edited)" in current.summary

    path = curate(two, body)
    made = decisions(path)["mention:220-229"]
    assert made["take"] == "annotator-a" and made["edit"] == {"start": 222}, "only what moved"
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold)
    monitor = next(m for m in gold.mentions if m.start == 222)
    assert monitor.text == "monitor" and not any(m.text == "a monitor" for m in gold.mentions)
    said = next(a for a in gold.attributions if a.cue and a.cue.text == "said")
    assert said.source == monitor.id, "what pointed at the mention follows it"


def test_arguments_added_and_removed_with_the_role_picker(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "event:25-33")
        await pilot.press("2", "enter")  # take B's version (its Transported is on a span the gold lacks)
        assert "active event:25-33" in status(pilot)
        await go_to(pilot, ctl, "mention:34-58")
        await pilot.press("a")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "PickerScreen"
        await pilot.press(*"Transported", "enter")
        await pilot.pause()
        await go_to(pilot, ctl, "mention:132-166")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Origin", "enter")
        await pilot.pause()
        assert "Origin" in str(decisions(ctl.curation.log.path)["event:25-33"]["edit"])
        await pilot.press("a")  # again: no longer an argument, no question
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "CurationScreen"
        assert told(pilot)[-1] == "edit saved as a decision"

    path = curate(two, body)
    made = decisions(path)["event:25-33"]
    assert made["take"] == "annotator-b"
    assert made["edit"] == {"args": [{"role": "Transported", "ref": "mention:34-58"}]}
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold)
    v1 = next(e for e in gold.events if e.trigger.text == "evacuate")
    fighters = next(m for m in gold.mentions if m.text == "more than 2,000 fighters")
    assert [(a.role, a.ref) for a in v1.args] == [("Transported", fighters.id)]
    assert gold.meta["provenance"][v1.id]["edited_from"] == "annotator-b"


def test_a_mention_joins_a_cluster_and_another_leaves_it(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "mention:2-6")  # U.N., only B's: accept, then put it into ISIL's cluster
        await pilot.press("y", "c")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "PickerScreen"
        await pilot.press(*"put it into", "enter")
        await pilot.pause()
        gold = ctl.curation.gold(DOC).record
        un = next(m for m in gold.mentions if m.text == "U.N.")
        assert any(un.id in e.mentions and len(e.mentions) == 3 for e in gold.entities)

    path = curate(two, body)
    made = decisions(path)
    both = "entity:mention:120-124,mention:2-6,mention:364-368"
    assert made[both]["take"] == "annotator-b"
    assert made[both]["edit"] == {"members": ["mention:120-124", "mention:2-6", "mention:364-368"]}
    assert made["entity:mention:120-124,mention:364-368"]["take"] is None
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold)
    (cluster,) = gold.entities
    assert len(cluster.mentions) == 3 and gold.meta["provenance"][cluster.id]["rule"] == "decision"

    async def out(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "mention:364-368")  # the second ISIL leaves; two members stay
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"take", "enter")
        await pilot.pause()

    curate(two, out)
    made = decisions(path)
    assert made[both]["edit"] == {"members": ["mention:120-124", "mention:2-6"]}
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold)
    (cluster,) = gold.entities
    assert {m.text for m in gold.mentions if m.id in cluster.mentions} == {"U.N.", "ISIL"}
    assert len(cluster.mentions) == 2


def test_a_mention_no_annotator_made_is_added(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "attribution:230-234")  # "said"; then "Saturday"
        await pilot.press("right", "space", "plus")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "PickerScreen"
        assert "'Saturday'" in str(pilot.app.screen.title_text)
        await pilot.press(*"TIME", "enter")
        await pilot.pause()
        current = ctl.cursor.current
        assert current is not None and current.summary.strip().startswith("mention added: TIME 'Saturday'")
        await pilot.press("plus")
        await pilot.pause()
        await pilot.press(*"TIME", "enter")
        await pilot.pause()
        assert "already a TIME mention" in told(pilot)[-1], "the same mention twice is refused"

    path = curate(two, body)
    start = two.corpus.get(DOC).text.index("Saturday")
    made = decisions(path)[f"mention:{start}-{start + 8}"]
    assert made["take"] is None and made["edit"]["label"] == "TIME"
    assert len(path.read_text().splitlines()) == 1
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record.canonical(), gold), "the file holds it in text order"
    saturday = next(m for m in gold.mentions if m.text == "Saturday")
    assert saturday.label == "TIME" and gold.meta["provenance"][saturday.id]["added"] is True
