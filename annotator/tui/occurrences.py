"""Label every occurrence: the other places a marked string appears, offered as suggestions.

After marking one mention, one key offers the same label on every other
whole-word occurrence of its text in the document (or the corpus). They are
ordinary :class:`~annotator.tui.suggestions.Suggestion` objects, so ``y``/``x``
accept or reject each one and a rejection is remembered like any other. The
offers live for the session; pressing the key again makes them afresh.
"""

from __future__ import annotations

import re

from annotator.model import AnnotationRecord, Mention
from annotator.tui.session import Session
from annotator.tui.suggestions import Suggestion


def find_occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of ``needle`` in ``text`` as a whole word (case-sensitive: "Bank" is not "bank")."""
    if not needle.strip():
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def unmarked(record: AnnotationRecord, text: str, needle: str, label: str, source: str) -> list[Suggestion]:
    """Occurrences of ``needle`` not yet a mention (of any label), as ``label`` suggestions."""
    taken = {(m.start, m.end) for m in record.mentions}
    return [
        Suggestion("mention", s, e, label, source) for s, e in find_occurrences(text, needle) if (s, e) not in taken
    ]


class Occurrences:
    """The occurrence suggestions made this session, per document."""

    def __init__(self) -> None:
        self.by_doc: dict[str, list[Suggestion]] = {}

    def get(self, doc_id: str) -> list[Suggestion]:
        return self.by_doc.get(doc_id, [])

    def add(self, doc_id: str, found: list[Suggestion]) -> None:
        have = self.by_doc.setdefault(doc_id, [])
        seen = set(have)
        have += [s for s in found if s not in seen]


def offer(
    occurrences: Occurrences, session: Session, record: AnnotationRecord, text: str, mention: Mention, corpus: bool
) -> str:
    """Suggest ``mention``'s label on every other occurrence of its text in ``record``'s document or the corpus.

    Returns what to tell the annotator (how many, where, which keys).
    """
    source = f"every occurrence of {mention.text!r} ({mention.label} at {mention.start})"
    here = unmarked(record, text, mention.text, mention.label, source)
    occurrences.add(record.doc, here)
    elsewhere, docs = 0, 0
    if corpus:
        for doc in session.doc_ids():
            if doc == record.doc or session.drift(doc) is not None:
                continue
            other = session.document(doc).text
            if mention.text not in other:
                continue
            found = unmarked(session.record(doc), other, mention.text, mention.label, source)
            if found:
                occurrences.add(doc, found)
                elsewhere, docs = elsewhere + len(found), docs + 1
    if not here and not elsewhere:
        scope = "the corpus" if corpus else "this document"
        return f"no other unmarked occurrence of {mention.text!r} in {scope}"
    told = f"{len(here)} other occurrence(s) of {mention.text!r} suggested as {mention.label} here"
    if corpus:
        told += f", {elsewhere} in {docs} other document(s)"
    return told + " (y accept · x reject each)"
