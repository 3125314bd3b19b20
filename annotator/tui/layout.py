"""Word wrap and span bucketing for the article view, free of Textual.

Widths are terminal cells measured with :func:`rich.cells.cell_len`, so CJK
characters and emoji (two cells) wrap where the terminal will draw them.
A visual line is a ``(start, end)`` range of code-point offsets into the text;
line breaks of the text always end a visual line and are not part of it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len

from annotator.tokens import TokenIndex

_CHUNK = re.compile(r"\S+\s*|\s+")


def _char_widths(chunk: str) -> list[int]:
    return [cell_len(c) for c in chunk]


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of every paragraph of ``text`` into lines at most ``width`` cells wide.

    Trailing blanks may hang past the edge (they are cropped when drawn), so a
    space never starts a line; a word longer than the line is cut by cells.
    """
    width = max(width, 4)
    lines: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        end_para = pos + len(para)
        if not para:
            lines.append((pos, pos))
        else:
            line_start = pos
            used = 0
            for m in _CHUNK.finditer(para):
                chunk = m.group()
                word = chunk.rstrip()
                w = len(word) if word.isascii() else cell_len(word)
                c_start = pos + m.start()
                if used and used + w > width:
                    lines.append((line_start, c_start))
                    line_start, used = c_start, 0
                if w > width:
                    widths = _char_widths(word)
                    for i, cw in enumerate(widths):
                        if used + cw > width and used:
                            lines.append((line_start, c_start + i))
                            line_start, used = c_start + i, 0
                        used += cw
                    used += len(chunk) - len(word)
                else:
                    used += w + (len(chunk) - len(word))
            lines.append((line_start, end_para))
        pos = end_para + 1
    return lines


@dataclass(frozen=True)
class Mark:
    """One highlighted stretch: what it is (``kind``), its label and its nesting depth."""

    start: int
    end: int
    kind: str
    label: str
    ident: str
    depth: int = 0
    layer: int = 0
    """Drawing order: marks of a higher layer paint over lower ones."""


@dataclass
class Layout:
    """Visual lines of a text at one width, with the marks that touch each line."""

    lines: list[tuple[int, int]]
    starts: list[int] = field(default_factory=list)
    buckets: list[tuple[Mark, ...]] = field(default_factory=list)

    @classmethod
    def build(cls, text: str, width: int) -> Layout:
        lines = wrap(text, width)
        return cls(lines, [s for s, _ in lines], [() for _ in lines])

    def line_of(self, offset: int) -> int:
        """The visual line holding ``offset`` (the last line for the end of the text)."""
        return max(bisect_right(self.starts, offset) - 1, 0)

    def lines_of(self, start: int, end: int) -> range:
        return range(self.line_of(start), self.line_of(max(end - 1, start)) + 1)

    def bucket(self, marks: Iterable[Mark]) -> None:
        """File every mark under each visual line it overlaps (outermost first)."""
        buckets: list[list[Mark]] = [[] for _ in self.lines]
        for mark in sorted(marks, key=lambda m: (m.layer, m.depth, m.start, -m.end)):
            for y in self.lines_of(mark.start, mark.end):
                buckets[y].append(mark)
        self.buckets = [tuple(b) for b in buckets]


def nest_depths(spans: Sequence[tuple[int, int]]) -> list[int]:
    """For each span, how many other spans strictly contain it (0 for outermost)."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1]))
    depths = [0] * len(spans)
    stack: list[tuple[int, int]] = []
    for i in order:
        s, e = spans[i]
        while stack and stack[-1][1] < e and stack[-1][1] <= s:
            stack.pop()
        while stack and not (stack[-1][0] <= s and e <= stack[-1][1]):
            stack.pop()
        depths[i] = len(stack)
        stack.append((s, e))
    return depths


_WORD = re.compile(r"(?:\w\.){2,}|\w+(?:['’]\w+)*|[^\w\s]")
_SENT_END = re.compile(r"[.!?][\"”’)]*\s+|\n+")


def quick_tokens(text: str) -> TokenIndex:
    """A cheap regex tokenisation for the first frame, replaced by spaCy's once it is ready."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _WORD.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    sentences = sorted({0, *(m.end() for m in _SENT_END.finditer(text) if m.end() < len(text))})
    paragraphs = tuple(m.start() for m in re.finditer(r"[^\n]+", text) if m.group().strip())
    return TokenIndex(text, tuple(starts), tuple(ends), tuple(sentences), paragraphs)
