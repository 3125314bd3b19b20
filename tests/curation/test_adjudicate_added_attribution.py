"""``annotator adjudicate``: a decision adds an attribution no annotator made (``take`` null, the edit states it).

The quote both annotators missed: "supposed" (276-284), with content "to start" and reporting the pullout.
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

SUPPOSED = "attribution:276-284"
COMPLETE = {
    "cue": {"start": 276, "end": 284},
    "content": [{"start": 285, "end": 293}],
    "source": "mention:220-229",
    "reports": ["event:257-264"],
}


def run(project: Project, *edits: tuple[str, dict[str, Any]]) -> tuple[int, Path]:
    """``adjudicate --decisions`` over one decision per (item, edit), each adding with ``take`` null."""
    path = project.gold_dir / "adjudication" / "decisions.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps({"doc": DOC, "item": "mention:220-229", "take": "annotator-a", "reason": "ORG"}),
        *(json.dumps({"doc": DOC, "item": item, "take": None, "reason": "missed", "edit": e}) for item, e in edits),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["--project", str(project.root), "adjudicate", "--annotators", ",".join(NAMES), "--decisions", str(path)]
    return main(args), path


def test_a_decision_adds_an_attribution_every_annotator_missed(two: Project) -> None:
    code, _ = run(two, (SUPPOSED, COMPLETE))
    assert code == 0
    (gold,) = load_records(two.gold_dir / "gold.jsonl")
    new = next(a for a in gold.attributions if a.cue and a.cue.text == "supposed")
    mentions = {m.id: m.text for m in gold.mentions}
    triggers = {v.id: v.trigger.text for v in gold.events}
    assert [s.text for s in new.content] == ["to start"]
    assert mentions[new.source or ""] == "a monitor"
    assert [triggers[r] for r in new.reports] == ["pullout"]
    assert new.attrs, "the scheme's defaults fill the attributes the edit leaves out"
    prov = gold.meta["provenance"][new.id]
    assert prov["added"] is True and prov["rule"] == "decision" and prov["reason"] == "missed"
    assert main(["--project", str(two.root), "validate"]) == 0


@pytest.mark.parametrize(
    ("item", "edit", "message"),
    [
        (SUPPOSED, {"source": "mention:220-229"}, "needs its cue"),
        (SUPPOSED, {**COMPLETE, "cue": {"start": 276, "end": 284, "text": "planned"}}, "'supposed' in the document"),
        (SUPPOSED, {**COMPLETE, "content": [{"start": 285, "end": 99999}]}, "content span 285-99999 is not in"),
        (SUPPOSED, {**COMPLETE, "reports": ["event:0-1"]}, "reports names event:0-1, which is not in the gold"),
        (SUPPOSED, {**COMPLETE, "source": "m3"}, "by key"),
        ("attribution:285-293", COMPLETE, "its cue is attribution:276-284"),
    ],
)
def test_an_incomplete_or_invalid_added_attribution_is_refused(
    two: Project, capsys: pytest.CaptureFixture[str], item: str, edit: dict[str, Any], message: str
) -> None:
    assert run(two, (SUPPOSED, COMPLETE))[0] == 0
    good = (two.gold_dir / "gold.jsonl").read_bytes()
    capsys.readouterr()
    code, path = run(two, (item, edit))
    assert code == 1
    err = capsys.readouterr().err
    assert f"{path}:2:" in err and message in err
    assert (two.gold_dir / "gold.jsonl").read_bytes() == good, "the gold written before is left as it was"
