from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator import store as store_module
from annotator.errors import LineError, LockedError, StoreError
from annotator.store import AnnotationStore, atomic_write, load_records, read_records, write_records
from tests.factories import find, record, sample_record

DOC000 = "000_d246c74b127eef68"
DOC001 = "001_aab8a3634b40cb55"


def with_mention(rec, doc, text, ident):
    span = find(doc, text)
    m = {"id": ident, "label": "ORG", **span.model_dump(), "attrs": {"level": "NAM"}}
    return rec.model_validate({**rec.to_json_dict(), "mentions": [*rec.to_json_dict()["mentions"], m]})


def test_saved_records_survive_reopening(tmp_path, seeds):
    doc = seeds.get(DOC000)
    with AnnotationStore(tmp_path, "annotator-a") as st:
        saved = st.save(sample_record(doc))
    with AnnotationStore(tmp_path, "annotator-a", writable=False) as st:
        assert st.get(DOC000) == saved.canonical()
        assert st.docs() == [DOC000]


def test_each_save_appends_and_close_compacts_to_one_line_per_document(tmp_path, seeds):
    d0, d1 = seeds.get(DOC000), seeds.get(DOC001)
    path = tmp_path / "annotator-a.jsonl"
    with AnnotationStore(tmp_path, "annotator-a") as st:
        st.save(record(d1))
        st.save(record(d0))
        st.save(with_mention(record(d0), d0, "ISIL", "m1"))
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 3
        assert read_records(path).by_doc()[DOC000].mentions[0].text == "ISIL"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert [line.split('"doc":"')[1][:20] for line in lines] == [DOC000, DOC001]


