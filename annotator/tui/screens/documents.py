"""All documents with this annotator's status, progress, length, open suggestions, counts per layer and last edit.

The list scales to a large corpus: ``/`` filters by text in the id or the
document, ``f`` by status, ``s`` sorts (``r`` reverses) and ``g`` jumps to an id.
Enter opens a document. With an assignment file (``annotator assign``) the
list is the annotator's queue, in assignment order; ``a`` toggles between the
queue and every document, for next/previous document too. A document the lead
sent back shows "sent back" and the lead's note.
With a model in the loop (``annotate --model``) the list opens sorted by the
model's mean uncertainty, the documents it is least sure about first
(:mod:`annotator.tui.uncertainty`).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from annotator.layers import LAYERS
from annotator.tui.doc_rows import SORTS, STATUSES, DocRow, doc_rows, find_id, select
from annotator.tui.occurrences import Occurrences
from annotator.tui.screens.prompt import PromptScreen
from annotator.tui.session import Session


class DocumentsScreen(Screen[str | None]):
    """Pick a document; Escape returns to the one that was open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="documents.back"),
        Binding("enter", "open", "Open", id="documents.open"),
        Binding("slash", "filter_text", "Text filter", id="documents.text"),
        Binding("f", "filter_status", "Status filter", id="documents.status"),
        Binding("s", "sort", "Sort", id="documents.sort"),
        Binding("r", "reverse", "Reverse", id="documents.reverse"),
        Binding("g", "jump", "Go to id", id="documents.jump"),
        Binding("a", "toggle_all", "Queue / all documents", id="documents.all"),
    ]

    def __init__(self, session: Session, current: str, occurrences: Occurrences | None = None) -> None:
        super().__init__()
        self.session = session
        self.current = current
        self.occurrences = occurrences
        session.reload_sent_back()
        self.rows = doc_rows(session, occurrences)
        self.notes = bool(session.sent_back)
        self.shown: list[DocRow] = []
        self.status = "all"
        self.sort_by = "uncertainty" if session.model else "queue" if session.queue is not None else "document"
        self.descending = False

    def compose(self) -> ComposeResult:
        yield Static(Content(self.title_text()), id="documents-title")
        yield Input(placeholder="/ filter: text in the id or the document", id="documents-filter")
        yield Static(id="documents-view")
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        model = self.session.model
        table.add_columns(
            "document",
            "status",
            *(["note"] if self.notes else []),
            *(["uncertainty", "gain"] if model else []),
            "done %",
            "length",
            "sugg.",
            *LAYERS,
            "last edit",
        )
        self.fill()
        table.focus()

    @property
    def ids(self) -> list[str]:
        """The documents in the order shown."""
        return [r.doc for r in self.shown]

    def fill(self) -> None:
        """Show the rows the filters keep, in the chosen order, keeping the cursor on the same document."""
        table = self.query_one(DataTable)
        keep = self.shown[table.cursor_row].doc if self.shown and table.cursor_row < len(self.shown) else self.current
        text = self.query_one("#documents-filter", Input).value
        self.shown = select(self.rows, self.session, self.status, text, self.sort_by, self.descending)
        table.clear()
        for r in self.shown:
            counts = ["" if c is None else str(c) for c in r.counts]
            status = r.status.replace("_", " ")
            uncertain = [_shown(r.uncertainty, ".2f"), _shown(r.gain, ".1f")] if self.session.model else []
            table.add_row(
                r.doc,
                status,
                *([r.note[:40] + ("…" if len(r.note) > 40 else "")] if self.notes else []),
                *uncertain,
                str(r.progress),
                str(r.length),
                str(r.suggestions),
                *counts,
                r.updated,
                key=r.doc,
            )
        ids = [r.doc for r in self.shown]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        order = "descending" if self.descending else "ascending"
        status = self.status.replace("_", " ")
        view = f"{len(self.shown)} of {len(self.rows)} · status: {status} · sort: {self.sort_by} {order}"
        self.query_one("#documents-view", Static).update(Content(view))

    @on(Input.Changed, "#documents-filter")
    def _filtered(self) -> None:
        self.fill()

    @on(Input.Submitted, "#documents-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(str(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if self.shown:
            self.dismiss(self.shown[table.cursor_row].doc)

    def action_back(self) -> None:
        if self.query_one("#documents-filter", Input).has_focus:
            self.query_one(DataTable).focus()
        else:
            self.dismiss(None)

    def action_filter_text(self) -> None:
        self.query_one("#documents-filter", Input).focus()

    def title_text(self) -> str:
        session = self.session
        done, total = session.progress()
        title = f"Documents · {session.annotator} · {done}/{total} done or skipped"
        if session.queue is not None:
            shown = "all documents" if session.show_all else f"queue of {len(session.queue)} assigned"
            title += f" · {shown} (a: {'queue' if session.show_all else 'all documents'})"
        if session.sent_back:
            title += f" · {len(session.sent_back)} sent back"
        return title

    def action_filter_status(self) -> None:
        cycle = (*STATUSES, "sent_back") if self.notes else STATUSES
        self.status = cycle[(cycle.index(self.status) + 1) % len(cycle)] if self.status in cycle else "all"
        self.fill()

    def action_toggle_all(self) -> None:
        """The queue, or every document: the list and next/previous document both follow."""
        if self.session.queue is None:
            self.notify("no assignment file: every document is shown already", timeout=3)
            return
        self.session.show_all = not self.session.show_all
        self.rows = doc_rows(self.session, self.occurrences)
        self.query_one("#documents-title", Static).update(Content(self.title_text()))
        self.fill()

    def action_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
        self.fill()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.fill()

    def action_jump(self) -> None:
        def typed(text: str | None) -> None:
            if not text:
                return
            doc = find_id(self.session.doc_ids(), text)
            if doc is None:
                self.notify(f"no document id with {text!r}", severity="warning")
            else:
                self.dismiss(doc)

        self.app.push_screen(PromptScreen("Go to document id (or its start)", ""), typed)


def _shown(value: float | None, spec: str) -> str:
    return "" if value is None else format(value, spec)
