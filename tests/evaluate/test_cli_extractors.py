"""The command line end to end: exit codes, formats, the three extractor routes, --compare."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store import load_records, write_records
from tests.factories import find, record, sample_record

SEED = "000_d246c74b127eef68"


@pytest.fixture
def files(project, seeds):
    doc = seeds.get(SEED)
    gold = sample_record(doc, "gold")
    write_records(project.gold_dir / "gold.jsonl", [gold])
    mentions = list(gold.mentions)
    mentions[3] = mentions[3].model_copy(update={"label": "GPE"})
    pred = gold.model_copy(update={"annotator": "sys", "mentions": tuple(mentions)})
    write_records(project.root / "pred.jsonl", [pred])
    return project, doc


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch):
    """Rich wraps at the terminal width; a wide one keeps long paths on one line."""
    monkeypatch.setenv("COLUMNS", "1000")


def _err(capsys) -> str:
    """Standard error with the console's line wrapping undone."""
    return " ".join(capsys.readouterr().err.split())


def run(project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def test_evaluate_json_is_stable_and_correct(files, capsys):
    project, _ = files
    assert (
        run(project, "evaluate", "--pred", str(project.root / "pred.jsonl"), "--format", "json", "--bootstrap", "50")
        == 0
    )
    first = capsys.readouterr().out
    assert (
        run(project, "evaluate", "--pred", str(project.root / "pred.jsonl"), "--format", "json", "--bootstrap", "50")
        == 0
    )
    assert capsys.readouterr().out == first
    data = json.loads(first)
    strict = data["main"]["mentions"]["schemes"]["strict"]
    assert (strict["cor"], strict["inc"]) == (4, 1)
    assert data["system"] == "sys"
    mentions = data["main"]["mentions"]
    assert mentions["schemes"]["strict"]["ci"] is not None
    assert mentions["macro"]["strict"]["ci"] is not None
    assert all(c["partial"]["ci"] is not None for c in mentions["per_label"].values())


def test_errors_list_names_document_offsets_and_text(files, capsys):
    project, doc = files
    assert (
        run(
            project,
            "evaluate",
            "--pred",
            str(project.root / "pred.jsonl"),
            "--format",
            "json",
            "--errors",
            "--bootstrap",
            "0",
        )
        == 0
    )
    errors = json.loads(capsys.readouterr().out)["errors"]
    where = find(doc, "rebel-held parts of south Damascus")
    assert errors == [
        {
            "kind": "mistyped",
            "doc": SEED,
            "layer": "mentions",
            "gold": [where.start, where.end, "LOC", where.text],
            "pred": [where.start, where.end, "GPE", where.text],
        }
    ]


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_other_formats_render(files, capsys, fmt, tmp_path):
    project, _ = files
    out = tmp_path / f"report.{fmt}"
    assert run(
        project,
        "evaluate",
        "--pred",
        str(project.root / "pred.jsonl"),
        "--format",
        fmt,
        "--bootstrap",
        "0",
        "--out",
        str(out),
    ) in (0,)
    text = out.read_text(encoding="utf-8") if out.exists() else capsys.readouterr().out
    assert "strict" in text
    if fmt == "html":
        assert "<style>" in text and "http" not in text and "class='heat'" in text and "class='bar'" in text


def test_missing_file_is_exit_1(files, capsys):
    project, _ = files
    assert run(project, "evaluate", "--pred", str(project.root / "nope.jsonl")) == 1
    assert "nope.jsonl: no such file" in _err(capsys)


def test_wrong_format_names_file_and_line(files, capsys):
    project, _ = files
    bad = project.root / "bad.jsonl"
    bad.write_text('{"doc": "x"}\nnot json\n', encoding="utf-8")
    assert run(project, "evaluate", "--pred", str(bad)) == 1
    err = _err(capsys)
    assert "bad.jsonl:1:" in err and "bad.jsonl:2: not valid JSON" in err


def test_predictions_for_unknown_documents_are_named(files, capsys, seeds):
    project, _ = files
    other = record(seeds.get("001_aab8a3634b40cb55"), "sys")
    pred = [*load_records(project.root / "pred.jsonl"), other]
    write_records(project.root / "pred.jsonl", pred)
    assert run(project, "evaluate", "--pred", str(project.root / "pred.jsonl")) == 1
    err = _err(capsys)
    assert "not in the gold" in err and "001_aab8a3634b40cb55" in err


def test_invalid_prediction_is_reported_with_its_line(files, capsys):
    project, _ = files
    pred = load_records(project.root / "pred.jsonl")[0]
    pred = pred.model_copy(
        update={
            "mentions": (pred.mentions[0].model_copy(update={"label": "ALIEN"}),),
            "entities": (),
            "events": (),
            "hoppers": (),
            "attributions": (),
        }
    )
    write_records(project.root / "pred.jsonl", [pred])
    assert run(project, "evaluate", "--pred", str(project.root / "pred.jsonl")) == 1
    err = _err(capsys)
    assert "pred.jsonl:1: doc 000_d246c74b127eef68: m" in err and "unknown entity label 'ALIEN'" in err


def test_unknown_layer_is_an_error(files, capsys):
    project, _ = files
    assert run(project, "evaluate", "--pred", str(project.root / "pred.jsonl"), "--layers", "vibes") == 1
    assert "unknown layer" in _err(capsys)


def test_compare_two_systems(files, capsys):
    project, _ = files
    gold = project.gold_dir / "gold.jsonl"
    assert (
        run(
            project,
            "evaluate",
            "--compare",
            str(project.root / "pred.jsonl"),
            str(gold),
            "--format",
            "json",
            "--bootstrap",
            "100",
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    strict = next(m for m in data["metrics"] if m["metric"] == "mentions/strict")
    assert strict["f1_b"] == 1.0 and strict["difference"] == pytest.approx(0.2)


EXTRACTOR = """
def extract(doc):
    if doc.id.startswith("001"):
        raise RuntimeError("model crashed")
    return {"mentions": [{"label": "ORG", "text": "ISIL"}, {"label": "GPE", "text": "Atlantis"}]}
"""


def test_predict_with_a_python_callable_aligns_strings_and_skips_failures(project, tmp_path, monkeypatch, capsys):
    (tmp_path / "my_extractor.py").write_text(EXTRACTOR, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    out = tmp_path / "preds.jsonl"
    assert (
        run(
            project,
            "predict",
            "--extractor",
            "my_extractor:extract",
            "--out",
            str(out),
            "--docs",
            SEED,
            "001_aab8a3634b40cb55",
        )
        == 1
    )
    err = _err(capsys)
    assert "001_aab8a3634b40cb55: RuntimeError: model crashed" in err
    assert "'Atlantis' not found" in err
    (rec,) = load_records(out)
    assert rec.annotator == "my_extractor-extract"
    assert [(m.label, m.text) for m in rec.mentions] == [("ORG", "ISIL")]


COMMAND = """
import json, sys
for line in sys.stdin:
    doc = json.loads(line)
    if "FAIL" in sys.argv and not doc["id"].startswith("000"):
        sys.exit(3)
    start = doc["text"].index("ISIL")
    print(json.dumps({"doc": doc["id"], "mentions": [{"label": "ORG", "start": start, "end": start + 4}]}))
    sys.stdout.flush()
"""


def test_outside_command_route_and_evaluate_it_directly(files, tmp_path, capsys):
    project, _ = files
    script = tmp_path / "tool.py"
    script.write_text(COMMAND, encoding="utf-8")
    assert (
        run(
            project,
            "evaluate",
            "--command",
            f"{sys.executable} {script}",
            "--format",
            "json",
            "--bootstrap",
            "0",
            "--corpus",
            str(project.root / "seeds" / f"{SEED}.txt").rsplit("/", 1)[0],
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["system"] == "tool.py"
    assert data["main"]["mentions"]["schemes"]["strict"]["cor"] == 1


def test_a_failing_outside_command_is_reported_not_fatal(project, tmp_path, capsys):
    script = tmp_path / "tool.py"
    script.write_text(COMMAND, encoding="utf-8")
    out = tmp_path / "p.jsonl"
    assert (
        run(
            project,
            "predict",
            "--command",
            f"{sys.executable} {script} FAIL",
            "--out",
            str(out),
            "--docs",
            SEED,
            "001_aab8a3634b40cb55",
            "002_f595e0b5b551e8a6",
        )
        == 1
    )
    err = _err(capsys)
    assert "001_aab8a3634b40cb55: the command exited with status 3" in err
    assert [r.doc for r in load_records(out)] == [SEED]


def test_a_command_that_cannot_start_is_exit_1(project, tmp_path, capsys):
    assert (
        run(project, "predict", "--command", str(tmp_path / "missing-binary"), "--out", str(tmp_path / "p.jsonl")) == 1
    )
    assert "cannot start extractor command" in _err(capsys)


def test_a_bad_callable_spec_is_exit_1(project, tmp_path, capsys):
    assert run(project, "predict", "--extractor", "no_such_module_xyz:f", "--out", str(tmp_path / "p.jsonl")) == 1
    assert "cannot import no_such_module_xyz" in _err(capsys)
    assert not Path(tmp_path / "p.jsonl").exists()


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_compare_renders_every_format(files, capsys, fmt):
    project, _ = files
    gold = project.gold_dir / "gold.jsonl"
    assert (
        run(
            project,
            "evaluate",
            "--compare",
            str(project.root / "pred.jsonl"),
            str(gold),
            "--format",
            fmt,
            "--bootstrap",
            "50",
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "mentions/strict" in out
    if fmt == "html":
        assert out.startswith("<!doctype html>") and "<table>" in out


def test_workers_give_the_same_report(files, capsys):
    project, _ = files
    outs = []
    for workers in ("1", "2"):
        assert (
            run(
                project,
                "evaluate",
                "--pred",
                str(project.root / "pred.jsonl"),
                "--format",
                "json",
                "--bootstrap",
                "20",
                "--workers",
                workers,
            )
            == 0
        )
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1]


def test_layers_can_be_listed_with_commas(files, capsys):
    project, _ = files
    assert (
        run(
            project,
            "evaluate",
            "--pred",
            str(project.root / "pred.jsonl"),
            "--format",
            "json",
            "--bootstrap",
            "0",
            "--layers",
            "mentions,events",
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["layers_scored"] == ["mentions", "events"]
    assert data["main"]["attributions"] is None


@pytest.mark.parametrize("workers", ["1", "2"])
def test_evaluate_refuses_a_gold_that_validate_refuses_in_its_one_pass(files, capsys, workers):
    """The gold is checked as it streams by (on every worker): a mention without its required attribute
    is named by file, line and id, exit 1, and no report is written."""
    project, doc = files
    gold = project.gold_dir / "gold.jsonl"
    good = load_records(gold)[0]
    first = good.mentions[0]
    bare = first.model_copy(update={"attrs": {k: v for k, v in first.attrs.items() if k != "level"}})
    write_records(gold, [good.model_copy(update={"mentions": (bare, *good.mentions[1:])})])
    out = project.root / "report.json"
    args = ["evaluate", "--pred", str(project.root / "pred.jsonl"), "--workers", workers, "--out", str(out)]
    assert run(project, *args, "--format", "json", "--bootstrap", "20") == 1
    err = _err(capsys)
    assert f"{gold}:1: doc {doc.id}: {first.id}: attribute 'level' is required" in err
    assert not out.exists()
