"""Placing strings returned by an extractor (an LLM) back onto the document.

Each string is looked for in three passes, the first that finds it wins:

1. exactly as returned;
2. ignoring differences in whitespace (any run of blanks matches any other)
   and in quote marks (curly and straight quotes, apostrophes and backticks
   are the same);
3. ignoring case as well.

Where a string occurs more than once, the occurrence nearest to the previous
aligned string is taken, preferring one that starts after it (extractors list
things in reading order). Strings found nowhere are reported, never guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛`´′"})
_BLANK = re.compile(r"\s+")


@dataclass
class Normalised:
    """A text with blanks collapsed and quotes unified, and where each character came from."""

    text: str
    origin: list[int]

    @classmethod
    def of(cls, text: str, fold_case: bool = False) -> Normalised:
        out: list[str] = []
        origin: list[int] = []
        last_blank = False
        for i, ch in enumerate(text.translate(QUOTES)):
            if ch.isspace():
                if last_blank:
                    continue
                ch = " "
                last_blank = True
            else:
                last_blank = False
            out.append(ch.lower() if fold_case else ch)
            origin.append(i)
        origin.append(len(text))
        return cls("".join(out), origin)


def _normal_needle(s: str, fold_case: bool) -> str:
    s = _BLANK.sub(" ", s.translate(QUOTES).strip())
    return s.lower() if fold_case else s


def _occurrences(haystack: str, needle: str) -> list[int]:
    if not needle:
        return []
    found = []
    i = haystack.find(needle)
    while i >= 0:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def _nearest(starts: list[int], cursor: int) -> int:
    k = bisect_left(starts, cursor)
    return starts[k] if k < len(starts) else starts[-1]


@dataclass
class Alignment:
    spans: list[tuple[int, int] | None] = field(default_factory=list)
    how: list[str] = field(default_factory=list)

    @property
    def unaligned(self) -> list[int]:
        return [i for i, s in enumerate(self.spans) if s is None]


class Aligner:
    """Aligns strings to one document, in order; keeps the cursor between calls."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0
        self._norm: dict[bool, Normalised] = {}

    def _normalised(self, fold_case: bool) -> Normalised:
        if fold_case not in self._norm:
            self._norm[fold_case] = Normalised.of(self.text, fold_case)
        return self._norm[fold_case]

    def find(self, s: str) -> tuple[tuple[int, int] | None, str]:
        """The span of ``s`` in the text and the pass that found it ("exact", "normalised", "casefold", "none")."""
        starts = _occurrences(self.text, s)
        if starts:
            start = _nearest(starts, self.cursor)
            self.cursor = start + len(s)
            return (start, start + len(s)), "exact"
        for fold, how in ((False, "normalised"), (True, "casefold")):
            norm = self._normalised(fold)
            needle = _normal_needle(s, fold)
            found = _occurrences(norm.text, needle)
            if found:
                cursor = bisect_left(norm.origin, self.cursor)
                k = _nearest(found, cursor)
                start, end = norm.origin[k], norm.origin[k + len(needle) - 1] + 1
                self.cursor = end
                return (start, end), how
        return None, "none"


def align(text: str, strings: Sequence[str]) -> Alignment:
    """Spans of ``strings`` in ``text``, in order; None for each string found nowhere."""
    aligner = Aligner(text)
    out = Alignment()
    for s in strings:
        span, how = aligner.find(s)
        out.spans.append(span)
        out.how.append(how)
    return out
