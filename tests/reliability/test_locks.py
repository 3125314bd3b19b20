"""Two writers on one annotator's file: exactly one gets it, and the other is told who holds it.

The refusal used to say "another process" when it read the lock file while the
holder was between taking the lock and writing its name; it now names the
holder's pid every time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator.durable import FileLock
from annotator.errors import LockedError
from annotator.project import Project
from annotator.store import read_records

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys, time
sys.path.insert(0, {root!r})
from annotator.errors import LockedError
from annotator.project import Project
from tests.factories import sample_record
project = Project.find({project!r})
go = float(sys.argv[1])
while time.time() < go:
    pass
try:
    store = project.store("ann")
    store.open()
except LockedError as exc:
    print("refused", exc, flush=True)
    sys.exit(3)
store.save(sample_record(project.corpus.get("000_d246c74b127eef68"), annotator="ann"))
print("writer", flush=True)
time.sleep(0.3)
store.close()
"""


def test_the_refusal_names_the_holder(tmp_path: Path) -> None:
    held = FileLock(tmp_path / "x.lock", "x.jsonl")
    held.acquire()
    try:
        with pytest.raises(LockedError, match=rf"pid {os.getpid()} on "):
            FileLock(tmp_path / "x.lock", "x.jsonl").acquire()
    finally:
        held.release()
    FileLock(tmp_path / "x.lock", "x.jsonl").acquire()


def test_a_holder_not_yet_named_is_waited_for_not_called_another_process(tmp_path: Path) -> None:
    """The holder took the lock but has not written its name yet (the window the old message fell into)."""
    import fcntl

    path = tmp_path / "x.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def name_later() -> None:
        time.sleep(0.05)
        os.pwrite(fd, f"pid {os.getpid()} on {os.uname().nodename} since now".encode(), 0)

    thread = threading.Thread(target=name_later)
    thread.start()
    try:
        with pytest.raises(LockedError) as refused:
            FileLock(path, "x.jsonl").acquire()
        assert f"pid {os.getpid()}" in str(refused.value) and "another process" not in str(refused.value)
    finally:
        thread.join()
        os.close(fd)


@pytest.mark.parametrize("race", range(5))
def test_two_writers_started_together_give_exactly_one_writer(project: Project, race: int) -> None:
    code = WRITER.format(root=str(ROOT), project=str(project.root))
    go = str(time.time() + 1.5)
    procs = [
        subprocess.Popen([sys.executable, "-c", code, go], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=60) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 3], outs
    refusal = next(o for o, _ in outs if o.startswith("refused"))
    winner = next(p for p in procs if p.returncode == 0)
    assert f"pid {winner.pid} on " in refusal
    result = read_records(project.gold_dir / "ann.jsonl")
    assert len(result.records) == 1 and not result.problems and result.torn_tail is None
