"""Relations, discontinuous mentions, document labels and knowledge-base links, made by keys."""

from __future__ import annotations

from typing import Any

from tui_helpers import pick, run_app, screen_text, search, type_text

from annotator.project import Project
from annotator.store import read_records
from annotator.tui.app import AnnotatorApp


def test_a_relation_is_made_with_i_twice_and_deleted_from_the_mention(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "ISIL members")
        await pilot.press("o")
        await pick(pilot, "i", "ALLIED")
        await pilot.press("escape")
        assert screen.controller.pending.relation is None and screen.view.active == frozenset(), "escape cancels"
        await pick(pilot, "i", "LOCATED")
        assert "LOCATED_IN from m1: put the cursor on the second" in [n.message for n in app._notifications][-1]
        assert screen.view.active == {"m1"}, "the article highlights the first argument while the second is awaited"
        await pilot.press("i")
        assert "m1 is the first argument" in [n.message for n in app._notifications][-1]
        await search(pilot, "city of Aleppo")
        await pilot.press("right", "right", "g")
        await pilot.press("i")
        await pilot.pause()
        (rel,) = screen.record.relations
        assert (rel.type, [(a.role, a.ref) for a in rel.args]) == ("LOCATED_IN", [("Located", "m1"), ("Place", "m2")])
        assert [m.text for m in screen.record.mentions] == ["ISIL", "Aleppo"]
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "r1 LOCATED_IN: Located 'ISIL' m1" in screen_text(app), "the side panel shows the relation"
        await pilot.press("ctrl+l")
        await pick(pilot, "I", "delete")
        assert screen.record.relations == ()
        await pilot.press("ctrl+z")
        assert len(screen.record.relations) == 1
        await pilot.press("ctrl+q")

    run_app(project, body)
    saved = read_records(project.gold_dir / "ann.jsonl").by_doc()
    assert [r.type for rec in saved.values() for r in rec.relations] == ["LOCATED_IN"]


def test_a_discontinuous_mention_is_extended_with_s(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "ISIL members")
        await pilot.press("o")
        await pilot.press("s")
        await search(pilot, "members left")
        await pilot.press("shift+right", "s")
        (m,) = screen.record.mentions
        assert (m.text, [f.text for f in m.fragments]) == ("ISIL members left", ["ISIL", "members left"])
        drawn = [(k.start, k.end) for k in screen.view.marks if k.ident == "m1"]
        assert drawn == [f.key for f in m.fragments], "the article draws the fragments, not the extent"
        await search(pilot, "members left")
        await pilot.press("shift+right", "s")
        (m,) = screen.record.mentions
        assert (m.text, m.fragments) == ("ISIL", ())
        await pilot.press("ctrl+q")

    run_app(project, body)


def test_document_label_and_knowledge_base_link_by_keys(project: Project) -> None:
    (project.root / "gazetteer.tsv").write_text(
        "syr:isil\tIslamic State\tISIL|Daesh\nsyr:aleppo\tAleppo\t\n", encoding="utf-8"
    )
    linked = Project.at(project.root, {"gazetteer": "gazetteer.tsv"})

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await pick(pilot, "j", "NOT")
        assert screen.record.doc_labels == ("NOT_RELEVANT",)
        await pick(pilot, "j", "BACKGROUND")
        assert screen.record.doc_labels == ("BACKGROUND",), "one label per document in this scheme"
        await search(pilot, "ISIL members")
        await pilot.press("o")
        await pilot.press("G")
        assert "in no cluster" in [n.message for n in app._notifications][-1]
        await pick(pilot, "c", "new")
        await pilot.press("G")
        await type_text(pilot, "dae")
        await pilot.press("enter")
        await type_text(pilot, "Islamic")
        await pilot.press("enter")
        await pilot.pause()
        (entity,) = screen.record.entities
        assert (entity.kb, entity.name) == ("syr:isil", "Islamic State")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "linked: syr:isil" in screen_text(app)
        await pilot.press("ctrl+q")

    run_app(linked, body)
