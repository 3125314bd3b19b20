"""Zones the app proposes before the first pass: repeated text, bylines, captions, page furniture.

Proposals are suggestions (accepted with ``y``, all of a label with ``ctrl+e``,
rejected with ``x``), never annotations. Repetition is found after mapping
curly quotes and apostrophes to ASCII, since a copied body often differs from
the original only in its quotes; the later copy is proposed as DUPLICATE.
"""

from __future__ import annotations

import re

from annotator.scheme import Scheme

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_BYLINE = re.compile(r"^(by\s|written by\b|last updated\b)|\blast updated at\b", re.IGNORECASE)
_AGENCY = re.compile(r"^(AFP|AP|Reuters|BBC News|Al Jazeera( with wire services)?)$")
_CAPTION = re.compile(r"^(image|media) (caption|copyright)", re.IGNORECASE)
_FURNITURE = re.compile(
    r"^(you are here|error|related topics|connect with us|you may also like:?|advertisement|read more"
    r"|share this( article)?|hi, what are you looking for\?)$"
    r"|\busers have voted\b|\bemailed to you\b|\bsign up for\b|\badd your comments\b|^\s*•",
    re.IGNORECASE,
)


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def propose_zones(text: str, scheme: Scheme) -> list[tuple[int, int, str]]:
    """(start, end, zone label) proposals, in text order, only for labels the scheme has."""
    out: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    duplicate: list[tuple[int, int]] = []
    for start, end in _lines(text):
        line = text[start:end].strip()
        key = " ".join(line.translate(_QUOTES).split())
        if len(key) >= 40 and key in seen:
            duplicate.append((start, end))
            continue
        seen.add(key)
        if _BYLINE.search(line) or _AGENCY.match(line):
            out.append((start, end, "BYLINE_DATELINE"))
        elif _CAPTION.match(line):
            out.append((start, end, "CAPTION"))
        elif len(line) < 80 and _FURNITURE.search(line):
            out.append((start, end, "BOILERPLATE"))
    out += [(start, end, "DUPLICATE") for start, end in duplicate]
    return _merge(text, sorted(p for p in out if p[2] in scheme.zone_by_label))


def _merge(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join neighbours with the same label and only blank space between them into one zone."""
    merged: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if merged and merged[-1][2] == label and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end, label)
        else:
            merged.append((start, end, label))
    return merged
