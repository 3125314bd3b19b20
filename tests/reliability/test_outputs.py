"""No output path overwrites an annotation file: one rule (``Project.check_output``) for every command.

Before, ``evaluate --out``, ``predict --out`` and ``adjudicate --unresolved``
overwrote an annotator's file in ``gold/`` even while that annotator's app
held the lock. Each output option is pointed at an annotator's file (the app
open on it), at a new file in ``gold/`` (it would be read as an annotator),
at ``gold/.state`` and at the corpus: refused, exit 1, nothing changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.project import Project
from annotator.tui.session import Session

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = [
    ("agreement", "--format", "json", "--out", "{out}"),
    ("evaluate", "--pred", "{pred}", "--format", "json", "--bootstrap", "0", "--out", "{out}"),
    ("evaluate", "--compare", "{pred}", "{pred}", "--format", "json", "--bootstrap", "10", "--out", "{out}"),
    ("predict", "--extractor", "no_such_module:f", "--out", "{out}"),
    ("adjudicate", "--unresolved", "{out}"),
    ("export", "--format", "conll", "--gold", "--out", "{out}"),
    ("export", "--format", "brat", "--gold", "--out", "{folder}"),
    ("import", "--format", "prodigy", "{pred}", "--as-suggestions", "--out", "{out}"),
    ("benchmark", "--extractor", "x=rules", "--out", "{out}"),
]


@pytest.fixture
def team(double_project: Project) -> Project:
    shutil.copy(ROOT / "gold" / "gold.jsonl", double_project.gold_dir / "gold.jsonl")
    return double_project


def snapshot(project: Project) -> dict[str, bytes]:
    return {
        str(p.relative_to(project.root)): p.read_bytes()
        for folder in (project.gold_dir, project.corpus_path)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".locks" not in p.parts
    }


def run(project: Project, args: tuple[str, ...], out: Path) -> int:
    pred = project.gold_dir / "gold.jsonl"
    argv = [a.format(out=out, pred=pred, folder=out) for a in args]
    return main(["--project", str(project.root), *argv])


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a[:2]))
def test_no_output_overwrites_the_file_of_an_annotator_at_work(
    team: Project, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    session = Session.open(team, "annotator-a")
    try:
        before = snapshot(team)
        target = team.gold_dir if args[-1] == "{folder}" else team.gold_dir / "annotator-a.jsonl"
        assert run(team, args, target) == 1
        err = capsys.readouterr().err
        assert "refusing to write" in err and "Traceback" not in err
        assert snapshot(team) == before
    finally:
        session.close()


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a[:2]))
def test_no_output_lands_in_gold_state_or_corpus(
    team: Project, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(team)
    doc = next(iter(team.corpus)).id
    folder_out = args[-1] == "{folder}"
    targets = (
        [team.gold_dir / ".state", team.corpus_path]
        if folder_out
        else [team.gold_dir / "report.jsonl", team.gold_dir / ".state" / "x.json", team.corpus_path / f"{doc}.txt"]
    )
    for target in targets:
        assert run(team, args, target) == 1, target
        assert "refusing to write" in capsys.readouterr().err
    assert snapshot(team) == before
    assert team.annotators() == ["annotator-a", "annotator-b", "gold"]


def test_a_subfolder_of_gold_still_takes_reports(team: Project) -> None:
    out = team.gold_dir / "reports" / "unresolved.jsonl"
    assert run(team, COMMANDS[4], out) == 0
    assert out.is_file()
