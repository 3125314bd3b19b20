"""The annotate controller without Textual: typed suggestions, questions as data, undo across documents."""

from __future__ import annotations

import subprocess
import sys

from annotator.project import Project
from annotator.tui.controller import AnnotateController
from annotator.tui.question import Question
from annotator.tui.session import Session
from annotator.tui.suggestions import Suggestion

DOC = "003_17ae0a9fe3fd3c77"


class Recorder:
    """A listener that keeps what the controller said."""

    def __init__(self) -> None:
        self.edits: list[str] = []
        self.opened_docs = 0
        self.notes: list[str] = []

    def edited(self, what: str) -> None:
        self.edits.append(what)

    def opened(self) -> None:
        self.opened_docs += 1

    def tell(self, message: str, warning: bool = False) -> None:
        self.notes.append(message)


def test_the_controller_modules_import_no_textual() -> None:
    code = (
        "import sys, annotator.tui.controller, annotator.tui.questions;"
        "sys.exit(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_suggestions_are_typed_and_accepted_through_the_controller(project: Project) -> None:
    session = Session.open(project, "ann")
    try:
        ui = Recorder()
        ctl = AnnotateController(session, ui, DOC)
        ctl.set_tokens(ctl.text, ctl.pointer.tokens, [(2721, 5331, "DUPLICATE")])
        assert Suggestion("zone", 2721, 5331, "DUPLICATE") in ctl.suggestions()
        ctl.pointer.place(ctl.pointer.tokens.token_at(2721))
        ctl.accept()
        assert [(z.start, z.end, z.label) for z in ctl.record.zones] == [(2721, 5331, "DUPLICATE")]
        assert ui.edits == ["accepted DUPLICATE"] and ctl.suggestions() == []
    finally:
        session.close()


def test_a_question_edits_only_when_answered_and_undo_follows_the_document(project: Project) -> None:
    from annotator.tui import questions

    session = Session.open(project, "ann")
    try:
        ui = Recorder()
        ctl = AnnotateController(session, ui, DOC)
        start = ctl.text.index("Assad")
        ctl.pointer.place(ctl.pointer.tokens.token_at(start))
        ask = questions.zone(ctl)
        assert isinstance(ask, Question) and ctl.record.zones == ()
        ask.answer("BOILERPLATE")
        assert [z.text for z in ctl.record.zones] == ["Assad"]
        ctl.open("004_18ce445469fc81d2")
        ctl.undo()
        assert ctl.doc_id == DOC and ui.opened_docs == 1 and ctl.record.zones == ()
        assert ui.edits[-1] == "undid zone BOILERPLATE"
    finally:
        session.close()
