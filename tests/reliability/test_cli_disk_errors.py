"""A read-only ``gold/`` or a full disk: one clear error line and exit 1, never a traceback."""

from __future__ import annotations

import builtins
import errno
import os
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.project import Project
from annotator.store import write_records
from tests.factories import sample_record

DOC000 = "000_d246c74b127eef68"
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Opening anything under ``folder`` for writing, or making a folder there, fails with EROFS."""
    real_open, real_os_open, real_mkdir = builtins.open, os.open, os.mkdir
    inside = str(folder.resolve())

    def refuse(path: Any) -> None:
        if isinstance(path, (str, Path)) and str(Path(path).resolve()).startswith(inside):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+"):
            refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def fake_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & WRITING:
            refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    def fake_mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        refuse(path)
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fsync fails with ENOSPC, as on a full disk with delayed allocation."""

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)


def one_error_line(err: str, reason: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and lines[-1] == errors[0] and reason in errors[0], err


@pytest.mark.parametrize("fault", [read_only, full_disk], ids=["read-only", "full-disk"])
@pytest.mark.parametrize("command", [["compact", "annotator-a"], ["adjudicate"]])
def test_commands_that_write_gold_report_a_failing_disk_in_one_line(
    double_project: Project,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fault: Any,
    command: list[str],
) -> None:
    before = {p.name: p.read_bytes() for p in double_project.gold_dir.iterdir() if p.is_file()}
    (double_project.gold_dir / "annotator-a.jsonl").write_bytes(before["annotator-a.jsonl"] * 2)
    before["annotator-a.jsonl"] *= 2
    with monkeypatch.context() as m:
        fault(m, double_project.gold_dir) if fault is read_only else fault(m)
        code = main(["--project", str(double_project.root), *command])
    assert code == 1
    reason = os.strerror(errno.EROFS if fault is read_only else errno.ENOSPC)
    one_error_line(capsys.readouterr().err, reason)
    after = {p.name: p.read_bytes() for p in double_project.gold_dir.iterdir() if p.is_file()}
    assert after == before, "nothing was changed"


def test_annotate_on_a_read_only_gold_folder_exits_1_in_one_line(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_records(project.gold_dir / "ann.jsonl", [sample_record(project.corpus.get(DOC000), annotator="ann")])
    read_only(monkeypatch, project.gold_dir)
    code = main(["--project", str(project.root), "annotate", "--annotator", "ann"])
    assert code == 1
    one_error_line(capsys.readouterr().err, os.strerror(errno.EROFS))
