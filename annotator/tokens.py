"""Token, sentence and paragraph boundaries with character offsets.

Boundaries come from spaCy's rule-based English tokenizer and sentencizer
(``spacy.blank("en")``, no model download). They drive snapping of selections,
sentence-scoped argument candidates and token-level agreement; stored offsets
never depend on them. spaCy is imported on first use, so programs that never
tokenise (or a UI drawing its first frame) do not pay for the import.

Whitespace-only tokens are dropped; a line break always ends a sentence, since
news text puts headlines, captions and paragraphs on lines of their own.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_lock = threading.Lock()
_nlp: Any = None


def _pipeline() -> Any:
    global _nlp
    with _lock:
        if _nlp is None:
            import spacy

            nlp = spacy.blank("en")
            nlp.add_pipe("sentencizer")
            _nlp = nlp
    return _nlp


@dataclass(frozen=True)
class TokenIndex:
    """Token and sentence boundaries of one text, as sorted offset lists."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    sentence_starts: tuple[int, ...]
    """Character offsets at which sentences begin, ascending."""
    paragraph_starts: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.starts)

    def token_at(self, offset: int) -> int:
        """Index of the token containing ``offset``, or the next token after it."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.ends[i]:
            return i
        return min(i + 1, len(self.starts) - 1)

    def tokens_in(self, start: int, end: int) -> range:
        """Indices of the tokens that overlap ``[start, end)``."""
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end)
        return range(first, last)

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """The whole tokens that ``[start, end)`` touches (surrounding blanks dropped).

        A range touching no token (empty, or only whitespace) is returned as it is.
        """
        toks = self.tokens_in(start, end)
        if not toks:
            return (start, end)
        return (self.starts[toks.start], self.ends[toks.stop - 1])

    def span_of(self, first: int, last: int) -> tuple[int, int]:
        """Character range of tokens ``first..last`` inclusive."""
        return (self.starts[first], self.ends[last])

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        """The sentence around ``offset`` as a character range (trailing space trimmed)."""
        i = bisect_right(self.sentence_starts, offset) - 1
        i = max(i, 0)
        start = self.sentence_starts[i] if self.sentence_starts else 0
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end)

    def sentences(self) -> list[tuple[int, int]]:
        return [self.sentence_bounds(s) for s in self.sentence_starts]


_PARAGRAPH = re.compile(r"[^\n]+")


def paragraph_starts(text: str) -> tuple[int, ...]:
    """Offsets at which non-blank lines begin: news text puts one paragraph per line."""
    return tuple(m.start() for m in _PARAGRAPH.finditer(text) if m.group().strip())


@lru_cache(maxsize=64)
def tokenize(text: str) -> TokenIndex:
    """Tokens and sentences of ``text``; cached per text (a document is tokenised once).

    spaCy's token attributes are read as one integer array (``Doc.to_array``):
    building a Python token object per token cost more than tokenising.
    """
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START, SPACY

    doc = _pipeline()(text)
    starts: list[int] = []
    ends: list[int] = []
    sentence_starts: list[int] = []
    newline_before = True
    first_in_sentence = True
    for idx, length, space, sent_start, trailing in doc.to_array([IDX, LENGTH, IS_SPACE, SENT_START, SPACY]).tolist():
        end = idx + length
        if sent_start == 1:
            first_in_sentence = True
        if space:
            if "\n" in text[idx:end]:
                newline_before = True
            continue
        if first_in_sentence or newline_before:
            sentence_starts.append(idx)
        first_in_sentence = False
        newline_before = bool(trailing) and "\n" in text[end : end + 1]
        starts.append(idx)
        ends.append(end)
    return TokenIndex(text, tuple(starts), tuple(ends), tuple(sorted(set(sentence_starts))), paragraph_starts(text))
