"""``adjudicate`` builds nothing from invalid or drifted input and never writes invalid gold.

Either the gold it writes passes ``validate`` or it refuses with exit 1, every
problem listed as ``file:line: reason``, and nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.project import Project
from annotator.store import read_records, write_records
from annotator.validate import validate_file

DOC002 = "002_f595e0b5b551e8a6"


def run(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def gold_problems(project: Project) -> list[str]:
    fresh = Project.find(project.root)
    return validate_file(fresh.gold_dir / "gold.jsonl", fresh.corpus, fresh.scheme)


def test_records_made_on_changed_text_are_refused_and_nothing_is_written(
    double_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    text = double_project.corpus_path / f"{DOC002}.txt"
    text.write_bytes(b"X" + text.read_bytes())
    assert run(double_project, "adjudicate") == 1
    err = capsys.readouterr().err
    for name in ("annotator-a", "annotator-b"):
        path = double_project.gold_dir / f"{name}.jsonl"
        line = read_records(path).lines[(name, DOC002)]
        assert f"{path}:{line}: doc {DOC002}: drift: the document text changed" in err
    assert "Traceback" not in err
    assert not (double_project.gold_dir / "gold.jsonl").exists()


def test_invalid_input_records_are_refused_with_file_and_line(
    double_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = double_project.gold_dir / "annotator-b.jsonl"
    records = read_records(path)
    rec = records.by_doc()[DOC002]
    data = rec.to_json_dict()
    data["mentions"][1]["id"] = data["mentions"][0]["id"]
    write_records(path, [*(r for d, r in records.by_doc().items() if d != DOC002), rec.model_validate(data)])
    line = read_records(path).lines[("annotator-b", DOC002)]
    assert run(double_project, "adjudicate") == 1
    err = capsys.readouterr().err
    assert f"{path}:{line}: doc {DOC002}: {data['mentions'][0]['id']}: id used 2 times" in err
    assert not (double_project.gold_dir / "gold.jsonl").exists()


def test_without_decisions_the_gold_of_the_shipped_annotators_validates(
    double_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(double_project, "adjudicate") == 0
    assert gold_problems(double_project) == []
    gold = read_records(double_project.gold_dir / "gold.jsonl").by_doc()
    assert sorted(gold) == sorted(double_project.corpus.ids())
    for rec in gold.values():
        labels = {m.id: m.label for m in rec.mentions}
        for entity in rec.entities:
            assert len({labels[m] for m in entity.mentions}) == 1, "clusters are type-locked"


def test_a_decision_that_makes_gold_invalid_is_refused_and_nothing_written(
    double_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold_path = double_project.gold_dir / "gold.jsonl"
    assert run(double_project, "adjudicate") == 0
    before = gold_path.read_bytes()
    gold = read_records(gold_path).by_doc()[DOC002]
    role_fillers = {a.ref for v in gold.events for a in v.args}
    mention = next(m for m in gold.mentions if m.id in role_fillers and m.label in ("PER", "ORG"))
    decisions = tmp_path / "decisions.jsonl"
    decision = {
        "doc": DOC002,
        "item": f"mention:{mention.start}-{mention.end}",
        "take": "annotator-a",
        "reason": "test",
        "edit": {"label": "TIME", "attrs": {}},
    }
    decisions.write_text(json.dumps(decision) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert run(double_project, "adjudicate", "--decisions", str(decisions)) == 1
    err = capsys.readouterr().err
    assert "not written" in err and f"doc {DOC002}" in err
    assert gold_path.read_bytes() == before, "the previous gold is untouched"
