"""``/`` in the curation screen: a phrase found in the text makes the item there current; ``N``/``P`` go on."""

from __future__ import annotations

from typing import Any

from annotator.project import Project
from annotator.tui.curation.controller import CurationController
from tests.curation.test_curate_edit import curate, details, told
from tests.curation.test_curate_structure import status


async def search(pilot: Any, text: str) -> None:
    await pilot.press("slash")
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "PromptScreen"
    await pilot.press(*text, "enter")
    await pilot.pause()


def current(ctl: CurationController) -> str:
    assert ctl.cursor.current is not None
    return ctl.cursor.current.ident


def test_search_goes_to_the_item_at_the_match_and_on_to_the_next(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await search(pilot, "isil")
        assert current(ctl) == "mention:120-124", "case ignored; the first match from the cursor"
        assert details(pilot).startswith("mention 120-124")
        assert pilot.app.screen.view.match == (120, 124)
        await pilot.press("N")
        await pilot.pause()
        assert current(ctl) == "mention:364-368"
        await pilot.press("P")
        await pilot.pause()
        assert current(ctl) == "mention:120-124"
        await search(pilot, "")  # Enter alone: the same phrase, onwards
        assert current(ctl) == "mention:364-368"
        await search(pilot, "a monitor said")
        assert current(ctl) == "mention:220-229"
        assert "open" in status(pilot)
        await search(pilot, "no such words here")
        assert told(pilot)[-1] == "not found: 'no such words here' (the cursor stays where it was)"
        assert current(ctl) == "mention:220-229"

    curate(two, body)


def test_search_wraps_round_and_says_so(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        await search(pilot, "pullout")
        assert current(ctl) == "event:257-264"
        await pilot.press("N")
        await pilot.pause()
        assert told(pilot)[-1] == "search wrapped: 'pullout' found again from the start"
        assert current(ctl) == "event:257-264"

    curate(two, body)


def test_a_match_inside_a_zone_makes_the_item_there_current_not_the_zone(two: Project) -> None:
    from annotator.model import AnnotationRecord
    from annotator.store import load_records, write_records
    from tests.curation.test_curate_app import NAMES

    for name in NAMES:
        path = two.gold_dir / f"{name}.jsonl"
        (rec,) = load_records(path)
        data = rec.to_json_dict()
        text = two.corpus.get(rec.doc).text
        end = text.index("\n")
        data["zones"] = [{"id": "z1", "label": "BODY", "start": 0, "end": end, "text": text[:end]}]
        write_records(path, [AnnotationRecord.model_validate(data)])

    async def body(pilot: Any, ctl: CurationController) -> None:
        await search(pilot, "said saturday")
        assert current(ctl) == "attribution:230-234", "the cue there, not the zone holding the paragraph"
        await pilot.press("right")  # "Saturday": no item starts there, the innermost holding it is the zone
        await pilot.pause()
        assert current(ctl).startswith("zone:0-")

    curate(two, body)
