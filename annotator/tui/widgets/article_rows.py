"""How the article view draws one visual row: a style per character, merged into segments, and the label gutter.

A mixin of :class:`~annotator.tui.widgets.article_view.ArticleView`, which
decides *when* a row is drawn (its strip cache, keyed by everything drawn here:
see its module docstring); this module decides *how*. Marks are layered in the
order the layout files them (outer before nested), then the search match, the
selection and the cursor on top, so the cursor is always visible. Resolved
styles are kept in ``_style_cache`` (cleared by the view on style updates),
since resolving a style costs more than drawing the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from annotator.tui.layout import Mark, visible
from annotator.tui.mark_style import Palette, mark_style

TAGGED = ("mention", "event", "zone", "closed", "suggest", "cue")
"""Mark kinds named in the gutter (``[PER]``) when it is shown."""

Clip = tuple[int, int] | None


def clip_span(span: tuple[int, int] | None, ls: int, le: int) -> Clip:
    """The part of ``span`` on the row ``[ls, le)``, or None when it has none."""
    if span is None:
        return None
    s, e = max(span[0], ls), min(span[1], le)
    return (s, e) if s < e else None


class RowPainter:
    palette: Palette
    active: frozenset[str]
    tag_width: int
    _style_cache: dict[tuple, Style]

    if TYPE_CHECKING:

        @property
        def text(self) -> str: ...

        @property
        def text_width(self) -> int: ...

        @property
        def rich_style(self) -> Style: ...

        def get_component_rich_style(
            self, *names: str, partial: bool = False, default: Style | None = None
        ) -> Style: ...

    def _style(self, mark: Mark, active: bool) -> Style:
        key = (mark.kind, mark.label, min(mark.depth, 2), active, self.palette.mono)
        style = self._style_cache.get(key)
        if style is None:
            style = mark_style(mark, self.palette, active)
            self._style_cache[key] = style
        return style

    def _component(self, name: str) -> Style:
        style = self._style_cache.get(("component", name))
        if style is None:
            style = self.get_component_rich_style(name, partial=True)
            if self.palette.mono and name in ("article--cursor", "article--selection"):
                style = Style(reverse=True, bold=name == "article--cursor", underline=name == "article--selection")
            self._style_cache[("component", name)] = style
        return style

    @property
    def base_style(self) -> Style:
        """The widget's own style, resolved once per style update (looking it up is not free)."""
        style = self._style_cache.get(("base",))
        if style is None:
            style = self._style_cache[("base",)] = self.rich_style
        return style

    def draw_row(self, ls: int, le: int, marks: tuple[Mark, ...], cursor: Clip, selection: Clip, match: Clip) -> Strip:
        """The row of text ``[ls, le)`` with its ``marks`` and the parts of cursor, selection and match on it."""
        base = self.base_style
        n = le - ls
        styles: list[Style] = [base] * n
        for mark in marks:
            style = self._style(mark, mark.ident in self.active)
            for i in range(max(mark.start, ls) - ls, min(mark.end, le) - ls):
                styles[i] = styles[i] + style
        for clip, name in ((match, "article--match"), (selection, "article--selection"), (cursor, "article--cursor")):
            if clip is not None:
                style = self._component(name)
                for i in range(clip[0] - ls, clip[1] - ls):
                    styles[i] = styles[i] + style
        segments: list[Segment] = []
        chunk_start = 0
        for i in range(1, n + 1):
            if i == n or styles[i] is not styles[chunk_start]:
                segments.append(Segment(visible(self.text[ls + chunk_start : ls + i]), styles[chunk_start]))
                chunk_start = i
        text_width = self.text_width
        used = sum(cell_len(s.text) for s in segments)
        if used > text_width:
            segments = list(Strip(segments).crop(0, text_width))
            used = text_width
        if self.tag_width:
            segments.append(Segment(" " * (text_width - used + 1), base))
            segments.extend(self._gutter(ls, le, marks))
        return Strip(segments)

    def _gutter(self, ls: int, le: int, marks: tuple[Mark, ...]) -> list[Segment]:
        out: list[Segment] = []
        room = self.tag_width
        for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
            if ls <= mark.start < le and mark.kind in TAGGED and room > 0:
                tag = f"[{mark.label}]"[:room]
                color = self.palette.colors.get(mark.label)
                style = Style(color=color if not self.palette.mono else None, italic=mark.kind == "suggest")
                out.append(Segment(tag, self.base_style + style))
                room -= len(tag)
        return out
