"""Invalid data is refused by every reader, with ``file:line: reason`` (issue 17, items 6, 12, 13, 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from annotator.cli import main
from annotator.corpus import check_id
from annotator.errors import CorpusError
from annotator.model import Mention
from annotator.store import dumps_record, read_records, write_records
from tests.factories import find, sample_record

DOC000 = "000_d246c74b127eef68"


def run(project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def line_of(project, **changes: object) -> str:
    """The canonical line of the sample record with top-level ``changes`` applied."""
    data = sample_record(project.corpus.get(DOC000)).to_json_dict()
    data.update(changes)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def write_lines(path: Path, *lines: str) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def validate_err(project, capsys) -> str:
    assert run(project, "validate") == 1
    return capsys.readouterr().err


# ---------------------------------------------------------------- item 12: what validate accepted


def test_duplicate_keys_are_refused_with_file_and_line(project, capsys):
    path = project.gold_dir / "annotator-a.jsonl"
    line = line_of(project)
    write_lines(path, line.replace('"status":"done"', '"status":"done","status":"skipped"'))
    err = validate_err(project, capsys)
    assert f"{path}:1: duplicate key 'status'" in err


def test_duplicate_keys_in_nested_objects_are_refused(project, capsys):
    path = project.gold_dir / "annotator-a.jsonl"
    line = line_of(project)
    write_lines(path, line.replace('"attrs":{"level":"NAM"}', '"attrs":{"level":"NAM","level":"NOM"}', 1))
    assert f"{path}:1: duplicate key 'level'" in validate_err(project, capsys)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(project, capsys, constant):
    path = project.gold_dir / "annotator-a.jsonl"
    write_lines(path, line_of(project, meta={"score": "X"}).replace('"X"', constant))
    assert f"{path}:1: {constant} is not valid JSON" in validate_err(project, capsys)


def test_a_byte_order_mark_is_named(project, capsys):
    path = project.gold_dir / "annotator-a.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + line_of(project).encode("utf-8") + b"\n")
    err = validate_err(project, capsys)
    assert f"{path}:1: starts with a UTF-8 byte order mark" in err


def test_lone_surrogates_are_refused(project, capsys):
    path = project.gold_dir / "annotator-a.jsonl"
    write_lines(path, line_of(project, meta={"note": "X"}).replace('"X"', '"\\ud800"'))
    assert f"{path}:1: lone surrogate" in validate_err(project, capsys)


def test_a_clean_file_still_reads_the_same(project):
    rec = sample_record(project.corpus.get(DOC000))
    path = project.gold_dir / "annotator-a.jsonl"
    write_records(path, [rec])
    result = read_records(path)
    assert result.problems == []
    assert dumps_record(result.by_doc()[DOC000]) == dumps_record(rec)


def test_overlapping_zones_are_refused(project, capsys):
    doc = project.corpus.get(DOC000)
    data = sample_record(doc).to_json_dict()
    inner = find(doc, "your comment was not saved")
    data["zones"].append({"id": "z2", "label": "BOILERPLATE", **inner.model_dump()})
    path = project.gold_dir / "annotator-a.jsonl"
    write_lines(path, json.dumps(data))
    assert f"{path}:1: doc {DOC000}: z2: zone overlaps zone z1" in validate_err(project, capsys)


def test_attribution_parent_loops_are_refused(project, capsys):
    data = json.loads(line_of(project))
    second = {**data["attributions"][0], "id": "a2", "parent": "a1"}
    data["attributions"][0]["parent"] = "a2"
    data["attributions"].append(second)
    path = project.gold_dir / "annotator-a.jsonl"
    write_lines(path, json.dumps(data))
    assert f"{path}:1: doc {DOC000}: a1: parent chain loops: a1 → a2 → a1" in validate_err(project, capsys)


def test_events_that_are_each_others_argument_are_refused(project, capsys):
    data = json.loads(line_of(project))
    data["events"][0]["type"] = data["events"][1]["type"] = "REJECT"
    data["events"][0]["attrs"] = data["events"][1]["attrs"] = {}
    data["events"][0]["args"] = [{"role": "Rejected", "ref": "v2"}]
    data["events"][1]["args"] = [{"role": "Rejected", "ref": "v1"}]
    data["attributions"][0]["role_claims"] = []
    path = project.gold_dir / "annotator-a.jsonl"
    write_lines(path, json.dumps(data))
    assert f"{path}:1: doc {DOC000}: v1: arguments loop: v1 → v2 → v1" in validate_err(project, capsys)


def test_an_argument_pointing_at_its_own_hopper_is_refused(project, capsys):
    data = json.loads(line_of(project))
    data["events"][0]["type"] = data["events"][1]["type"] = "REJECT"
    data["events"][0]["attrs"] = data["events"][1]["attrs"] = {}
    data["events"][0]["args"] = [{"role": "Rejected", "ref": "H1"}]
    data["attributions"][0]["role_claims"] = []
    path = project.gold_dir / "annotator-a.jsonl"
    write_lines(path, json.dumps(data))
    assert f"{path}:1: doc {DOC000}: v1: arguments loop: v1 → H1 → v1" in validate_err(project, capsys)


# ---------------------------------------------------------------- item 13: rich markup in messages


def test_line_100_is_not_an_emoji(project, capsys):
    path = project.gold_dir / "annotator-a.jsonl"
    path.write_text("\n" * 99 + "{broken\n", encoding="utf-8")
    err = validate_err(project, capsys)
    assert f"{path}:100: not valid JSON" in err
    assert "\N{HUNDRED POINTS SYMBOL}" not in err
    assert run(project, "stats") == 1
    err = capsys.readouterr().err
    assert f"{path}:100: not valid JSON" in err and "\N{HUNDRED POINTS SYMBOL}" not in err


def test_square_brackets_in_messages_are_printed_as_they_are(project, capsys):
    path = project.gold_dir / "annotator-a.jsonl"
    data = json.loads(line_of(project))
    data["mentions"][0]["label"] = "[bold]X[/bold]"
    write_lines(path, json.dumps(data))
    assert "unknown entity label '[bold]X[/bold]'" in validate_err(project, capsys)


# ---------------------------------------------------------------- item 14: names


@pytest.mark.parametrize("name", ["x\n", "x\r", "", "../x", "a/b", "..", "x..y", " x"])
def test_unsafe_names_are_refused(name):
    with pytest.raises(CorpusError):
        check_id(name)


def test_the_model_refuses_an_id_with_a_trailing_newline(project):
    doc = project.corpus.get(DOC000)
    span = find(doc, "ISIL")
    Mention(id="m1", label="ORG", **span.model_dump())
    with pytest.raises(ValidationError):
        Mention(id="m1\n", label="ORG", **span.model_dump())


def test_an_empty_annotator_name_is_an_error_not_the_login_name(project, capsys):
    assert run(project, "annotate", "--annotator", "") == 1
    assert "unsafe annotator name ''" in capsys.readouterr().err
    assert list(project.gold_dir.glob("*.jsonl")) == []


def test_compact_of_an_unknown_annotator_is_an_error(project, capsys):
    write_records(project.gold_dir / "annotator-a.jsonl", [sample_record(project.corpus.get(DOC000))])
    assert run(project, "compact", "annotator-x") == 1
    assert "no such annotator 'annotator-x'" in capsys.readouterr().err
    assert not (project.gold_dir / "annotator-x.jsonl").exists()


def test_predict_refuses_an_unsafe_name_up_front(project, tmp_path, capsys):
    out = tmp_path / "pred.jsonl"
    code = run(project, "predict", "--extractor", "no_such_module_xyz:f", "--name", "../../x", "--out", str(out))
    assert code == 1
    assert "unsafe system name '../../x'" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("command", [["agreement", "--annotators"], ["adjudicate", "--annotators"]])
def test_annotator_lists_are_checked_as_names(project, capsys, command):
    assert run(project, *command, "annotator-a,../seeds/x") == 1
    assert "unsafe annotator name '../seeds/x'" in capsys.readouterr().err


# ---------------------------------------------------------------- item 6: every reader is gated


def span_past_the_end(project) -> str:
    doc = project.corpus.get(DOC000)
    data = json.loads(line_of(project))
    n = len(doc.text)
    data["mentions"][0].update(start=n, end=n + 4)
    return json.dumps(data)


def two_annotators(project, bad_line: str) -> Path:
    doc = project.corpus.get(DOC000)
    bad = project.gold_dir / "annotator-a.jsonl"
    write_lines(bad, bad_line)
    write_records(project.gold_dir / "annotator-b.jsonl", [sample_record(doc, "annotator-b")])
    return bad


@pytest.mark.parametrize(
    "argv",
    [
        ["stats"],
        ["agreement"],
        ["adjudicate"],
        ["evaluate", "--gold", "{bad}", "--pred", "{good}", "--bootstrap", "0"],
    ],
)
def test_every_reader_refuses_a_span_past_the_end(project, capsys, argv):
    bad = two_annotators(project, span_past_the_end(project))
    good = project.gold_dir / "annotator-b.jsonl"
    args = [a.format(bad=bad, good=good) for a in argv]
    assert run(project, *args) == 1
    captured = capsys.readouterr()
    assert f"{bad}:1: doc {DOC000}: m1: mention" in captured.err
    assert "runs past the end of the document" in captured.err
    assert "Traceback" not in captured.err
    assert not (project.gold_dir / "gold.jsonl").exists()


@pytest.mark.parametrize("argv", [["stats"], ["agreement"], ["adjudicate"]])
def test_every_reader_refuses_drift(project, capsys, argv):
    data = json.loads(line_of(project))
    data["doc_sha256"] = "0" * 64
    bad = two_annotators(project, json.dumps(data))
    assert run(project, *argv) == 1
    assert f"{bad}:1: doc {DOC000}: drift" in capsys.readouterr().err
    assert not (project.gold_dir / "gold.jsonl").exists()


def test_annotate_refuses_a_file_with_invalid_records_before_opening(project, capsys):
    bad = two_annotators(project, span_past_the_end(project))
    before = bad.read_bytes()
    assert run(project, "annotate", "--annotator", "annotator-a") == 1
    assert f"{bad}:1: doc {DOC000}: m1: mention" in capsys.readouterr().err
    assert bad.read_bytes() == before
