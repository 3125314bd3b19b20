"""The curation screen: accept, reject or take an annotator's version; every key writes a decision first.

Edits (``r`` label or event type, ``=`` attributes) ask the annotation
screen's own questions (:mod:`annotator.tui.questions`) on the version the
gold holds, through :class:`annotator.tui.curation.editing.ItemEditor` (on an
item the curator added, :class:`annotator.tui.curation.gold_editor.AddedEditor`,
which rewrites the decision adding it); each answer is a decision with an ``edit``. The text cursor and selection move
with the annotation app's keys; ``B`` makes the selection the boundaries of
the mention, trigger or cue here. Arguments (``enter`` on an event, then ``a`` on a mention),
role claims (``enter`` on an attribution, then ``a`` on a mention), the
attribution's other parts (``u``: content, reports, nesting, source, via),
clusters (``c``), mentions no annotator made (``+`` on a selection),
attributions no annotator made (``q``: the selection its cue, then active for
``u``) and events no annotator made (``e``: the selection its trigger, its type
picked, then active for ``a``) are edited on the gold itself through
:class:`annotator.tui.curation.gold_editor.GoldEditor`. ``S`` sends the
document back to an annotator with a note (:mod:`annotator.sendback`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.binding import BindingType

from annotator.editing import Refused
from annotator.errors import AnnotatorError
from annotator.tui import questions
from annotator.tui.controller import AnnotateController
from annotator.tui.curation import gold_editor
from annotator.tui.curation.controller import CurationController
from annotator.tui.curation.gold_editor import GoldEditor
from annotator.tui.curation.screen import EntriesScreen
from annotator.tui.keys import CURATE, ENTRIES
from annotator.tui.question import Ask, Choice, Question, TextQuestion
from annotator.tui.screens.picker import PickerScreen
from annotator.tui.screens.prompt import PromptScreen


class CurationScreen(EntriesScreen):
    BINDINGS: ClassVar[list[BindingType]] = [*ENTRIES, *CURATE]
    controller: CurationController

    def action_accept(self) -> None:
        self.decided(self.controller.accept)

    def action_take(self, n: int) -> None:
        self.decided(lambda: self.controller.take(n))

    def decided(self, decide: Callable[[], str]) -> None:
        """Tell what a decision did, or why it was not written (a decision no gold could be built after)."""
        try:
            self.tell(decide())
        except Refused as exc:
            self.tell(str(exc), severity="warning")
        self.redraw()

    def action_reject(self) -> None:
        try:
            refs = self.controller.reject()
        except Refused as exc:
            self.tell(str(exc), severity="warning")
            return
        if not refs:
            self.redraw()
            return
        uses = "; ".join(f"{r.item} ({', '.join(r.uses)}, {r.taken}'s version)" for r in refs)
        current = self.controller.item()
        item_kind = current.layer if current is not None else "item"
        choices = [
            Choice("keep", f"keep the {item_kind} (decide nothing)"),
            Choice("drop", "reject it and remove it from what points at it (a relation over it goes)"),
            Choice("events", "reject it and everything that points at it"),
        ]

        def answered(choice: str | None) -> None:
            self.decided(lambda: self.controller.reject_with_references(choice or "keep"))

        title = f"Items the gold holds point at this {item_kind}; rejecting it takes them out: {uses}"
        self.app.push_screen(PickerScreen(title, choices), answered)

    def action_reason(self) -> None:
        """The reason typed is added to the one given before (shown in the prompt), which stays."""

        def answered(text: str | None) -> None:
            if text:
                self.tell(self.controller.set_reason(text))
                self.redraw()

        earlier = self.controller.own_reason()
        title = "Reason for this decision" + (f" (added to: {earlier})" if earlier else "")
        self.app.push_screen(PromptScreen(title), answered)

    # ------------------------------------------------------------ edits

    def action_relabel(self) -> None:
        current = self.controller.cursor.current
        event = current is not None and current.ident.startswith("event:")
        self.edit(questions.event_type if event else questions.relabel)

    def action_attributes(self) -> None:
        self.edit(questions.attributes)

    def edit(self, question: Callable[[AnnotateController], Question]) -> None:
        try:
            editor = self.controller.editor()
            self.ask(question(editor))
        except Refused as exc:
            self.tell(str(exc), severity="warning")

    def ask(self, question: Question | TextQuestion, said: list[str] | None = None) -> None:
        """A picker or a prompt; the answer is the edit, which the editor writes as a decision (``said``:
        what the edit tells the curator, filled as it is made)."""

        def answered(value: str | None) -> None:
            if not value:
                return
            try:
                follow: Ask = question.answer(value)
            except Refused as exc:
                self.tell(str(exc), severity="warning")
                return
            if follow is not None:
                self.ask(follow, said)
                return
            self.saved(said)

        if isinstance(question, Question):
            self.app.push_screen(PickerScreen(question.title, list(question.choices)), answered)
        else:
            self.app.push_screen(PromptScreen(question.title, question.value), answered)

    # ------------------------------------------------------------ the text cursor and selection

    def action_move_token(self, delta: int, extend: bool = False) -> None:
        self.view.move_to(self.view.cursor + delta, extend)

    def action_mark(self) -> None:
        self.view.mark()

    def action_nudge(self, edge: int, delta: int) -> None:
        self.view.nudge(edge, delta)

    def action_escape(self) -> None:
        if self.pointer.selection is not None:
            self.view.clear_selection()
        elif self.controller.active is not None:
            self.controller.active = None
            self.tell("nothing active")
            self.redraw(move=False)

    # ------------------------------------------------------------ boundaries, arguments, clusters, new mentions

    def action_bounds(self) -> None:
        try:
            self.tell(self.controller.resize(self.pointer.selection))
        except Refused as exc:
            self.tell(str(exc), severity="warning")
            return
        self.view.clear_selection()
        self.redraw()

    def action_activate(self) -> None:
        try:
            self.tell(self.controller.activate())
        except Refused as exc:
            self.tell(str(exc), severity="warning")
        self.redraw(move=False)

    def action_argument(self) -> None:
        self.on_gold(gold_editor.argument_or_claim)

    def action_attribution_part(self) -> None:
        self.on_gold(gold_editor.attribution_part)

    def action_cluster(self) -> None:
        self.on_gold(gold_editor.cluster)

    def action_add_mention(self) -> None:
        self.on_gold(gold_editor.label)

    def action_add_attribution(self) -> None:
        try:
            said = self.controller.add_attribution(self.pointer)
        except Refused as exc:
            self.tell(str(exc), severity="warning")
            return
        self.saved([said])

    def action_add_event(self) -> None:
        self.on_gold(self.controller.new_event)

    def on_gold(self, question: Callable[[GoldEditor], Question | None]) -> None:
        """Ask ``question`` on the gold as it stands; an edit made without asking is written at once."""
        try:
            editor = self.controller.gold_editor(self.pointer)
            asked = question(editor)
        except Refused as exc:
            self.tell(str(exc), severity="warning")
            return
        if asked is None:
            self.saved(editor.said.messages)
        else:
            self.ask(asked, editor.said.messages)

    def saved(self, said: list[str] | None = None) -> None:
        """After an edit the item under the text cursor is current (a mention just added, say)."""
        self.view.clear_selection()
        self.controller.refresh()
        offset, current = self.view.cursor_span[0], self.controller.cursor.current
        if current is None or not current.start <= offset < max(current.end, current.start + 1):
            self.controller.cursor.at_offset(offset)
        self.redraw(move=False)
        self.tell("; ".join(["edit saved as a decision", *(said or [])]))

    def action_reload(self) -> None:
        doc = self.controller.doc
        try:
            self.tell(self.controller.reload())
        except AnnotatorError as exc:
            self.tell(f"not reloaded: {exc}", severity="error")
            return
        if self.controller.doc != doc:
            self.show_document()
        else:
            self.redraw(move=False)

    # ------------------------------------------------------------ review step

    def action_send_back(self) -> None:
        names = self.controller.curation.annotators
        choices = [Choice(str(n), f"{n} {name}") for n, name in enumerate(names, 1)]

        def to_whom(choice: str | None) -> None:
            if choice is None:
                return

            def noted(text: str | None) -> None:
                if text and text.strip():
                    self.tell(self.controller.send_back(int(choice), text))
                    self.redraw()

            self.app.push_screen(PromptScreen(f"Note for {names[int(choice) - 1]}: what to look at again"), noted)

        self.app.push_screen(PickerScreen(f"Send {self.controller.doc} back to", choices), to_whom)
