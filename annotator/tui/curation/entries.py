"""Entries on the text and a Textual-free cursor over them, shared by the curation and review views.

An entry is what the article view marks and the side list shows: a stretch of
text, its kind (which :mod:`annotator.tui.state_style` draws), a one-line
summary and the lines of its details. ``open`` entries are what next/previous
"open" jumps between (decisions to make, errors to look at).
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.tui.layout import Mark


@dataclass(frozen=True)
class Entry:
    ident: str
    start: int
    end: int
    kind: str
    label: str
    summary: str
    details: tuple[str, ...]
    open: bool
    spans: tuple[tuple[int, int], ...] = ()
    """Every stretch to mark (a cluster's members); the entry's own span when empty."""
    always: bool = True
    """Marked whether current or not; a zone (a whole block of text) is marked only while current."""


class EntryCursor:
    """The entries of the open document and the one the curator is on."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.index = 0

    def load(self, entries: list[Entry], keep: str | None = None) -> None:
        """New entries; stay on the entry ``keep`` when it is still there."""
        self.entries = entries
        idents = [e.ident for e in entries]
        if keep in idents:
            self.index = idents.index(keep)
        self.index = min(self.index, max(len(entries) - 1, 0))

    @property
    def current(self) -> Entry | None:
        return self.entries[self.index] if self.entries else None

    def step(self, delta: int, open_only: bool = False) -> bool:
        """Move to the next (``delta`` 1) or previous (-1) entry, or open entry; False when there is none."""
        n = len(self.entries)
        for k in range(1, n + 1):
            i = self.index + delta * k
            if not 0 <= i < n:
                return False
            if not open_only or self.entries[i].open:
                self.index = i
                return True
        return False

    def go(self, ident: str) -> None:
        for i, e in enumerate(self.entries):
            if e.ident == ident:
                self.index = i

    def at_offset(self, offset: int) -> bool:
        """The innermost entry that holds ``offset`` becomes current (the cursor moved in the text, a search
        found a phrase there): the one starting last, the shortest of those, so never the zone around it
        when an item there starts closer. The current entry stays when it starts as late as that one (an
        outer mention chosen with ``]`` over a nested one). Returns whether the current entry changed."""
        holding = [i for i, e in enumerate(self.entries) if e.start <= offset < max(e.end, e.start + 1)]
        if not holding:
            return False
        best = max(holding, key=lambda i: (self.entries[i].start, -i))
        if self.index in holding and self.entries[self.index].start >= self.entries[best].start:
            return False
        self.index = best
        return True

    def marks(self) -> list[Mark]:
        out = []
        current = self.current
        for e in self.entries:
            if not e.always and e is not current:
                continue
            for s, t in e.spans or ((e.start, e.end),):
                out.append(Mark(s, t, e.kind, e.label, e.ident, 0, 2))
        return out
