"""Symbolic links planted in a project (a cloned repository can carry them) never send a write outside it.

Each entry point that writes is tried with a link where it would write: the
lock folder and lock file, ``.state/``, the annotation file, the ``.torn``
file, the corpus folder of an import, and every ``--out``-like path. Each time
the command is refused with one line naming the link, exit 1, and the place
the link points at is left exactly as it was.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.errors import StoreError
from annotator.project import Project
from annotator.store import AnnotationStore, read_records, write_records
from annotator.tui.session import Session
from tests.factories import sample_record

DOC000 = "000_d246c74b127eef68"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the project, holding one file that must never change."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "precious.txt").write_text("keep me\n", encoding="utf-8")
    return folder


def untouched(folder: Path) -> bool:
    return (
        sorted(p.name for p in folder.iterdir()) == ["precious.txt"]
        and (folder / "precious.txt").read_text(encoding="utf-8") == "keep me\n"
    )


def saved(project: Project, name: str = "ann") -> None:
    doc = project.corpus.get(DOC000)
    write_records(project.gold_dir / f"{name}.jsonl", [sample_record(doc, annotator=name)])


def cli(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def test_a_linked_lock_folder_is_refused_by_the_store_and_the_app(project: Project, outside: Path) -> None:
    (project.gold_dir / ".locks").symlink_to(outside, target_is_directory=True)
    with pytest.raises(StoreError, match="symbolic link"):
        AnnotationStore(project.gold_dir, "ann").open()
    with pytest.raises(StoreError, match="symbolic link"):
        Session.open(project, "ann")
    assert untouched(outside)


def test_a_linked_lock_file_is_refused(project: Project, outside: Path) -> None:
    (project.gold_dir / ".locks").mkdir()
    (project.gold_dir / ".locks" / "ann.lock").symlink_to(outside / "precious.txt")
    with pytest.raises(StoreError, match="symbolic link"):
        AnnotationStore(project.gold_dir, "ann").open()
    assert untouched(outside)


def test_a_linked_annotation_file_is_never_appended_through(project: Project, outside: Path) -> None:
    saved(project, "bob")
    (project.gold_dir / "ann.jsonl").symlink_to(project.gold_dir / "bob.jsonl")
    before = (project.gold_dir / "bob.jsonl").read_bytes()
    with pytest.raises(StoreError, match="symbolic link"):
        AnnotationStore(project.gold_dir, "ann").open()
    assert (project.gold_dir / "bob.jsonl").read_bytes() == before
    (project.gold_dir / "ann.jsonl").unlink()
    (project.gold_dir / "ann.jsonl").symlink_to(outside / "precious.txt")
    with pytest.raises(StoreError, match="symbolic link"):
        AnnotationStore(project.gold_dir, "ann").open()
    assert untouched(outside)


def test_a_linked_torn_file_is_refused_and_the_torn_line_kept(project: Project, outside: Path) -> None:
    saved(project)
    path = project.gold_dir / "ann.jsonl"
    with open(path, "ab") as fh:
        fh.write(b'{"doc": "half a li')
    (project.gold_dir / "ann.jsonl.torn").symlink_to(outside / "precious.txt")
    with pytest.raises(StoreError, match="symbolic link"):
        AnnotationStore(project.gold_dir, "ann").open()
    assert untouched(outside)
    assert read_records(path).torn_tail is not None, "the torn line stays where it was, nothing is lost"


def test_a_linked_state_folder_is_refused_when_the_app_saves_its_cursor(project: Project, outside: Path) -> None:
    (project.gold_dir / ".state").symlink_to(outside, target_is_directory=True)
    session = Session.open(project, "ann")
    session.remember(DOC000, 5)
    with pytest.raises(StoreError, match="symbolic link"):
        session.close()
    assert untouched(outside)
    assert not session.store._lock.held, "the lock is released even so"


def test_compact_adjudicate_and_import_refuse_a_linked_lock_folder(
    project: Project, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("annotator-a", "annotator-b"):
        shutil.copy(ROOT / "gold" / f"{name}.jsonl", project.gold_dir / f"{name}.jsonl")
    before = {p.name: p.read_bytes() for p in project.gold_dir.glob("*.jsonl")}
    (project.gold_dir / ".locks").symlink_to(outside, target_is_directory=True)
    assert cli(project, "compact", "annotator-a") == 1
    assert cli(project, "adjudicate") == 1
    prodigy = project.root / "in.jsonl"
    doc = project.corpus.get(DOC000)
    task = {"text": doc.text, "spans": [], "_session_id": "carol"}
    prodigy.write_text(json.dumps(task) + "\n", encoding="utf-8")
    assert cli(project, "import", "--format", "prodigy", str(prodigy)) == 1
    err = capsys.readouterr().err
    assert err.count("symbolic link") == 3 and "Traceback" not in err
    assert untouched(outside)
    assert {p.name: p.read_bytes() for p in project.gold_dir.glob("*.jsonl")} == before


def test_the_benchmark_cache_behind_a_link_is_refused(
    double_project: Project, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ROOT / "gold" / "gold.jsonl", double_project.gold_dir / "gold.jsonl")
    (double_project.root / ".cache").symlink_to(outside, target_is_directory=True)
    assert cli(double_project, "benchmark", "--extractor", "x=rules") == 1
    assert "symbolic link" in capsys.readouterr().err
    assert untouched(outside)


def test_plain_import_into_a_linked_folder_is_refused(project: Project, outside: Path) -> None:
    source = project.root / "incoming"
    source.mkdir()
    (source / "new-doc.txt").write_text("A new text.\n", encoding="utf-8")
    (project.corpus_path / "more").symlink_to(outside, target_is_directory=True)
    assert cli(project, "import", str(source), "--into", str(project.corpus_path / "more")) == 1
    assert untouched(outside)


@pytest.mark.parametrize(
    "args",
    [
        ("agreement", "--format", "json", "--out", "{out}"),
        ("evaluate", "--pred", "{pred}", "--format", "json", "--bootstrap", "0", "--out", "{out}"),
        ("predict", "--extractor", "no_such_module:f", "--out", "{out}"),
        ("adjudicate", "--unresolved", "{out}"),
        ("export", "--format", "conll", "--gold", "--out", "{out}"),
        ("benchmark", "--extractor", "x=rules", "--out", "{out}"),
    ],
    ids=lambda a: a[0],
)
def test_outputs_through_a_linked_folder_in_the_project_are_refused(
    double_project: Project, outside: Path, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    project = double_project
    shutil.copy(ROOT / "gold" / "gold.jsonl", project.gold_dir / "gold.jsonl")
    (project.root / "reports").symlink_to(outside, target_is_directory=True)
    pred = project.gold_dir / "gold.jsonl"
    out = project.root / "reports" / "out.txt"
    argv = [a.format(out=out, pred=pred) for a in args]
    assert cli(project, *argv) == 1
    err = capsys.readouterr().err
    assert "symbolic link" in err and "Traceback" not in err
    assert untouched(outside)
