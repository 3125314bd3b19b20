"""Search across the corpus: type a query, Enter lists the hits, Enter on a hit opens its document there."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from annotator.model import AnnotationRecord
from annotator.tui.corpus_search import Hit, search_corpus
from annotator.tui.session import Session


class SearchScreen(Screen[tuple[str, int] | None]):
    """Returns (document, offset) of the hit picked, or None (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("slash", "query", "New query", id="search.query"),
    ]

    def __init__(self, session: Session, current: AnnotationRecord | None = None, query: str = "") -> None:
        super().__init__()
        self.session = session
        self.current = current
        self.query_text = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        yield Static(Content("Search the corpus: text, labels, attribute values, cluster names"), id="search-title")
        yield Input(
            value=self.query_text, placeholder="text, a label (ORG), a value (negated) or name=value", id="search-input"
        )
        yield Static(id="search-count")
        yield OptionList(id="search-hits")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.query_text:
            self.run_query(self.query_text)

    def run_query(self, query: str) -> None:
        self.hits, total = search_corpus(self.session, query, self.current)
        docs = len({h.doc for h in self.hits})
        more = f" (first {len(self.hits)} listed)" if total > len(self.hits) else ""
        self.query_one("#search-count", Static).update(
            Content(f"{total} hit(s) in {docs} document(s){more} · Enter opens · / new query")
        )
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            [
                Option(Content(f"{h.doc} · {h.start} · {h.what}\n  {h.context}"), id=str(i))
                for i, h in enumerate(self.hits)
            ]
        )
        if self.hits:
            options.highlighted = 0
            options.focus()

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.run_query(event.value)

    @on(OptionList.OptionSelected, "#search-hits")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[int(event.option.id or 0)]
        self.dismiss((hit.doc, hit.start))

    def action_query(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        self.dismiss(None)
