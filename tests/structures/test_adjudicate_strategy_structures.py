"""``adjudicate --strategy majority|unanimous`` settles relations and document labels as it settles every item."""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotator import editing as ed
from annotator.cli import main
from annotator.model import AnnotationRecord, Mention, Span
from annotator.project import Project
from annotator.store import load_records, write_records
from tests.factories import find, record

SEED = "001_aab8a3634b40cb55"
NAMES = ("annotator-a", "annotator-b", "annotator-c")
SHARED = {"Zahran Alloush": "PER", "Zahran Alloush#1": "PER", "Jaysh al-Islam": "ORG", "Russian": "GPE"}
"""Mentions every annotator made, by phrase (``#1``: its second occurrence, the name under the headline)."""


def span_of(project: Project, phrase: str) -> Span:
    base, _, nth = phrase.partition("#")
    return find(project.corpus.get(SEED), base, int(nth or 0))


def annotated(
    project: Project, name: str, extra: dict[str, str], relations: list[tuple[str, str, str]], label: str
) -> None:
    """Writes ``name``'s finished record: the shared mentions, ``extra`` ones (phrase -> label), ``relations``
    (type, first phrase, second phrase) and one document label."""
    doc = project.corpus.get(SEED)
    wanted = {**SHARED, **extra}
    mentions = [
        Mention(id=f"m{i}", label=lab, attrs={"level": "NAM"}, **span_of(project, phrase).model_dump())
        for i, (phrase, lab) in enumerate(wanted.items(), 1)
    ]
    rec = record(doc, name, mentions=tuple(mentions), status="done")
    ids = {phrase: f"m{i}" for i, phrase in enumerate(wanted, 1)}
    for rtype, first, second in relations:
        rec, _ = ed.add_relation(rec, project.scheme, rtype, ids[first], ids[second])
    rec = ed.toggle_doc_label(rec, project.scheme, label)
    write_records(project.gold_dir / f"{name}.jsonl", [AnnotationRecord.model_validate(rec.model_dump())])


@pytest.fixture
def three(project: Project) -> Project:
    """Everyone: Alloush MEMBER_OF Jaysh al-Islam. B and C: Alloush MEMBER_OF Russian (A has none), Jaysh al-Islam
    LOCATED_IN Damascus (a mention B calls GPE, C LOC: a tie, so not in the gold). A: Russian ALLIED_WITH Jaysh
    al-Islam where B has Jaysh al-Islam LOCATED_IN Russian (C none: a tie), and the second Alloush ALLIED_WITH
    Jaysh al-Islam (alone). Labels: A RELEVANT, B and C BACKGROUND."""
    member = ("MEMBER_OF", "Zahran Alloush", "Jaysh al-Islam")
    annotated(
        project,
        "annotator-a",
        {},
        [member, ("ALLIED_WITH", "Russian", "Jaysh al-Islam"), ("ALLIED_WITH", "Zahran Alloush#1", "Jaysh al-Islam")],
        "RELEVANT",
    )
    both = [member, ("MEMBER_OF", "Zahran Alloush", "Russian"), ("LOCATED_IN", "Jaysh al-Islam", "Damascus")]
    annotated(
        project, "annotator-b", {"Damascus": "GPE"}, [*both, ("LOCATED_IN", "Jaysh al-Islam", "Russian")], "BACKGROUND"
    )
    annotated(project, "annotator-c", {"Damascus": "LOC"}, both, "BACKGROUND")
    return project


def adjudicated(
    project: Project, capsys: pytest.CaptureFixture[str], strategy: str, *extra: str
) -> tuple[AnnotationRecord, dict[str, Any]]:
    """The gold record and the JSON summary of ``adjudicate --strategy STRATEGY`` over A, B and C."""
    args = ["--project", str(project.root), "adjudicate", "--annotators", ",".join(NAMES), "--format", "json"]
    assert main([*args, "--strategy", strategy, *extra]) == 0
    (gold,) = load_records(project.gold_dir / "gold.jsonl")
    return gold, json.loads(capsys.readouterr().out)


def at(project: Project, phrase: str) -> str:
    """The key of the mention of ``phrase``."""
    span = span_of(project, phrase)
    return f"mention:{span.start}-{span.end}"


def pair(project: Project, first: str, second: str) -> str:
    return "relation:" + ",".join(sorted((at(project, first), at(project, second))))


def relations_of(gold: AnnotationRecord) -> dict[tuple[str, ...], dict[str, Any]]:
    """(type, first argument's key, second's) -> provenance."""
    key = {m.id: f"mention:{m.start}-{m.end}" for m in gold.mentions}
    return {(r.type, *(key[a.ref] for a in r.args)): gold.meta["provenance"][r.id] for r in gold.relations}


