"""A record whose annotations share an id is refused when the app loads it, never a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.errors import StoreError
from annotator.project import Project
from annotator.store import write_records
from annotator.tui.app import AnnotatorApp
from tests.factories import sample_record
from tests.tui.tui_helpers import run_app

DOC000 = "000_d246c74b127eef68"


def write_duplicate_ids(project: Project) -> Path:
    """``ann``'s file with one record whose second mention reuses the first mention's id."""
    good = sample_record(project.corpus.get(DOC000), annotator="ann")
    data = good.to_json_dict()
    data["mentions"][1]["id"] = data["mentions"][0]["id"]
    data["entities"] = []
    data["events"] = []
    data["attributions"] = []
    path = project.gold_dir / "ann.jsonl"
    write_records(path, [good.model_validate(data)])
    return path


def test_the_app_refuses_a_record_with_duplicate_ids_with_file_line_and_reason(project: Project) -> None:
    path = write_duplicate_ids(project)
    before = path.read_bytes()

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        raise AssertionError("the app must not open on an invalid record")

    with pytest.raises(StoreError) as caught:
        run_app(project, body, doc=DOC000)
    assert f"{path}:1: doc {DOC000}: m1: id used 2 times" in str(caught.value)
    assert path.read_bytes() == before, "nothing was written"


def test_annotate_on_a_record_with_duplicate_ids_exits_1_without_a_traceback(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_duplicate_ids(project)
    code = main(["--project", str(project.root), "annotate", "--annotator", "ann"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}:1: doc {DOC000}: m1: id used 2 times" in err
    assert "Traceback" not in err
