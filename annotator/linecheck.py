"""Facts about a raw JSONL line that a typed msgspec decode does not establish.

msgspec checks types, patterns and bounds in C but, like most JSON readers,
keeps the last of two equal keys, which the store's validation refuses; and
checking every id of a record against ``ID_PATTERN`` one by one costs more
than the decode. These functions settle both cheaply for the fast reader
(:mod:`annotator.fastread`), which falls back to the strict path whenever
they cannot say yes.
"""

from __future__ import annotations

import re

import msgspec

from annotator.model import ID_PATTERN
from annotator.store import strict_json

_ONE_ID = ID_PATTERN.removeprefix("^").removesuffix("$")
_IDS = re.compile(rf"(?:{_ONE_ID}\n)*{_ONE_ID}")
"""All the ids of a record, joined by newlines, checked in one call."""
_encoder = msgspec.json.Encoder()


def written_as_the_store_writes(rec: msgspec.Struct, line: bytes) -> bool:
    """Whether ``line`` is exactly what the store writes for ``rec`` (a :class:`~annotator.fastread.FastRecord`):
    then it names no key twice.

    The encoding of the decoded record (a mention's empty ``fragments`` left
    out, as the store does), less the empty ``relations`` and ``doc_labels``
    the store leaves out too, is compared with the line: an encoder never
    writes a key twice (nor NaN), so an equal line has neither. The removed
    text cannot occur inside a string, where every quote is escaped. Any
    other layout is judged by :func:`no_duplicate_keys`. Without ``meta``
    those two keys are in a known place, the encoding's fixed tail, so no
    search for them runs over the mentions.
    """
    again = _encoder.encode(rec)
    body = line.rstrip(b"\n")
    if not getattr(rec, "meta", None):
        head = len(again) - len(_FULL_TAIL)
        return len(body) == head + len(_STORE_TAIL) and body.endswith(_STORE_TAIL) and body.startswith(again[:head])
    return again.replace(b'"relations":[],"doc_labels":[],', b"", 1) == body


_FULL_TAIL = b'"relations":[],"doc_labels":[],"notes":[],"meta":{}}'
"""How the encoding of a record without ``meta`` ends (its last four fields are always empty)."""
_STORE_TAIL = b'"notes":[],"meta":{}}'


def no_duplicate_keys(line: bytes) -> bool:
    """Whether no object on ``line`` names a key twice (which validation refuses).

    msgspec, like most readers, keeps the last of duplicate keys. The line is
    decoded as plain JSON and encoded again, in C: duplicates are then gone, so
    the line has them exactly when it holds more ``":`` pairs than its
    re-encoding (every key ends so; a quote inside a string is escaped on both
    sides alike). A line that spaces its colons counts fewer and is parsed
    strictly instead.
    """
    again = _encoder.encode(msgspec.json.decode(line)).count(b'":')
    found = line.count(b'":')
    if found == again:
        return True
    if found > again:
        return False
    try:
        strict_json(line)
    except ValueError:
        return False
    return True


_GOOD_IDS: set[str] = set()
"""Ids already found well-formed: most files reuse the same few hundred (m1, m2, ...)."""


def ids_well_formed(ids: list[str]) -> bool:
    """Whether every id matches ``ID_PATTERN``; unseen ones are checked in one regular-expression call."""
    if _GOOD_IDS.issuperset(ids):
        return True
    new = set(ids).difference(_GOOD_IDS)
    joined = "\n".join(new)
    if joined.count("\n") != len(new) - 1 or _IDS.fullmatch(joined) is None:
        return False
    if len(_GOOD_IDS) < 100_000:
        _GOOD_IDS.update(new)
    return True