def test_majority_keeps_the_relations_and_labels_most_annotators_made(
    three: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    gold, summary = adjudicated(three, capsys, "majority")
    alloush, jaysh, russian = (at(three, x) for x in ("Zahran Alloush", "Jaysh al-Islam", "Russian"))
    assert relations_of(gold) == {
        ("MEMBER_OF", alloush, jaysh): {"rule": "agreed", "by": list(NAMES)},
        ("MEMBER_OF", alloush, russian): {
            "rule": "majority",
            "by": ["annotator-b", "annotator-c"],
            "proposed": ["annotator-b", "annotator-c"],
        },
        ("ALLIED_WITH", russian, jaysh): {"rule": "preferred", "by": ["annotator-a"]},
    }, "A's lone ALLIED_WITH of the second Alloush is dropped; the tie on Russian/Jaysh al-Islam keeps A's"
    assert gold.doc_labels == ("BACKGROUND",)
    assert gold.meta["provenance"]["doc_labels"] == {
        "rule": "majority",
        "by": ["annotator-b", "annotator-c"],
        "proposed": list(NAMES),
    }
    listed = {u["item"] for u in summary["unresolved"]}
    assert listed == {at(three, "Damascus"), pair(three, "Russian", "Jaysh al-Islam")}, "only the ties are left open"
    assert [(x["item"], x["what"]) for x in summary["lost"]] == [
        (pair(three, "Jaysh al-Islam", "Damascus"), "relation LOCATED_IN (Place)")
    ], "B and C's LOCATED_IN needs Damascus, which the tie kept out of the gold"


def test_unanimous_keeps_only_the_relations_and_labels_everyone_made(
    three: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    gold, summary = adjudicated(three, capsys, "unanimous")
    alloush, jaysh = at(three, "Zahran Alloush"), at(three, "Jaysh al-Islam")
    assert relations_of(gold) == {("MEMBER_OF", alloush, jaysh): {"rule": "agreed", "by": list(NAMES)}}
    assert gold.doc_labels == () and "doc_labels" not in gold.meta["provenance"]
    unresolved = {u["item"]: u for u in summary["unresolved"]}
    assert {k for k in unresolved if k.startswith("relation:")} == {
        pair(three, "Russian", "Jaysh al-Islam"),
        pair(three, "Zahran Alloush", "Russian"),
        pair(three, "Zahran Alloush#1", "Jaysh al-Islam"),
        pair(three, "Jaysh al-Islam", "Damascus"),
    }
    assert unresolved["doc_labels"]["versions"] == {
        "annotator-a": "RELEVANT",
        "annotator-b": "BACKGROUND",
        "annotator-c": "BACKGROUND",
    }


def test_under_prefer_differing_labels_are_listed_while_the_preferred_stand(
    three: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    gold, summary = adjudicated(three, capsys, "prefer")
    assert gold.doc_labels == ("RELEVANT",)
    assert gold.meta["provenance"]["doc_labels"] == {"rule": "preferred", "by": ["annotator-a"]}
    assert next(u for u in summary["unresolved"] if u["item"] == "doc_labels")["missing"] == []


def test_a_decision_takes_one_annotators_labels_and_names_no_one_without_labels(
    three: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    decisions = three.root / "decisions.jsonl"
    decision = {"doc": SEED, "item": "doc_labels", "take": "annotator-a", "reason": "it reports the killing"}
    decisions.write_text(json.dumps(decision) + "\n", encoding="utf-8")
    gold, summary = adjudicated(three, capsys, "unanimous", "--decisions", str(decisions))
    assert gold.doc_labels == ("RELEVANT",)
    assert gold.meta["provenance"]["doc_labels"] == {
        "rule": "decision",
        "by": ["annotator-a"],
        "proposed": list(NAMES),
        "reason": "it reports the killing",
    }
    assert "doc_labels" not in {u["item"] for u in summary["unresolved"]}

    (rec,) = load_records(three.gold_dir / "annotator-a.jsonl")
    write_records(three.gold_dir / "annotator-a.jsonl", [rec.model_copy(update={"doc_labels": ()})])
    before = (three.gold_dir / "gold.jsonl").read_bytes()
    args = ["--project", str(three.root), "adjudicate", "--annotators", ",".join(NAMES), "--decisions", str(decisions)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"{decisions}:1: " in err and "'annotator-a' has no version of this item" in err
    assert (three.gold_dir / "gold.jsonl").read_bytes() == before, "the gold is left as it was"
