"""A full annotation session on a seed article, driven by real key presses."""

from __future__ import annotations

import json
from typing import Any

from tui_helpers import DOC, pick, run_app, screen_text, search

from annotator import editing as ed
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.tokens import tokenize
from annotator.tui.app import AnnotatorApp


def _at(text: str, needle: str, after: str | None = None) -> tuple[int, int]:
    start = text.index(needle, text.index(after) if after else 0)
    return start, start + len(needle)


def expected_record(project: Project) -> AnnotationRecord:
    """The same session built through the editing functions (ids assigned in the same order)."""
    text = project.corpus.get(DOC).text
    s = project.scheme
    r = AnnotationRecord(doc=DOC, doc_sha256=project.corpus.get(DOC).sha256, annotator="ann", scheme=s.id)
    r, _ = ed.add_zone(r, text, s, *_at(text, "You are here"), "BOILERPLATE")
    r, m1 = ed.add_mention(r, text, s, *_at(text, "Syrian rebels"), "PER")
    r, m2 = ed.add_mention(r, text, s, *_at(text, "Islamic State of Iraq and the Levant"), "ORG")
    r, m3 = ed.add_mention(r, text, s, *_at(text, "ISIL", after="(ISIL)"), "ORG")
    r, e1 = ed.attach(r, m3, None)
    r, _ = ed.attach(r, m2, e1)
    r, v1 = ed.add_event(r, text, s, *_at(text, "overran"), "TERRITORY_CHANGE")
    r = ed.add_argument(r, s, v1, "Captor", m1)
    r = ed.add_argument(r, s, v1, "Loser", m2)
    r = ed.set_attr(r, s, v1, "realis", "GENERIC")
    r, m4 = ed.add_mention(r, text, s, *_at(text, "a diplomat"), "PER")
    r, v2 = ed.add_event(r, text, s, *_at(text, "freed", after="had been freed"), "RELEASE")
    r, a1 = ed.add_attribution(r, text, s, _at(text, "announced"))
    r = ed.set_source(r, a1, m4)
    content = _at(text, "two Swedish reporters missing in Syria since November had been freed")
    r = ed.toggle_content(r, text, s, a1, *content)
    return ed.toggle_report(r, a1, v2)


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "updated"}


def _saved(project: Project) -> list[dict[str, Any]]:
    lines = (project.gold_dir / "ann.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _messages(app: AnnotatorApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _session(app: AnnotatorApp, pilot: Any) -> None:
    view = app.screen.view
    await pilot.press("m", "shift+right", "shift+right")
    assert view.selection == (0, len("You are here"))
    await pick(pilot, "z", "boil")
    await pilot.press("p")
    assert any("BOILERPLATE zone z1" in m for m in _messages(app)), "labelling inside boilerplate is refused"

    await search(pilot, "Syrian r")
    await pilot.press("shift+right", "p")
    await search(pilot, "Islamic S")
    await pilot.press(*["shift+right"] * 6, "o")
    await search(pilot, "(ISIL)")
    await pilot.press("right", "o")
    await pick(pilot, "c", "+")
    await search(pilot, "Islamic S")
    await pick(pilot, "c", "ISIL")

    await search(pilot, "overra")
    await pick(pilot, "e", "terr")
    assert "a Arg" in screen_text(app).splitlines()[-1], "the footer offers arguments once an event is active"
    await pilot.press("shift+tab")
    await pick(pilot, "a", "capt")
    await pilot.press("tab")
    await pick(pilot, "a", "los")
    await pilot.press("R")
    await pilot.pause()
    assert "realis = GENERIC" in screen_text(app)

    await search(pilot, "a dip")
    await pilot.press("shift+right", "p")
    await search(pilot, "been f")
    await pilot.press("right")
    await pick(pilot, "e", "relea")
    await search(pilot, "announ")
    await pilot.press("q")
    await search(pilot, "a dip")
    await pick(pilot, "u", "sou")
    await search(pilot, "two Sw")
    await pilot.press(*["shift+right"] * 10)
    await pick(pilot, "u", "cont")
    await pick(pilot, "u", "repo")
    assert "RELEASE 'freed' (ev2)" in screen_text(app), "events inside the content are offered as reports"
    await pilot.press("enter")
    await pilot.pause()
    before_undo = app.screen.record
    assert before_undo.attributions[0].reports == ("ev2",)

    await pilot.press("ctrl+z")
    await pilot.pause()
    assert app.screen.record.attributions[0].reports == ()
    assert "undid" in screen_text(app)
    await pilot.press("ctrl+y")
    await pilot.pause()
    assert app.screen.record.attributions[0].reports == ("ev2",)
    await pilot.press("ctrl+q")


def test_full_session_saves_exactly_what_was_done_and_reopens(project: Project) -> None:
    tokenize(project.corpus.get(DOC).text)
    run_app(project, _session)
    expected = expected_record(project).canonical().to_json_dict()
    saved = _saved(project)
    assert len(saved) == 1, "closing compacts the append log to one line per document"
    assert _comparable(saved[0]) == _comparable(expected)

    state = json.loads((project.gold_dir / ".state" / "ann.json").read_text())
    assert state["doc"] == DOC
    cursor = state["cursor"][DOC]
    text = project.corpus.get(DOC).text
    assert text[cursor:].startswith("freed"), "the cursor is remembered where the session ended"

    async def reopened(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        assert screen.doc_id == DOC
        assert screen.view.cursor_span[0] == cursor
        assert _comparable(screen.record.canonical().to_json_dict()) == _comparable(expected)
        shown = screen_text(app)
        assert DOC in shown and "saved" in shown
        await pilot.press("ctrl+q")

    run_app(project, reopened, doc=None)
