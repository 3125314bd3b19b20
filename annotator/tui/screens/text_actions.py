"""The annotate screen's text actions: moving, searching (``/``, ``n``, ``b``) and selecting (a whole word: ``ctrl+w``).

A mixin of :class:`~annotator.tui.screens.annotate.AnnotateScreen`; the search
rules are :mod:`annotator.tui.text_search`'s, the word rule
:func:`annotator.tui.pointer.word_at`'s. Every outcome is said: a match found by
wrapping round, no match at all (the cursor then stays, so the next key acts
where the annotator can see). A ``/`` search with no match keeps its prompt open
saying so, as ``less`` does: the keys typed after Enter go on into the prompt,
since an annotator typing on believes they are still searching.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.tui.controller import AnnotateController, next_start
from annotator.tui.question import Ask, Question, TextQuestion
from annotator.tui.widgets.article_view import ArticleView


def not_found(text: str) -> str:
    return f"not found: {text!r} (the cursor stays where it was)"


class TextActions:
    controller: AnnotateController
    view: ArticleView

    if TYPE_CHECKING:

        def ask(self, question: Question | TextQuestion) -> None: ...

        def tell(self, message: str, warning: bool = False) -> None: ...

    def move_cursor_to(self, offset: int) -> None:
        self.view.move_to_offset(offset)

    def action_move_token(self, delta: int, extend: bool = False) -> None:
        self.view.move_to(self.view.cursor + delta, extend)

    def action_move_line(self, delta: int, extend: bool = False) -> None:
        self.view.move_lines(delta, extend)

    def action_move_page(self, delta: int) -> None:
        view = self.view
        view.scroll_to(y=view.scroll_offset.y + delta * view.size.height, animate=False, immediate=True)
        view.move_lines(delta * max(view.size.height - 1, 1))

    def action_move_edge(self, end: int, extend: bool = False) -> None:
        self.view.move_to(len(self.view.tokens) - 1 if end else 0, extend)

    def _move_by_starts(self, starts: tuple[int, ...], delta: int) -> None:
        target = next_start(starts, self.view.cursor_span[0], delta)
        if target is not None:
            self.view.move_to_offset(target)

    def action_move_sentence(self, delta: int) -> None:
        self._move_by_starts(self.view.tokens.sentence_starts, delta)

    def action_move_paragraph(self, delta: int) -> None:
        self._move_by_starts(self.view.tokens.paragraph_starts, delta)

    def action_next_item(self, delta: int) -> None:
        self._move_by_starts(self.controller.item_starts(), delta)

    def action_next_unfinished(self, delta: int) -> None:
        starts = self.controller.unfinished_starts()
        if not starts:
            self.tell("nothing unfinished: every event has arguments, every attribution has content")
            return
        self._move_by_starts(starts, delta)

    def action_mark(self) -> None:
        self.view.mark()

    def action_nudge(self, edge: int, delta: int) -> None:
        self.view.nudge(edge, delta)

    def action_search(self) -> None:
        def found(text: str) -> Ask:
            self.controller.search_text = text
            self.show_match(1, inclusive=True)
            return None

        def no_match(text: str) -> str | None:
            if self.controller.find(1, True, text) is not None:
                return None
            self.tell(not_found(text), warning=True)
            return f"{not_found(text)}: change the text, or escape to close"

        title = "Search the text (from the cursor; a space matches any line break)"
        self.ask(TextQuestion(title, found, self.controller.search_text, no_match, placeholder="text to find"))

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
            self.tell(not_found(text), warning=True)
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
