"""``annotator agreement`` end to end on a throwaway project made from the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.project import Project
from annotator.store import write_records
from tests.agreement.builders import record

HEAD = "Leader of Jaysh al-Islam, Zahran Alloush reportedly killed in Russian airstrike"
A, B, C = "001_aab8a3634b40cb55", "000_d246c74b127eef68", "002_f595e0b5b551e8a6"


def _doc_001(project: Project, annotator: str, *, bob: bool = False, status: str = "done"):
    text = project.corpus.get(A).text
    mentions = [
        ("m1", "Jaysh al-Islam", "ORG"),
        ("m2", "Alloush" if bob else "Zahran Alloush", "PER"),
        ("m3", "Russian", "ORG" if bob else "GPE"),
    ]
    if not bob:
        mentions.append(("m4", "Leader of Jaysh al-Islam", "PER"))
    other = {"realis": "OTHER", "modality": "PLANNED"}
    return record(
        A,
        text,
        annotator,
        status=status,
        zones=[(HEAD, "HEADLINE")],
        mentions=mentions,
        entities=[("e1", ["m2"] if bob else ["m2", "m4"]), ("e2", ["m1"]), ("e3", ["m3"])],
        events=[
            ("ev1", "killed", "DIE", [("Victim", "m2")], {"realis": "ACTUAL"}),
            ("ev2", "airstrike", "ATTACK", [("Attacker", "m3")], other if bob else {"realis": "ACTUAL"}),
        ],
        hoppers=[("h1", ["ev1"]), ("h2", ["ev2"])],
        attributions=[
            ("a1", None, "reportedly", ["killed in Russian airstrike"], ["ev1"], {"stance": "ASSERTS"}),
        ],
    )


def _doc_000(project: Project, annotator: str, status: str = "done"):
    text = project.corpus.get(B).text
    return record(B, text, annotator, status=status, mentions=[("m1", "2,000 fighters", "PER"), ("m2", "ISIL", "ORG")])


@pytest.fixture
def team(project: Project) -> Project:
    """alice and carol agree on 001; bob differs there; carol's 000 is in progress; dave shares nothing."""
    gold = project.gold_dir
    write_records(gold / "alice.jsonl", [_doc_001(project, "alice"), _doc_000(project, "alice")])
    write_records(gold / "bob.jsonl", [_doc_001(project, "bob", bob=True), _doc_000(project, "bob")])
    write_records(gold / "carol.jsonl", [_doc_001(project, "carol"), _doc_000(project, "carol", status="in_progress")])
    text = project.corpus.get(C).text
    write_records(gold / "dave.jsonl", [record(C, text, "dave", mentions=[("m1", "Aleppo", "GPE")])])
    return project


def run(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), "agreement", *args])


