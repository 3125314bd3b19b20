"""Practice work never changes team results: the annotator set, unfinished documents, adjudication."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from factories import sample_record

from annotator.cli import main
from annotator.project import Project
from annotator.store import load_records, write_records

ROOT = Path(__file__).resolve().parent.parent
DOC = "000_d246c74b127eef68"


@pytest.fixture
def team(project: Project) -> Project:
    """The project with the shipped annotators' files and a declared team."""
    for name in ("annotator-a", "annotator-b"):
        shutil.copy(ROOT / "gold" / f"{name}.jsonl", project.gold_dir / f"{name}.jsonl")
    (project.root / "pyproject.toml").write_text(
        '[tool.annotator]\nannotators = ["annotator-a", "annotator-b"]\n', encoding="utf-8"
    )
    return Project.find(project.root)


def _agreement(project: Project, capsys: Any, *args: str) -> dict[str, Any]:
    assert main(["--project", str(project.root), "agreement", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_newcomer_is_a_practice_annotator_whose_file_stays_out_of_gold(team: Project) -> None:
    assert team.team == ("annotator-a", "annotator-b")
    assert team.is_practice("newbie") and not team.is_practice("annotator-a") and not team.is_practice("gold")
    with team.store("newbie") as store:
        store.save(sample_record(team.corpus.get(DOC), "newbie").model_copy(update={"status": "done"}))
    assert (team.gold_dir / "practice" / "newbie.jsonl").is_file()
    assert not (team.gold_dir / "newbie.jsonl").exists()
    assert "newbie" not in team.annotators()


def test_agreement_compares_the_declared_team_and_says_whom_it_left_out(team: Project, capsys: Any) -> None:
    before = _agreement(team, capsys)
    stray = sample_record(team.corpus.get(DOC), "newbie").model_copy(update={"status": "done"})
    write_records(team.gold_dir / "newbie.jsonl", [stray])
    after = _agreement(team, capsys)
    assert after["annotators"] == ["annotator-a", "annotator-b"]
    assert after["layers"] == before["layers"], "a stray file in gold/ does not move the team's figures"
    assert any("newbie: not one of the project's annotators" in line for line in after["left_out"])
    named = _agreement(team, capsys, "--annotators", "annotator-a,newbie")
    assert named["annotators"] == ["annotator-a", "newbie"]
    assert any("annotator-b: not named in --annotators" in line for line in named["left_out"])


def test_agreement_without_a_team_says_it_compared_every_file(project: Project, capsys: Any) -> None:
    for name in ("annotator-a", "annotator-b"):
        shutil.copy(ROOT / "gold" / f"{name}.jsonl", project.gold_dir / f"{name}.jsonl")
    report = _agreement(project, capsys)
    assert any("no annotator set declared" in line for line in report["left_out"])


def _adjudicate(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), "adjudicate", *args])


def test_adjudicate_merges_only_finished_documents_and_lists_the_rest(team: Project, capsys: Any) -> None:
    path = team.gold_dir / "annotator-b.jsonl"
    records = load_records(path)
    records = [r.model_copy(update={"status": "in_progress"}) if r.doc == DOC else r for r in records]
    write_records(path, records)
    assert _adjudicate(team) == 0
    err = capsys.readouterr().err
    assert "adjudicating annotator-a, annotator-b on 4 document(s) marked done by all" in err
    assert "annotator-b: 1 document(s) still in progress" in err
    assert DOC not in {r.doc for r in load_records(team.gold_dir / "gold.jsonl")}


def test_adjudicate_refuses_a_decision_naming_an_item_nobody_has(team: Project, tmp_path: Path, capsys: Any) -> None:
    decisions = tmp_path / "decisions.jsonl"
    decisions.write_text(
        json.dumps({"doc": DOC, "item": "mention:1-3", "take": "annotator-a", "reason": "typo"}) + "\n",
        encoding="utf-8",
    )
    assert _adjudicate(team, "--decisions", str(decisions)) == 1
    err = capsys.readouterr().err
    assert "mention:1-3" in err and "no annotator has this item" in err
    assert not (team.gold_dir / "gold.jsonl").exists()


def test_adjudicate_out_writes_elsewhere_and_never_over_an_annotators_file(
    team: Project, tmp_path: Path, capsys: Any
) -> None:
    out = tmp_path / "trial" / "gold.jsonl"
    assert _adjudicate(team, "--out", str(out)) == 0
    assert {r.annotator for r in load_records(out)} == {"gold"} and len(load_records(out)) == 5
    assert not (team.gold_dir / "gold.jsonl").exists()
    before = (team.gold_dir / "annotator-a.jsonl").read_bytes()
    assert _adjudicate(team, "--out", str(team.gold_dir / "annotator-a.jsonl")) != 0
    assert (team.gold_dir / "annotator-a.jsonl").read_bytes() == before
    assert "named after their annotator" in capsys.readouterr().err
