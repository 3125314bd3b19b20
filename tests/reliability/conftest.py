"""Fixtures of the reliability suite: projects with real annotator files to attack."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.project import Project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def double_project(project: Project) -> Project:
    """The throwaway project with the repository's two annotators' files (no gold yet)."""
    for name in ("annotator-a", "annotator-b"):
        shutil.copy(ROOT / "gold" / f"{name}.jsonl", project.gold_dir / f"{name}.jsonl")
    return project
