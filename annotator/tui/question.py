"""What the controller asks the annotator before an edit: a choice from a list, or a line of text.

Plain data, so the editing logic stays Textual-free: the annotate screen shows a
:class:`Question` as a picker and a :class:`TextQuestion` as a prompt, then hands
the answer back to ``answer``, which edits (or asks the next question).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """One entry: the value returned, the text shown, and extra words type-ahead matches."""

    value: str
    prompt: str
    hint: str = ""


@dataclass(frozen=True)
class Question:
    """Pick one of ``choices``; ``answer`` gets the chosen value and may ask a follow-up."""

    title: str
    choices: tuple[Choice, ...]
    answer: Callable[[str], Ask]


@dataclass(frozen=True)
class TextQuestion:
    """Type one line; ``answer`` gets the text (never empty) and may ask a follow-up.

    ``check``, when given, says why a text will not do (None when it will): the prompt then stays open
    showing why, and the keys typed next still go to it, rather than closing on an answer that does nothing.
    """

    title: str
    answer: Callable[[str], Ask]
    value: str = ""
    check: Callable[[str], str | None] | None = None
    placeholder: str = "type, then Enter"
    """What the empty box says when there is no ``value`` to offer."""


Ask = Question | TextQuestion | None
"""What an edit step returns: the next question, or None when it is done."""
