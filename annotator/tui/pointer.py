"""The token cursor and the token-snapped selection over one text, free of Textual.

One :class:`Pointer` is owned by the annotate controller and handed down to the
article view, which moves it (keys, mouse) and draws it; the controller reads
:attr:`Pointer.target` when an edit needs a span. Both see the same object, so an
edit always applies to what is on screen, however fast keys arrive.
"""

from __future__ import annotations

from annotator.tokens import TokenIndex, is_boundary


class Pointer:
    """Cursor token, selection anchor token and a character adjustment of the selection's edges."""

    def __init__(self, text: str, tokens: TokenIndex) -> None:
        self.text = text
        self.tokens = tokens
        self.cursor = 0
        self.selection_anchor: int | None = None
        """Token where the selection started (None: no selection)."""
        self.adjust = (0, 0)
        """Characters added to the selection's start and end after snapping to tokens."""
        self.marking = False
        """A selection started with the mark key: plain movement extends it until it is dropped or used."""

    def reset(self, text: str, tokens: TokenIndex) -> None:
        """Another document: cursor on its first token, no selection."""
        self.text, self.tokens = text, tokens
        self.cursor, self.selection_anchor, self.adjust = 0, None, (0, 0)
        self.marking = False

    def retokenize(self, tokens: TokenIndex) -> None:
        """A finer tokenisation of the same text, keeping cursor and selection on the same characters."""
        offset = self.cursor_span[0]
        anchor = (
            self.tokens.starts[self.selection_anchor]
            if self.selection_anchor is not None and len(self.tokens)
            else None
        )
        self.tokens = tokens
        self.selection_anchor = tokens.token_at(anchor) if anchor is not None else None
        self.cursor = tokens.token_at(offset) if len(tokens) else 0

    @property
    def cursor_span(self) -> tuple[int, int]:
        """Character range of the cursor token ((0, 0) for a text without tokens)."""
        if not len(self.tokens):
            return (0, 0)
        return (self.tokens.starts[self.cursor], self.tokens.ends[self.cursor])

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected character range (token-snapped, then widened or narrowed), or None."""
        if self.selection_anchor is None or not len(self.tokens):
            return None
        first, last = sorted((self.selection_anchor, self.cursor))
        start, end = self.tokens.span_of(first, last)
        start, end = start + self.adjust[0], end + self.adjust[1]
        start = min(max(start, 0), len(self.text))
        end = min(max(end, start + 1), len(self.text))
        return (start, end)

    @property
    def target(self) -> tuple[int, int]:
        """What an edit applies to: the selection, else the cursor token."""
        return self.selection or self.cursor_span

    def place(self, token: int, extend: bool = False) -> int:
        """Put the cursor on ``token`` (clamped), extending the selection or dropping it; returns it.

        While a mark is set (:meth:`toggle_mark`) every move extends, as in Emacs.
        """
        extend = extend or self.marking
        if extend and self.selection_anchor is None:
            self.selection_anchor = self.cursor
        elif not extend:
            self.selection_anchor = None
        self.adjust = (0, 0)
        self.cursor = min(max(token, 0), len(self.tokens) - 1)
        return self.cursor

    def toggle_mark(self) -> None:
        """Start a selection at the cursor that plain movement extends, or drop the one in progress."""
        self.selection_anchor = None if self.selection_anchor is not None else self.cursor
        self.marking = self.selection_anchor is not None
        self.adjust = (0, 0)

    def clear(self) -> None:
        self.selection_anchor = None
        self.marking = False
        self.adjust = (0, 0)

    def nudge(self, edge: int, delta: int) -> None:
        """Move the selection's start (edge 0) or end (edge 1) by ``delta`` characters, within the text.

        An edge that would land inside a grapheme cluster (a letter and its
        combining accent, an emoji sequence) moves on past it, so a selection
        never cuts what the reader sees as one character.
        """
        if self.selection_anchor is None:
            self.selection_anchor = self.cursor
        adj = list(self.adjust)
        adj[edge] += delta
        self.adjust = (adj[0], adj[1])
        sel = self.selection
        if sel is not None and delta:
            edges = list(sel)
            step = 1 if delta > 0 else -1
            while not is_boundary(self.text, edges[edge]):
                edges[edge] += step
            if edges[1] <= edges[0]:
                edges[1] = edges[0] + 1
                while not is_boundary(self.text, edges[1]):
                    edges[1] += 1
            first, last = sorted((self.selection_anchor, self.cursor))
            base = self.tokens.span_of(first, last)
            self.adjust = (edges[0] - base[0], edges[1] - base[1])
            sel = self.selection
        if sel is not None:
            first, last = sorted((self.selection_anchor, self.cursor))
            base = self.tokens.span_of(first, last)
            self.adjust = (sel[0] - base[0], sel[1] - base[1])

    def select_word(self) -> tuple[int, int] | None:
        """Select the whitespace-delimited word under the cursor, edge punctuation left out; returns it.

        ``hostage-taking`` and ``APLM-RC`` are one word here though the tokenizer
        (whose tokens agreement counts on) splits them at the hyphen. None if the
        cursor is on punctuation only.
        """
        span = word_at(self.text, self.cursor_span[0])
        if span is None or not len(self.tokens):
            return None
        first, last = self.tokens.token_at(span[0]), self.tokens.token_at(span[1] - 1)
        self.selection_anchor, self.cursor, self.marking = first, last, False
        base = self.tokens.span_of(first, last)
        self.adjust = (span[0] - base[0], span[1] - base[1])
        return span


EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}<>,;:!?."


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The whitespace-delimited word around ``offset`` without its edge punctuation (an abbreviation keeps its dot)."""
    start, end = offset, offset
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        if text[end - 1] == "." and text[start : end - 1].count(".") >= 1:
            break
        end -= 1
    return (start, end) if start < end else None
