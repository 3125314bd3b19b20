"""``r`` and ``=`` on what the curator added: the answer rewrites the decision adding the item, keeping the rest.

The deal on "deal" (17-21), "Saturday" and the quote on "supposed" (276-284) are items no annotator made
(see :mod:`test_curate_added_event`, :mod:`test_curate_added_attribution`); each edit goes through the
decisions file and ``annotator adjudicate`` to the gold, and the decision's reason lists every part given.
"""

from __future__ import annotations

from typing import Any

from annotator.curation.session import Curation
from annotator.project import Project
from annotator.tui.curation.controller import CurationController
from tests.curation.records import DOC
from tests.curation.test_curate_added_attribution import SUPPOSED, to_supposed
from tests.curation.test_curate_added_event import DAMASCUS, DEAL, ISIL, to_deal
from tests.curation.test_curate_app import NAMES, batch_gold, decisions, go_to, same
from tests.curation.test_curate_attribution_parts import pick
from tests.curation.test_curate_edit import curate, told
from tests.curation.test_curate_reasons import reason

MONITOR = "mention:220-229"


async def add_deal(pilot: Any, ctl: CurationController) -> None:
    """The AGREEMENT on "deal", with ISIL its Party and south Damascus its Place."""
    await to_deal(pilot)
    await pick(pilot, "e", "AGREEMENT")
    await go_to(pilot, ctl, ISIL)
    await pick(pilot, "a", "Party")
    await go_to(pilot, ctl, DAMASCUS)
    await pick(pilot, "a", "Place")


def test_an_added_events_type_is_changed_with_r_keeping_its_arguments(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await add_deal(pilot, ctl)
        await go_to(pilot, ctl, DEAL)
        await pilot.press("r")
        await pilot.pause()
        title = str(pilot.app.screen.query_one("#picker-title").render())
        assert "'deal' (now AGREEMENT)" in title, "the trigger and its type, not only a gold id the curator never sees"
        await pilot.press("escape")
        await pilot.pause()
        await pick(pilot, "r", "CEASEFIRE")
        assert told(pilot)[-1].startswith("edit saved as a decision"), told(pilot)[-2:]
        current = ctl.cursor.current
        assert current is not None and current.summary.strip() == "event added: CEASEFIRE 'deal'"

    path = curate(two, body)
    made = decisions(path)[DEAL]
    assert made["take"] is None and made["edit"]["type"] == "CEASEFIRE"
    assert made["edit"]["args"] == [{"role": "Party", "ref": ISIL}, {"role": "Place", "ref": DAMASCUS}]
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record.canonical(), gold), "the gold the app shows"
    deal = next(v for v in gold.events if v.trigger.text == "deal")
    mentions = {m.id: m.text for m in gold.mentions}
    assert deal.type == "CEASEFIRE"
    assert [(a.role, mentions[a.ref]) for a in deal.args] == [
        ("Party", "ISIL"),
        ("Place", "rebel-held parts of south Damascus"),
    ]
    assert gold.meta["provenance"][deal.id]["added"] is True


def test_a_type_whose_roles_lack_an_argument_is_refused_until_it_is_taken_out(two: Project) -> None:
    """NEGOTIATE_MEET has no Party: as in the annotation app, the new type is refused, naming the role, and
    nothing is written; once ``a`` takes ISIL out, the type is changed and the Place stays."""

    async def body(pilot: Any, ctl: CurationController) -> None:
        await add_deal(pilot, ctl)
        await go_to(pilot, ctl, DEAL)
        lines = len((two.gold_dir / "adjudication" / "decisions.jsonl").read_text().splitlines())
        await pick(pilot, "r", "NEGOTIATE_MEET")
        assert "NEGOTIATE_MEET has no Party" in told(pilot)[-1], told(pilot)[-2:]
        assert "'ISIL'" in told(pilot)[-1], "the argument named by its text: gold ids are not shown in curation"
        assert len((two.gold_dir / "adjudication" / "decisions.jsonl").read_text().splitlines()) == lines
        await go_to(pilot, ctl, ISIL)
        await pilot.press("a")
        await pilot.pause()
        await go_to(pilot, ctl, DEAL)
        await pick(pilot, "r", "NEGOTIATE_MEET")
        assert told(pilot)[-1].startswith("edit saved as a decision"), told(pilot)[-2:]

    path = curate(two, body)
    made = decisions(path)[DEAL]
    assert made["edit"]["type"] == "NEGOTIATE_MEET"
    assert made["edit"]["args"] == [{"role": "Place", "ref": DAMASCUS}]
    gold = batch_gold(two, path)
    deal = next(v for v in gold.events if v.trigger.text == "deal")
    assert deal.type == "NEGOTIATE_MEET" and [a.role for a in deal.args] == ["Place"]


