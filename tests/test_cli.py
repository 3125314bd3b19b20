from __future__ import annotations

import json
import subprocess
import sys

import pytest

from annotator.cli import main
from annotator.store import write_records
from tests.factories import sample_record

DOC000 = "000_d246c74b127eef68"


def run(project, *args):
    return main(["--project", str(project.root), *args])


def test_validate_passes_on_a_clean_project(project, capsys):
    assert run(project, "validate") == 0
    assert "ok: scheme conflict-news/1, 5 documents" in capsys.readouterr().out


def test_validate_lists_every_problem_with_file_and_line_and_exits_1(project, capsys):
    doc = project.corpus.get(DOC000)
    good = sample_record(doc)
    data = good.to_json_dict()
    data["mentions"][0]["label"] = "NATION"
    path = project.gold_dir / "annotator-a.jsonl"
    write_records(path, [good.model_validate(data)])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("{broken\n")
    assert run(project, "validate") == 1
    err = capsys.readouterr().err
    assert f"{path}:1: doc {DOC000}: m1: unknown entity label 'NATION'" in err
    assert f"{path}:2: not valid JSON" in err


def test_validate_reports_a_file_named_after_another_annotator(project, capsys):
    write_records(project.gold_dir / "annotator-b.jsonl", [sample_record(project.corpus.get(DOC000), "annotator-a")])
    assert run(project, "validate") == 1
    assert "holds records of annotator 'annotator-a'" in capsys.readouterr().err


def test_usage_errors_exit_2():
    proc = subprocess.run([sys.executable, "-m", "annotator", "validate", "--no-such-flag"], capture_output=True)
    assert proc.returncode == 2
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_stats_counts_layers_labels_and_status(project, capsys):
    write_records(project.gold_dir / "annotator-a.jsonl", [sample_record(project.corpus.get(DOC000))])
    assert run(project, "stats", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    a = data["annotators"]["annotator-a"]
    assert data["documents"] == 5
    assert a["status"] == {"done": 1, "todo": 4}
    assert a["layers"]["mentions"] == 5 and a["layers"]["events"] == 2
    assert a["labels"]["mentions"] == {"LOC": 1, "ORG": 3, "PER": 1}
    assert run(project, "stats") == 0
    assert "annotator-a" in capsys.readouterr().out


def test_import_adds_new_documents_and_refuses_changed_ones(project, tmp_path, capsys):
    src = tmp_path / "incoming.jsonl"
    src.write_text(
        json.dumps({"id": "new-1", "text": "Fresh \u201cnews\u201d.", "meta": {"url": "x"}})
        + "\n"
        + json.dumps({"id": DOC000, "text": project.corpus.get(DOC000).text})
        + "\n",
        encoding="utf-8",
    )
    assert run(project, "import", str(src)) == 0
    assert (project.corpus_path / "new-1.txt").read_text(encoding="utf-8") == "Fresh \u201cnews\u201d."
    assert "imported 1 new document(s)" in capsys.readouterr().out
    src.write_text(json.dumps({"id": DOC000, "text": "changed"}) + "\n", encoding="utf-8")
    assert run(project, "import", str(src)) == 1
    assert "already exist with different text" in capsys.readouterr().err
    assert project.corpus.get(DOC000).text != "changed"


def test_import_refuses_a_target_outside_the_project(project, tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("x")
    assert run(project, "import", str(src), "--into", str(tmp_path.parent / "elsewhere")) == 1
    assert "outside the project folder" in capsys.readouterr().err


def test_validate_checks_named_scheme_and_text_files_by_their_kind(project, tmp_path, capsys):
    doc = project.corpus_path / f"{DOC000}.txt"
    assert run(project, "validate", str(doc), str(project.scheme_path)) == 0
    assert "1 text file(s)" in capsys.readouterr().out
    bad_scheme = tmp_path / "schema.toml"
    bad_scheme.write_text("[scheme\n", encoding="utf-8")
    assert run(project, "validate", str(bad_scheme)) == 1
    assert f"{bad_scheme}: not valid TOML" in capsys.readouterr().err
    bad_text = tmp_path / "latin1.txt"
    bad_text.write_bytes("caf\xe9".encode("latin-1"))
    assert run(project, "validate", str(bad_text)) == 1
    assert f"{bad_text}: not UTF-8 text" in capsys.readouterr().err


def test_a_corpus_set_is_a_second_corpus_with_its_own_annotations(project, capsys) -> None:
    """`--set heldout` reads the corpus and gold the project names for that set; the main set is untouched."""
    held = project.root / "extra"
    held.mkdir()
    (held / "100_new.txt").write_text("Rebels shelled the town on Monday, a monitor said.\n", encoding="utf-8")
    (project.root / "pyproject.toml").write_text(
        '[tool.annotator]\ncorpus = "seeds"\n\n[tool.annotator.sets.heldout]\ncorpus = "extra"\n'
        'gold = "gold/heldout"\n',
        encoding="utf-8",
    )
    assert main(["--project", str(project.root), "--set", "heldout", "stats", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 1
    assert main(["--project", str(project.root), "stats", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 5
    assert main(["--project", str(project.root), "--set", "nosuch", "stats"]) == 1
    assert "no corpus set 'nosuch'" in capsys.readouterr().err
