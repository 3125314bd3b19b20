"""A compaction (closing the app, ``annotator compact``) that fails at any step, then a retry and a crash.

Faults are injected at each step of the atomic rewrite: creating the temporary
file, its fsync, the rename and the fsync of the folder (a failure after the
rename used to leave the store believing the file longer than it was, so every
later save was refused as "another program changed it"). Each time the
annotation file must still hold exactly the acknowledged edits, no temporary
file may stay behind, and a retried compaction (then a reopen, as after a
crash) must give the same records.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from annotator.corpus import Corpus
from annotator.errors import StoreError
from annotator.store import AnnotationStore, read_records
from tests.factories import record, sample_record
from tests.reliability.test_save_faults import fault

DOC000 = "000_d246c74b127eef68"
DOC001 = "001_aab8a3634b40cb55"

STEPS: list[tuple[str, int, bool]] = [
    ("open", 1, False),
    ("fchmod", 1, False),
    ("fsync", 1, False),
    ("replace", 1, False),
    ("open", 2, False),
    ("fsync", 2, False),
]
"""The temporary file's creation and mode, its fsync, the rename, the opening and fsync of the folder.

(The write itself goes through Python's buffered file, not ``os.write``; a full
disk there is ``test_save_faults``' RLIMIT_FSIZE test's business.)"""


@pytest.mark.parametrize(("step", "nth", "partial"), STEPS, ids=[f"{s}-{n}-{p}" for s, n, p in STEPS])
@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_a_compaction_failing_at_any_step_keeps_every_acknowledged_edit(
    tmp_path: Path, seeds: Corpus, monkeypatch: pytest.MonkeyPatch, step: str, nth: int, partial: bool, err: int
) -> None:
    d0, d1 = seeds.get(DOC000), seeds.get(DOC001)
    path = tmp_path / "annotator-a.jsonl"
    st = AnnotationStore(tmp_path, "annotator-a")
    st.open()
    st.save(record(d0))
    acked = {DOC000: st.save(sample_record(d0)).canonical(), DOC001: st.save(record(d1)).canonical()}
    with fault(monkeypatch, step, nth, err, partial) as f, pytest.raises(StoreError, match=os.strerror(err)):
        st.compact()
    assert f.fired, "the fault was injected"
    result = read_records(path)
    assert (result.problems, result.torn_tail) == ([], None)
    assert result.by_doc() == acked
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    acked[DOC001] = st.save(record(d1, status="done")).canonical()
    st.compact()
    assert read_records(path).by_doc() == acked
    assert path.read_bytes().count(b"\n") == 2, "the retried compaction left one line per document"
    st.close(compact=False)
    with AnnotationStore(tmp_path, "annotator-a") as again:
        assert {d: again.get(d) for d in again.docs()} == acked