def test_an_added_events_realis_is_set_with_equals(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await add_deal(pilot, ctl)
        await go_to(pilot, ctl, DEAL)
        await pick(pilot, "equals_sign", "realis = GENERIC")
        assert told(pilot)[-1].startswith("edit saved as a decision"), told(pilot)[-2:]

    path = curate(two, body)
    made = decisions(path)[DEAL]
    assert made["edit"]["attrs"]["realis"] == "GENERIC"
    assert made["edit"]["type"] == "AGREEMENT" and len(made["edit"]["args"]) == 2, "the rest of the edit stays"
    gold = batch_gold(two, path)
    deal = next(v for v in gold.events if v.trigger.text == "deal")
    assert deal.attrs["realis"] == "GENERIC" and len(deal.args) == 2


def test_an_added_mentions_attribute_is_set_with_equals(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "attribution:230-234")  # "said"; then "Saturday"
        await pilot.press("right", "space")
        await pick(pilot, "plus", "TIME")
        await pick(pilot, "equals_sign", "generic = True")
        assert told(pilot)[-1].startswith("edit saved as a decision"), told(pilot)[-2:]

    path = curate(two, body)
    start = two.corpus.get(DOC).text.index("Saturday")
    made = decisions(path)[f"mention:{start}-{start + 8}"]
    assert made["take"] is None and made["edit"]["label"] == "TIME" and made["edit"]["attrs"]["generic"] is True
    gold = batch_gold(two, path)
    saturday = next(m for m in gold.mentions if m.text == "Saturday")
    assert saturday.label == "TIME" and saturday.attrs["generic"] is True


def test_an_added_attributions_stance_is_set_with_equals(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await to_supposed(pilot)
        await pilot.press("space", "q")
        await pilot.pause()
        await go_to(pilot, ctl, MONITOR)
        await pick(pilot, "u", "source mention")
        await go_to(pilot, ctl, SUPPOSED)
        await pick(pilot, "equals_sign", "stance = UNCERTAIN")
        assert told(pilot)[-1].startswith("edit saved as a decision"), told(pilot)[-2:]

    path = curate(two, body)
    made = decisions(path)[SUPPOSED]
    assert made["edit"]["attrs"]["stance"] == "UNCERTAIN"
    assert made["edit"]["cue"] == {"start": 276, "end": 284} and made["edit"]["source"] == MONITOR
    gold = batch_gold(two, path)
    supposed = next(a for a in gold.attributions if a.cue and a.cue.text == "supposed")
    assert supposed.attrs["stance"] == "UNCERTAIN"
    assert {m.id: m.text for m in gold.mentions}[supposed.source or ""] == "a monitor"


def test_the_reason_of_an_added_item_lists_every_part_and_keeps_the_curators(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await to_deal(pilot)
        await pick(pilot, "e", "AGREEMENT")
        assert await reason(pilot, "both missed the deal") == "Reason for this decision"
        await go_to(pilot, ctl, ISIL)
        await pick(pilot, "a", "Party")
        await go_to(pilot, ctl, DAMASCUS)
        await pick(pilot, "a", "Place")
        await go_to(pilot, ctl, DEAL)
        await pick(pilot, "r", "CEASEFIRE")
        assert await reason(pilot, "a ceasefire") == "Reason for this decision (added to: both missed the deal)"

    path = curate(two, body)
    made = decisions(path)[DEAL]
    assert made["reason"] == (
        "both missed the deal; a ceasefire; curated: added CEASEFIRE 'deal' (trigger 'deal'; Party 'ISIL'; "
        f"Place 'rebel-held parts of south Damascus'; {DEAL} type CEASEFIRE)"
    )
    gold = batch_gold(two, path)
    deal = next(v for v in gold.events if v.trigger.text == "deal")
    assert gold.meta["provenance"][deal.id]["reason"] == made["reason"]


def test_an_attribute_the_gold_check_refuses_is_not_written(two: Project) -> None:
    """realis OTHER needs a modality the event has not got: adjudicate would refuse the decisions file, so the
    edit is refused before it is written, saying why, and the decision adding the event stays as it was."""

    async def body(pilot: Any, ctl: CurationController) -> None:
        await add_deal(pilot, ctl)
        await go_to(pilot, ctl, DEAL)
        await pick(pilot, "equals_sign", "realis = OTHER")
        assert "not written" in told(pilot)[-1] and "modality" in told(pilot)[-1], told(pilot)[-2:]

    path = curate(two, body)
    made = decisions(path)[DEAL]
    assert made["edit"]["attrs"]["realis"] == "ACTUAL"
    deal = next(v for v in batch_gold(two, path).events if v.trigger.text == "deal")
    assert deal.attrs["realis"] == "ACTUAL"
