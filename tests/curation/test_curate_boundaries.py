"""``B`` on an event's trigger and on an attribution's cue, by key presses: the decision, then adjudicate's gold."""

from __future__ import annotations

from typing import Any

from annotator.curation.session import Curation
from annotator.project import Project
from annotator.tui.curation.controller import CurationController
from tests.curation.records import DOC
from tests.curation.test_curate_app import NAMES, batch_gold, decisions, go_to, same
from tests.curation.test_curate_edit import curate, told


def test_a_trigger_gets_the_selection_as_its_boundaries(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "event:25-33")  # "evacuate"; the trigger becomes "deal"
        await pilot.press("left", "left", "space", "B")
        await pilot.pause()
        assert told(pilot)[-1] == "boundaries saved as a decision"
        current = ctl.cursor.current
        assert current is not None and current.ident == "event:25-33" and (current.start, current.end) == (17, 21)
        assert "took annotator-a (edited)" in current.summary
        await pilot.press("enter")  # the moved event is still the gold's: it can be made active
        assert "active event:25-33" in str(pilot.app.screen.query_one("#status").render())

    path = curate(two, body)
    made = decisions(path)["event:25-33"]
    assert made["take"] == "annotator-a" and made["edit"] == {"trigger": {"start": 17, "end": 21}}
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold), "the app and adjudicate give the same gold"
    (moved,) = [v for v in gold.events if v.type == "EVACUATE" and v.trigger.start == 17]
    assert moved.trigger.text == "deal" and not any(v.trigger.text == "evacuate" for v in gold.events)
    assert {a.role for a in moved.args} == {"Transported", "Origin"}, "A's arguments come with it"
    assert gold.meta["provenance"][moved.id]["edited_from"] == "annotator-a"
    said = next(a for a in gold.attributions if a.cue and a.cue.text == "said")
    assert moved.id in said.reports, "what pointed at the event follows it"


def test_a_cue_gets_the_selection_as_its_boundaries(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "attribution:230-234")  # "said"; the cue becomes "said Saturday"
        await pilot.press("space", "right", "B")
        await pilot.pause()
        assert told(pilot)[-1] == "boundaries saved as a decision"
        current = ctl.cursor.current
        assert current is not None and current.ident == "attribution:230-234" and current.end == 243

    path = curate(two, body)
    made = decisions(path)["attribution:230-234"]
    assert made["take"] == "annotator-a" and made["edit"] == {"cue": {"start": 230, "end": 243}}
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold)
    (said,) = gold.attributions
    assert said.cue is not None and said.cue.text == "said Saturday"
    assert gold.meta["provenance"][said.id]["edited_from"] == "annotator-a"
