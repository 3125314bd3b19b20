"""Relations in the curation screen: listed as decisions, accepted, rejected or taken by key, read by adjudicate."""

from __future__ import annotations

from typing import Any

from annotator import editing as ed
from annotator.curation.session import Curation
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.store import load_records, write_records
from annotator.tui.curation.controller import CurationController
from tests.curation.records import DOC
from tests.curation.test_curate_app import NAMES, batch_gold, decisions, go_to, same
from tests.curation.test_curate_edit import curate, details

PAIR = "relation:mention:120-124,mention:220-229"  # ISIL and "a monitor"
PLACE = "relation:mention:120-124,mention:132-166"  # ISIL and "rebel-held parts of south Damascus"


def related(project: Project, name: str, *relations: tuple[str, str, str]) -> None:
    """``name``'s record with ``(type, first, second)`` relations between the mentions of those texts."""
    path = project.gold_dir / f"{name}.jsonl"
    (rec,) = load_records(path)
    ids = {m.text: m.id for m in sorted(rec.mentions, key=lambda m: m.start, reverse=True)}
    for rtype, first, second in relations:
        rec, _ = ed.add_relation(rec, project.scheme, rtype, ids[first], ids[second])
    write_records(path, [AnnotationRecord.model_validate(rec.model_dump())])


def with_relations(project: Project) -> None:
    """A: the monitor ALLIED_WITH ISIL, ISIL LOCATED_IN south Damascus; B: the monitor MEMBER_OF ISIL."""
    related(
        project,
        "annotator-a",
        ("ALLIED_WITH", "a monitor", "ISIL"),
        ("LOCATED_IN", "ISIL", "rebel-held parts of south Damascus"),
    )
    related(project, "annotator-b", ("MEMBER_OF", "a monitor", "ISIL"))


def test_relation_disagreements_are_decisions_taken_and_rejected_by_key(two: Project) -> None:
    with_relations(two)

    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, PAIR)
        current = ctl.cursor.current
        assert current is not None and current.open and "relation conflict" in current.summary
        shown = details(pilot)
        assert "1 annotator-a: ALLIED_WITH Ally='a monitor' Ally='ISIL'" in shown
        assert "2 annotator-b: MEMBER_OF Member='a monitor' Group='ISIL'" in shown
        await pilot.press("2")
        assert "took annotator-b" in ctl.cursor.current.summary
        await go_to(pilot, ctl, PLACE)
        assert "relation proposed" in ctl.cursor.current.summary and "only annotator-a" in details(pilot)
        await pilot.press("x")
        assert "rejected" in ctl.cursor.current.summary
        await pilot.press("r")
        await pilot.pause()
        assert "a relation is decided, not edited" in [n.message for n in pilot.app._notifications][-1]

    path = curate(two, body)
    made = decisions(path)
    assert made[PAIR]["take"] == "annotator-b" and made[PLACE]["take"] is None
    gold = batch_gold(two, path)
    assert same(Curation(two, NAMES, path).gold(DOC).record, gold), "the app and adjudicate give the same gold"
    text = {m.id: m.text for m in gold.mentions}
    (rel,) = gold.relations
    assert (rel.type, [text[a.ref] for a in rel.args]) == ("MEMBER_OF", ["a monitor", "ISIL"])
    assert gold.meta["provenance"][rel.id]["rule"] == "decision"


def test_accepting_a_relation_keeps_it_and_without_a_decision_the_preferred_stands(two: Project) -> None:
    with_relations(two)
    undecided = Curation(two, NAMES, two.gold_dir / "none.jsonl").gold(DOC)
    assert sorted(r.type for r in undecided.record.relations) == ["ALLIED_WITH", "LOCATED_IN"], "A is preferred"
    listed = {u["item"]: u for u in undecided.unresolved if u["item"].startswith("relation:")}
    assert set(listed) == {PAIR, PLACE}, "adjudicate lists the relations awaiting a decision"
    assert listed[PLACE]["missing"] == ["annotator-b"]
    assert listed[PAIR]["versions"]["annotator-b"] == "MEMBER_OF Member='a monitor' Group='ISIL'"

    async def body(pilot: Any, ctl: CurationController) -> None:
        await go_to(pilot, ctl, PLACE)
        await pilot.press("y")
        assert "took annotator-a" in ctl.cursor.current.summary
        await go_to(pilot, ctl, PAIR)
        await pilot.press("x")

    path = curate(two, body)
    made = decisions(path)
    assert made[PLACE]["take"] == "annotator-a" and made[PAIR]["take"] is None
    decided = Curation(two, NAMES, path).gold(DOC)
    assert not [u for u in decided.unresolved if u["item"].startswith("relation:")]
    gold = batch_gold(two, path)
    assert [r.type for r in gold.relations] == ["LOCATED_IN"]
    assert gold.meta["provenance"][gold.relations[0].id]["rule"] == "decision"
