"""The annotate screen's text actions: search (``/``, ``n``, ``b``) and selecting a whole word (``ctrl+w``).

A mixin of :class:`~annotator.tui.screens.annotate.AnnotateScreen`; the search
rules are :mod:`annotator.tui.text_search`'s, the word rule
:func:`annotator.tui.pointer.word_at`'s. Every outcome is said: a match found by
wrapping round, no match at all (the cursor then stays, so the next key acts
where the annotator can see).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.tui.controller import AnnotateController
from annotator.tui.question import Ask, Question, TextQuestion
from annotator.tui.widgets.article_view import ArticleView


class TextActions:
    controller: AnnotateController
    view: ArticleView

    if TYPE_CHECKING:

        def ask(self, question: Question | TextQuestion) -> None: ...

        def tell(self, message: str, warning: bool = False) -> None: ...

    def action_search(self) -> None:
        def found(text: str) -> Ask:
            self.controller.search_text = text
            self.show_match(1, inclusive=True)
            return None

        title = "Search the text (from the cursor; a space matches any line break)"
        self.ask(TextQuestion(title, found, self.controller.search_text))

    def action_search_next(self, delta: int) -> None:
        if not self.controller.search_text:
            self.action_search()
            return
        self.show_match(delta)

    def show_match(self, delta: int, inclusive: bool = False) -> None:
        """Move to the next (previous) match; say so when the search went round, or found nothing."""
        text = self.controller.search_text
        match = self.controller.find(delta, inclusive)
        if match is None:
            self.tell(f"not found: {text!r} (the cursor stays where it was)", warning=True)
            return
        if match.wrapped:
            where = "start" if delta > 0 else "end"
            self.tell(f"search wrapped: {text!r} found again from the {where} of the document")
        self.view.match = (match.start, match.end)
        self.view.move_to_offset(match.start)

    def action_select_word(self) -> None:
        """Select the whole whitespace-delimited word under the cursor, hyphens and all."""
        if self.controller.pointer.select_word() is None:
            self.tell("no word under the cursor", warning=True)
        self.view.repaint_changes()
