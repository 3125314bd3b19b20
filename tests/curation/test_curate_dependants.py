"""Rejecting a mention that other items use: the curation screen lists them first, and ``annotator adjudicate``
reports the references it had to drop, and refuses an edit naming what the gold does not hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.curation.session import Curation
from annotator.project import Project
from annotator.tui.curation.controller import CurationController
from tests.curation.records import DOC
from tests.curation.test_curate_app import NAMES, batch_gold, decisions, go_to, same
from tests.curation.test_curate_edit import curate
from tests.curation.test_curate_relations import PLACE, with_relations

DAMASCUS = "mention:132-166"  # Origin of "evacuate" in A's version, an argument of A's LOCATED_IN


def adjudicate(project: Project, path: Path, *extra: str) -> int:
    args = ["--project", str(project.root), "adjudicate", "--annotators", ",".join(NAMES), "--decisions", str(path)]
    return main([*args, *extra])


def test_rejecting_a_mention_an_undecided_event_and_a_relation_use_lists_them(two: Project, capsys: Any) -> None:
    with_relations(two)

    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, DAMASCUS)
        await pilot.press("x")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "PickerScreen", "the event is undecided, the relation too"
        title = str(pilot.app.screen.title_text)
        assert "event:25-33 (Origin, annotator-a's version)" in title
        assert f"{PLACE} (relation LOCATED_IN, annotator-a's version)" in title
        await pilot.press(*"remove", "enter")
        await pilot.pause()

    path = curate(two, body)
    made = decisions(path)
    assert made[DAMASCUS]["take"] is None
    assert made["event:25-33"]["edit"] == {"args": [{"role": "Transported", "ref": "m2"}]}
    assert made[PLACE]["take"] is None, "a relation cannot lose an argument: it goes"
    capsys.readouterr()
    gold = batch_gold(two, path)
    assert "reference(s) dropped" not in capsys.readouterr().err, "nothing lost on the way"
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold)
    assert {r.type for r in gold.relations} == {"ALLIED_WITH"}
    evacuate = next(v for v in gold.events if v.trigger.text == "evacuate")
    assert [a.role for a in evacuate.args] == ["Transported"]


def test_adjudicate_lists_the_references_a_rejected_mention_takes_with_it(two: Project, capsys: Any) -> None:
    with_relations(two)
    path = two.root / "decisions.jsonl"
    path.write_text(json.dumps({"doc": DOC, "item": DAMASCUS, "take": None, "reason": "not a place"}) + "\n")
    assert adjudicate(two, path, "--format", "json") == 0
    captured = capsys.readouterr()
    assert "2 reference(s) dropped: what they point at is not in the gold" in captured.err
    assert f"{DOC} event:25-33: Origin -> {DAMASCUS}" in captured.err
    assert f"{DOC} {PLACE}: relation LOCATED_IN (Place) -> {DAMASCUS}" in captured.err
    lost = json.loads(captured.out)["lost"]
    assert {(x["item"], x["target"]) for x in lost} == {("event:25-33", DAMASCUS), (PLACE, DAMASCUS)}


@pytest.mark.parametrize(
    ("edit", "names"),
    [
        ({"reports": ["event:25-33", "event:1-4"]}, "reports names event:1-4"),
        ({"parent": "attribution:0-3"}, "parent names attribution:0-3"),
        (
            {"role_claims": [{"hopper": "event:25-33", "role": "Origin", "ref": "mention:1-4"}]},
            "role_claims names mention:1-4",
        ),
    ],
)
def test_an_attribution_edit_naming_what_the_gold_lacks_is_refused_with_its_line(
    two: Project, capsys: Any, edit: dict[str, Any], names: str
) -> None:
    path = two.root / "decisions.jsonl"
    lines = [
        {"doc": DOC, "item": "mention:2-6", "take": "annotator-b", "reason": "U.N."},
        {"doc": DOC, "item": "attribution:230-234", "take": "annotator-a", "reason": "blame", "edit": edit},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    gold = two.gold_dir / "gold.jsonl"
    assert adjudicate(two, path) == 1
    err = capsys.readouterr().err
    assert f"{path}:2: decision on {DOC} attribution:230-234: the edit's {names}, which is not in the gold" in err
    assert not gold.exists(), "nothing written"
