from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.corpus import Corpus
from annotator.project import Project
from annotator.scheme import Scheme, load_scheme

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def scheme() -> Scheme:
    return load_scheme(ROOT / "guidelines" / "schema.toml")


@pytest.fixture(scope="session")
def seeds() -> Corpus:
    return Corpus.load(ROOT / "seeds")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A throwaway copy of the repository's project (seeds, scheme, empty gold/)."""
    (tmp_path / "guidelines").mkdir()
    shutil.copy(ROOT / "guidelines" / "schema.toml", tmp_path / "guidelines" / "schema.toml")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "gold").mkdir()
    return Project.find(tmp_path)
