"""An attribution's reports, nesting and content edited in the curation screen (``u``), by key presses.

Each edit is a decision on the version the gold holds, naming what it points at by key; ``annotator
adjudicate`` builds from the decisions file the gold the app shows.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.curation.session import Curation
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.store import load_records, write_records
from annotator.tui.curation.controller import CurationController
from tests.curation.records import DOC
from tests.curation.test_curate_app import NAMES, batch_gold, decisions, go_to, same
from tests.curation.test_curate_edit import curate, told
from tests.curation.test_curate_structure import status

SAID = "attribution:230-234"
SUPPOSED = "attribution:276-284"


@pytest.fixture
def nested(two: Project) -> Project:
    """Both annotators add the same attribution on ``supposed`` (content ``to start``), nested in nothing."""
    for name in NAMES:
        path = two.gold_dir / f"{name}.jsonl"
        (rec,) = load_records(path)
        data = rec.to_json_dict()
        data["attributions"].append(
            {
                "id": "a9",
                "cue": {"start": 276, "end": 284, "text": "supposed"},
                "content": [{"start": 285, "end": 293, "text": "to start"}],
                "attrs": dict(data["attributions"][0]["attrs"]),
            }
        )
        write_records(path, [AnnotationRecord.model_validate(data)])
    return two


async def pick(pilot: Any, key: str, words: str) -> None:
    """Press ``key`` and choose, in the picker it opens, the choice ``words`` filter to."""
    await pilot.press(key)
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "PickerScreen", told(pilot)[-1:]
    await pilot.press(*words, "enter")
    await pilot.pause()


def test_a_report_the_annotators_left_out_is_added(nested: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, SAID)
        await pilot.press("1", "enter")
        assert f"active {SAID}" in status(pilot)
        await pick(pilot, "u", "reports")
        assert "Reported event" in str(pilot.app.screen.title_text)
        await pilot.press(*"pullout", "enter")
        await pilot.pause()
        assert told(pilot)[-1] == "edit saved as a decision"
        assert "took annotator-a (edited)" in ctl.cursor.current.summary

    path = curate(nested, body)
    made = decisions(path)[SAID]
    assert made["take"] == "annotator-a"
    assert made["edit"] == {"reports": ["event:25-33", "event:257-264"]}
    gold = batch_gold(nested, path)
    assert same(Curation(nested, NAMES, path).gold(DOC).record, gold)
    said = next(a for a in gold.attributions if a.cue and a.cue.text == "said")
    triggers = {v.id: v.trigger.text for v in gold.events}
    assert sorted(triggers[r] for r in said.reports) == ["evacuate", "pullout"]
    assert gold.meta["provenance"][said.id]["edited_from"] == "annotator-a"


def test_a_role_claim_of_an_event_not_reported_adds_the_report_too(nested: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, SAID)
        await pilot.press("1", "enter")
        await go_to(pilot, ctl, "mention:132-166")  # "rebel-held parts of south Damascus" (LOC)
        await pick(pilot, "a", "v2 Origin")  # the pullout, which `said` does not report
        assert told(pilot)[-1] == "edit saved as a decision"

    path = curate(nested, body)
    edit = decisions(path)[SAID]["edit"]
    assert edit["reports"] == ["event:25-33", "event:257-264"]
    assert {"hopper": "event:257-264", "role": "Origin", "ref": "mention:132-166"} in edit["role_claims"]
    gold = batch_gold(nested, path)
    said = next(a for a in gold.attributions if a.cue and a.cue.text == "said")
    pullout = next(v.id for v in gold.events if v.trigger.text == "pullout")
    assert pullout in said.reports
    text = {m.id: m.text for m in gold.mentions}
    assert (pullout, "Origin", "rebel-held parts of south Damascus") in {
        (c.hopper, c.role, text[c.ref]) for c in said.role_claims
    }


def test_nesting_and_content_are_edited(nested: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, SUPPOSED)
        await pilot.press("enter")
        assert f"active {SUPPOSED}" in status(pilot)
        await go_to(pilot, ctl, SAID)  # the text cursor on the cue of `said`
        await pick(pilot, "u", "nested attribution")
        assert told(pilot)[-1] == "edit saved as a decision"
        await go_to(pilot, ctl, SUPPOSED)
        await pilot.press("right", "space", "shift+right")  # "to start", the content: again removes it
        await pick(pilot, "u", "content selection")
        await go_to(pilot, ctl, SUPPOSED)
        await pilot.press("right", "space", "shift+right", "shift+right", "shift+right")  # "to start on Saturday"
        await pick(pilot, "u", "content selection")
        assert told(pilot)[-1].startswith("edit saved as a decision")

    path = curate(nested, body)
    made = decisions(path)[SUPPOSED]
    assert made["take"] == "annotator-a"
    assert made["edit"] == {"parent": SAID, "content": [{"start": 285, "end": 305}]}
    assert "curated" in made["reason"]
    gold = batch_gold(nested, path)
    assert same(Curation(nested, NAMES, path).gold(DOC).record, gold)
    by_cue = {a.cue.text: a for a in gold.attributions if a.cue}
    assert by_cue["supposed"].parent == by_cue["said"].id
    assert [s.text for s in by_cue["supposed"].content] == ["to start on Saturday"]


def test_the_mention_current_in_the_list_is_the_one_edited_not_the_innermost(two: Project) -> None:
    """Both annotators nest "rebel-held parts" in "rebel-held parts of south Damascus" (A's Origin of evacuate)."""
    for name in NAMES:
        path = two.gold_dir / f"{name}.jsonl"
        (rec,) = load_records(path)
        data = rec.to_json_dict()
        inner = {"start": 132, "end": 148, "text": "rebel-held parts"}
        data["mentions"].append({"id": "m9", "label": "LOC", **inner, "attrs": {"level": "NOM"}})
        write_records(path, [AnnotationRecord.model_validate(data)])

    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, "event:25-33")
        await pilot.press("1", "enter")
        await go_to(pilot, ctl, "mention:132-166")  # the outer one; the inner starts at the same offset
        await pilot.press("a")  # the outer is A's Origin: `a` takes it out, no role to pick
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "CurationScreen"
        assert told(pilot)[-1] == "edit saved as a decision"

    path = curate(two, body)
    assert decisions(path)["event:25-33"]["edit"] == {"args": [{"role": "Transported", "ref": "mention:34-58"}]}


