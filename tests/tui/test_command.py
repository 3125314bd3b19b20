"""The ``annotate`` command: lock refusal without a traceback, bad options."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from annotator.project import Project


def _run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, "-m", "annotator", "--project", str(project.root), "annotate", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_second_app_on_the_same_annotator_is_refused(project: Project) -> None:
    with project.store("ann"):
        result = _run(project, "--annotator", "ann")
    assert result.returncode == 1
    assert "already open for writing" in result.stderr
    assert "close the other session first" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_unknown_document_and_unsafe_name_are_refused(project: Project) -> None:
    result = _run(project, "--annotator", "ann", "--doc", "nope")
    assert result.returncode == 1 and "'nope' is not in the corpus" in result.stderr
    result = _run(project, "--annotator", "../evil")
    assert result.returncode == 1 and "unsafe annotator name" in result.stderr
    assert not (project.gold_dir / "ann.jsonl").exists(), "a refused start writes nothing"
