"""Label every occurrence: one key offers a mention's label on every other place its text appears."""

from __future__ import annotations

import json
import re
from typing import Any

from tui_helpers import run_app, search

from annotator.project import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.occurrences import find_occurrences

DOC0 = "000_d246c74b127eef68"
DOC2 = "002_f595e0b5b551e8a6"


def test_occurrences_are_whole_words_and_case_sensitive() -> None:
    assert find_occurrences("ISIL, ISILs and isil; (ISIL)", "ISIL") == [(0, 4), (23, 27)]


def test_every_occurrence_in_the_document_is_suggested_then_accepted_or_rejected(project: Project) -> None:
    text = project.corpus.get(DOC0).text
    isil = [m.start() for m in re.finditer(r"\bISIL\b", text)]

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "ISIL")
        await pilot.press("o")
        await pilot.pause()
        assert not [s for s in screen.controller.suggestions() if s.kind == "mention"]
        await pilot.press("asterisk")
        await pilot.pause()
        offered = [s for s in screen.controller.suggestions() if s.label == "ORG"]
        assert sorted(s.start for s in offered) == isil[1:]
        await pilot.press("n", "y")
        await pilot.pause()
        assert len(screen.record.mentions) == 2
        await pilot.press("n", "x")
        await pilot.pause()
        assert len([s for s in screen.controller.suggestions() if s.kind == "mention"]) == len(isil) - 3
        await pilot.press("n", "ctrl+e")
        await pilot.pause()
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC0)
    saved = json.loads((project.gold_dir / "ann.jsonl").read_text())
    orgs = sorted(m["start"] for m in saved["mentions"] if m["label"] == "ORG")
    assert orgs == isil[:2] + isil[3:], "every occurrence but the rejected one becomes ORG"


def test_every_occurrence_in_the_corpus_is_suggested_in_other_documents(project: Project) -> None:
    syria = [m.start() for m in re.finditer(r"\bSyria\b", project.corpus.get(DOC2).text)]

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "in Syria in")
        await pilot.press("right", "g", "ampersand")
        await pilot.pause()
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        assert app.screen.doc_id == DOC2
        assert sorted(s.start for s in app.screen.controller.suggestions() if s.label == "GPE") == syria
        await search(pilot, "Syria conf")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("ctrl+q")

    session = run_app(project, body, doc=DOC0)
    record = session.store.get(DOC2)
    assert record is not None
    assert [(m.text, m.label) for m in record.mentions] == [("Syria", "GPE")]
