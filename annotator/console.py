"""Rich consoles for the command line that print messages exactly as they are.

Rich replaces ``:name:`` codes by emoji and reads ``[...]`` as markup by
default, so ``file.jsonl:100: reason`` would print as ``file.jsonl💯 reason``
and a label such as ``[PER]`` would vanish. Every console the command line
prints through comes from here, with emoji codes off; messages built from
data are printed with ``markup=False`` (see :func:`say`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def console(*, stderr: bool = False, **options: Any) -> Console:
    """A console with emoji codes and highlighting off (``options`` go to :class:`rich.console.Console`).

    rich is imported here, not with the module: a command that prints no table (``evaluate --format
    json``, say) then starts without it."""
    from rich.console import Console

    return Console(stderr=stderr, emoji=False, highlight=False, **options)


def say(message: str, *, stderr: bool = True) -> None:
    """Print a message built from data (file names, labels, reasons) literally, on standard error by default."""
    console(stderr=stderr, soft_wrap=True).print(message, markup=False)
