"""The review screen: gold against an extractor, errors on the text, filters, and proposed gold corrections."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from annotator.curation.review import KINDS, Outcome, Review
from annotator.tui.curation.entries import Entry, EntryCursor
from annotator.tui.curation.screen import EntriesScreen
from annotator.tui.keys import ENTRIES, REVIEW


class ReviewController:
    """Which document, which filters, which outcome; documents come sorted by error count."""

    def __init__(self, review: Review, doc: str | None = None) -> None:
        self.review = review
        self.doc = doc if doc in review.doc_ids else review.doc_ids[0]
        self.filters: dict[str, str | None] = {"layer": None, "kind": None, "label": None}
        self.cursor = EntryCursor()
        self.refresh()

    @property
    def text(self) -> str:
        return self.review.texts[self.doc]

    def shown(self) -> list[tuple[int, Outcome]]:
        """The outcomes the filters let through, with their place in the document's list (their id)."""
        return [
            (n, o)
            for n, o in enumerate(self.review.outcomes[self.doc])
            if all(v is None or getattr(o, f) == v for f, v in self.filters.items())
        ]

    def refresh(self) -> None:
        current = self.cursor.current
        entries = []
        for n, o in self.shown():
            other = ""
            if o.error is not None and o.error.gold is not None and o.error.pred is not None:
                other = f" · predicted {o.error.pred[2]} {o.error.pred[3]!r}"
            details = (f"{o.kind} · {o.layer}", f"{o.label} {o.text!r}{other}")
            entries.append(
                Entry(
                    f"{n}:{o.key}",
                    o.start,
                    o.end,
                    f"rev-{o.kind.split('+')[0]}",
                    o.label,
                    f"{o.kind:9} {o.layer[:12]:12} {o.label} {o.text!r}"[:44],
                    details,
                    o.error is not None,
                )
            )
        self.cursor.load(entries, current.ident if current else None)

    def status(self) -> str:
        def figures(c: dict[tuple[str, str], int]) -> str:
            by_kind: dict[str, int] = {}
            for (_, kind), n in c.items():
                by_kind[kind] = by_kind.get(kind, 0) + n
            return " ".join(f"{k} {by_kind[k]}" for k in KINDS if k in by_kind) or "no errors"

        active = " ".join(f"{k}={v}" for k, v in self.filters.items() if v)
        correct = sum(1 for o in self.review.outcomes[self.doc] if o.error is None)
        return (
            f"review {self.review.system} · {self.doc}: correct {correct} {figures(self.review.counts(self.doc))}"
            f" · corpus: {figures(self.review.counts())}" + (f" · filter {active}" if active else "")
        )

    def cycle(self, field: str) -> str:
        """The next value of a filter (None: everything), among the values this document has."""
        values = sorted({getattr(o, field) for o in self.review.outcomes[self.doc]})
        now = self.filters[field]
        order: list[str | None] = [None, *values]
        self.filters[field] = order[(order.index(now) + 1) % len(order)] if now in order else None
        self.refresh()
        return f"{field}: {self.filters[field] or 'all'}"

    def outcome(self) -> Outcome | None:
        current = self.cursor.current
        return self.review.outcomes[self.doc][int(current.ident.split(":", 1)[0])] if current else None

    def propose(self) -> str:
        o = self.outcome()
        if o is None or o.error is None or o.error.pred is None:
            return "only a prediction can be proposed as gold"
        d = self.review.propose(o)
        return f"proposed {d.item} as a gold correction"

    def next_doc(self, delta: int) -> bool:
        ids = self.review.doc_ids
        i = ids.index(self.doc) + delta
        if not 0 <= i < len(ids):
            return False
        self.doc = ids[i]
        self.cursor = EntryCursor()
        self.refresh()
        return True


class ReviewScreen(EntriesScreen):
    BINDINGS: ClassVar[list[BindingType]] = [*ENTRIES, *REVIEW]
    controller: ReviewController

    def action_filter(self, field: str) -> None:
        self.tell(self.controller.cycle(field))
        self.redraw()

    def action_propose(self) -> None:
        self.tell(self.controller.propose())
        self.redraw()
