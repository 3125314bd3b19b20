"""A brat import reads, checks and sets aside one document at a time, so its memory does not grow with the corpus."""

from __future__ import annotations

import errno
import gc
import io
import os
import tempfile
import weakref
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.formats import brat_read
from annotator.formats.base import Draft
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.store import load_records

DOCS = 20


def brat_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "brat"
    folder.mkdir()
    for i in range(DOCS):
        text = f"Rebels shelled Aleppo on day {i}.\n"
        (folder / f"day{i:02d}.txt").write_text(text, encoding="utf-8")
        (folder / f"day{i:02d}.ann").write_text("T1\tORG 0 6\tRebels\nT2\tGPE 15 21\tAleppo\n", encoding="utf-8")
    return folder


class Watch:
    """Weak references to every draft and record an import makes, and the most alive when a new draft is read.

    The previous document's draft and record may still be alive then (the loop's names are not yet rebound);
    any more would be documents held for the whole import.
    """

    def __init__(self) -> None:
        self.refs: list[weakref.ref[Any]] = []
        self.most_alive = 0

    def alive(self) -> int:
        gc.collect()
        return sum(1 for ref in self.refs if ref() is not None)


def test_a_brat_import_holds_no_more_than_the_document_it_reads(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = brat_folder(tmp_path)
    watch = Watch()
    real_read_ann, real_record = brat_read.read_ann, Draft.record

    def read_ann(*args: Any) -> Draft:
        watch.most_alive = max(watch.most_alive, watch.alive())
        draft = real_read_ann(*args)
        watch.refs.append(weakref.ref(draft))
        return draft

    def record(self: Draft, *args: Any) -> AnnotationRecord:
        made = real_record(self, *args)
        watch.refs.append(weakref.ref(made))
        return made

    monkeypatch.setattr(brat_read, "read_ann", read_ann)
    monkeypatch.setattr(Draft, "record", record)
    assert main(["--project", str(project.root), "import", "--format", "brat", str(folder), "--as", "x"]) == 0
    assert len(watch.refs) == 2 * DOCS
    assert watch.most_alive <= 2, f"{watch.most_alive} drafts and records of earlier documents still held"
    saved = load_records(project.gold_dir / "x.jsonl")
    assert sorted(r.doc for r in saved) == [f"day{i:02d}" for i in range(DOCS)]
    assert all([m.text for m in r.mentions] == ["Rebels", "Aleppo"] for r in saved)
    assert (project.corpus_path / "day07.txt").read_text(encoding="utf-8") == "Rebels shelled Aleppo on day 7.\n"


def test_a_full_disk_while_setting_documents_aside_is_a_clear_error_and_writes_nothing(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = brat_folder(tmp_path)
    calls: list[int] = []

    class FullDisk(io.FileIO):
        def write(self, data: Any) -> int:
            calls.append(len(data))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def temporary_file(*args: Any, **kwargs: Any) -> io.FileIO:
        fd, name = tempfile.mkstemp(dir=kwargs.get("dir"))
        os.unlink(name)
        return FullDisk(fd, "w+b")

    monkeypatch.setattr(tempfile, "TemporaryFile", temporary_file)
    before = sorted(p.name for p in project.root.rglob("*"))
    assert main(["--project", str(project.root), "import", "--format", "brat", str(folder), "--as", "x"]) == 1
    err = capsys.readouterr().err
    assert "cannot set the import aside" in err and os.strerror(errno.ENOSPC) in err, err
    assert sorted(p.name for p in project.root.rglob("*")) == before
    assert calls, "the import reached the disk"
