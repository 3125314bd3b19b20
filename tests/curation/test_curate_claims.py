"""A role claim added to an attribution in the curation screen, by key presses, and read by adjudicate."""

from __future__ import annotations

from typing import Any

from annotator.curation.session import Curation
from annotator.project import Project
from annotator.tui.curation.controller import CurationController
from tests.curation.records import DOC
from tests.curation.test_curate_app import NAMES, batch_gold, decisions, go_to, same
from tests.curation.test_curate_edit import curate, told
from tests.curation.test_curate_structure import status

SAID = "attribution:230-234"
BOTH = "hopper:event:25-33,event:257-264"


def test_a_missing_role_claim_is_added_to_the_attribution(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, SAID)
        await pilot.press("1", "enter")  # take A's version, make it active
        assert f"active {SAID}" in status(pilot)
        await go_to(pilot, ctl, "mention:132-166")  # "rebel-held parts of south Damascus" (LOC)
        await pilot.press("a")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "PickerScreen"
        assert "Role claimed for 'rebel-held parts of south Damascus'" in str(pilot.app.screen.title_text)
        await pilot.press(*"Origin", "enter")
        await pilot.pause()
        assert told(pilot)[-1] == "edit saved as a decision"
        await go_to(pilot, ctl, SAID)
        assert "took annotator-a (edited)" in ctl.cursor.current.summary
        await pilot.press("a")  # the cursor is on the cue, not on a mention
        await pilot.pause()
        assert told(pilot)[-1] == "put the cursor on a mention first"

    path = curate(two, body)
    made = decisions(path)[SAID]
    assert made["take"] == "annotator-a"
    assert made["edit"] == {
        "role_claims": [
            {"hopper": BOTH, "role": "Transported", "ref": "mention:34-58"},
            {"hopper": "event:25-33", "role": "Origin", "ref": "mention:132-166"},
        ]
    }, "A's claim kept (its hopper by its events), the new one added"
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold), "the app and adjudicate give the same gold"
    (said,) = gold.attributions
    text = {m.id: m.text for m in gold.mentions}
    (hopper,) = gold.hoppers
    (evacuate,) = [v for v in gold.events if v.trigger.text == "evacuate"]
    claims = {(c.hopper, c.role, text[c.ref]) for c in said.role_claims}
    assert claims == {
        (hopper.id, "Transported", "more than 2,000 fighters"),
        (evacuate.id, "Origin", "rebel-held parts of south Damascus"),
    }
    assert gold.meta["provenance"][said.id]["edited_from"] == "annotator-a"


def test_an_attribution_the_gold_does_not_hold_cannot_be_made_active(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, SAID)
        await pilot.press("x", "enter")
        assert "the gold holds no version of" in told(pilot)[-1]
        assert "active" not in status(pilot)

    path = curate(two, body)
    assert decisions(path)[SAID]["take"] is None


def test_a_role_claim_about_the_hopper_names_it_by_its_events_and_adjudicate_gives_the_gold_hopper(
    two: Project,
) -> None:
    """The evacuation is told twice ("evacuate", "pullout"); the source claims where it leaves from for both."""

    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, SAID)
        await pilot.press("1", "enter")
        await go_to(pilot, ctl, "mention:132-166")  # "rebel-held parts of south Damascus" (LOC)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"hopper origin")
        await pilot.pause()
        shown = "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())
        assert "EVACUATE.Origin 'evacuate' / 'pullout'" in shown, "the hopper is offered with both its triggers"
        await pilot.press("enter")
        await pilot.pause()
        assert told(pilot)[-1] == "edit saved as a decision"

    path = curate(two, body)
    made = decisions(path)[SAID]
    assert made["take"] == "annotator-a"
    assert made["edit"]["role_claims"] == [
        {"hopper": BOTH, "role": "Transported", "ref": "mention:34-58"},
        {"hopper": BOTH, "role": "Origin", "ref": "mention:132-166"},
    ]
    assert made["edit"]["reports"] == ["event:25-33", BOTH], "the hopper claimed about is reported with it"
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold), "the app and adjudicate give the same gold"
    (said,) = gold.attributions
    (hopper,) = gold.hoppers
    text = {m.id: m.text for m in gold.mentions}
    assert {(c.hopper, c.role, text[c.ref]) for c in said.role_claims} == {
        (hopper.id, "Transported", "more than 2,000 fighters"),
        (hopper.id, "Origin", "rebel-held parts of south Damascus"),
    }
    assert hopper.id in said.reports
