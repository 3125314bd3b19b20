"""The annotate screen's actions for relations, fragments, document labels and knowledge-base links.

A mixin of :class:`~annotator.tui.screens.annotate.AnnotateScreen`: each action
runs one step of :mod:`annotator.tui.structure_questions` through the screen's
``edit``, which shows refusals and questions; the keys are in ``keys.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from annotator.tui import structure_questions as sq
from annotator.tui.controller import AnnotateController
from annotator.tui.question import Ask, Question, TextQuestion


class StructureActions:
    controller: AnnotateController

    if TYPE_CHECKING:

        def edit(self, step: Callable[..., Ask], *args: Any) -> None: ...

        def redraw(self, list_too: bool = True) -> None: ...

    def run_step(self, step: Callable[[AnnotateController], Ask]) -> None:
        """Run ``step`` and redraw after it and after each answer: pending edits change the highlights."""

        def redrawn(ask: Ask) -> Ask:
            self.redraw(list_too=False)
            if isinstance(ask, Question):
                return Question(ask.title, ask.choices, lambda value: redrawn(ask.answer(value)))
            if isinstance(ask, TextQuestion):
                return TextQuestion(
                    ask.title, lambda text: redrawn(ask.answer(text)), ask.value, ask.check, ask.placeholder
                )
            return ask

        self.edit(lambda ctl: redrawn(step(ctl)), self.controller)

    def action_relation(self) -> None:
        self.run_step(sq.relation)

    def action_relations_here(self) -> None:
        self.run_step(sq.relations_here)

    def action_fragment(self) -> None:
        self.run_step(sq.fragment)

    def action_doc_label(self) -> None:
        self.run_step(sq.doc_label)

    def action_kb_link(self) -> None:
        self.run_step(sq.kb_link)
