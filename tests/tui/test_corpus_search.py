"""Search across the corpus: text and annotations (label, attribute value, cluster name); Enter jumps there."""

from __future__ import annotations

import re
from typing import Any

from factories import sample_record
from tui_helpers import run_app, search, type_text

from annotator.project import Project
from annotator.store import write_records
from annotator.tui.app import AnnotatorApp
from annotator.tui.corpus_search import search_corpus
from annotator.tui.session import Session

DOC0 = "000_d246c74b127eef68"
DOC2 = "002_f595e0b5b551e8a6"
DOC4 = "004_18ce445469fc81d2"


def _session(project: Project) -> Session:
    write_records(project.gold_dir / "ann.jsonl", [sample_record(project.corpus.get(DOC0), "ann")])
    return Session.open(project, "ann")


def test_labels_values_and_cluster_names_are_found_across_the_corpus(project: Project) -> None:
    session = _session(project)
    try:
        record = session.record(DOC0)
        orgs = sorted(m.start for m in record.mentions if m.label == "ORG")
        hits, total = search_corpus(session, "org")
        assert [(h.doc, h.start) for h in hits if h.what.startswith("mention")] == [(DOC0, s) for s in orgs]
        assert total == len(hits) and all(h.what == "text" for h in hits if h.start not in orgs)
        noms = {f"mention {m.label} level=NOM" for m in record.mentions if m.attrs.get("level") == "NOM"}
        assert len(noms) >= 2
        assert {h.what for h in search_corpus(session, "level=NOM")[0]} == noms
        name = {h.what for h in search_corpus(session, "isil")[0]}
        assert any(w.startswith("cluster ") for w in name) and "text" in name
        assert search_corpus(session, "   ") == ([], 0)
    finally:
        session.close()


def test_text_hits_are_listed_and_enter_opens_the_document_there(project: Project) -> None:
    aleppo2 = project.corpus.get(DOC2).text.index("Aleppo")

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await pilot.press("ctrl+f")
        await type_text(pilot, "aleppo")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "SearchScreen"
        counts = {d: len(re.findall("aleppo", project.corpus.get(d).text.lower())) for d in project.corpus.ids()}
        total = sum(counts.values())
        assert f"{total} hit(s) in 3 document(s)" in str(app.screen.query_one("#search-count").render())
        await pilot.press(*["down"] * counts[DOC0], "enter")
        await pilot.pause()
        assert app.screen.doc_id == DOC2
        assert app.screen.view.cursor_span[0] == aleppo2
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC4)


def test_an_annotation_just_made_is_found_and_jumped_to(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "Aleppo")
        await pilot.press("g")
        await pilot.pause()
        start = app.screen.record.mentions[0].start
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.doc_id != DOC2
        await pilot.press("ctrl+f")
        await type_text(pilot, "gpe")
        await pilot.press("enter")
        await pilot.pause()
        assert "1 hit(s) in 1 document(s)" in str(app.screen.query_one("#search-count").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.doc_id == DOC2 and app.screen.view.cursor_span[0] == start
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC2)
