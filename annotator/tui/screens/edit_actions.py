"""The annotate screen's key actions that edit, and those that choose what the next edit acts on.

A mixin of :class:`~annotator.tui.screens.annotate.AnnotateScreen`: each action
hands one step to :meth:`AnnotateScreen.edit` (a controller edit or a question
from :mod:`annotator.tui.questions`), which shows a refusal or the question's
picker; the controller tells the screen when the record changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from annotator.editing import Refused
from annotator.model import Status
from annotator.tui import attribution_questions, questions
from annotator.tui.controller import AnnotateController
from annotator.tui.notes import note
from annotator.tui.question import Ask
from annotator.tui.widgets.article_view import ArticleView


class EditActions:
    controller: AnnotateController
    view: ArticleView

    if TYPE_CHECKING:

        def edit(self, step: Callable[..., Ask], *args: Any) -> None: ...

        def redraw(self, list_too: bool = True) -> None: ...

        def tell(self, message: str, warning: bool = False) -> None: ...

        def update_details(self) -> None: ...

        def update_status(self) -> None: ...

    def action_label(self, label: str) -> None:
        self.edit(self.controller.label, label)

    def action_zone(self) -> None:
        self.edit(questions.zone, self.controller)

    def action_relabel(self) -> None:
        self.edit(questions.relabel, self.controller)

    def action_delete(self) -> None:
        self.edit(self.controller.delete)

    def action_cycle_level(self) -> None:
        self.edit(self.controller.cycle_level)

    def action_attributes(self) -> None:
        self.edit(questions.attributes, self.controller)

    def action_note(self) -> None:
        self.edit(note, self.controller)

    def action_activate(self) -> None:
        self.edit(self.controller.activate)
        self.redraw(list_too=False)

    def action_coref(self) -> None:
        self.edit(questions.coref, self.controller)

    def action_rename_cluster(self) -> None:
        self.edit(questions.name_cluster, self.controller)

    def action_event(self) -> None:
        self.edit(questions.event_type, self.controller)

    def action_argument(self) -> None:
        self.edit(questions.argument, self.controller)

    def action_hopper(self) -> None:
        self.edit(self.controller.hopper)

    def action_unhopper(self) -> None:
        self.edit(self.controller.unhopper)

    def action_cycle_attr(self, kind: str, name: str) -> None:
        self.edit(self.controller.cycle_attr, kind, name)

    def action_attribution(self, with_cue: bool) -> None:
        self.edit(self.controller.attribution, with_cue)

    def action_part(self) -> None:
        self.edit(attribution_questions.part, self.controller)

    def action_cue(self) -> None:
        self.edit(self.controller.cue)

    def action_accept(self) -> None:
        self.edit(self.controller.accept)

    def action_reject(self) -> None:
        self.edit(self.controller.reject)
        self.redraw()

    def action_accept_all(self) -> None:
        self.edit(self.controller.accept_all)

    def action_every_occurrence(self, corpus: bool) -> None:
        self.edit(self.controller.every_occurrence, corpus)
        self.redraw(list_too=False)

    def action_undo(self) -> None:
        self.edit(self.controller.undo)

    def action_redo(self) -> None:
        self.edit(self.controller.redo)

    def action_status(self, status: Status) -> None:
        self.edit(self.controller.set_status, status)

    # ------------------------------------------------------------ what the next edit acts on

    def action_tab(self, delta: int) -> None:
        """With an active event: jump among its candidate arguments; else cycle items under the cursor."""
        if self.controller.has_active("event"):
            try:
                offset = self.controller.candidate_offset(delta)
            except Refused as exc:
                self.tell(str(exc), warning=True)
                return
            self.view.move_to_offset(offset)
            return
        self.action_next_here(delta)

    def action_next_here(self, delta: int) -> None:
        """Target the next (previous) item stacked under the cursor: what d, =, c, a and attribute keys change."""
        self.controller.here_index += delta
        self.update_details()
        self.update_status()
