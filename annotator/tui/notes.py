"""Notes on annotations from the app: write one, see them, resolve one.

A note is a question or remark for the curator on the annotation under the
cursor (Tab picks among stacked items). With no note yet, the key asks for the
text; with notes, a picker offers a new one or resolving (removing) one.
"""

from __future__ import annotations

from annotator import editing as ed
from annotator.editing import Refused
from annotator.tui.controller import AnnotateController
from annotator.tui.question import Ask, Choice, Question, TextQuestion


def note(ctl: AnnotateController) -> Question | TextQuestion:
    """The question the note key asks about the annotation under the cursor."""
    ident = ctl.current_id()
    if ident is None:
        raise Refused("put the cursor on an annotation to write a note on it")

    def write(text: str) -> Ask:
        ctl.commit(ed.add_note(ctl.record, ident, text), f"note on {ident}")
        return None

    new = TextQuestion(f"Note on {ident} (for the curator)", write)
    existing = ed.notes_on(ctl.record, ident)
    if not existing:
        return new

    def answer(value: str) -> Ask:
        if value == "+new":
            return new
        ctl.commit(ed.resolve_note(ctl.record, int(value)), f"resolved a note on {ident}")
        return None

    choices = [Choice("+new", "+ write another note")]
    choices += [Choice(str(i), f"resolve: {n.text[:70]}", n.text) for i, n in existing]
    return Question(f"Notes on {ident}", tuple(choices), answer)
