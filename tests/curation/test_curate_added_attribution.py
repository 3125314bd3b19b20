"""An attribution no annotator made, added in the curation screen (``q`` on a cue) and completed with ``u``.

Both annotators missed the quote on "supposed" (276-284); the curator adds it, gives it a source, content
and a report, and ``annotator adjudicate`` builds the gold the app shows from the decisions file.
"""

from __future__ import annotations

from typing import Any

from annotator.curation.session import Curation
from annotator.project import Project
from annotator.tui.curation.controller import CurationController
from tests.curation.records import DOC
from tests.curation.test_curate_app import NAMES, batch_gold, decisions, go_to, same
from tests.curation.test_curate_attribution_parts import pick
from tests.curation.test_curate_edit import curate, told
from tests.curation.test_curate_structure import status

SUPPOSED = "attribution:276-284"


async def to_supposed(pilot: Any) -> None:
    """The text cursor on "supposed", by searching the text."""
    await pilot.press("slash")
    await pilot.pause()
    await pilot.press(*"supposed", "enter")
    await pilot.pause()


def test_an_attribution_no_annotator_made_is_added_and_completed(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await to_supposed(pilot)
        await pilot.press("space", "q")
        await pilot.pause()
        assert told(pilot)[-1].startswith("edit saved as a decision"), told(pilot)[-2:]
        assert f"active {SUPPOSED}" in status(pilot)
        current = ctl.cursor.current
        assert current is not None and current.summary.strip() == "attribution added: 'supposed'"
        await go_to(pilot, ctl, "mention:220-229")  # "a monitor": the source
        await pick(pilot, "u", "source mention")
        assert told(pilot)[-1].startswith("edit saved as a decision")
        await go_to(pilot, ctl, SUPPOSED)
        await pilot.press("right", "space", "shift+right")  # "to start"
        await pick(pilot, "u", "content selection")
        await pick(pilot, "u", "reports")
        await pilot.press(*"pullout", "enter")
        await pilot.pause()
        assert told(pilot)[-1].startswith("edit saved as a decision")
        await to_supposed(pilot)
        await pilot.press("space", "q")
        await pilot.pause()
        assert "already" in told(pilot)[-1], "a second add on the same cue is refused, the first kept whole"

    path = curate(two, body)
    made = decisions(path)[SUPPOSED]
    assert made["take"] is None
    assert {k: v for k, v in made["edit"].items() if k != "attrs"} == {
        "cue": {"start": 276, "end": 284},
        "source": "mention:220-229",
        "content": [{"start": 285, "end": 293}],
        "reports": ["event:257-264"],
    }
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold)
    new = next(a for a in gold.attributions if a.cue and a.cue.text == "supposed")
    assert {m.id: m.text for m in gold.mentions}[new.source or ""] == "a monitor"
    assert [s.text for s in new.content] == ["to start"]
    assert [v.trigger.text for v in gold.events if v.id in new.reports] == ["pullout"]
    assert gold.meta["provenance"][new.id]["added"] is True


def test_an_attribution_an_annotator_made_is_not_added_again(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "attribution:230-234")  # "said", which both annotators made
        await pilot.press("space", "q")
        await pilot.pause()
        assert "an annotator made the attribution on 'said'" in told(pilot)[-1]

    path = curate(two, body)
    assert not path.exists() or path.read_text() == ""


def test_rejecting_what_an_added_attribution_names_is_refused_not_a_crash(two: Project) -> None:
    """The pullout event is named, by key, in the edit that adds "supposed": rejecting it would leave a
    decisions file no gold can be built from, so it is refused with the reason and nothing is written."""

    async def body(pilot: Any, ctl: CurationController) -> None:
        await to_supposed(pilot)
        await pilot.press("space", "q")
        await pilot.pause()
        await pick(pilot, "u", "reports")
        await pilot.press(*"pullout", "enter")
        await pilot.pause()
        await go_to(pilot, ctl, "event:257-264")
        await pilot.press("x")
        await pilot.pause()
        assert "event:257-264" in told(pilot)[-1] and SUPPOSED in told(pilot)[-1], told(pilot)[-2:]

    path = curate(two, body)
    made = decisions(path)
    assert "event:257-264" not in made or made["event:257-264"]["take"] is not None
    assert Curation(two, NAMES, path).gold(DOC).record is not None, "the gold still builds from the decisions"


def test_no_step_of_a_refused_rejection_is_written(two: Project) -> None:
    """ "a monitor" is the source of the annotators' `said` and, by key, of the added `supposed`: rejecting it
    is refused before the pointer in `said` is taken out, so no half-made rejection is left in the file."""

    async def body(pilot: Any, ctl: CurationController) -> None:
        await to_supposed(pilot)
        await pilot.press("space", "q")
        await pilot.pause()
        await go_to(pilot, ctl, "mention:220-229")
        await pick(pilot, "u", "source mention")
        await pilot.press("x")
        await pilot.pause()
        assert "mention:220-229" in told(pilot)[-1] and "not written" in told(pilot)[-1], told(pilot)[-2:]
        assert type(pilot.app.screen).__name__ != "PickerScreen", "no question about the pointers is asked"

    path = curate(two, body)
    made = decisions(path)
    assert set(made) == {SUPPOSED}, "only the added attribution's decision is in the file"
