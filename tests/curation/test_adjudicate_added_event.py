"""``annotator adjudicate``: a decision adds an event no annotator made (``take`` null, the edit gives it).

Both annotators missed "evacuation" (808-818), the evacuation whose trigger they marked on "evacuate" and
"pullout"; the curator adds it with its Transported and Origin (by key) and puts it in their hopper.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.project import Project
from annotator.store import load_records
from tests.curation.records import DOC
from tests.curation.test_curate_app import NAMES

EVACUATION = "event:808-818"
FIGHTERS, DAMASCUS, ISIL = "mention:34-58", "mention:132-166", "mention:120-124"
COMPLETE = {
    "type": "EVACUATE",
    "attrs": {"realis": "OTHER", "modality": "PLANNED"},
    "args": [{"role": "Transported", "ref": FIGHTERS}, {"role": "Origin", "ref": DAMASCUS}],
}
HOPPER = "hopper:event:25-33,event:257-264,event:808-818"


def run(project: Project, *decisions: tuple[str, str | None, dict[str, Any]]) -> tuple[int, Path]:
    """``adjudicate --decisions`` over a first decision on the fighters, then one line per (item, take, edit)."""
    path = project.gold_dir / "adjudication" / "decisions.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps({"doc": DOC, "item": FIGHTERS, "take": "annotator-a", "reason": "the whole phrase"}),
        *(
            json.dumps({"doc": DOC, "item": item, "take": take, "reason": "missed", "edit": edit})
            for item, take, edit in decisions
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["--project", str(project.root), "adjudicate", "--annotators", ",".join(NAMES), "--decisions", str(path)]
    return main(args), path


def added(item: str, edit: dict[str, Any]) -> tuple[str, None, dict[str, Any]]:
    return item, None, edit


def test_a_decision_adds_an_event_with_its_arguments_and_a_hopper_puts_it_with_the_others(two: Project) -> None:
    code, _ = run(two, added(EVACUATION, COMPLETE), added(HOPPER, {"members": HOPPER[7:].split(",")}))
    assert code == 0
    (gold,) = load_records(two.gold_dir / "gold.jsonl")
    new = next(v for v in gold.events if v.trigger.text == "evacuation")
    mentions = {m.id: m.text for m in gold.mentions}
    assert new.type == "EVACUATE"
    assert [(a.role, mentions[a.ref]) for a in new.args] == [
        ("Transported", "more than 2,000 fighters"),
        ("Origin", "rebel-held parts of south Damascus"),
    ]
    assert new.attrs["realis"] == "OTHER" and new.attrs["polarity"] == "POSITIVE", "the type's defaults fill the rest"
    prov = gold.meta["provenance"][new.id]
    assert prov["added"] is True and prov["rule"] == "decision" and prov["reason"] == "missed"
    triggers = {v.id: v.trigger.text for v in gold.events}
    [hopper] = gold.hoppers
    assert sorted(triggers[v] for v in hopper.events) == ["evacuate", "evacuation", "pullout"]
    assert gold.meta["provenance"][hopper.id]["members"] == "stated by the decision"
    assert main(["--project", str(two.root), "validate"]) == 0


def test_an_added_event_names_a_mention_another_decision_adds(two: Project) -> None:
    commander = "mention:190-207"
    mention = {"label": "PER", "attrs": {"level": "NOM"}}
    died = {"type": "DIE", "args": [{"role": "Victim", "ref": commander}]}
    assert run(two, added(commander, mention), added("event:212-218", died))[0] == 0
    (gold,) = load_records(two.gold_dir / "gold.jsonl")
    new = next(v for v in gold.events if v.trigger.text == "killed")
    assert [(a.role, {m.id: m.text for m in gold.mentions}[a.ref]) for a in new.args] == [
        ("Victim", "a rebel commander")
    ]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"args": COMPLETE["args"]}, "needs its type"),
        ({**COMPLETE, "type": "EXODUS"}, "'EXODUS' is not an event type"),
        ({**COMPLETE, "trigger": {"start": 808, "end": 818, "text": "exodus"}}, "'evacuation' in the document"),
        ({**COMPLETE, "args": [{"role": "Transported", "ref": "m2"}]}, "by key"),
        ({**COMPLETE, "args": [{"role": "Transported", "ref": "mention:0-1"}]}, "names mention:0-1, which is not in"),
        ({**COMPLETE, "args": [{"role": "Victim", "ref": FIGHTERS}]}, "EVACUATE has no role Victim"),
        ({**COMPLETE, "args": [{"role": "Origin", "ref": ISIL}]}, "Origin filler"),
        ({**COMPLETE, "attrs": {"realis": "MAYBE"}}, "would not validate"),
    ],
)
def test_an_incomplete_or_invalid_added_event_is_refused(
    two: Project, capsys: pytest.CaptureFixture[str], edit: dict[str, Any], message: str
) -> None:
    assert run(two, added(EVACUATION, COMPLETE))[0] == 0
    good = (two.gold_dir / "gold.jsonl").read_bytes()
    capsys.readouterr()
    code, path = run(two, added(EVACUATION, edit))
    assert code == 1
    err = capsys.readouterr().err
    assert f"{path}:2:" in err and message in err, err
    assert (two.gold_dir / "gold.jsonl").read_bytes() == good, "the gold written before is left as it was"


def test_an_added_event_whose_trigger_runs_past_the_text_is_refused(
    two: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    code, path = run(two, added("event:808-99999", COMPLETE))
    assert code == 1
    err = capsys.readouterr().err
    assert f"{path}:2:" in err and "outside the document" in err
    assert not (two.gold_dir / "gold.jsonl").exists(), "no gold is written"
