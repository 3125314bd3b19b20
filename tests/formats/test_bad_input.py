"""Bad input: a clear ``file:line`` error, exit 1, and nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotator.cli import main

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"


def run(project, *args):
    return main(["--project", str(project.root), *args])


def snapshot(project) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(project.root.rglob("*")) if p.is_file() and ".locks" not in p.parts}


def _brat(tmp_path: Path, ann: str, text: str = "Rebels shelled Aleppo.\n") -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "doc1.txt").write_text(text, encoding="utf-8")
    (folder / "doc1.ann").write_text(ann, encoding="utf-8")
    return folder


def _expect_refused(project, capsys, args, *needles):
    before = snapshot(project)
    assert run(project, "import", *args) == 1
    err = capsys.readouterr().err
    for needle in needles:
        assert needle in err, err
    assert snapshot(project) == before
    return err


def test_brat_offsets_past_the_end(project, tmp_path, capsys):
    src = _brat(tmp_path, "T1\tORG 0 6\tRebels\nT2\tGPE 15 99\tAleppo\n")
    _expect_refused(project, capsys, ["--format", "brat", str(src), "--as", "x"], "doc1.ann:2:", "past the end")


def test_brat_text_mismatch_and_unknown_id(project, tmp_path, capsys):
    src = _brat(tmp_path, "T1\tORG 0 6\tRebelz\nT2\tATTACK 7 14\tshelled\nE1\tATTACK:T2 Attacker:T9\n")
    err = _expect_refused(project, capsys, ["--format", "brat", str(src), "--as", "x"], "doc1.ann:1:", "does not match")
    assert "doc1.ann:3:" not in err or "T9" in err


def test_brat_unknown_reference(project, tmp_path, capsys):
    src = _brat(tmp_path, "T1\tORG 0 6\tRebels\nT2\tATTACK 7 14\tshelled\nE1\tATTACK:T2 Attacker:T9\n")
    _expect_refused(project, capsys, ["--format", "brat", str(src), "--as", "x"], "doc1.ann:3:", "'T9'")


def test_brat_missing_txt_and_binary_ann(project, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lonely.ann").write_text("T1\tORG 0 6\tRebels\n", encoding="utf-8")
    _expect_refused(project, capsys, ["--format", "brat", str(folder), "--as", "x"], "lonely.ann:1:", "lonely.txt")
    (folder / "lonely.ann").unlink()
    (folder / "bin.txt").write_text("x", encoding="utf-8")
    (folder / "bin.ann").write_bytes(b"\x00\x01\xffgarbage")
    _expect_refused(project, capsys, ["--format", "brat", str(folder), "--as", "x"], "bin.ann:1:", "binary")


def test_brat_malformed_lines_are_named(project, tmp_path, capsys):
    src = _brat(tmp_path, "T1\tORG 0 6 Rebels\nQ1\tfoo\nE1\tnothing\n")
    _expect_refused(
        project, capsys, ["--format", "brat", str(src), "--as", "x"], "doc1.ann:1:", "doc1.ann:2:", "doc1.ann:3:"
    )


def test_truncated_jsonl_line(project, tmp_path, capsys):
    lines = (DATA / "prodigy.jsonl").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(lines[0] + "\n" + lines[0][: len(lines[0]) // 2], encoding="utf-8")
    _expect_refused(project, capsys, ["--format", "prodigy", str(bad)], "bad.jsonl:2:", "truncated")


def test_label_studio_text_mismatch_and_truncated_array(project, tmp_path, capsys):
    tasks = json.loads((DATA / "labelstudio.json").read_text(encoding="utf-8"))
    tasks[0]["annotations"][0]["result"][1]["value"]["start"] += 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(tasks, indent=2), encoding="utf-8")
    _expect_refused(project, capsys, ["--format", "labelstudio", str(bad)], "bad.json:2", "text mismatch")
    bad.write_text(json.dumps(tasks, indent=2)[:-40], encoding="utf-8")
    _expect_refused(project, capsys, ["--format", "labelstudio", str(bad)], "bad.json:")


def test_doccano_offsets_past_the_end_and_unknown_relation_end(project, tmp_path, capsys):
    obj = json.loads((DATA / "doccano_relation.jsonl").read_text(encoding="utf-8"))
    obj["entities"][0]["end_offset"] = 999
    obj["relations"][0]["to_id"] = 77
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(obj) + "\n", encoding="utf-8")
    _expect_refused(
        project, capsys, ["--format", "doccano", str(bad), "--as", "x"], "bad.jsonl:1:", "past the end", "'77'"
    )


def test_docbin_that_is_not_one(project, tmp_path, capsys):
    bad = tmp_path / "bad.spacy"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not a docbin")
    _expect_refused(project, capsys, ["--format", "docbin", str(bad), "--as", "x"], "bad.spacy:1:", "DocBin")


def test_conll_tokens_that_do_not_match_the_corpus_text(project, tmp_path, capsys):
    doc = project.corpus.ids()[0]
    bad = tmp_path / "bad.conll"
    bad.write_text(f"-DOCSTART- {doc}\n\nA\tO\nZ.N.-sponsored\tB-ORG\n", encoding="utf-8")
    _expect_refused(project, capsys, ["--format", "conll", str(bad), "--as", "x"], "bad.conll:4:", "text mismatch")


def test_text_of_an_existing_document_that_changed(project, tmp_path, capsys):
    doc = project.corpus.ids()[0]
    line = json.dumps({"text": "Something else entirely.", "doc": doc, "label": [[0, 9, "ORG"]]})
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    _expect_refused(project, capsys, ["--format", "doccano", str(bad), "--as", "x"], "bad.jsonl:1:", "text mismatch")


def test_scheme_violation_is_reported_through_validation(project, tmp_path, capsys):
    src = _brat(tmp_path, "T1\tORG 0 6\tRebels\nA1\tlevel T1 HUGE\n")
    _expect_refused(project, capsys, ["--format", "brat", str(src), "--as", "x"], "doc1.ann:", "'level'")


def test_nothing_is_written_when_one_of_several_files_is_bad(project, tmp_path, capsys):
    good = tmp_path / "good"
    shutil.copytree(DATA / "brat" / "news", good)
    (good / "zz.txt").write_text("Rebels.\n", encoding="utf-8")
    (good / "zz.ann").write_text("T1\tORG 0 60\tRebels\n", encoding="utf-8")
    _expect_refused(project, capsys, ["--format", "brat", str(good), "--as", "x"], "zz.ann:1:")
    assert not (project.corpus_path / "aleppo.txt").exists()


def test_an_import_without_an_annotator_asks_for_one(project, tmp_path, capsys):
    before = snapshot(project)
    assert run(project, "import", "--format", "brat", str(DATA / "brat" / "news")) == 2
    assert "--as NAME" in capsys.readouterr().err
    assert snapshot(project) == before


@pytest.mark.parametrize("fmt", ["brat", "conll"])
def test_export_refuses_an_annotator_without_a_file(project, tmp_path, capsys, fmt):
    assert run(project, "export", "--format", fmt, "--annotators", "nobody", "--out", str(tmp_path / "x")) == 1
    assert "nobody" in capsys.readouterr().err
