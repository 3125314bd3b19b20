"""The curator's reasons survive the decisions the app rewrites: a key-driven edit and a second ``R`` add to
the reason given before, and the gold's provenance carries it."""

from __future__ import annotations

from typing import Any

from annotator.project import Project
from annotator.tui.curation.controller import CurationController
from tests.curation.test_curate_app import batch_gold, decisions, go_to
from tests.curation.test_curate_edit import curate, told

SAID = "attribution:230-234"


async def reason(pilot: Any, text: str) -> str:
    """Press ``R``, type ``text``; the prompt's title."""
    await pilot.press("R")
    await pilot.pause()
    title = str(pilot.app.screen.title_text)
    await pilot.press(*text, "enter")
    await pilot.pause()
    return title


def test_an_edit_and_a_second_reason_keep_the_reason_given_first(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, SAID)
        await pilot.press("1")
        assert await reason(pilot, "A's source is right") == "Reason for this decision"
        await go_to(pilot, ctl, "event:25-33")  # reported by `said`: rejecting it rewrites said's decision
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"remove", "enter")
        await pilot.pause()
        await go_to(pilot, ctl, SAID)
        assert "reason: A's source is right; curated: event:25-33 rejected" in "\n".join(ctl.cursor.current.details)
        title = await reason(pilot, "09 step 2")
        assert title == "Reason for this decision (added to: A's source is right)"
        assert told(pilot)[-1] == "reason saved"

    path = curate(two, body)
    made = decisions(path)[SAID]
    assert made["reason"] == "A's source is right; 09 step 2"
    assert made["edit"]["reports"] == [], "the reason does not undo the edit"
    gold = batch_gold(two, path)
    said = next(a for a in gold.attributions if a.cue and a.cue.text == "said")
    assert gold.meta["provenance"][said.id]["reason"] == "A's source is right; 09 step 2"


def test_an_argument_edit_keeps_the_reason(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "event:25-33")
        await pilot.press("1")
        await reason(pilot, "Origin is in the text")
        await pilot.press("enter")
        await go_to(pilot, ctl, "mention:132-166")
        await pilot.press("a")  # Damascus is A's Origin: a takes it out
        await pilot.pause()

    path = curate(two, body)
    made = decisions(path)["event:25-33"]
    assert made["reason"].startswith("Origin is in the text; curated edit of annotator-a's version")


def test_the_reason_prompt_does_not_ask_for_text_to_find(two: Project) -> None:
    """The prompt shared with search once offered "text to find" in every empty box."""

    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, SAID)
        await pilot.press("1", "R")
        await pilot.pause()
        box = pilot.app.screen.query_one("#prompt-input")
        assert box.placeholder == "type, then Enter"
        await pilot.press("escape", "slash")
        await pilot.pause()
        assert pilot.app.screen.query_one("#prompt-input").placeholder == "text to find"
        await pilot.press("escape")

    curate(two, body)
