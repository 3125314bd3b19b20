"""The corpus digests remembered by file status: a hit hashes nothing and reports the same; any edit is caught."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

import annotator.corpus
import annotator.hashcache
from annotator.cli import main
from annotator.hashcache import FORMAT, TextHashes, cache_file
from annotator.store import write_records
from tests.factories import sample_record

SEED = "000_d246c74b127eef68"
LONG_AGO = 1_600_000_000


@pytest.fixture
def files(project, seeds, monkeypatch):
    """Gold and predictions on one seed; every corpus file dated long ago (so its digest may be remembered),
    and every file, however small, worth a lookup (the seeds are smaller than the default threshold)."""
    monkeypatch.setattr(annotator.hashcache, "WORTH_FROM_BYTES", 0)
    doc = seeds.get(SEED)
    gold = sample_record(doc, "gold")
    write_records(project.gold_dir / "gold.jsonl", [gold])
    mentions = list(gold.mentions)
    mentions[3] = mentions[3].model_copy(update={"label": "GPE"})
    write_records(
        project.root / "pred.jsonl", [gold.model_copy(update={"annotator": "sys", "mentions": tuple(mentions)})]
    )
    for path in project.corpus_path.iterdir():
        os.utime(path, (LONG_AGO, LONG_AGO))
    return project


def evaluate(project, capsys, *more: str) -> tuple[int, str, str]:
    pred = str(project.root / "pred.jsonl")
    code = main(
        ["--project", str(project.root), "evaluate", "--pred", pred, "--format", "json", "--bootstrap", "20", *more]
    )
    out = capsys.readouterr()
    return code, out.out, " ".join(out.err.split())


def query(path: Path, sql: str, *args: object) -> list[tuple]:
    """The rows of ``sql`` on the cache database at ``path`` (its changes committed)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def make_cache(path: Path, folder: Path, entries: dict[str, tuple[int, int, int, str]]) -> None:
    """A cache database as the module writes it, recording ``entries`` for ``folder``."""
    query(path, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    query(
        path,
        "CREATE TABLE entries (name TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, "
        "inode INTEGER NOT NULL, digest TEXT NOT NULL) WITHOUT ROWID",
    )
    query(path, "INSERT INTO meta VALUES ('format', ?), ('folder', ?)", FORMAT, str(folder.resolve()))
    for name, entry in entries.items():
        query(path, "INSERT INTO entries VALUES (?, ?, ?, ?, ?)", name, *entry)


@pytest.fixture
def hashed(monkeypatch) -> list[int]:
    """Counts the texts hashed (one entry per text)."""
    calls: list[int] = []
    real = annotator.corpus.sha256_text

    def counting(text: str) -> str:
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(annotator.corpus, "sha256_text", counting)
    return calls


def test_a_remembered_digest_is_used_and_the_report_is_identical(files, capsys, hashed):
    code, first, _ = evaluate(files, capsys)
    assert code == 0 and hashed
    assert cache_file(files.root, files.corpus_path).is_file()
    hashed.clear()
    code, again, _ = evaluate(files, capsys)
    assert code == 0
    assert hashed == []
    assert again == first


def test_an_edit_of_the_same_size_is_caught(files, capsys):
    assert evaluate(files, capsys)[0] == 0
    path = files.corpus_path / f"{SEED}.txt"
    text = path.read_text(encoding="utf-8")
    i = next(i for i, c in enumerate(text) if c.isalpha())
    path.write_text(text[:i] + ("x" if text[i] != "x" else "y") + text[i + 1 :], encoding="utf-8")
    os.utime(path, (LONG_AGO + 60, LONG_AGO + 60))
    code, _, err = evaluate(files, capsys)
    assert code == 1
    assert "gold.jsonl:1:" in err and "sha256" in err


def test_a_recent_file_is_not_remembered(files, capsys, hashed):
    """A file modified within the clock's tolerance could change again unseen: it is hashed on every run."""
    os.utime(files.corpus_path / f"{SEED}.txt")
    assert evaluate(files, capsys)[0] == 0
    hashed.clear()
    assert evaluate(files, capsys)[0] == 0
    assert hashed


def test_a_cache_linked_out_of_the_project_is_neither_read_nor_written(files, capsys, tmp_path_factory):
    path = files.corpus_path / f"{SEED}.txt"
    status = path.stat()
    outside = tmp_path_factory.mktemp("elsewhere") / "hashes.sqlite"
    make_cache(outside, files.corpus_path, {path.name: (status.st_size, status.st_mtime_ns, status.st_ino, "0" * 64)})
    lie = outside.read_bytes()
    cache = cache_file(files.root, files.corpus_path)
    cache.parent.mkdir(parents=True)
    cache.symlink_to(outside)
    code, _, err = evaluate(files, capsys)
    assert code == 0, err
    assert outside.read_bytes() == lie
    assert sorted(p.name for p in outside.parent.iterdir()) == ["hashes.sqlite"]
    assert cache.is_symlink()


def test_a_cache_folder_linked_out_of_the_project_is_not_written(files, capsys, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (files.root / ".cache").symlink_to(elsewhere, target_is_directory=True)
    assert evaluate(files, capsys)[0] == 0
    assert list(elsewhere.rglob("*")) == []


def test_a_damaged_cache_counts_as_empty(files, capsys, hashed):
    code, first, _ = evaluate(files, capsys)
    cache = cache_file(files.root, files.corpus_path)
    data = cache.read_bytes()
    cache.write_bytes(b"\0" * 100 + data[100:])  # the header damaged
    hashed.clear()
    code, again, _ = evaluate(files, capsys)
    assert code == 0 and again == first
    assert hashed
    assert query(cache, "SELECT value FROM meta WHERE key = 'format'") == [(FORMAT,)]


def test_a_stored_digest_of_another_folder_is_ignored(files, capsys, hashed, tmp_path: Path):
    assert evaluate(files, capsys)[0] == 0
    cache = cache_file(files.root, files.corpus_path)
    assert query(cache, "SELECT count(*) FROM entries") == [(1,)]
    query(cache, "UPDATE meta SET value = ? WHERE key = 'folder'", str(tmp_path / "another"))
    hashed.clear()
    assert evaluate(files, capsys)[0] == 0
    assert hashed


def test_a_stored_digest_of_another_format_is_ignored(files, capsys, hashed):
    assert evaluate(files, capsys)[0] == 0
    cache = cache_file(files.root, files.corpus_path)
    query(cache, "UPDATE meta SET value = 'annotator-text-hashes/0' WHERE key = 'format'")
    hashed.clear()
    assert evaluate(files, capsys)[0] == 0
    assert hashed
    assert query(cache, "SELECT value FROM meta WHERE key = 'format'") == [(FORMAT,)]


def test_the_digests_forked_workers_remember_are_there_on_the_next_run(files, capsys, hashed):
    """Each worker reads documents through its own forked copy of the corpus, and saves what it remembered."""
    code, first, err = evaluate(files, capsys, "--workers", "2")
    assert code == 0, err
    assert hashed == []  # read in the workers, not here
    cache = cache_file(files.root, files.corpus_path)
    assert [row[0] for row in query(cache, "SELECT name FROM entries")] == [f"{SEED}.txt"]
    code, again, _ = evaluate(files, capsys, "--workers", "1")
    assert code == 0
    assert hashed == []
    assert again == first


def test_remembered_rows_wait_in_a_bounded_queue(tmp_path: Path, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("a")
    os.utime(folder / "a.txt", (LONG_AGO, LONG_AGO))
    status = (folder / "a.txt").stat()
    monkeypatch.setattr(annotator.hashcache, "BATCH", 3)
    path = tmp_path / ".cache" / "h.sqlite"
    hashes = TextHashes(path, folder, tmp_path)
    for i in range(7):
        hashes.remember(f"{i}.txt", status, f"{i:064d}")
        assert len(hashes._queue) < 3
    assert query(path, "SELECT count(*) FROM entries") == [(6,)]
    hashes.save()
    assert query(path, "SELECT count(*) FROM entries") == [(7,)]
    assert TextHashes(path, folder, tmp_path).lookup("6.txt", status) == f"{6:064d}"


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    status = folder.stat()
    path = tmp_path / ".cache" / "h.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"")
    monkeypatch.setattr(annotator.hashcache.sqlite3, "connect", _read_only_connect(path))
    hashes = TextHashes(path, folder, tmp_path)
    assert hashes.lookup("a.txt", status) is None
    hashes.remember("a.txt", status, "0" * 64)
    hashes.save()
    assert path.read_bytes() == b""


def _read_only_connect(path: Path):
    real = sqlite3.connect

    def connect(_database, **kwargs):
        return real(f"{path.as_uri()}?mode=ro", uri=True, **kwargs)

    return connect


def test_small_files_are_hashed_without_the_cache_and_large_ones_are_remembered(project, seeds, capsys, hashed):
    """A lookup costs more than hashing a small article: none is made for one, and the report is the same."""
    doc = seeds.get(SEED)
    gold = sample_record(doc, "gold")
    write_records(project.gold_dir / "gold.jsonl", [gold])
    write_records(project.root / "pred.jsonl", [gold.model_copy(update={"annotator": "sys"})])
    for path in project.corpus_path.iterdir():
        os.utime(path, (LONG_AGO, LONG_AGO))
    size = (project.corpus_path / f"{SEED}.txt").stat().st_size
    assert size < annotator.hashcache.WORTH_FROM_BYTES
    code, first, _ = evaluate(project, capsys)
    assert code == 0
    assert not cache_file(project.root, project.corpus_path).exists(), "no cache is made for small files"
    hashed.clear()
    code, again, _ = evaluate(project, capsys)
    assert code == 0 and again == first
    assert hashed, "a small file is hashed on every run"


def remembered(project) -> list[str]:
    cache = cache_file(project.root, project.corpus_path)
    return [n for (n,) in query(cache, "SELECT name FROM entries")] if cache.exists() else []


def test_a_file_is_remembered_from_the_threshold_on(files, capsys, monkeypatch):
    size = (files.corpus_path / f"{SEED}.txt").stat().st_size
    monkeypatch.setattr(annotator.hashcache, "WORTH_FROM_BYTES", size)
    assert evaluate(files, capsys)[0] == 0
    assert f"{SEED}.txt" in remembered(files)
    cache_file(files.root, files.corpus_path).unlink()
    monkeypatch.setattr(annotator.hashcache, "WORTH_FROM_BYTES", size + 1)
    assert evaluate(files, capsys)[0] == 0
    assert f"{SEED}.txt" not in remembered(files)
