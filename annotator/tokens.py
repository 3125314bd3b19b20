"""Token, sentence and paragraph boundaries with character offsets.

Boundaries come from spaCy's rule-based English tokenizer and sentencizer
(``spacy.blank("en")``, no model download). They drive snapping of selections,
sentence-scoped argument candidates and token-level agreement; stored offsets
never depend on them. spaCy and NumPy are imported on first use, so programs that never
tokenise (or a UI drawing its first frame) do not pay for the import.

Whitespace-only tokens are dropped; a line break always ends a sentence, since
news text puts headlines, captions and paragraphs on lines of their own.
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
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


def prepare() -> None:
    """Load spaCy's tokenizer now, so that processes forked afterwards share it instead of each importing it."""
    _pipeline()


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


_PARAGRAPH = re.compile(r"^[^\S\n]*\S", re.MULTILINE)


def paragraph_starts(text: str, lo: int = 0, hi: int | None = None) -> tuple[int, ...]:
    """Offsets at which non-blank lines begin (in ``[lo, hi)``): news text puts one paragraph per line."""
    return tuple(m.start() for m in _PARAGRAPH.finditer(text, lo, len(text) if hi is None else hi))


CHUNK = 20_000
"""Characters spaCy is given at a time: far below its ``nlp.max_length`` (one million), and short enough
that one call holds the GIL for only a few milliseconds."""


