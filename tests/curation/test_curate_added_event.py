"""An event no annotator made, added in the curation screen (``e`` on a trigger) and completed with ``a``.

Both annotators missed the deal on "deal" (17-21); the curator adds it as an AGREEMENT, gives it its Party
(ISIL) and Place (the rebel-held parts of south Damascus), and ``annotator adjudicate`` builds the gold the
app shows from the decisions file.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.curation.session import Curation
from annotator.project import Project
from annotator.tui.curation.app import EntriesApp
from annotator.tui.curation.controller import CurationController
from annotator.tui.curation.curate_screen import CurationScreen
from tests.curation.records import DOC
from tests.curation.test_curate_app import NAMES, batch_gold, decisions, go_to, same
from tests.curation.test_curate_attribution_parts import pick
from tests.curation.test_curate_edit import curate, told
from tests.curation.test_curate_structure import status

DEAL = "event:17-21"
ISIL, DAMASCUS = "mention:120-124", "mention:132-166"


async def to_deal(pilot: Any) -> None:
    """The text cursor on "deal", by searching the text."""
    await pilot.press("slash")
    await pilot.pause()
    await pilot.press(*"deal", "enter")
    await pilot.pause()


def test_an_event_no_annotator_made_is_added_and_given_its_arguments(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await to_deal(pilot)
        await pick(pilot, "e", "AGREEMENT")
        assert told(pilot)[-1].startswith("edit saved as a decision"), told(pilot)[-2:]
        assert f"active {DEAL}" in status(pilot)
        current = ctl.cursor.current
        assert current is not None and current.summary.strip() == "event added: AGREEMENT 'deal'"
        await go_to(pilot, ctl, ISIL)
        await pick(pilot, "a", "Party")
        assert told(pilot)[-1] == "edit saved as a decision", told(pilot)[-2:]
        await go_to(pilot, ctl, DAMASCUS)
        await pick(pilot, "a", "Place")
        assert told(pilot)[-1] == "edit saved as a decision", told(pilot)[-2:]
        await go_to(pilot, ctl, DEAL)
        await pilot.press("space", "e")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "CurationScreen", "no type is asked"
        assert "'deal' has been added already" in told(pilot)[-1], "a second add on the trigger is refused"

    path = curate(two, body)
    made = decisions(path)[DEAL]
    assert made["take"] is None
    assert made["edit"]["type"] == "AGREEMENT"
    assert made["edit"]["args"] == [{"role": "Party", "ref": ISIL}, {"role": "Place", "ref": DAMASCUS}]
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record.canonical(), gold), "the gold the app shows"
    new = next(v for v in gold.events if v.trigger.text == "deal")
    mentions = {m.id: m.text for m in gold.mentions}
    assert new.type == "AGREEMENT"
    assert [(a.role, mentions[a.ref]) for a in new.args] == [
        ("Party", "ISIL"),
        ("Place", "rebel-held parts of south Damascus"),
    ]
    prov = gold.meta["provenance"][new.id]
    assert prov["added"] is True and prov["rule"] == "decision"


def test_an_event_an_annotator_made_is_not_added_again(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "event:25-33")  # "evacuate", which both annotators made
        await pilot.press("space", "e")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "CurationScreen", "no type is asked"
        assert "an annotator made the event on 'evacuate'" in told(pilot)[-1]

    path = curate(two, body)
    assert not path.exists() or path.read_text() == ""


def test_leaving_the_type_picker_adds_nothing(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await to_deal(pilot)
        await pilot.press("space", "e")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "PickerScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert "active" not in status(pilot)

    path = curate(two, body)
    assert not path.exists() or path.read_text() == ""


def test_the_add_event_key_is_in_the_footer_and_the_help(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        footer = {
            (str(getattr(k, "key", "")), str(getattr(k, "description", "")))
            for k in pilot.app.screen.query("FooterKey")
        }
        assert ("e", "Add event") in footer
        await pilot.press("question_mark")
        await pilot.pause()
        shown = [str(w.render()) for w in pilot.app.screen.query(".help-line")]
        assert any("curate.add_event" in line and "Add an event no annotator made" in line for line in shown)

    curate(two, body)


def test_the_type_picker_of_an_added_event(two: Project, snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """``e`` on "deal": the event types to pick from, titled with the trigger no annotator marked."""
    for name in ("NO_COLOR", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)
    curation = Curation(two, NAMES, two.gold_dir / "decisions.jsonl")
    app = EntriesApp(lambda mono: CurationScreen(CurationController(curation, DOC, "lead"), mono), keymap={})

    async def run(pilot: Any) -> None:
        await pilot.pause()
        await to_deal(pilot)
        await pilot.press("space", "e")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_the_added_event_becomes_the_current_entry_with_its_details_shown(two: Project) -> None:
    """The curator was on another item when adding: the side box must show the event just added, not that
    one, whether or not the text cursor moves afterwards (the type is answered here as the picker would)."""
    from tests.curation.test_curate_edit import details

    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, ISIL)
        await to_deal(pilot)
        current = ctl.cursor.current
        assert current is not None and current.ident == ISIL, "no item at 'deal' to move to"
        screen = pilot.app.screen
        question = ctl.new_event(ctl.gold_editor(screen.pointer))
        assert question is not None and question.answer("AGREEMENT") is None
        current = ctl.cursor.current
        assert current is not None and current.ident == ctl.active != ISIL
        assert current.summary.strip().startswith("event added: AGREEMENT")
        screen.redraw(move=False)
        await pilot.pause()
        assert "AGREEMENT" in details(pilot)

    path = curate(two, body)
    assert len(decisions(path)) == 1