def test_a_second_writer_in_another_process_is_refused(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        from annotator.store import AnnotationStore
        from annotator.errors import LockedError
        try:
            AnnotationStore({str(tmp_path)!r}, "annotator-a").open()
        except LockedError as exc:
            print(exc)
            sys.exit(3)
        """
    )
    with AnnotationStore(tmp_path, "annotator-a"):
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 3
    assert "already open for writing" in proc.stdout
    assert f"pid {os.getpid()}" in proc.stdout
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, "the lock must be free once the first writer closed"


def test_a_second_writer_in_the_same_process_is_refused(tmp_path):
    with AnnotationStore(tmp_path, "annotator-a"):
        with pytest.raises(LockedError):
            AnnotationStore(tmp_path, "annotator-a").open()
        with AnnotationStore(tmp_path, "annotator-b"):
            pass


@pytest.mark.parametrize("fail_at", ["write", "fsync", "replace"])
def test_an_atomic_write_interrupted_at_any_step_keeps_the_old_file(tmp_path, monkeypatch, fail_at):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b"old content\n")

    def boom(*args, **kwargs):
        raise OSError("simulated crash")

    if fail_at == "write":
        real_fdopen = os.fdopen

        class Torn:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                self.fh.write(data[: len(data) // 2])
                raise OSError("simulated crash")

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: Torn(real_fdopen(fd, mode)))
    elif fail_at == "fsync":
        monkeypatch.setattr(os, "fsync", boom)
    else:
        monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(StoreError, match="simulated crash"):
        atomic_write(path, b"new content\n")
    assert path.read_bytes() == b"old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["gold.jsonl"], "no temporary file is left behind"


def test_an_interrupted_append_leaves_a_torn_line_that_is_detected_and_set_aside(tmp_path, seeds):
    doc = seeds.get(DOC000)
    path = tmp_path / "annotator-a.jsonl"
    with AnnotationStore(tmp_path, "annotator-a") as st:
        good = st.save(record(doc))
    line = store_module.dumps_record(with_mention(good, doc, "ISIL", "m1"))
    with open(path, "ab") as fh:
        fh.write(line.encode()[: len(line) // 2])
    result = read_records(path)
    assert result.torn_tail is not None and result.problems == []
    assert result.by_doc()[DOC000].mentions == ()
    with pytest.raises(LineError, match="torn last line"):
        load_records(path)
    with AnnotationStore(tmp_path, "annotator-a") as st:
        assert "torn" in st.warnings[0]
        assert st.get(DOC000).mentions == ()
        st.save(with_mention(st.get(DOC000), doc, "ISIL", "m1"))
    assert read_records(path).torn_tail is None
    assert load_records(path)[0].mentions[0].text == "ISIL"
    assert (tmp_path / "annotator-a.jsonl.torn").read_text().startswith(line[:20])


def test_bad_lines_are_reported_with_line_numbers_and_the_file_is_not_overwritten(tmp_path, seeds):
    doc = seeds.get(DOC000)
    path = tmp_path / "annotator-a.jsonl"
    good = store_module.dumps_record(record(doc))
    content = good + "\n" + "{not json\n" + '{"format": "annotator/1", "doc": "x"}\n' + "\n"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LineError) as info:
        load_records(path)
    problems = info.value.problems
    assert problems[0].startswith(f"{path}:2: not valid JSON")
    assert problems[1].startswith(f"{path}:3: ") and "doc_sha256" in problems[1]
    with pytest.raises(StoreError, match="cannot be read"):
        AnnotationStore(tmp_path, "annotator-a").open()
    assert path.read_text(encoding="utf-8") == content
    with AnnotationStore(tmp_path, "annotator-b"):
        pass  # the lock of the refused store was released


@pytest.mark.parametrize("name", ["../escape", "a/b", "..", ".hidden", "", "x" * 200, "sp ace"])
def test_unsafe_annotator_names_never_write_outside_gold(tmp_path, name):
    gold = tmp_path / "gold"
    with pytest.raises(StoreError, match="unsafe annotator name"):
        AnnotationStore(gold, name).open()
    assert not any(tmp_path.rglob("*.jsonl"))


def test_a_record_of_another_annotator_is_refused(tmp_path, seeds):
    with AnnotationStore(tmp_path, "annotator-a") as st, pytest.raises(StoreError, match="cannot be saved"):
        st.save(record(seeds.get(DOC000), annotator="annotator-b"))


def test_exchange_files_hold_several_annotators_sorted(tmp_path, seeds):
    doc = seeds.get(DOC000)
    path = tmp_path / "all.jsonl"
    write_records(path, [record(doc, "zeta"), record(doc, "alpha")])
    assert [r.annotator for r in load_records(path)] == ["alpha", "zeta"]
    assert isinstance(path, Path)


def test_atomic_writes_keep_the_permissions_of_the_file_they_replace(tmp_path):
    path = tmp_path / "shared.jsonl"
    path.write_text("old\n")
    path.chmod(0o664)
    atomic_write(path, b"new\n")
    assert path.stat().st_mode & 0o777 == 0o664
    fresh = tmp_path / "fresh.jsonl"
    atomic_write(fresh, b"x\n")
    assert fresh.stat().st_mode & 0o044 == 0o044, "a new file is readable like any other new file"


def test_lines_saved_in_one_rewrite_replace_and_join_the_saved_records_in_document_order(tmp_path, seeds):
    docs = seeds.ids()[:4]
    with AnnotationStore(tmp_path, "annotator-a") as st:
        st.save(record(seeds.get(docs[0])))
        st.save(record(seeds.get(docs[2])))
    replaced = with_mention(record(seeds.get(docs[0])), seeds.get(DOC000), "ISIL", "m1")
    added = [(docs[0], replaced), (docs[1], record(seeds.get(docs[1]))), (docs[3], record(seeds.get(docs[3])))]
    with AnnotationStore(tmp_path, "annotator-a") as st:
        st.save_lines((doc, (store_module.dumps_record(r) + "\n").encode()) for doc, r in added)
    lines = (tmp_path / "annotator-a.jsonl").read_text(encoding="utf-8").splitlines()
    assert [line.split('"doc":"')[1].split('"')[0] for line in lines] == docs
    assert read_records(tmp_path / "annotator-a.jsonl").by_doc()[docs[0]].mentions[0].text == "ISIL"


def test_lines_out_of_document_order_are_refused_and_the_file_is_unchanged(tmp_path, seeds):
    d0, d1 = seeds.get(DOC000), seeds.get(DOC001)
    with AnnotationStore(tmp_path, "annotator-a") as st:
        st.save(record(d0))
    before = (tmp_path / "annotator-a.jsonl").read_bytes()
    lines = [(doc.id, (store_module.dumps_record(record(doc)) + "\n").encode()) for doc in (d1, d0)]
    with AnnotationStore(tmp_path, "annotator-a") as st, pytest.raises(ValueError, match="not in document order"):
        st.save_lines(lines)
    assert (tmp_path / "annotator-a.jsonl").read_bytes() == before