def chunks(text: str, size: int = CHUNK) -> list[tuple[int, int]]:
    """``text`` cut into stretches of at most about ``size`` characters, at line breaks where possible.

    A line break always ends a sentence, so cutting there changes no boundary;
    a longer line is cut after a blank, and only a blank-free stretch is cut
    hard (at a grapheme boundary).
    """
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        cut = text.rfind("\n", start + size // 2, start + size) + 1
        if cut <= 0:
            half, full = start + size // 2, start + size
            blank = max(text.rfind(" ", half, full), text.rfind("\t", half, full))
            cut = blank + 1 if blank >= 0 else full
        while cut < n and not is_boundary(text, cut):
            cut += 1
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


@lru_cache(maxsize=64)
def tokenize(text: str) -> TokenIndex:
    """Tokens and sentences of ``text``; cached per text (a document is tokenised once).

    Long texts go to spaCy in :func:`chunks` (no length limit; spaCy holds the
    GIL for one chunk at a time, a few milliseconds, so the app's thread keeps
    drawing while a 10 MB document is tokenised in the background); no token
    boundary falls inside a grapheme cluster (:func:`keep_clusters`). Token and sentence columns come from
    ``Doc.to_array``, not from two million ``Token`` objects.
    """
    import numpy as np

    pieces = chunks(text)
    columns = [_columns(doc) for doc in _pipeline().tokenizer.pipe(text[a:b] for a, b in pieces)]
    sentence_of = [np.cumsum(c[:, 3] == 1) + 1_000_000 * i for i, c in enumerate(columns)]
    words = [c[:, 2] == 0 for c in columns]
    starts_a = np.concatenate([c[w, 0] + a for c, w, (a, _) in zip(columns, words, pieces, strict=True)] or [[]])
    ends_a = np.concatenate(
        [c[w, 0] + c[w, 1] + a for c, w, (a, _) in zip(columns, words, pieces, strict=True)] or [[]]
    )
    sentence = np.concatenate([s[w] for s, w in zip(sentence_of, words, strict=True)] or [[]])
    newlines = np.array([m.start() for m in _NEWLINE.finditer(text)], dtype=np.int64)
    before = np.searchsorted(newlines, starts_a)
    after_previous = np.searchsorted(newlines, np.concatenate([[0], ends_a[:-1]]))
    newline_before = before > after_previous
    first_in_sentence = np.concatenate([[True], sentence[1:] != sentence[:-1]]) if len(sentence) else sentence
    begins = first_in_sentence | newline_before
    if len(begins):
        begins[0] = True
    starts: list[int] = starts_a.astype(np.int64).tolist()
    ends: list[int] = ends_a.astype(np.int64).tolist()
    sentence_starts: list[int] = starts_a[begins].astype(np.int64).tolist()
    fixed_starts, fixed_ends = keep_clusters(text, starts, ends)
    if fixed_starts != starts:
        sentence_starts = [fixed_starts[max(bisect_right(fixed_starts, s) - 1, 0)] for s in sentence_starts]
    return TokenIndex(
        text, tuple(fixed_starts), tuple(fixed_ends), tuple(sorted(set(sentence_starts))), paragraph_starts(text)
    )


def _columns(doc: Any) -> Any:
    """Offset, length, whether blank, and sentence start (1 or -1) of each token of a spaCy ``Doc``.

    The sentence starts are those spaCy's sentencizer gives, computed on the
    token arrays: its rule walks every token as a Python object, which cost
    half of tokenising. A token starts a sentence when it is the first, or when
    it is neither punctuation nor a sentence-final character and such a
    character came after the last token that was neither (a test holds this to
    the sentencizer itself).
    """
    import numpy as np
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH

    found = doc.to_array([IDX, LENGTH, IS_SPACE, ORTH, IS_PUNCT])
    marks = _final_marks()
    near = np.searchsorted(marks, found[:, 3])
    final = marks[np.minimum(near, len(marks) - 1)] == found[:, 3]
    plain = (found[:, 4] == 0) & ~final
    seen = np.concatenate(([0], np.cumsum(final)))
    at = np.flatnonzero(plain)
    before = np.concatenate(([0], at[:-1] + 1))
    starts = np.full(len(found), -1, dtype=np.int64)
    starts[at[seen[at] > seen[before]]] = 1
    if len(starts):
        starts[0] = 1
    return np.stack([found[:, 0], found[:, 1], found[:, 2], starts], axis=1).astype(np.int64)


@lru_cache(maxsize=1)
def _final_marks() -> Any:
    """The hashes of the sentencizer's sentence-final characters, as a token's ``ORTH`` holds them."""
    import numpy as np

    nlp = _pipeline()
    marks = nlp.get_pipe("sentencizer").punct_chars
    return np.array(sorted(nlp.vocab.strings.add(c) for c in marks), dtype=np.uint64)


_NEWLINE = re.compile("\n")
_ZWJ = "\u200d"


def _extends(ch: str) -> bool:
    """Whether ``ch`` joins the character before it into one grapheme cluster (UAX #29 Extend, ZWJ, SpacingMark)."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or ch == _ZWJ
        or 0xFE00 <= cp <= 0xFE0F
        or 0x1F3FB <= cp <= 0x1F3FF
        or 0xE0020 <= cp <= 0xE007F
        or 0xE0100 <= cp <= 0xE01EF
    )


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def is_boundary(text: str, i: int) -> bool:
    """Whether a token may begin or end at offset ``i`` without splitting a grapheme cluster.

    The rules that matter for news text: CR LF, combining marks and other
    extenders, emoji joined by ZWJ (with skin tones and variation selectors),
    and flags (pairs of regional indicators). Hangul syllables written as
    conjoining jamo stay together too.
    """
    if i <= 0 or i >= len(text):
        return True
    before, ch = text[i - 1], text[i]
    if before == "\r" and ch == "\n":
        return False
    if before in "\r\n" or ch in "\r\n":
        return True
    if _extends(ch) or (before == _ZWJ and not ch.isspace()):
        return False
    if "\u1100" <= before <= "\u11ff" and "\u1160" <= ch <= "\u11ff":
        return False
    if _regional(before) and _regional(ch):
        run = 0
        while i - run - 1 >= 0 and _regional(text[i - run - 1]):
            run += 1
        return run % 2 == 0
    return True


_SUSPECT = re.compile("[^\x00-\u02ff]")
"""Characters before U+0300 never extend a cluster, so texts of only those need no check."""


def keep_clusters(text: str, starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
    """Token boundaries moved off the inside of grapheme clusters (tokens that then overlap are merged).

    A combining accent typed after its letter, or an emoji sequence joined by
    ZWJ, is one character to the reader: a token edge inside it would let a
    span cut it in two. Only offsets at or after a character above U+02FF are
    examined when they are fewer than the tokens (else every token edge is), so
    plain Latin text costs one regex scan.
    """
    suspects = [m.start() for m in itertools.islice(_SUSPECT.finditer(text), len(starts) + 1)]
    if not suspects:
        return starts, ends
    risky: set[int] | None = None
    if len(suspects) <= len(starts):
        risky = {i for s in suspects for i in (s, s + 1) if not is_boundary(text, i)}
        if not risky:
            return starts, ends

    def inside(i: int) -> bool:
        return i in risky if risky is not None else not is_boundary(text, i)

    out_s: list[int] = []
    out_e: list[int] = []
    for s, e in zip(starts, ends, strict=True):
        while inside(s):
            s -= 1
        while inside(e):
            e += 1
        if out_e and s < out_e[-1]:
            out_e[-1] = max(out_e[-1], e)
        else:
            out_s.append(s)
            out_e.append(e)
    return out_s, out_e
