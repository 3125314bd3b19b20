"""Finding a typed phrase in the document text, as the annotate screen's ``/``, ``n`` and ``b`` do.

Textual-free. Case is ignored and a space in the phrase matches any run of
whitespace, line breaks included, since annotators type what they read and the
text wraps where the source file broke its lines. The first search looks from
the cursor itself (a match starting there is taken); ``n`` and ``b`` look past
it. A search that went round the end (or the start) says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    """A match (code-point offsets, end exclusive) and whether the search wrapped round to reach it."""

    start: int
    end: int
    wrapped: bool


def phrase_pattern(query: str) -> re.Pattern[str] | None:
    """The phrase as a pattern: its words in order, any whitespace between them; None for a blank query."""
    words = query.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


def find_phrase(text: str, query: str, offset: int, delta: int, inclusive: bool = False) -> Found | None:
    """The next (``delta`` > 0) or previous match of ``query`` from ``offset``, wrapping round; None if none.

    ``inclusive`` takes a match starting at ``offset`` itself (forward only).
    """
    pattern = phrase_pattern(query)
    if pattern is None:
        return None
    starts = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not starts:
        return None
    if delta > 0:
        after = [s for s in starts if s[0] > offset or (inclusive and s[0] == offset)]
        return Found(*after[0], False) if after else Found(*starts[0], True)
    before = [s for s in starts if s[0] < offset]
    return Found(*before[-1], False) if before else Found(*starts[-1], True)
