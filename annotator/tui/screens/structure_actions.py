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
from annotator.tui.question import Ask


class StructureActions:
    controller: AnnotateController

    if TYPE_CHECKING:

        def edit(self, step: Callable[..., Ask], *args: Any) -> None: ...

    def action_relation(self) -> None:
        self.edit(sq.relation, self.controller)

    def action_relations_here(self) -> None:
        self.edit(sq.relations_here, self.controller)

    def action_fragment(self) -> None:
        self.edit(sq.fragment, self.controller)

    def action_doc_label(self) -> None:
        self.edit(sq.doc_label, self.controller)

    def action_kb_link(self) -> None:
        self.edit(sq.kb_link, self.controller)
