"""The curation screen: accept, reject or take an annotator's version; every key writes a decision first."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from annotator.tui.curation.controller import CurationController
from annotator.tui.curation.screen import NAVIGATION, EntriesScreen, binding
from annotator.tui.question import Choice
from annotator.tui.screens.picker import PickerScreen
from annotator.tui.screens.prompt import PromptScreen

CURATE: list[BindingType] = [
    binding("y", "accept", "Accept", "curate.accept", show=True),
    binding("x", "reject", "Reject", "curate.reject", show=True),
    *[binding(str(n), f"take({n})", f"Take annotator {n}'s version", f"curate.take{n}") for n in range(1, 10)],
    binding("R", "reason", "Reason", "curate.reason", show=True),
]


class CurationScreen(EntriesScreen):
    BINDINGS: ClassVar[list[BindingType]] = [*NAVIGATION, *CURATE]
    controller: CurationController

    def action_accept(self) -> None:
        self.tell(self.controller.accept())
        self.redraw()

    def action_take(self, n: int) -> None:
        self.tell(self.controller.take(n))
        self.redraw()

    def action_reject(self) -> None:
        refs = self.controller.reject()
        if not refs:
            self.redraw()
            return
        uses = "; ".join(f"{r.item} ({', '.join(r.uses)}, {r.taken}'s version)" for r in refs)
        choices = [
            Choice("keep", "keep the mention (decide nothing)"),
            Choice("drop", "reject it and remove it from what points at it"),
            Choice("events", "reject it and everything that points at it"),
        ]

        def answered(choice: str | None) -> None:
            self.tell(self.controller.reject_with_references(choice or "keep"))
            self.redraw()

        self.app.push_screen(PickerScreen(f"Kept items point at this mention: {uses}", choices), answered)

    def action_reason(self) -> None:
        def answered(text: str | None) -> None:
            if text:
                self.tell(self.controller.set_reason(text))
                self.redraw()

        self.app.push_screen(PromptScreen("Reason for this decision"), answered)
