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

An attribution's parts are placed together (:func:`align_attribution`): of
all the places its cue and content occur, the pair in one sentence (or the
nearest sentences) wins, and the source is the occurrence nearest the cue, so
a "said" that occurs ten times lands next to the content it introduces.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
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

    def candidates(self, s: str) -> tuple[list[tuple[int, int]], str]:
        """Every occurrence of ``s`` found by the first pass that finds any, and that pass's name.

        The cursor does not move: callers that weigh occurrences against each
        other (an attribution's cue against its content) choose, then call :meth:`take`.
        """
        starts = _occurrences(self.text, s)
        if starts:
            return [(a, a + len(s)) for a in starts], "exact"
        for fold, how in ((False, "normalised"), (True, "casefold")):
            norm = self._normalised(fold)
            needle = _normal_needle(s, fold)
            found = _occurrences(norm.text, needle)
            if found:
                return [(norm.origin[k], norm.origin[k + len(needle) - 1] + 1) for k in found], how
        return [], "none"

    def nearest(self, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
        """Among ``spans`` (sorted), the first starting at or after the cursor, else the last one."""
        k = bisect_left([a for a, _ in spans], self.cursor)
        return spans[k] if k < len(spans) else spans[-1]

    def take(self, span: tuple[int, int]) -> tuple[int, int]:
        """Accept ``span`` as aligned: the next string is looked for after it."""
        self.cursor = span[1]
        return span

    def find(self, s: str) -> tuple[tuple[int, int] | None, str]:
        """The span of ``s`` in the text and the pass that found it ("exact", "normalised", "casefold", "none")."""
        spans, how = self.candidates(s)
        if not spans:
            return None, how
        return self.take(self.nearest(spans)), how


def align(text: str, strings: Sequence[str]) -> Alignment:
    """Spans of ``strings`` in ``text``, in order; None for each string found nowhere."""
    aligner = Aligner(text)
    out = Alignment()
    for s in strings:
        span, how = aligner.find(s)
        out.spans.append(span)
        out.how.append(how)
    return out


@dataclass
class AttributionPlacement:
    """Where an attribution's parts went; None for a part given but found nowhere (or not given)."""

    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    content: list[tuple[int, int] | None]


def align_attribution(
    aligner: Aligner, cue: str | None, source: str | None, content: Sequence[str]
) -> AttributionPlacement:
    """Place an attribution's cue, source and content as one item.

    The cue and the first content string are chosen as a pair: fewest
    sentence boundaries between them, then fewest characters, then the first
    after the cursor. Further content strings follow the first in reading
    order; the source is the occurrence nearest the cue (same sentence first).
    """
    from annotator.tokens import tokenize

    starts = tokenize(aligner.text).sentence_starts

    def sentence(offset: int) -> int:
        return bisect_right(starts, offset)

    def apart(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
        first, last = sorted((a, b))
        sentences = max(0, sentence(last[0]) - sentence(max(first[1] - 1, first[0])))
        return sentences, max(0, last[0] - first[1])

    cues = aligner.candidates(cue)[0] if cue else []
    firsts = aligner.candidates(content[0])[0] if content else []
    cursor = aligner.cursor
    chosen_cue = chosen_first = None
    if cues and firsts:
        chosen_cue, chosen_first = min(
            ((c, t) for c in cues for t in firsts if c[1] <= t[0] or t[1] <= c[0]),
            key=lambda ct: (*apart(*ct), min(ct)[0] < cursor, min(ct)[0]),
            default=(aligner.nearest(cues), aligner.nearest(firsts)),
        )
    elif cues:
        chosen_cue = aligner.nearest(cues)
    elif firsts:
        chosen_first = aligner.nearest(firsts)
    placed: list[tuple[int, int] | None] = [chosen_first] if content else []
    if chosen_first is not None:
        aligner.take(chosen_first)
    for s in content[1:]:
        placed.append(aligner.find(s)[0])
    found_source = None
    if source:
        sources = aligner.candidates(source)[0]
        anchor = chosen_cue or chosen_first
        if sources and anchor is not None:
            inside = [t for t in placed if t is not None]
            found_source = min(
                sources, key=lambda s: (any(t[0] <= s[0] < t[1] for t in inside), *apart(s, anchor), s[0])
            )
        elif sources:
            found_source = aligner.nearest(sources)
    ends = [s[1] for s in (chosen_cue, found_source, *placed) if s is not None]
    aligner.cursor = max([cursor, *ends])
    return AttributionPlacement(chosen_cue, found_source, placed)
