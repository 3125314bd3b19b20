"""Mention heads, for the ``head`` match (``--head``): a system that finds
"the commander" where the gold has "the commander of the rebel forces, who
spoke on Monday" has found the right entity, which exact-extent scores hide.

The heuristic, on the tokens of :func:`annotator.tokens.tokenize` (spaCy's
rule-based English tokenizer) of the mention's own text: cut the mention at
the first comma, semicolon, colon, opening bracket, en or em dash (not a
hyphen), preposition (*of*, *in*, *near*, ...) or relative word (*who*,
*which*, *that*, ...) after its first token; the head is the last word token
before the cut (a possessive *'s* is no word), else the last word token of
the mention, else the whole mention. So "the commander of the army" →
*commander*, "Syria's army" → *army*, "the town, which fell" → *town*,
"President Bashar al-Assad" → *Assad*. It is a syntactic approximation for
English news, not a parse.
"""

from __future__ import annotations

from functools import lru_cache

CUT_PUNCT = frozenset({",", ";", ":", "(", "[", "–", "—"})
PREPOSITIONS = frozenset(
    {
        "of",
        "in",
        "on",
        "at",
        "from",
        "to",
        "for",
        "with",
        "without",
        "by",
        "near",
        "inside",
        "outside",
        "into",
        "onto",
        "over",
        "under",
        "between",
        "among",
        "amongst",
        "against",
        "across",
        "after",
        "before",
        "during",
        "since",
        "through",
        "throughout",
        "toward",
        "towards",
        "within",
        "along",
        "around",
        "about",
        "behind",
        "beyond",
        "beside",
        "besides",
        "via",
        "per",
        "like",
        "amid",
        "despite",
    }
)
RELATIVES = frozenset({"who", "whom", "whose", "which", "that", "where", "when"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def _is_word(token: str) -> bool:
    return token not in POSSESSIVE and any(c.isalnum() for c in token)


@lru_cache(maxsize=65536)
def head_offsets(text: str) -> tuple[int, int]:
    """The head of a mention whose text is ``text``, as offsets into ``text``."""
    from annotator.tokens import tokenize

    index = tokenize(text)
    tokens = [(s, e, text[s:e]) for s, e in zip(index.starts, index.ends, strict=True)]
    cut = len(tokens)
    for i, (_, _, tok) in enumerate(tokens[1:], 1):
        low = tok.lower()
        if low in CUT_PUNCT or low in PREPOSITIONS or low in RELATIVES:
            cut = i
            break
    for candidates in (tokens[:cut], tokens):
        words = [(s, e) for s, e, tok in candidates if _is_word(tok)]
        if words:
            return words[-1]
    return (0, len(text))


def head_span(start: int, text: str) -> tuple[int, int]:
    """The head of a mention starting at ``start`` as document offsets."""
    s, e = head_offsets(text)
    return (start + s, start + e)
