"""Word wrap and span bucketing for the article view, free of Textual.

Widths are terminal cells measured with :func:`rich.cells.cell_len`, so CJK
characters and emoji (two cells) wrap where the terminal will draw them.
A visual line is a ``(start, end)`` range of code-point offsets into the text;
line breaks of the text always end a visual line and are not part of it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len

from annotator.tokens import TokenIndex, keep_clusters, paragraph_starts

_CHUNK = re.compile(r"\S+\s*|\s+")


_CONTROLS = {c: " " for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c != 0x0A}
"""Control characters (CR of Windows line ends, tabs, …) drawn as one blank cell each."""


def visible(chunk: str) -> str:
    """``chunk`` as the terminal should draw it: one character for one, control characters as blanks.

    A raw carriage return would send the terminal's cursor back to the start of
    the row (a CRLF text showed as blank lines); one blank per control
    character keeps every code-point offset where it was.
    """
    return chunk if chunk.isprintable() else chunk.translate(_CONTROLS)


def _char_widths(chunk: str) -> list[int]:
    return [cell_len(c) for c in chunk]


@lru_cache(maxsize=16)
def _ascii_line(width: int) -> re.Pattern[str]:
    """One visual line of single-cell text: words ending within ``width`` plus hanging blanks, or a hard cut."""
    return re.compile(rf"(?:.{{0,{width - 1}}}\S)?(?=\s|$)\s*|.{{{width}}}")


def _wrap_slow(text: str, width: int) -> list[tuple[int, int]]:
    """The reference loop (every paragraph measured by cells); used for tests of the fast path."""
    return wrap(text, width, fast=False)


def wrap(text: str, width: int, fast: bool = True) -> list[tuple[int, int]]:
    """Greedy word wrap of every paragraph of ``text`` into lines at most ``width`` cells wide.

    Trailing blanks may hang past the edge (they are cropped when drawn), so a
    space never starts a line; a word longer than the line is cut by cells.
    """
    width = max(width, 4)
    lines: list[tuple[int, int]] = []
    pos = 0
    line_re = _ascii_line(width)
    for para in text.split("\n"):
        end_para = pos + len(para)
        if not para:
            lines.append((pos, pos))
        elif fast and (para.isascii() or all(cell_len(c) == 1 for c in set(para))):
            lines += [(pos + m.start(), pos + m.end()) for m in line_re.finditer(para) if m.end() > m.start()]
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


class Mark(NamedTuple):
    """One highlighted stretch: what it is (``kind``), its label, nesting depth and drawing layer.

    A named tuple, so building and hashing thousands of them per edit stays cheap;
    marks of a higher ``layer`` paint over lower ones.
    """

    start: int
    end: int
    kind: str
    label: str
    ident: str
    depth: int = 0
    layer: int = 0


@dataclass
class Layout:
    """Visual lines of a text at one width, with the marks that touch each line."""

    lines: list[tuple[int, int]]
    starts: list[int] = field(default_factory=list)
    buckets: list[tuple[Mark, ...]] = field(default_factory=list)
    signatures: list[int] = field(default_factory=list)
    """Hash of each line's bucket, computed once per bucketing (used in cache keys)."""

    @classmethod
    def build(cls, text: str, width: int) -> Layout:
        lines = wrap(text, width)
        return cls(lines, [s for s, _ in lines], [() for _ in lines], [hash(()) for _ in lines])

    def line_of(self, offset: int) -> int:
        """The visual line holding ``offset`` (the last line for the end of the text)."""
        return max(bisect_right(self.starts, offset) - 1, 0)

    def lines_of(self, start: int, end: int) -> range:
        return range(self.line_of(start), self.line_of(max(end - 1, start)) + 1)

    def bucket(self, marks: Iterable[Mark]) -> None:
        """File every mark under each visual line it overlaps (outermost first)."""
        buckets: list[list[Mark]] = [[] for _ in self.lines]
        for mark in sorted(marks, key=_order):
            for y in self.lines_of(mark.start, mark.end):
                buckets[y].append(mark)
        self.buckets = [tuple(b) for b in buckets]
        self.signatures = [hash(b) for b in self.buckets]

    def update(self, removed: Iterable[Mark], added: Iterable[Mark]) -> list[int]:
        """Re-file only the lines touched by marks that went away or came in (an edit); returns them."""
        touched: dict[int, list[Mark]] = {}
        gone = set(removed)
        for mark in gone:
            for y in self.lines_of(mark.start, mark.end):
                touched.setdefault(y, list(self.buckets[y]))
        new = list(added)
        for mark in new:
            for y in self.lines_of(mark.start, mark.end):
                touched.setdefault(y, list(self.buckets[y]))
        for y, bucket in touched.items():
            kept = [m for m in bucket if m not in gone]
            kept += [
                m for m in new if m.start < max(self.lines[y][1], self.lines[y][0] + 1) and m.end > self.lines[y][0]
            ]
            self.buckets[y] = tuple(sorted(set(kept), key=_order))
            self.signatures[y] = hash(self.buckets[y])
        return sorted(touched)


def _order(m: Mark) -> tuple[int, int, int, int]:
    return (m.layer, m.depth, m.start, -m.end)


def nest_depths(spans: Sequence[tuple[int, int]]) -> list[int]:
    """For each span, how many other spans contain it (0 for outermost).

    Of two identical spans the later one counts as inside the earlier, so
    stacked labels on the same words are still drawn as distinct layers.
    """
    depths = [0] * len(spans)
    ends: list[int] = []
    for _start, neg_e, i in sorted([(s, -e, i) for i, (s, e) in enumerate(spans)]):
        e = -neg_e
        depths[i] = len(ends) - bisect_left(ends, e)
        insort(ends, e)
    return depths


_WORD = re.compile(r"(?:\w\.){2,}|\w+(?:['’]\w+)*|[^\w\s]")
_SENT_END = re.compile(r"[.!?][\"”’)]*\s+|\n+")


QUICK_REACH = 100_000
"""Characters on each side of the cursor that the first-frame tokenisation covers."""


def quick_tokens(text: str, around: int = 0, reach: int = QUICK_REACH) -> TokenIndex:
    """A cheap regex tokenisation for the first frame, replaced by spaCy's once it is ready.

    Only the lines within ``reach`` characters of ``around`` (the saved cursor)
    are tokenised, so a 10 MB document's first frame does not wait for two
    million regex matches; the cursor stays in that stretch until the full
    tokenisation arrives a few seconds later.
    """
    lo, hi = 0, len(text)
    if hi > 2 * reach:
        lo = text.rfind("\n", 0, max(around - reach, 0)) + 1
        hi_nl = text.find("\n", min(around + reach, len(text)))
        hi = len(text) if hi_nl < 0 else hi_nl
    spans = [m.span() for m in _WORD.finditer(text, lo, hi)]
    starts, ends = keep_clusters(text, [a for a, _ in spans], [b for _, b in spans])
    sentences = sorted({lo, *(m.end() for m in _SENT_END.finditer(text, lo, hi) if m.end() < len(text))})
    return TokenIndex(text, tuple(starts), tuple(ends), tuple(sentences), paragraph_starts(text, lo, hi))
