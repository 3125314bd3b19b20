"""How curation states and review outcomes look, in colour and without it (``NO_COLOR``).

Each kind differs from the others by more than colour: agreed items are
plain underlined, proposed ones italic, conflicts bold and double-underlined,
accepted ones overlined, rejected ones struck through; in review, correct
items are underlined, missed ones bold, spurious ones struck through, boundary
errors italic and type errors double-underlined.
"""

from __future__ import annotations

from rich.style import Style

MONO: dict[str, Style] = {
    "cur-agreed": Style(underline=True),
    "cur-proposed": Style(italic=True, underline=True),
    "cur-conflict": Style(bold=True, underline2=True),
    "cur-accepted": Style(overline=True, underline=True),
    "cur-rejected": Style(strike=True, dim=True),
    "rev-correct": Style(underline=True),
    "rev-missed": Style(bold=True, reverse=True),
    "rev-spurious": Style(strike=True),
    "rev-partial": Style(italic=True, underline=True),
    "rev-mistyped": Style(bold=True, underline2=True),
}
COLOR: dict[str, Style] = {
    "cur-agreed": Style(color="#87d787", underline=True),
    "cur-proposed": Style(color="#000000", bgcolor="#d7d787", italic=True),
    "cur-conflict": Style(color="#000000", bgcolor="#ff8787", bold=True, underline2=True),
    "cur-accepted": Style(color="#87d7ff", overline=True, underline=True),
    "cur-rejected": Style(color="#808080", strike=True, dim=True),
    "rev-correct": Style(color="#87d787", underline=True),
    "rev-missed": Style(color="#000000", bgcolor="#ff8787", bold=True),
    "rev-spurious": Style(color="#ffaf5f", strike=True),
    "rev-partial": Style(color="#000000", bgcolor="#d7d787", italic=True),
    "rev-mistyped": Style(color="#000000", bgcolor="#d787ff", bold=True, underline2=True),
}


def state_style(kind: str, mono: bool) -> Style | None:
    """The style of a curation or review mark kind; None for the annotation kinds."""
    return (MONO if mono else COLOR).get(kind)
