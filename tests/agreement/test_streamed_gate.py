"""``annotator agreement`` parses each line once, validating it as it streams, and refuses what ``validate`` refuses.

The streamed reader checks every record with ``annotator validate``'s rules; on
the first record that fails, the command falls back to the gate, which lists
every problem as ``file:line: reason`` and exits 1 without a report.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotator import validate
from annotator.agreement import accumulate, records
from annotator.cli import main
from annotator.store import write_records
from tests.agreement.test_accumulate import generated_corpus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project of 40 generated documents, three annotators, counted in several processes."""
    monkeypatch.setattr(accumulate, "MIN_DOCS_PER_PROCESS", 10)
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
        write_records(tmp_path / "gold" / f"{name}.jsonl", list(recs.values()))
    return tmp_path


def _run(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--project", str(root), "agreement", "--format", "json"])
    out, err = capsys.readouterr()
    return code, out, err


def _replace_line(path: Path, lineno: int, change) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    data = json.loads(lines[lineno - 1])
    change(data)
    lines[lineno - 1] = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_valid_files_are_read_once_and_give_the_report_of_the_gate(generated: Path, capsys, monkeypatch) -> None:
    def gate(*args, **kwargs):
        raise AssertionError("valid files in the store's form should not be read a second time")

    monkeypatch.setattr(validate, "read_checked", gate)
    code, streamed, _ = _run(generated, capsys)
    assert code == 0
    monkeypatch.undo()
    monkeypatch.setattr(records, "index_files", lambda *args, **kwargs: None)
    code, whole, _ = _run(generated, capsys)
    assert code == 0
    assert json.loads(streamed)["spans"] == json.loads(whole)["spans"]
    assert json.loads(streamed)["coefficients"] == json.loads(whole)["coefficients"]


def test_a_record_that_fails_validation_late_in_a_file_stops_with_its_location(generated: Path, capsys) -> None:
    """The record parses (the model accepts it) but its text is not the document's: only validation can tell."""

    def retext(data: dict) -> None:
        data["mentions"][2]["text"] = "x" * len(data["mentions"][2]["text"])

    _replace_line(generated / "gold" / "b.jsonl", 37, retext)
    code, out, err = _run(generated, capsys)
    assert code == 1
    assert out == ""
    assert "b.jsonl:37: doc d036: m2: mention" in err and "but the document has" in err


def test_drift_and_every_problem_of_every_file_are_listed(generated: Path, capsys) -> None:
    def drift(data: dict) -> None:
        data["doc_sha256"] = "0" * 64

    def unknown_label(data: dict) -> None:
        data["mentions"][0]["label"] = "NOPE"

    _replace_line(generated / "gold" / "a.jsonl", 40, drift)
    _replace_line(generated / "gold" / "c.jsonl", 2, unknown_label)
    code, out, err = _run(generated, capsys)
    assert code == 1 and out == ""
    assert "a.jsonl:40: doc d039: drift" in err
    assert "c.jsonl:2:" in err and "unknown entity label 'NOPE'" in err


def test_a_file_in_gold_holding_another_annotator_is_refused(generated: Path, capsys) -> None:
    path = generated / "gold" / "c.jsonl"
    renamed = [line.replace('"annotator":"c"', '"annotator":"z"') for line in path.read_text().splitlines()]
    path.write_text("\n".join(renamed) + "\n", encoding="utf-8")
    code, out, err = _run(generated, capsys)
    assert code == 1 and out == ""
    assert "holds records of annotator 'z'" in err


def test_a_line_appended_after_the_store_form_is_still_checked(generated: Path, capsys) -> None:
    path = generated / "gold" / "a.jsonl"
    last = path.read_text(encoding="utf-8").splitlines()[-1]
    data = json.loads(last)
    data["mentions"][0]["start"] += 1
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(data, separators=(",", ":")) + "\n")
    code, out, err = _run(generated, capsys)
    assert code == 1 and out == ""
    assert "a.jsonl:41:" in err
