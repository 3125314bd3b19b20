"""A save that fails partway (full disk, I/O error), then a retry, never corrupts the file.

Faults are injected at every step of a save: opening the file, each write (with part
of the line already on disk), the fsync of the line, the fsync of the folder when
the file is created, and the truncation that undoes a failed append. After the
fault the same edit is retried, then the writer "crashes" (the file is read as it
is, without the closing compaction) and finally closes: each time the file must
be valid and hold exactly the edits whose save returned.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from annotator.corpus import Corpus
from annotator.errors import StoreError
from annotator.model import AnnotationRecord
from annotator.store import AnnotationStore, read_records
from tests.factories import record, sample_record

DOC000 = "000_d246c74b127eef68"
DOC001 = "001_aab8a3634b40cb55"


class Faults:
    """Replaces an ``os`` function so that its n-th call (or, ``nth=0``, every call) fails with ``err``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str, nth: int, err: int, partial: bool) -> None:
        self.name, self.nth, self.err, self.partial = name, nth, err, partial
        self.calls = 0
        self.fired = False
        real = getattr(os, name)
        self.real_write = os.write

        def fake(*args: Any) -> Any:
            self.calls += 1
            if self.nth == 0 or (self.calls == self.nth and not self.fired):
                self.fired = True
                if name == "write" and self.partial:
                    fd, data = args
                    self.real_write(fd, bytes(data)[: max(1, len(data) // 2)])
                raise OSError(self.err, os.strerror(self.err))
            return real(*args)

        monkeypatch.setattr(os, name, fake)


@contextmanager
def fault(monkeypatch: pytest.MonkeyPatch, name: str, nth: int, err: int, partial: bool = True) -> Iterator[Faults]:
    with monkeypatch.context() as m:
        yield Faults(m, name, nth, err, partial)


def crash_view(path: Path) -> dict[str, AnnotationRecord]:
    """What a reader finds if the writer dies now: every line must be readable and whole."""
    result = read_records(path)
    assert result.problems == []
    assert result.torn_tail is None, "a failed save left part of a line behind"
    return result.by_doc()


STEPS: list[tuple[str, int, bool]] = [
    ("open", 1, False),
    ("open", 2, False),
    ("write", 1, True),
    ("write", 1, False),
    ("fsync", 1, False),
    ("fsync", 2, False),
]
"""os.open of the file (1) and of its folder (2); the write, whole or half; fsync of the folder (1), of the line (2)."""


@pytest.mark.parametrize("first_file", [True, False], ids=["new-file", "existing-file"])
@pytest.mark.parametrize(("step", "nth", "partial"), STEPS, ids=[f"{s}-{n}-{p}" for s, n, p in STEPS])
@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_failed_save_then_retry_keeps_exactly_the_acknowledged_edits(
    tmp_path: Path,
    seeds: Corpus,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    nth: int,
    partial: bool,
    err: int,
    first_file: bool,
) -> None:
    d0, d1 = seeds.get(DOC000), seeds.get(DOC001)
    path = tmp_path / "annotator-a.jsonl"
    acked: dict[str, AnnotationRecord] = {}
    if not first_file:
        with AnnotationStore(tmp_path, "annotator-a") as earlier:
            acked[DOC001] = earlier.save(record(d1))
    st = AnnotationStore(tmp_path, "annotator-a")
    st.open()
    edit = sample_record(d0)
    with fault(monkeypatch, step, nth, err, partial) as f, pytest.raises(StoreError, match=os.strerror(err)):
        st.save(edit)
    assert f.fired, "the fault was injected"
    assert st.get(DOC000) is None, "a failed save is not the document's saved state"
    assert crash_view(path) == {k: v.canonical() for k, v in acked.items()}

    acked[DOC000] = st.save(edit)
    acked[DOC001] = st.save(record(d1, status="done"))
    assert crash_view(path) == {k: v.canonical() for k, v in acked.items()}
    st.close()
    with AnnotationStore(tmp_path, "annotator-a") as again:
        assert {d: again.get(d) for d in again.docs()} == {k: v.canonical() for k, v in acked.items()}


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_when_undoing_the_failed_append_fails_too_the_next_save_repairs_first(
    tmp_path: Path, seeds: Corpus, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    d0, d1 = seeds.get(DOC000), seeds.get(DOC001)
    path = tmp_path / "annotator-a.jsonl"
    with AnnotationStore(tmp_path, "annotator-a") as st:
        first = st.save(record(d1))
        with monkeypatch.context() as m:
            Faults(m, "ftruncate", 0, err, False)
            with fault(monkeypatch, "fsync", 1, err), pytest.raises(StoreError):
                st.save(sample_record(d0))
        with fault(monkeypatch, "ftruncate", 0, err) as f, pytest.raises(StoreError):
            st.save(sample_record(d0))
        assert f.fired
        assert path.read_bytes().count(b"\n") == 2, "the unsaved line stays until it can be cut off"
        second = st.save(sample_record(d0))
        assert crash_view(path) == {DOC001: first.canonical(), DOC000: second.canonical()}
        assert path.read_bytes().count(b"\n") == 2


def test_a_failed_compaction_keeps_the_saved_edits_and_says_so(
    tmp_path: Path, seeds: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    d0 = seeds.get(DOC000)
    st = AnnotationStore(tmp_path, "annotator-a")
    st.open()
    st.save(record(d0))
    saved = st.save(sample_record(d0))
    with fault(monkeypatch, "fsync", 1, errno.ENOSPC), pytest.raises(StoreError, match="cannot"):
        st.close()
    assert crash_view(tmp_path / "annotator-a.jsonl") == {DOC000: saved.canonical()}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    with AnnotationStore(tmp_path, "annotator-a") as again:
        assert again.get(DOC000) == saved.canonical()


@pytest.fixture
def disk_full_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], None]]:
    """A real kernel-level full disk: files cannot grow past a size (``RLIMIT_FSIZE``, writes fail EFBIG)."""
    import resource
    import signal

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    def limit(size: int) -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))

    try:
        yield limit
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@pytest.mark.parametrize("room", [0, 1, 100, 1000])
def test_a_disk_that_fills_up_mid_line_leaves_no_half_line(
    tmp_path: Path, seeds: Corpus, disk_full_at: Callable[[int], None], room: int
) -> None:
    import resource

    d0, d1 = seeds.get(DOC000), seeds.get(DOC001)
    path = tmp_path / "annotator-a.jsonl"
    st = AnnotationStore(tmp_path, "annotator-a")
    st.open()
    first = st.save(record(d1))
    disk_full_at(path.stat().st_size + room)
    try:
        with pytest.raises(StoreError, match="too large"):
            st.save(sample_record(d0))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    assert crash_view(path) == {DOC001: first.canonical()}
    second = st.save(sample_record(d0))
    assert crash_view(path) == {DOC001: first.canonical(), DOC000: second.canonical()}
    st.close()
    with AnnotationStore(tmp_path, "annotator-a") as again:
        assert again.get(DOC000) == second.canonical()
