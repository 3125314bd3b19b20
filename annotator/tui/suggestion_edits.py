"""The annotate controller's edits of suggestions: accept, reject, accept all of a label or the sure ones,
and offer a label on every occurrence of a string.

A mixin of :class:`~annotator.tui.controller.AnnotateController` (its state is
declared here for type checking): suggestions are what the model, a predictions
file, the app's zone proposals or an occurrence offer put under the cursor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from annotator import editing as ed
from annotator.editing import Refused
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme
from annotator.tui.occurrences import Occurrences, offer
from annotator.tui.pointer import Pointer
from annotator.tui.session import Session
from annotator.tui.suggestions import Suggestion, accept_each, at, sure_ones


class Teller(Protocol):
    def tell(self, message: str, warning: bool = False) -> None: ...


class SuggestionEdits:
    record: AnnotationRecord
    text: str
    scheme: Scheme
    session: Session
    doc_id: str
    pointer: Pointer
    occurrences: Occurrences
    save_state: str
    listener: Teller

    if TYPE_CHECKING:

        def suggestions(self) -> list[Suggestion]: ...

        def commit(self, after: AnnotationRecord, what: str) -> None: ...

        def current(self, kind: str) -> str: ...

    def suggestion_at_cursor(self) -> Suggestion | None:
        return at(self.suggestions(), self.pointer.cursor_span[0])

    def suggestion_here(self) -> Suggestion:
        found = self.suggestion_at_cursor()
        if found is None:
            raise Refused("no suggestion under the cursor")
        return found

    def every_occurrence(self, corpus: bool) -> None:
        """Offer the label of the mention here on every other occurrence of its text (here or in the corpus)."""
        mention = ed.mention(self.record, self.current("mention"))
        self.listener.tell(offer(self.occurrences, self.session, self.record, self.text, mention, corpus))

    def accept(self) -> None:
        suggestion = self.suggestion_here()
        self.commit(suggestion.accept(self.record, self.text, self.scheme), f"accepted {suggestion.label}")

    def reject(self) -> None:
        """Never show the suggestion under the cursor again (kept in the session state)."""
        suggestion = self.suggestion_here()
        self.session.reject(self.doc_id, suggestion.key)
        self.save_state = f"saved: rejected {suggestion.label}"

    def accept_all(self) -> None:
        """Accept every open suggestion with the label of the one under the cursor, as one edit."""
        label = self.suggestion_here().label
        record, refused = accept_each(
            self.record, self.text, self.scheme, [s for s in self.suggestions() if s.label == label]
        )
        self.commit(record, f"accepted all {label}")
        if refused:
            self.listener.tell(f"{len(refused)} {label} suggestion(s) refused (inside closed zones)", warning=True)

    def accept_sure(self, threshold: float) -> None:
        """Accept every open suggestion scoring at least ``threshold`` in the cursor's sentence, as one edit."""
        sentence = self.pointer.tokens.sentence_bounds(self.pointer.cursor_span[0])
        sure = sure_ones(self.suggestions(), sentence, threshold)
        if not sure:
            raise Refused(f"no suggestion in this sentence scores {threshold:.2f} or more")
        record, refused = accept_each(self.record, self.text, self.scheme, sure)
        self.commit(record, f"accepted {len(sure) - len(refused)} suggestion(s) scoring {threshold:.2f}+")
        if refused:
            self.listener.tell(f"{len(refused)} refused: " + "; ".join(refused[:3]), warning=True)
