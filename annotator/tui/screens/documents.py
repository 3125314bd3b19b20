"""All documents with this annotator's status, counts per layer and last edit; Enter opens one.

With a model in the loop (``annotate --model``) the documents it is least sure
about come first, with their mean uncertainty (:mod:`annotator.tui.uncertainty`).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from annotator.layers import LAYERS
from annotator.model import AnnotationRecord
from annotator.tui.session import Session
from annotator.tui.uncertainty import least_sure_first, mean_uncertainty


class DocumentsScreen(Screen[str | None]):
    """Pick a document; Escape returns to the one that was open."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape", "back", "Back", id="documents.back"),
        Binding("enter", "open", "Open", id="documents.open"),
    ]

    def __init__(self, session: Session, current: str) -> None:
        super().__init__()
        self.session = session
        self.current = current
        self.ids: list[str] = []
        """The documents in the order shown."""

    def compose(self) -> ComposeResult:
        done, total = self.session.progress()
        yield Static(
            Content(f"Documents · {self.session.annotator} · {done}/{total} done or skipped"), id="documents-title"
        )
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        model = self.session.model
        table.add_columns("document", "status", *(["uncertainty"] if model else []), *LAYERS, "last edit")
        self.ids = least_sure_first(self.session.doc_ids(), model.known) if model else self.session.doc_ids()
        for doc in self.ids:
            rec = self.session.store.get(doc)
            counts = [str(len(getattr(rec, layer))) if rec else "" for layer in LAYERS]
            status = self.session.status(doc).replace("_", " ")
            edited = rec.updated[:19].replace("T", " ") if rec else ""
            table.add_row(doc, status, *([_uncertainty(model.known(doc))] if model else []), *counts, edited, key=doc)
        if self.current in self.ids:
            table.move_cursor(row=self.ids.index(self.current))
        table.focus()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(str(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        self.dismiss(self.ids[table.cursor_row])

    def action_back(self) -> None:
        self.dismiss(None)


def _uncertainty(record: AnnotationRecord | None) -> str:
    value = mean_uncertainty(record)
    return "" if value is None else f"{value:.2f}"
