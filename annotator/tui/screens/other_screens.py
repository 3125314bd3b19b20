"""The annotate screen's ways to other screens: documents, corpus search, help, guidelines, next document.

A mixin of :class:`~annotator.tui.screens.annotate.AnnotateScreen`; each screen
is imported when first opened, so start-up never pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from annotator.tui.controller import AnnotateController
from annotator.tui.widgets.article_view import ArticleView


class OtherScreens:
    controller: AnnotateController
    view: ArticleView

    if TYPE_CHECKING:
        app: Any

        def load_document(self, doc_id: str) -> None: ...

        def remember(self) -> None: ...

        def key_pairs(self) -> list[tuple[str, Binding]]: ...

        def tell(self, message: str, warning: bool = False) -> None: ...

    def action_doc(self, delta: int) -> None:
        doc = self.controller.neighbour(delta)
        if doc is None:
            self.tell("no more documents this way")
        else:
            self.load_document(doc)

    def action_documents(self) -> None:
        from annotator.tui.screens.documents import DocumentsScreen

        self.remember()

        def opened(doc: str | None) -> None:
            if doc and doc != self.controller.doc_id:
                self.load_document(doc)

        ctl = self.controller
        self.app.push_screen(DocumentsScreen(ctl.session, ctl.doc_id, ctl.occurrences), opened)

    def action_search_corpus(self) -> None:
        from annotator.tui.screens.search import SearchScreen

        def jump(hit: tuple[str, int] | None) -> None:
            if hit is not None:
                if hit[0] != self.controller.doc_id:
                    self.load_document(hit[0])
                self.view.move_to_offset(hit[1])

        self.app.push_screen(SearchScreen(self.controller.session, self.controller.record), jump)

    def action_help(self) -> None:
        from annotator.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.key_pairs()))

    def action_guidelines(self) -> None:
        from annotator.tui.screens.guidelines import GuidelinesScreen

        folder = self.controller.session.project.scheme_path.parent
        self.app.push_screen(GuidelinesScreen(folder, self.controller.guideline_terms()))
