"""The corpus digests remembered by file status: a hit hashes nothing and reports the same; any edit is caught."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import annotator.corpus
from annotator.cli import main
from annotator.hashcache import FORMAT, cache_file
from annotator.store import write_records
from tests.factories import sample_record

SEED = "000_d246c74b127eef68"
LONG_AGO = 1_600_000_000


@pytest.fixture
def files(project, seeds):
    """Gold and predictions on one seed; every corpus file dated long ago (so its digest may be remembered)."""
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


def evaluate(project, capsys) -> tuple[int, str, str]:
    pred = str(project.root / "pred.jsonl")
    code = main(["--project", str(project.root), "evaluate", "--pred", pred, "--format", "json", "--bootstrap", "20"])
    out = capsys.readouterr()
    return code, out.out, " ".join(out.err.split())


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
    outside = tmp_path_factory.mktemp("elsewhere") / "hashes.json"
    lie = {
        "format": FORMAT,
        "folder": str(files.corpus_path.resolve()),
        "entries": {path.name: [status.st_size, status.st_mtime_ns, status.st_ino, "0" * 64]},
    }
    outside.write_text(json.dumps(lie))
    cache = cache_file(files.root, files.corpus_path)
    cache.parent.mkdir(parents=True)
    cache.symlink_to(outside)
    code, _, err = evaluate(files, capsys)
    assert code == 0, err
    assert json.loads(outside.read_text()) == lie
    assert cache.is_symlink()


def test_a_cache_folder_linked_out_of_the_project_is_not_written(files, capsys, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (files.root / ".cache").symlink_to(elsewhere, target_is_directory=True)
    assert evaluate(files, capsys)[0] == 0
    assert list(elsewhere.rglob("*")) == []


def test_a_damaged_cache_counts_as_empty(files, capsys, hashed):
    code, first, _ = evaluate(files, capsys)
    cache = cache_file(files.root, files.corpus_path)
    cache.write_bytes(cache.read_bytes()[:-7])
    hashed.clear()
    code, again, _ = evaluate(files, capsys)
    assert code == 0 and again == first
    assert hashed
    assert json.loads(cache.read_bytes())["format"] == FORMAT


def test_a_stored_digest_of_another_folder_is_ignored(files, capsys, hashed, tmp_path: Path):
    assert evaluate(files, capsys)[0] == 0
    cache = cache_file(files.root, files.corpus_path)
    stored = json.loads(cache.read_bytes())
    stored["folder"] = str(tmp_path / "another")
    cache.write_text(json.dumps(stored))
    hashed.clear()
    assert evaluate(files, capsys)[0] == 0
    assert hashed
