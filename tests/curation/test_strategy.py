"""``adjudicate --strategy majority|unanimous`` and decisions naming what no annotator has."""

from __future__ import annotations

import json

import pytest

from annotator.adjudicate import Decision, adjudicate
from annotator.cli import main
from annotator.project import Project
from annotator.store import load_records, write_records
from tests.curation.records import DOC, b_version
from tests.factories import sample_record


@pytest.fixture
def three(two: Project) -> Project:
    """C agrees with B on "a monitor" (PER) and with A on the fighters' extent; nobody else has "U.N."."""
    doc = two.corpus.get(DOC)
    c = b_version(doc).model_copy(update={"annotator": "annotator-c"}).to_json_dict()
    c["mentions"][1].update({k: v for k, v in sample_record(doc).mentions[1].model_dump().items() if k != "id"})
    write_records(two.gold_dir / "annotator-c.jsonl", [type(b_version(doc)).model_validate(c)])
    return two


def run(project: Project, *extra: str) -> tuple[int, dict]:
    out = project.root / "out.json"
    code = main(
        [
            "--project",
            str(project.root),
            "adjudicate",
            "--annotators",
            "annotator-a,annotator-b,annotator-c",
            "--unresolved",
            str(out),
            *extra,
        ]
    )
    left = [json.loads(x) for x in out.read_text().splitlines()] if out.exists() else []
    return code, {u["item"]: u for u in left}


def test_majority_takes_two_of_three_and_leaves_ties_open(three: Project) -> None:
    code, left = run(three, "--strategy", "majority")
    assert code == 0
    gold = load_records(three.gold_dir / "gold.jsonl")[0]
    by_text = {m.text: m for m in gold.mentions}
    assert by_text["a monitor"].label == "PER"  # B and C against A
    assert "more than 2,000 fighters" in by_text  # A and C
    assert "2,000 fighters" not in by_text  # B alone: most made nothing there
    assert "U.N." in by_text  # B and C
    assert gold.meta["provenance"][by_text["a monitor"].id] == {
        "rule": "majority",
        "by": ["annotator-b", "annotator-c"],
        "proposed": ["annotator-a", "annotator-b", "annotator-c"],
    }
    # v1: A has Origin, B's Transported is "2,000 fighters", C's "more than 2,000 fighters": three versions,
    # a tie, left open and listed; A's version (--prefer) stands meanwhile.
    assert set(left) == {"event:25-33"}
    v1 = next(e for e in gold.events if e.trigger.text == "evacuate")
    assert gold.meta["provenance"][v1.id]["rule"] == "preferred"


def test_majority_with_a_tie_between_two_annotators(two: Project) -> None:
    doc = two.corpus.get(DOC)
    records = {n: load_records(two.gold_dir / f"{n}.jsonl")[0] for n in ("annotator-a", "annotator-b")}
    result = adjudicate(doc, records, prefer="annotator-a", scheme=two.scheme, strategy="majority")
    tied = {u["item"] for u in result.unresolved}
    assert {"mention:220-229", "mention:2-6", "event:25-33"} <= tied
    assert result.counts["majority"] == 0


def test_unanimous_keeps_only_what_everyone_made_alike(three: Project) -> None:
    assert run(three, "--strategy", "unanimous")[0] == 0
    gold = load_records(three.gold_dir / "gold.jsonl")[0]
    texts = {m.text for m in gold.mentions}
    assert "a monitor" not in texts and "U.N." not in texts and "ISIL" in texts
    assert all(p["rule"] == "agreed" for k, p in gold.meta["provenance"].items() if k[0] in "mvaz")


def test_a_decision_on_an_item_nobody_has_is_refused(two: Project) -> None:
    doc = two.corpus.get(DOC)
    records = {n: load_records(two.gold_dir / f"{n}.jsonl")[0] for n in ("annotator-a", "annotator-b")}
    for item in ("mention:0-1", "entity:mention:0-1,mention:2-6"):
        with pytest.raises(ValueError, match="no annotator has this item"):
            adjudicate(
                doc,
                records,
                [Decision(doc=DOC, item=item, take=None, reason="")],
                prefer="annotator-a",
                scheme=two.scheme,
            )
