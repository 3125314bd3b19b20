"""The article: a Line-API scroll view with a token cursor and highlighted annotations.

Only visible rows are drawn (``render_line``), so a key press costs the rows it
touches, whatever the document length.

Strip cache (an ``LRUCache`` of rendered rows). The key holds everything that
changes a row: the visual line number, the text width and gutter width, the
signature of the marks filed under that line (a hash of the frozen marks, so a
relabel, a new nested span or a removed one changes the key), and the parts of
the cursor, the selection, the search match and the active item that fall on
that line. So nothing is discarded by hand on a cursor move or an edit: the old
and new rows simply miss the cache and every other row hits it. The whole cache
is cleared when the layout changes (width, gutter, another text) and on style
updates (theme change, ``notify_style_update``), since resolved colours are not
in the key. Rows to repaint are asked for with ``refresh_lines``: the rows the
cursor, selection or match left or entered (:meth:`ArticleView.repaint_changes`)
and the rows whose marks changed (:meth:`ArticleView.set_marks`). How a row is
drawn from those parts is :mod:`annotator.tui.widgets.article_rows`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.tokens import TokenIndex
from annotator.tui.layout import Layout, Mark, visible
from annotator.tui.mark_style import Palette
from annotator.tui.pointer import Pointer
from annotator.tui.widgets.article_rows import RowPainter, clip_span


class ArticleView(RowPainter, ScrollView, can_focus=True, inherit_bindings=False):
    """Word-wrapped article with token cursor, token-snapped selection and annotation marks.

    The cursor and selection live in the :class:`Pointer` handed down by the
    screen; this widget moves it (keys via the screen, mouse itself), draws it and
    posts :class:`ArticleView.CursorMoved` when the cursor lands on another token.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article--cursor",
        "article--selection",
        "article--match",
        "article--gutter",
    }

    @dataclass
    class CursorMoved(Message):
        """The cursor moved; coalesced so a held arrow key does not flood listeners."""

        view: ArticleView
        offset: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.CursorMoved)

    class Painted(Message):
        """A frame asked for with :meth:`ArticleView.expect_paint` is being drawn: what waits for it may run.

        Posted while the frame is composed, so it is handled once that frame has gone to the terminal.
        """

    def __init__(self, pointer: Pointer, palette: Palette, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pointer = pointer
        self.palette = palette
        self.marks: list[Mark] = []
        self._mark_set: set[Mark] = set()
        self.match: tuple[int, int] | None = None
        self.active: frozenset[str] = frozenset()
        self.tag_width = 16 if palette.mono else 0
        self.text_layout = Layout.build("", 80)
        """Built for the real width on the first resize or render, not before (wrapping is not free)."""
        self._layout_width = -1
        self._strip_cache: LRUCache[tuple, Strip] = LRUCache(2048)
        self._style_cache: dict[tuple, Style] = {}
        self._dragging = False
        self._painted: tuple[tuple[int, int] | None, ...] = ((0, 0), None, None)
        self._tell_painted = False

    @property
    def text(self) -> str:
        return self.pointer.text

    @property
    def tokens(self) -> TokenIndex:
        return self.pointer.tokens

    # ------------------------------------------------------------ model in

    def show_document(self) -> None:
        """The pointer holds another text: show it from its start (marks follow with ``set_marks``)."""
        self.marks = []
        self.match = None
        self._relayout(force=True)
        self.scroll_to(y=0, animate=False, immediate=True)

    def show_tokens(self) -> None:
        """The pointer got a finer tokenisation of the same text."""
        self.refresh()

    def set_marks(self, marks: Iterable[Mark]) -> bool:
        """New annotation marks; only lines whose marks changed are re-filed, and only they redraw.

        Returns whether a row on screen is to be drawn again.
        """
        new = list(marks)
        new_set = set(new)
        if not self.marks:
            self.text_layout.bucket(new)
            self.marks, self._mark_set = new, new_set
            self.refresh()
            return True
        old_set = self._mark_set
        self.marks, self._mark_set = new, new_set
        top = int(self.scroll_offset.y)
        shown = [
            row
            for row in self.text_layout.update(old_set - new_set, new_set - old_set)
            if top <= row <= top + self.size.height
        ]
        for row in shown:
            self.refresh_lines(row)
        return bool(shown)

    def set_active(self, ids: Iterable[str]) -> bool:
        """The items drawn as active; returns whether that changed (every row is drawn again)."""
        active = frozenset(ids)
        if active == self.active:
            return False
        self.active = active
        self.refresh()
        return True

    def expect_paint(self) -> None:
        """Post :class:`ArticleView.Painted` when the next frame draws a row of this view."""
        self._tell_painted = True

    def toggle_gutter(self) -> None:
        self.tag_width = 0 if self.tag_width else 16
        self._relayout(force=True)

    # ------------------------------------------------------------ geometry

    @property
    def text_width(self) -> int:
        return max(self.scrollable_content_region.width - self.tag_width - 1, 10)

    def _relayout(self, force: bool = False) -> None:
        """Wrap the text for the current width; before the first layout (no size yet) only note that it is due.

        Wrapping a 10 MB text takes a third of a second: doing it for a
        placeholder width and again for the real one would double that.
        """
        if not self.size.width:
            self._layout_width = -1
            return
        width = self.text_width
        if width == self._layout_width and not force:
            return
        self._layout_width = width
        self.text_layout = Layout.build(self.text, width)
        self.text_layout.bucket(self.marks)
        self._strip_cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.text_layout.lines))
        self.refresh()
        self.call_after_refresh(self.scroll_to_cursor)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache.clear()
        self._strip_cache.clear()

    # ------------------------------------------------------------ cursor and selection

    @property
    def cursor(self) -> int:
        """Index of the token under the cursor."""
        return self.pointer.cursor

    @property
    def cursor_span(self) -> tuple[int, int]:
        return self.pointer.cursor_span

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected character range (token-snapped, then widened or narrowed), or None."""
        return self.pointer.selection

    def repaint_changes(self) -> bool:
        """Refresh only the rows where the cursor, selection or match was or now is; returns whether any."""
        now = (self.cursor_span, self.selection, self.match)
        before = self._painted
        self._painted = now
        rows: set[int] = set()
        for span in (*before, *now):
            if span is not None and span[1] >= span[0]:
                lines = self.text_layout.lines_of(span[0], max(span[1], span[0] + 1))
                top = int(self.scroll_offset.y)
                rows.update(range(max(lines.start, top), min(lines.stop, top + self.size.height + 1)))
        for row in sorted(rows):
            self.refresh_lines(row)
        return bool(rows)

    def scroll_to_cursor(self) -> None:
        y = self.text_layout.line_of(self.cursor_span[0])
        top, height = int(self.scroll_offset.y), max(self.size.height, 1)
        if y < top:
            self.scroll_to(y=y, animate=False, immediate=True)
        elif y >= top + height:
            self.scroll_to(y=y - height + 1, animate=False, immediate=True)

    def move_to(self, token: int, extend: bool = False) -> None:
        """Cursor to ``token``, extending the selection or dropping it; repaints the rows that changed."""
        if not len(self.tokens):
            return
        before = self.pointer.cursor
        self.pointer.place(token, extend)
        self.repaint_changes()
        if self.pointer.cursor != before:
            self.scroll_to_cursor()
            self.post_message(self.CursorMoved(self, self.cursor_span[0]))

    def move_to_offset(self, offset: int, extend: bool = False) -> None:
        self.move_to(self.tokens.token_at(offset), extend)

    def move_lines(self, delta: int, extend: bool = False) -> None:
        start = self.cursor_span[0]
        y = self.text_layout.line_of(start)
        col = cell_len(visible(self.text[self.text_layout.lines[y][0] : start]))
        ny = min(max(y + delta, 0), len(self.text_layout.lines) - 1)
        if ny == y:
            return
        self.move_to_offset(self._offset_at(ny, col), extend)

    def _offset_at(self, y: int, col: int) -> int:
        ls, le = self.text_layout.lines[y]
        used = 0
        for i in range(ls, le):
            used += cell_len(visible(self.text[i]))
            if used > col:
                return i
        return max(le - 1, ls)

    def offset_at_screen(self, x: int, y: int) -> int:
        line = min(max(int(self.scroll_offset.y) + y, 0), len(self.text_layout.lines) - 1)
        return self._offset_at(line, x)

    def mark(self) -> None:
        """Start a selection at the cursor (or drop the one in progress)."""
        self.pointer.toggle_mark()
        self.repaint_changes()

    def clear_selection(self) -> None:
        self.pointer.clear()
        self.repaint_changes()

    def nudge(self, edge: int, delta: int) -> None:
        """Move the selection's start (edge 0) or end (edge 1) by ``delta`` characters."""
        self.pointer.nudge(edge, delta)
        self.repaint_changes()

    # ------------------------------------------------------------ mouse

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.focus()
        offset = self.offset_at_screen(event.x, event.y)
        self.pointer.marking = False
        self.move_to_offset(offset)
        self.pointer.selection_anchor = self.pointer.cursor
        self._dragging = True
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            token = self.tokens.token_at(self.offset_at_screen(event.x, event.y))
            if token != self.cursor:
                self.move_to(token, extend=True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
            if self.pointer.selection_anchor == self.cursor:
                self.clear_selection()

    # ------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        if self._tell_painted:
            self._tell_painted = False
            self.post_message(self.Painted())
        self._relayout()
        width = self.scrollable_content_region.width
        line = int(self.scroll_offset.y) + y
        if line >= len(self.text_layout.lines):
            return Strip.blank(width, self.base_style)
        ls, le = self.text_layout.lines[line]
        marks = self.text_layout.buckets[line]
        cursor = clip_span(self.cursor_span, ls, le)
        selection = clip_span(self.selection, ls, le)
        match = clip_span(self.match, ls, le)
        active = tuple(m.ident for m in marks if m.ident in self.active)
        key = (line, width, self.tag_width, self.text_layout.signatures[line], cursor, selection, match, active)
        strip = self._strip_cache.get(key)
        if strip is None:
            strip = self.draw_row(ls, le, marks, cursor, selection, match).crop_extend(0, width, self.base_style)
            self._strip_cache[key] = strip
        return strip.apply_offsets(0, line)

    # ------------------------------------------------------------ queries for the screen

    def visible_range(self) -> tuple[int, int]:
        top = int(self.scroll_offset.y)
        lines = self.text_layout.lines
        bottom = min(top + self.size.height, len(lines)) - 1
        if not lines or bottom < top:
            return (0, 0)
        return (lines[top][0], lines[bottom][1])