def report(project: Project, capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert run(project, "--format", "json", *args) == 0
    return json.loads(capsys.readouterr().out)


def _pair(measure: dict, a: str, b: str) -> dict:
    return next(p for p in measure["pairs"] if {p["a"], p["b"]} == {a, b})


def _layer(data: dict, name: str) -> dict:
    return next(s for s in data["spans"] if s["layer"] == name)


def test_pairs_are_scored_only_on_documents_both_finished(team: Project, capsys) -> None:
    data = report(team, capsys)
    assert data["annotators"] == ["alice", "bob", "carol"]
    shared = {(p["a"], p["b"]): p["docs"] for p in data["pairs"]}
    assert shared == {("alice", "bob"): 2, ("alice", "carol"): 1, ("bob", "carol"): 1}
    exact = _layer(data, "mentions")["measures"][0]
    assert exact["name"] == "F1 exact"
    assert _pair(exact, "alice", "carol")["value"] == 1.0
    assert _pair(exact, "alice", "bob")["value"] == pytest.approx(2 * 3 / (6 + 5))
    assert any("carol: 1 document(s) still in progress" in x for x in data["left_out"])
    assert any("dave: shares no document" in x for x in data["left_out"])


def test_in_progress_documents_count_when_asked(team: Project, capsys) -> None:
    data = report(team, capsys, "--include-in-progress")
    shared = {(p["a"], p["b"]): p["docs"] for p in data["pairs"]}
    assert shared[("alice", "carol")] == 2
    assert data["include_in_progress"] is True


def test_three_annotators_get_alpha_fleiss_and_u_alpha_on_complete_documents(team: Project, capsys) -> None:
    data = report(team, capsys, "--layers", "mentions,events,attributions,coref")
    tokens = next(c for c in data["coefficients"] if c["layer"] == "mentions" and c["name"] == "token labels")
    assert 0 < tokens["fleiss_units"] < tokens["units"]
    assert tokens["alpha"] is not None and tokens["alpha"] < 1
    mentions = _layer(data, "mentions")
    assert mentions["ualpha_docs"] == 1
    assert mentions["ualpha"] is not None and mentions["ualpha"] < 1
    labels = {r["label"]: r for r in mentions["labels"]}
    # GPE "Russian": matched by alice/carol, unmatched once in alice/bob and once in bob/carol: 2*1 / (2+1+1).
    assert labels["GPE"]["exact_f1"] == pytest.approx(0.5)
    confusion = {(c["a"], c["b"]): c["count"] for c in mentions["confusion"]}
    assert confusion[("GPE", "ORG")] == 2
    measures = {(m["layer"], m["name"]): m for m in data["measures"]}
    role = measures[("events", "argument role F1")]
    assert _pair(role, "alice", "carol")["value"] == 1.0
    assert _pair(role, "alice", "bob")["value"] == pytest.approx(0.5)
    assert _pair(measures[("entities", "CoNLL F1")], "alice", "carol")["value"] == pytest.approx(1.0)
    realis = next(c for c in data["coefficients"] if c["name"] == "realis on agreed units")
    assert _pair(realis["kappa"], "alice", "carol")["value"] is None
    assert realis["units"] == 2
    assert data["layers"] == ["mentions", "entities", "events", "attributions"], "'coref' is read as 'entities'"
    assert [s["layer"] for s in data["spans"]] == ["mentions", "events", "attributions"]


def test_disagreements_are_grouped_by_kind_with_every_version(team: Project, capsys) -> None:
    data = report(team, capsys, "--layers", "mentions", "--disagreements")
    found = {(d["kind"], d["text"]): d for d in data["disagreements"] if d["doc"] == A}
    label = found[("label", "Russian")]
    assert {(v["annotator"], v["label"]) for v in label["versions"]} == {
        ("alice", "GPE"), ("bob", "ORG"), ("carol", "GPE")
    }  # fmt: skip
    boundary = found[("boundary", "Zahran Alloush")]
    assert sorted(v["text"] for v in boundary["versions"]) == ["Alloush", "Zahran Alloush", "Zahran Alloush"]
    missing = found[("missing", "Leader of Jaysh al-Islam")]
    assert missing["absent"] == ["bob"]
    assert len(found) == 3


@pytest.mark.parametrize("fmt", ["markdown", "html", "table"])
def test_every_format_renders_and_out_writes_a_file(team: Project, capsys, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    assert run(team, "--format", fmt, "--disagreements", "--out", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "Russian" in text
    assert "mean ± sample SD over pairs" in text, "the report says which SD it gives"
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and "Label confusion" in text and "Pairwise F1 exact" in text
        assert "<script" not in text and "http" not in text
    if fmt == "markdown":
        assert "| label | spans | exact F1 | overlap F1 | u-alpha |" in text


def test_a_single_annotator_is_an_error(project: Project, capsys) -> None:
    assert run(project) == 1
    assert f"no annotations in {project.gold_dir}" in capsys.readouterr().err
    write_records(project.gold_dir / "alice.jsonl", [_doc_001(project, "alice")])
    assert run(project) == 1
    assert "at least two annotators, got 1 (alice)" in capsys.readouterr().err


def test_a_named_annotator_without_documents_is_an_error(team: Project, capsys) -> None:
    write_records(team.gold_dir / "erin.jsonl", [_doc_001(team, "erin", status="in_progress")])
    assert run(team, "--annotators", "alice,erin") == 1
    assert "erin has no documents marked done" in capsys.readouterr().err
    assert run(team, "--annotators", "alice,zoe") == 1
    assert "no annotation file for zoe" in capsys.readouterr().err
    assert run(team, "--annotators", "alice,dave") == 1
    assert "alice, dave: no document shared with another of the chosen annotators" in capsys.readouterr().err


def test_an_unnamed_annotator_without_documents_is_left_out(team: Project, capsys) -> None:
    write_records(team.gold_dir / "erin.jsonl", [_doc_001(team, "erin", status="in_progress")])
    data = report(team, capsys)
    assert "erin" not in data["annotators"]
    assert any(x.startswith("erin has no documents marked done") for x in data["left_out"])


def test_a_bad_line_in_an_annotation_file_stops_with_its_location(team: Project, capsys) -> None:
    with (team.gold_dir / "bob.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("{not json}\n")
    assert run(team) == 1
    assert "bob.jsonl:3: not valid JSON" in capsys.readouterr().err


def test_docs_restrict_the_comparison(team: Project, capsys) -> None:
    data = report(team, capsys, "--docs", B)
    assert data["documents"] == [B]
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [("alice", "bob")]
    assert run(team, "--docs", "nope") == 1
    assert "documents not in the corpus: nope" in capsys.readouterr().err


def test_reports_go_to_a_subfolder_of_gold(team: Project, capsys) -> None:
    out = team.gold_dir / "reports" / "agreement.md"
    out.parent.mkdir()
    assert run(team, "--format", "markdown", "--out", str(out)) == 0
    assert out.read_text(encoding="utf-8").startswith("#")


def test_out_never_writes_into_the_annotation_folder(team: Project, capsys) -> None:
    before = (team.gold_dir / "alice.jsonl").read_bytes()
    assert run(team, "--format", "json", "--out", str(team.gold_dir / "alice.jsonl")) == 1
    assert "refusing to write a report into the annotation folder" in capsys.readouterr().err
    assert (team.gold_dir / "alice.jsonl").read_bytes() == before


def test_bootstrap_intervals_resample_documents_and_repeat_by_seed(team: Project, capsys) -> None:
    """alice and bob share 001 (1 of 4 and 3 mentions match: F1 2/7) and 000 (F1 1); both: 6/11.

    Two documents drawn with replacement give 001 twice (2/7), a mix (6/11) or 000 twice (1), each
    pair a quarter of the time, so the 90% interval runs from 2/7 to 1."""
    pair = ["--annotators", "alice,bob", "--layers", "mentions"]
    data = report(team, capsys, *pair, "--bootstrap", "400", "--seed", "3", "--confidence", "0.9")
    assert data["confidence"] == 0.9
    exact = next(i for i in data["intervals"] if i["figure"] == "mentions: F1 exact")
    assert exact["value"] == pytest.approx(6 / 11) == _layer(data, "mentions")["measures"][0]["summary"]["mean"]
    assert exact["lo"] == pytest.approx(2 / 7) and exact["hi"] == 1.0
    assert exact["resamples"] == 400
    again = report(team, capsys, *pair, "--bootstrap", "400", "--seed", "3", "--confidence", "0.9")
    assert again["intervals"] == data["intervals"], "the same seed draws the same resamples"
    one = report(team, capsys, *pair, "--docs", A, "--bootstrap", "50")
    exact_one = next(i for i in one["intervals"] if i["figure"] == "mentions: F1 exact")
    assert exact_one["lo"] == exact_one["hi"] == pytest.approx(2 / 7), "one document: every resample is the same"
    assert run(team, *pair, "--bootstrap", "10", "--confidence", "1.5") == 1
    assert "--confidence 1.5 must be between 0 and 1" in capsys.readouterr().err
    assert run(team, *pair, "--bootstrap", "20", "--format", "markdown") == 0
    assert "95% confidence intervals (percentile bootstrap over documents)" in capsys.readouterr().out
