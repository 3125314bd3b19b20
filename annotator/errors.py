"""Exceptions that carry a message fit to show a user as it is."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base of every error the command line reports without a traceback."""

    exit_code = 1


class SchemeError(AnnotatorError):
    """The scheme file is missing or inconsistent."""


class CorpusError(AnnotatorError):
    """A document or corpus cannot be read, or an id is unsafe."""


class StoreError(AnnotatorError):
    """An annotation file cannot be read or written safely."""


class LockedError(StoreError):
    """Another process holds the write lock on an annotation file."""


class OutputError(AnnotatorError):
    """An output path that would overwrite annotation data or leave the project through a link."""


class LineError(AnnotatorError):
    """One or more bad lines in a JSONL file, each reported as ``file:line: reason``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class DecisionError(ValueError):
    """An adjudication decision that cannot be applied; ``doc`` and ``item`` name it, so that the command
    can point at the line of the decisions file that says it (the last one on that item stands)."""

    def __init__(self, doc: str, item: str, what: str) -> None:
        self.doc = doc
        self.item = item
        self.what = what
        super().__init__(f"decision on {doc} {item}: {what}")
