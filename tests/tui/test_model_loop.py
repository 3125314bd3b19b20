"""A model in the loop (``annotate --model``): suggestions from a worker, cached, least sure first, the surest taken."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import loop_models
import pytest
from tui_helpers import run_app, screen_text

from annotator.benchmark.cache import PredictionCache
from annotator.corpus import Document
from annotator.editing import Refused
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.tokens import tokenize
from annotator.tui.app import AnnotatorApp
from annotator.tui.controller import AnnotateController
from annotator.tui.doc_rows import DocRow
from annotator.tui.model_worker import ModelSuggester, build_model
from annotator.tui.screens.documents import DocumentsScreen
from annotator.tui.session import Session
from annotator.tui.suggestions import explain, next_in_order, open_suggestions
from annotator.tui.uncertainty import entropy, expected_gain, mean_uncertainty

DOC0 = "000_d246c74b127eef68"


class Recorder:
    def __init__(self) -> None:
        self.edits: list[str] = []
        self.notes: list[str] = []

    def edited(self, what: str) -> None:
        self.edits.append(what)

    def opened(self) -> None:
        pass

    def tell(self, message: str, warning: bool = False) -> None:
        self.notes.append(message)


@pytest.fixture(autouse=True)
def _fresh_model() -> Iterator[None]:
    loop_models.CALLS.clear()
    loop_models.DOC_SCORES.clear()
    loop_models.GATE.set()
    yield
    loop_models.GATE.set()


def model(project: Project, spec: str = "loop_models:predict", **kw: Any) -> ModelSuggester:
    return build_model(project, project.corpus, spec, cache=PredictionCache(project.root / "cache"), **kw)


def controller(project: Project, session: Session) -> tuple[AnnotateController, Recorder]:
    session.model = model(project)
    ui = Recorder()
    ctl = AnnotateController(session, ui, DOC0)
    ctl.set_tokens(ctl.text, tokenize(ctl.text), [])
    session.model.predict(session.document(DOC0))
    return ctl, ui


def test_suggestions_cover_every_layer_the_model_predicts_with_its_scores_least_sure_first(project: Project) -> None:
    session = Session.open(project, "ann")
    try:
        ctl, _ = controller(project, session)
        shown = ctl.suggestions()
        assert {s.kind for s in shown} == {"mention", "event", "argument", "attribution"}
        assert [(ctl.text[s.start : s.end], s.score) for s in shown[:3]] == [
            ("Bashar al-Assad", 0.4),
            ("Saturday", 0.6),
            ("ISIL", 0.85),
        ]
        assert [s.score for s in shown] == sorted(s.score or 0 for s in shown)
        argument = next(s for s in shown if s.kind == "argument")
        assert (argument.label, ctl.text[argument.start : argument.end]) == ("Victim", "rebel commander")
        assert argument.part("trigger") == ("trigger", ctl.text.index("killed"), ctl.text.index("killed") + 6, "DIE")
        assert all(s.source == "model loop_models-predict (--model loop_models:predict)" for s in shown)
    finally:
        session.close()


def test_the_surest_suggestions_of_the_sentence_are_accepted_in_one_edit(project: Project) -> None:
    session = Session.open(project, "ann")
    try:
        ctl, ui = controller(project, session)
        ctl.accept_sure(0.8)
        rec = ctl.record
        assert ui.edits == ["accepted 6 suggestion(s) scoring 0.80+"]
        assert sorted(m.text for m in rec.mentions) == ["ISIL", "a monitor", "rebel commander"], (
            "Saturday (0.6) is below the threshold, Bashar al-Assad in another sentence"
        )
        (event,) = rec.events
        assert (event.type, event.trigger.text) == ("DIE", "killed")
        assert [(a.role, next(m.text for m in rec.mentions if m.id == a.ref)) for a in event.args] == [
            ("Victim", "rebel commander")
        ]
        (at,) = rec.attributions
        assert at.cue is not None and at.cue.text == "said"
        assert [c.text for c in at.content] == ["a rebel commander was killed"]
        assert next(m.text for m in rec.mentions if m.id == at.source) == "a monitor"
        assert all(m.score is None for m in rec.mentions), "accepted suggestions are the annotator's, unscored"
        assert [ctl.text[s.start : s.end] for s in ctl.suggestions()] == ["Bashar al-Assad", "Saturday"]
        with pytest.raises(Refused, match=r"no suggestion in this sentence scores 0\.80"):
            ctl.accept_sure(0.8)
        ctl.accept_sure(0.5)
        assert "Saturday" in [m.text for m in ctl.record.mentions]
        assert "Bashar al-Assad" not in [m.text for m in ctl.record.mentions]
        ctl.undo()
        ctl.undo()
        assert ctl.record.mentions == ()
    finally:
        session.close()


def test_an_argument_waits_for_its_event(project: Project) -> None:
    session = Session.open(project, "ann")
    try:
        ctl, _ = controller(project, session)
        argument = next(s for s in ctl.suggestions() if s.kind == "argument")
        with pytest.raises(Refused, match="accept the DIE trigger 'killed' first"):
            argument.accept(ctl.record, ctl.text, ctl.scheme)
    finally:
        session.close()


def test_the_cache_hits_and_misses_on_a_changed_document_or_model_version(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = project.corpus.get(DOC0)
    first = model(project).predict(doc)
    assert loop_models.CALLS == [DOC0]
    again = model(project).predict(doc)
    assert loop_models.CALLS == [DOC0], "the same document and model version come from the cache"
    assert again == first
    edited = Document(DOC0, doc.text.replace("a monitor said", "a monitor said on"))
    changed = model(project).predict(edited)
    assert loop_models.CALLS == [DOC0, DOC0], "an edited document misses the cache"
    assert changed is not None and changed.doc_sha256 == edited.sha256
    monkeypatch.setattr(loop_models.predict, "version", "2")
    model(project).predict(doc)
    assert loop_models.CALLS == [DOC0, DOC0, DOC0], "a new model version misses the cache"


def test_a_failing_model_is_reported_and_suggests_nothing(project: Project) -> None:
    failing = model(project, "loop_models:broken")
    assert failing.predict(project.corpus.get(DOC0)) is None
    assert "RuntimeError: no weights for " + DOC0 in failing.failures[DOC0]


def _record(doc: str, *scores: float | None) -> AnnotationRecord:
    mentions = [
        {"id": f"m{i}", "start": i, "end": i + 1, "text": "x", "label": "ORG", "score": s} for i, s in enumerate(scores)
    ]
    return AnnotationRecord.model_validate(
        {"doc": doc, "doc_sha256": "0" * 64, "annotator": "m", "scheme": "s", "mentions": mentions}
    )


def test_documents_are_ordered_least_sure_first_and_unknown_last() -> None:
    records = {"a": _record("a", 0.9, 0.7), "b": _record("b", 0.2), "c": _record("c", None), "e": _record("e", 0.5)}
    assert mean_uncertainty(records["a"]) == pytest.approx(0.2)
    assert mean_uncertainty(records["c"]) is None, "an item without a score says nothing about uncertainty"
    rows = [DocRow(d, "todo", 0, 0, 0, (), "", mean_uncertainty(records.get(d))) for d in ["a", "c", "b", "d", "e"]]
    assert [r.doc for r in sorted(rows, key=lambda r: r.sort_key("uncertainty"))] == ["b", "e", "a", "c", "d"]


def test_expected_gain_puts_a_long_doubtful_document_before_a_short_one() -> None:
    long_doubt = _record("long", *([0.5] * 10), 0.99)
    short_doubt = _record("short", 0.2)
    assert entropy(0.5) == 1.0 and entropy(1.0) == 0.0 and entropy(0.2) == pytest.approx(0.7219, abs=1e-4)
    assert expected_gain(long_doubt) == pytest.approx(10 + entropy(0.99))
    assert expected_gain(_record("c", None)) is None
    assert mean_uncertainty(short_doubt) > mean_uncertainty(long_doubt), "the mean prefers the short document"
    rows = [
        DocRow(d, "todo", 0, 0, 0, (), "", mean_uncertainty(r), expected_gain(r))
        for d, r in (("short", short_doubt), ("long", long_doubt), ("none", None))
    ]
    assert [r.doc for r in sorted(rows, key=lambda r: r.sort_key("gain"))] == ["long", "short", "none"]


def test_the_app_shows_the_document_before_the_model_answers(project: Project) -> None:
    """The first frame never waits for the model; its suggestions appear when the worker returns."""
    loop_models.GATE.clear()
    session = Session.open(project, "ann")
    session.model = model(project)

    async def main() -> None:
        app = AnnotatorApp(session, DOC0, keymap={})
        async with app.run_test(size=(110, 32)) as pilot:
            await pilot.pause()
            assert "A U.N.-sponsored deal to evacuate" in screen_text(app)
            assert not [s for s in app.screen.controller.suggestions() if s.source.startswith("model")]
            assert not any(s.italic and s.dim for s in _styles(app, "Saturday"))
            loop_models.GATE.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert any(s.italic and s.dim for s in _styles(app, "Saturday")), "the model's suggestion is shown"
            told = [n.message for n in app._notifications]
            assert "loop_models-predict: 8 suggestion(s) here; J goes to the least sure" in told
            await pilot.press("J")
            await pilot.pause()
            assert "score: 0.40" in screen_text(app), "J goes to the least sure suggestion first"
            await pilot.press("J")
            await pilot.pause()
            assert "score: 0.60" in screen_text(app)
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert sorted(m.text for m in app.screen.record.mentions) == ["ISIL", "a monitor", "rebel commander"]
            await pilot.press("ctrl+q")

    try:
        asyncio.run(main())
    finally:
        session.close()
    assert loop_models.CALLS[0] == DOC0, "the document opened is predicted first"


def _styles(app: AnnotatorApp, word: str) -> list[Any]:
    view = app.screen.view
    return [seg.style for y in range(view.size.height) for seg in view.render_line(y) if seg.text.strip() == word]


def test_the_document_list_puts_the_least_sure_first(project: Project) -> None:
    ids = project.corpus.ids()
    loop_models.DOC_SCORES.update({ids[2]: 0.1, ids[1]: 0.95})

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await pilot.press("ctrl+o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        assert screen.ids == [ids[2], ids[3], ids[4], ids[0], ids[1]]
        assert "0.90" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert screen.sort_by == "gain", "s cycles the sort to the expected gain"
        assert screen.ids == [ids[0], ids[3], ids[4], ids[2], ids[1]], (
            "many doubtful items first; a single item scored 0.1 has less to settle than one scored 0.5"
        )
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        screen = app.screen
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.controller.doc_id == ids[0], "Enter opens the row under the cursor (the open document)"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC0, model=model(project))
    assert sorted(loop_models.CALLS) == sorted(ids), "every document was predicted once, in the background"


def _cli(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, "-m", "annotator", "--project", str(project.root), "annotate", "--annotator", "ann", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_a_model_that_cannot_be_set_up_is_refused_before_the_app_starts(project: Project) -> None:
    result = _cli(project, "--model", "nosuchmodule:predict")
    assert result.returncode == 1 and "cannot import nosuchmodule" in result.stderr
    result = _cli(project, "--model", "rules", "--threshold", "1.5")
    assert result.returncode == 1 and "--threshold 1.5: a score between 0 and 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_model_failing_on_the_open_document_is_reported_in_the_app(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        told = [n.message for n in app._notifications]
        assert any(f"failed on {DOC0}: RuntimeError: no weights for {DOC0}" in m for m in told)
        assert not [s for s in app.screen.controller.suggestions() if s.source.startswith("model")]
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC0, model=model(project, "loop_models:broken"))


def test_scores_of_a_suggest_file_are_carried_and_explained(project: Project) -> None:
    doc = project.corpus.get(DOC0)
    empty = AnnotationRecord(doc=DOC0, doc_sha256=doc.sha256, annotator="ann", scheme=project.scheme.id)
    suggested = AnnotationRecord.model_validate(
        {
            **empty.model_dump(),
            "annotator": "ext",
            "mentions": [
                loop_models.first(doc.text, "ISIL", id="m1", label="ORG", score=0.25),
                loop_models.first(doc.text, "Saturday", id="m2", label="TIME"),
            ],
        }
    )
    shown = open_suggestions(empty, suggested, set())
    assert [(s.label, s.score) for s in shown] == [("ORG", 0.25), ("TIME", None)], "unscored last"
    assert "score: 0.25" in explain(shown[0], project.scheme, {})
    assert not any(line.startswith("score") for line in explain(shown[1], project.scheme, {}))


def test_j_visits_every_suggested_place_once_and_y_takes_what_can_be_accepted_first(project: Project) -> None:
    session = Session.open(project, "ann")
    try:
        ctl, _ = controller(project, session)
        shown = ctl.suggestions()
        places, here = [], 0
        for _ in range(len(shown)):
            here = next_in_order(shown, here) or 0
            places.append(here)
        distinct = sorted({s.start for s in shown})
        assert sorted(places[: len(distinct)]) == distinct, "each place once, even where two suggestions share it"
        assert [ctl.text[p : p + 8] for p in places[:2]] == ["Bashar a", "Saturday"]
        commander = ctl.text.index("rebel commander")
        ctl.pointer.place(ctl.pointer.tokens.token_at(commander))
        ctl.accept()
        assert [m.text for m in ctl.record.mentions] == ["rebel commander"], "the mention before the argument it fills"
        assert ctl.suggestion_here().kind == "argument"
        with pytest.raises(Refused, match="accept the DIE trigger"):
            ctl.accept()
    finally:
        session.close()


def test_a_relation_is_suggested_and_accepted_with_its_mentions(project: Project) -> None:
    session = Session.open(project, "ann")
    try:
        session.model = model(project, "loop_models:with_relation")
        ctl = AnnotateController(session, Recorder(), DOC0)
        ctl.set_tokens(ctl.text, tokenize(ctl.text), [])
        session.model.predict(session.document(DOC0))
        shown = ctl.suggestions()
        relation = shown[0]
        assert (relation.kind, relation.label, relation.score) == ("relation", "MEMBER_OF", 0.3), "least sure first"
        assert [(kind, ctl.text[s:e], label) for kind, s, e, label in relation.parts] == [
            ("mention", "rebel commander", "PER"),
            ("mention", "ISIL", "ORG"),
        ]
        lines = explain(relation, ctl.scheme, {})
        assert "Member: PER" in lines[2] and "Group: ORG" in lines[3]
        rec = relation.accept(ctl.record, ctl.text, ctl.scheme)
        (rel,) = rec.relations
        members = {m.id: m.text for m in rec.mentions}
        assert [(a.role, members[a.ref]) for a in rel.args] == [("Member", "rebel commander"), ("Group", "ISIL")]
        assert relation.key not in {s.key for s in open_suggestions(rec, None, set(), model=session.model.known(DOC0))}
    finally:
        session.close()


def test_documents_screen_with_a_model_snapshot(project: Project, snap_compare: Any) -> None:
    """The document list with a model in the loop: uncertainty and expected-gain columns, least sure first."""
    ids = project.corpus.ids()
    loop_models.DOC_SCORES.update({ids[2]: 0.1, ids[1]: 0.95})
    session = Session.open(project, "ann")
    session.model = model(project)

    async def run(pilot: Any) -> None:
        app = pilot.app
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, DocumentsScreen) and len(loop_models.CALLS) == len(ids)

    try:
        assert snap_compare(AnnotatorApp(session, DOC0, keymap={}), terminal_size=(160, 24), run_before=run)
    finally:
        session.close()
