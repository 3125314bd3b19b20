"""Drift through every reader: a record made on a text that has since changed is never scored, merged or exported.

The app's side (read-only document) is in ``test_drift.py``; here the commands.
Each names the file, line or annotator and the document, and exits 1.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.project import Project

ROOT = Path(__file__).resolve().parents[2]
DOC000 = "000_d246c74b127eef68"


@pytest.fixture
def drifted(double_project: Project) -> Project:
    shutil.copy(ROOT / "gold" / "gold.jsonl", double_project.gold_dir / "gold.jsonl")
    path = double_project.corpus_path / f"{DOC000}.txt"
    path.write_bytes(b"X" + path.read_bytes())
    return Project.find(double_project.root)


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("stats", "--format", "json"),
        ("adjudicate", "--annotators", "annotator-a,annotator-b"),
        ("evaluate", "--pred", "{gold}/annotator-a.jsonl", "--bootstrap", "0", "--format", "json"),
        ("evaluate", "--pred", "{gold}/gold.jsonl", "--bootstrap", "0", "--format", "json"),
        ("export", "--format", "conll", "--annotators", "annotator-a", "--out", "{root}/x.conll"),
        ("export", "--format", "brat", "--gold", "--out", "{root}/brat"),
    ],
    ids=lambda a: "-".join(a[:3]),
)
def test_every_reader_refuses_a_drifted_record(
    drifted: Project, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p.name: p.read_bytes() for p in drifted.gold_dir.glob("*.jsonl")}
    argv = [a.format(gold=drifted.gold_dir, root=drifted.root) for a in args]
    assert main(["--project", str(drifted.root), *argv]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert DOC000 in text and "changed" in text and "Traceback" not in text
    assert {p.name: p.read_bytes() for p in drifted.gold_dir.glob("*.jsonl")} == before
    assert not (drifted.root / "x.conll").exists() and not (drifted.root / "brat").exists()
