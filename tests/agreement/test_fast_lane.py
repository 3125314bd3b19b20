"""Plain mention records take evaluation's fast lane in ``annotator agreement``, with the same records and verdicts.

A line holding mentions alone is decoded by msgspec and vouched for by
:func:`annotator.fastread.plainly_valid` instead of pydantic and
``validate_record``; every other line (here: records with a cluster) goes the
ordinary way. The records handed to the counting, the report, and every
refusal with its ``file:line`` must be what the ordinary path gives.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.agreement import accumulate, records
from annotator.cli import main
from annotator.corpus import Corpus
from annotator.scheme import load_scheme
from annotator.store import dumps_record, read_records, write_records
from tests.agreement.test_accumulate import generated_corpus

ROOT = Path(__file__).resolve().parents[2]
CLUSTERED = {"d003", "d010", "d017", "d024", "d031"}
"""Documents whose records keep their cluster, so they take the ordinary path."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """40 generated documents, three annotators; mentions alone except in :data:`CLUSTERED`."""
    (tmp_path / "guidelines").mkdir()
    shutil.copy(ROOT / "guidelines" / "schema.toml", tmp_path / "guidelines" / "schema.toml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.annotator]\ncorpus = "corpus"\nscheme = "guidelines/schema.toml"\ngold = "gold"\n', encoding="utf-8"
    )
    by_annotator, texts = generated_corpus(40)
    (tmp_path / "corpus").mkdir()
    for doc, text in texts.items():
        (tmp_path / "corpus" / f"{doc}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "gold").mkdir()
    for name, recs in by_annotator.items():
        plain = [r if r.doc in CLUSTERED else r.model_copy(update={"entities": ()}) for r in recs.values()]
        write_records(tmp_path / "gold" / f"{name}.jsonl", plain)
    return tmp_path


def _files(root: Path) -> list[Path]:
    return sorted((root / "gold").glob("*.jsonl"))


def _check(root: Path) -> records.RecordCheck:
    return records.RecordCheck(Corpus.from_folder(root / "corpus"), load_scheme(root / "guidelines" / "schema.toml"))


def test_plain_records_skip_the_full_check_and_are_the_records_the_store_reads(project: Path, monkeypatch) -> None:
    checked: list[str] = []
    ordinary = records.validate_record

    def counting(record: Any, *args: Any, **kwargs: Any) -> list[str]:
        checked.append(record.doc)
        return ordinary(record, *args, **kwargs)

    monkeypatch.setattr(records, "validate_record", counting)
    indexed = records.index_files(_files(project), _check(project))
    assert indexed is not None
    heads, source = indexed
    streamed = {
        (a, doc): rec for doc, found in source.documents(heads_by_doc(heads), None, None) for a, rec in found.items()
    }
    whole = {key: rec for path in _files(project) for key, rec in read_records(path).records.items()}
    assert set(checked) == CLUSTERED
    assert streamed.keys() == {(a, doc) for a, doc in whole} and len(streamed) > 100
    for (annotator, doc), rec in whole.items():
        assert streamed[annotator, doc] == rec
        assert dumps_record(streamed[annotator, doc]) == dumps_record(rec)
        fields_set = [m.model_fields_set for m in streamed[annotator, doc].mentions]
        assert fields_set == [m.model_fields_set for m in rec.mentions]


def heads_by_doc(heads: dict[str, dict[str, records.Head]]) -> dict[str, dict[str, records.Head]]:
    out: dict[str, dict[str, records.Head]] = {}
    for annotator, docs in heads.items():
        for doc, head in docs.items():
            out.setdefault(doc, {})[annotator] = head
    return out


def _run(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--project", str(root), "agreement", "--format", "json"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_report_is_that_of_the_files_read_whole(project: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(accumulate, "MIN_DOCS_PER_PROCESS", 10)
    code, streamed, _ = _run(project, capsys)
    assert code == 0
    monkeypatch.setattr(records, "index_files", lambda *args, **kwargs: None)
    code, whole, _ = _run(project, capsys)
    assert code == 0
    assert json.loads(streamed) == json.loads(whole)
    assert json.loads(streamed)["spans"][0]["measures"]


def _edit(change: Callable[[dict[str, Any]], None]) -> Callable[[str], str]:
    def edit(line: str) -> str:
        data = json.loads(line)
        change(data)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    return edit


def _set_mention(key: str, value: object) -> Callable[[str], str]:
    return _edit(lambda data: data["mentions"][1].__setitem__(key, value))


DAMAGE: dict[str, tuple[Callable[[str], str], str]] = {
    "duplicate key": (lambda line: line.replace('"status":"done"', '"status":"done","status":"done"', 1), "status"),
    "text not the document's": (_set_mention("text", "x" * 4), "m1: mention"),
    "unknown label": (_set_mention("label", "NOPE"), "unknown entity label 'NOPE'"),
    "unknown attribute value": (_set_mention("attrs", {"level": "LOUD"}), "LOUD"),
    "repeated id": (_set_mention("id", "m0"), "m0"),
    "drift": (_edit(lambda data: data.__setitem__("doc_sha256", "0" * 64)), "drift"),
    "NaN": (lambda line: line.replace('"start":', '"start":NaN,"x":', 1), "NaN"),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_plain_record_stops_the_report_with_its_location(project: Path, capsys, kind: str) -> None:
    damage, reason = DAMAGE[kind]
    path = project / "gold" / "b.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert '"entities":[]' in lines[35]
    lines[35] = damage(lines[35])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _run(project, capsys)
    assert code == 1 and out == ""
    assert "b.jsonl:36:" in err and reason in err, err
