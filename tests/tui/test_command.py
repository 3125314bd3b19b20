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


def test_predictions_for_changed_text_are_refused(project: Project, tmp_path: Path) -> None:
    from annotator.model import AnnotationRecord, Mention
    from annotator.store import write_records

    doc = project.corpus.get("000_d246c74b127eef68")
    stale = AnnotationRecord(
        doc=doc.id,
        doc_sha256="0" * 64,
        annotator="extractor",
        scheme=project.scheme.id,
        mentions=(Mention(id="m1", label="ORG", start=0, end=4, text="A U."),),
    )
    preds = tmp_path / "preds.jsonl"
    write_records(preds, [stale])
    result = _run(project, "--annotator", "ann", "--suggest", str(preds))
    assert result.returncode == 1
    assert "cannot show these predictions as suggestions" in result.stderr and "drift" in result.stderr
    assert not (project.gold_dir / "ann.jsonl").exists()


def test_heavy_imports_stay_off_the_paths_that_do_not_need_them() -> None:
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys\n"
        "import annotator.cli\n"
        "assert 'textual' not in sys.modules, 'the CLI imports the UI only for annotate'\n"
        "import annotator.tui.app\n"
        "assert 'spacy' not in sys.modules, 'spaCy is loaded after the first frame'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(root)})
    assert result.returncode == 0, result.stderr
