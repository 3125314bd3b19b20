"""Temporary files of a compaction killed midway are removed when the file is next opened for writing.

Only files that are provably the store's own (the temporary name ``atomic_write``
gives this annotator's file) are removed, and only by a writer holding the
annotator's lock, which every compaction holds: so none belongs to a live writer.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from annotator.corpus import Corpus
from annotator.store import AnnotationStore, read_records, temp_prefix
from tests.factories import record, sample_record

DOC000 = "000_d246c74b127eef68"
DOC001 = "001_aab8a3634b40cb55"


def test_a_compaction_killed_before_its_rename_leaves_a_temp_file_the_next_writer_removes(
    tmp_path: Path, seeds: Corpus
) -> None:
    with AnnotationStore(tmp_path, "annotator-a") as st:
        st.save(sample_record(seeds.get(DOC000)))
        st.save(record(seeds.get(DOC001)))
    before = read_records(tmp_path / "annotator-a.jsonl").by_doc()
    script = textwrap.dedent(
        f"""
        import os, time
        from annotator.store import AnnotationStore
        def stall(*args):
            print("renaming", flush=True)
            time.sleep(600)
        os.replace = stall
        st = AnnotationStore({str(tmp_path)!r}, "annotator-a")
        st.open()
        st.compact()
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "renaming"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    prefix = temp_prefix(tmp_path / "annotator-a.jsonl")
    stale = [p for p in tmp_path.iterdir() if p.name.startswith(prefix)]
    assert len(stale) == 1, "the killed compaction left its temporary file"
    others = [tmp_path / ".annotator-b.jsonl.abcd1234.tmp", tmp_path / "notes.tmp", tmp_path / f"{prefix}keep.txt"]
    for other in others:
        other.write_text("not ours")
    with AnnotationStore(tmp_path, "annotator-a") as st:
        assert st.docs() == sorted(before)
        assert any("temporary" in w for w in st.warnings)
    assert not stale[0].exists()
    assert all(p.exists() for p in others), "files that are not provably ours are left alone"
    assert read_records(tmp_path / "annotator-a.jsonl").by_doc()[DOC000] == before[DOC000]


def test_a_reader_never_removes_temp_files(tmp_path: Path, seeds: Corpus) -> None:
    with AnnotationStore(tmp_path, "annotator-a") as st:
        st.save(record(seeds.get(DOC000)))
    temp = tmp_path / f"{temp_prefix(tmp_path / 'annotator-a.jsonl')}abcd_123.tmp"
    temp.write_text("a writer may be using this")
    with AnnotationStore(tmp_path, "annotator-a", writable=False):
        pass
    assert temp.exists()
