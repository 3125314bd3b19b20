"""The project with two annotators' records on seed 000 (see :mod:`records`)."""

from __future__ import annotations

import pytest

from annotator.project import Project
from annotator.store import write_records
from tests.curation.records import DOC, b_version
from tests.factories import sample_record


@pytest.fixture
def two(project: Project) -> Project:
    doc = project.corpus.get(DOC)
    write_records(project.gold_dir / "annotator-a.jsonl", [sample_record(doc, "annotator-a")])
    write_records(project.gold_dir / "annotator-b.jsonl", [b_version(doc)])
    return project