def test_a_cue_less_attribution_stays_editable_after_its_first_content_span_changes(two: Project) -> None:
    """Both annotators make a cue-less attribution on "to start" (285-293), anchored on that content."""
    for name in NAMES:
        path = two.gold_dir / f"{name}.jsonl"
        (rec,) = load_records(path)
        data = rec.to_json_dict()
        content = [{"start": 285, "end": 293, "text": "to start"}]
        data["attributions"].append({"id": "a9", "content": content, "attrs": dict(data["attributions"][0]["attrs"])})
        write_records(path, [AnnotationRecord.model_validate(data)])
    cueless = "attribution:285-293"

    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, cueless)
        await pilot.press("enter")
        await pilot.press("right", "right", "space", "shift+right")  # "on Saturday"
        await pick(pilot, "u", "content selection")
        await go_to(pilot, ctl, cueless)
        await pilot.press("space", "shift+right")  # "to start": out, so "on Saturday" is now its anchor
        await pick(pilot, "u", "content selection")
        await go_to(pilot, ctl, SAID)
        await pick(pilot, "u", "nested attribution")
        assert told(pilot)[-1] == "edit saved as a decision", "the attribution is still found in the gold"

    path = curate(two, body)
    made = decisions(path)[cueless]
    assert made["edit"] == {"content": [{"start": 294, "end": 305}], "parent": SAID}
    gold = batch_gold(two, path)
    (moved,) = [a for a in gold.attributions if a.cue is None]
    said = next(a for a in gold.attributions if a.cue is not None)
    assert [s.text for s in moved.content] == ["on Saturday"] and moved.parent == said.id
