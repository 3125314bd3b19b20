"""Pre-annotation: predictions shown as suggestions, accepted one by one, rejected, accepted by label."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tui_helpers import run_app, screen_text, search

from annotator.model import AnnotationRecord, Event, Mention, Span
from annotator.project import Project
from annotator.store import write_records
from annotator.tui.app import AnnotatorApp

DOC0 = "000_d246c74b127eef68"


def _predictions(project: Project, path: Path) -> list[int]:
    doc = project.corpus.get(DOC0)
    isil = [m.start() for m in re.finditer(r"\bISIL\b", doc.text)]
    mentions = [
        Mention.model_validate({**Span.of(doc.text, s, s + 4).model_dump(), "id": f"p{i}", "label": "ORG"})
        for i, s in enumerate(isil)
    ]
    sat = doc.text.index("Saturday")
    mentions.append(Mention(id="t1", label="TIME", start=sat, end=sat + 8, text="Saturday"))
    killed = doc.text.index("killed")
    event = Event(id="v1", type="DIE", trigger=Span.of(doc.text, killed, killed + 6))
    record = AnnotationRecord(
        doc=DOC0,
        doc_sha256=doc.sha256,
        annotator="extractor",
        scheme=project.scheme.id,
        mentions=tuple(mentions),
        events=(event,),
    )
    write_records(path, [record])
    return isil


def _styles_of(app: AnnotatorApp, word: str) -> list[Any]:
    view = app.screen.view
    out = []
    for y in range(view.size.height):
        for seg in view.render_line(y):
            if seg.text.strip() == word:
                out.append(seg.style)
    return out


def test_suggestions_are_distinct_and_can_be_accepted_or_rejected(project: Project, tmp_path: Path) -> None:
    preds = tmp_path / "preds.jsonl"
    isil = _predictions(project, preds)

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        assert any(s.italic and s.dim for s in _styles_of(app, "Saturday")), "suggestions have their own style"
        await search(pilot, "Saturday")
        await pilot.press("y")
        await pilot.pause()
        assert [(m.text, m.label) for m in screen.record.mentions] == [("Saturday", "TIME")]
        assert not any(s.dim for s in _styles_of(app, "Saturday")), "an accepted suggestion is an ordinary mention"
        await search(pilot, "commander was killed")
        await pilot.press("right", "right", "y")
        await search(pilot, "(ISIL)")
        await pilot.press("right", "x")
        await pilot.pause()
        assert "saved: rejected ORG" in screen.query_one("#status").render().plain
        await search(pilot, "ISIL")
        await pilot.press("n")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert [v.type for v in screen.record.events] == ["DIE"]
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC0, suggest=str(preds))
    saved = json.loads((project.gold_dir / "ann.jsonl").read_text())
    orgs = sorted(m["start"] for m in saved["mentions"] if m["label"] == "ORG")
    assert orgs == isil[1:], "accept-all takes every ORG suggestion except the rejected one"
    state = json.loads((project.gold_dir / ".state" / "ann.json").read_text())
    assert state["rejected"][DOC0] == [f"mention:{isil[0]}:{isil[0] + 4}:ORG"]

    async def reopened(app: AnnotatorApp, pilot: Any) -> None:
        left = [m for m in app.screen.view.marks if m.kind == "suggest"]
        assert all(m.ident.startswith("zone:") for m in left), "only the app's own zone proposals are left"
        await pilot.press("ctrl+q")

    run_app(project, reopened, doc=DOC0, suggest=str(preds))


def test_zone_proposals_find_the_duplicate_body_and_page_furniture(project: Project) -> None:
    from annotator.tui.zone_proposals import propose_zones

    text = project.corpus.get("003_17ae0a9fe3fd3c77").text
    proposals = propose_zones(text, project.scheme)
    assert (2721, 5331, "DUPLICATE") in proposals, "the second copy differs only in its quotes"
    assert (0, 46, "BOILERPLATE") in proposals, "neighbouring furniture lines make one zone"
    text4 = project.corpus.get("004_18ce445469fc81d2").text
    labels4 = {text4[a:b]: label for a, b, label in propose_zones(text4, project.scheme)}
    assert labels4["By AFP - Jan 08,2014 - Last updated at Jan 08,2014"] == "BYLINE_DATELINE"
    footer = next(t for t in labels4 if t.startswith("242 users have voted."))
    assert labels4[footer] == "BOILERPLATE" and footer.endswith("emailed to you each day.")

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        screen.view.move_to_offset(2721)
        await pilot.press("y")
        await pilot.press("home", "ctrl+e")
        await pilot.pause()
        zones = {(z.start, z.end, z.label) for z in screen.record.zones}
        assert (2721, 5331, "DUPLICATE") in zones
        assert {z.label for z in screen.record.zones} == {"DUPLICATE", "BOILERPLATE"}
        assert all(m.label != "BOILERPLATE" for m in screen.view.marks if m.kind == "suggest")
        await pilot.press("ctrl+q")

    run_app(project, body, doc="003_17ae0a9fe3fd3c77")


def test_the_suggestion_under_the_cursor_is_explained_with_its_keys(project: Project, tmp_path: Path) -> None:
    preds = tmp_path / "preds.jsonl"
    _predictions(project, preds)

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "Saturday")
        await pilot.pause()
        shown = screen_text(app)
        assert "SUGGESTED mention TIME" in shown and "extractor's predictions" in shown
        assert "(nothing under the cursor)" not in shown
        footer = shown.splitlines()[-1]
        assert "y Accept" in footer and "x Reject" in footer, "the footer offers y/x on a suggestion"
        await pilot.press("home")
        await pilot.pause()
        assert "y Accept" not in screen_text(app).splitlines()[-1], "and only there"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC0, suggest=str(preds), size=(120, 40))


def test_a_missing_suggest_file_is_an_error(project: Project, capsys: Any) -> None:
    from annotator.cli import main

    code = main(["--project", str(project.root), "annotate", "--annotator", "x", "--suggest", "nosuch.jsonl"])
    assert code == 1
    assert "nosuch.jsonl: no such file" in capsys.readouterr().err
    assert not (project.gold_dir / "x.jsonl").exists()
