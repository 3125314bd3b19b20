"""The header line: document, annotator, progress and whether the last edit is saved."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusBar(Static):
    """Shows where the annotator is and the save state; user text never goes through markup."""

    def show(
        self, doc: str, status: str, annotator: str, progress: tuple[int, int], saved: str, note: str = ""
    ) -> None:
        done, total = progress
        parts = [
            ("annotator ", "bold"),
            (f" {doc} ", "reverse"),
            (f" {status} ", ""),
            (f"· {annotator} · {done}/{total} done · ", ""),
            (saved, "bold green" if saved.startswith("saved") else "bold yellow"),
        ]
        if note:
            parts.append((f" · {note}", "italic"))
        self.update(Content.assemble(*parts))
