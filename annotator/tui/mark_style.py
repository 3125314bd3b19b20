"""How each kind of mark looks, in colour and on monochrome terminals (``NO_COLOR``).

Nested mentions stay distinguishable: the outermost is underlined in its
label colour, inner ones get their label colour as background (bold from the
third level); triggers are black on the event type's colour, cues underlined
italics, content a tinted background, closed zones dimmed and struck through.
Without colour the same distinctions are made with underline, bold, italics
and strike-through, and the labels themselves are shown as tags in a gutter.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style

from annotator.tui.layout import Mark
from annotator.tui.state_style import state_style


@dataclass(frozen=True)
class Palette:
    """Colours of labels, zones and event types by name (hex strings from the scheme)."""

    colors: dict[str, str]
    mono: bool = False


def mark_style(mark: Mark, palette: Palette, active: bool) -> Style:
    color = palette.colors.get(mark.label)
    extra = Style(overline=True, bold=True) if active else Style()
    if (state := state_style(mark.kind, palette.mono)) is not None:
        return state + (Style(reverse=True) if active else Style())
    if palette.mono:
        style = {
            "mention": Style(underline=True, bold=mark.depth > 0),
            "event": Style(bold=True, italic=True, underline2=True),
            "closed": Style(strike=True, dim=True),
            "zone": Style(),
            "cue": Style(italic=True, underline=True),
            "content": Style(italic=True),
            "supplement": Style(dim=True),
            "suggest": Style(italic=True, dim=True, underline=True),
        }.get(mark.kind, Style())
        return style + extra
    if mark.kind == "mention":
        if mark.depth == 0:
            style = Style(color=color, underline=True, bold=True)
        else:
            style = Style(color="#000000", bgcolor=color, bold=mark.depth > 1)
    elif mark.kind == "event":
        style = Style(color="#000000", bgcolor=color, bold=True, italic=True)
    elif mark.kind == "closed":
        style = Style(strike=True, dim=True, color="#808080")
    elif mark.kind == "cue":
        style = Style(color="#ff87ff", italic=True, underline=True, bold=True)
    elif mark.kind == "content":
        style = Style(italic=True, bgcolor="#262640")
    elif mark.kind == "supplement":
        style = Style(italic=True, bgcolor="#303020")
    elif mark.kind == "suggest":
        style = Style(color=color, italic=True, dim=True, underline=True)
    else:
        style = Style()
    return style + extra
