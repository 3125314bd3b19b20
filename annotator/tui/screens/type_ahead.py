"""Keys typed fast reach the screen they were typed for, in order: into a modal that is still opening,
out of one that is closing.

Over SSH or tmux a burst of keys (``=`` then ``NOM`` then Enter then ``p``)
arrives at once. Textual forwards every key to the widget focused *when it
arrives*, and a key bound on the screen only runs when it has bubbled up to the
app, by which time the keys behind it are already on their way to the article.
So:

- the annotate screen runs its own bindings as each key reaches it
  (:class:`KeyRouter`), so a key that opens a modal has pushed it before the next
  key is looked at, and keys that reach the annotate screen while a modal is on
  top are handed to the modal (:meth:`TypeAhead.feed`) instead of running as
  commands;
- the modal holds keys until its text box is mounted, then types them in;
- its text box (:class:`LineInput`) takes Enter the moment it reaches it; the
  keys after Enter (or Escape) are not the box's: they are held by the screen
  below and run there once it is back on top.
"""

from __future__ import annotations

from typing import Any, cast

from textual import events
from textual.screen import Screen
from textual.widgets import Input


class KeyRouter(Screen[None]):
    """Base of the annotate screen: runs its bindings as keys reach it; hands keys to a modal on top."""

    _held: list[events.Key] | None = None

    async def on_key(self, event: events.Key) -> None:
        top = self.app.screen
        if top is not self:
            event.stop()
            event.prevent_default()
            if isinstance(top, TypeAhead):
                top.feed(event)
            return
        found = self.active_bindings.get(event.key)
        if found is None or not found.enabled or found.binding.priority:
            return
        event.stop()
        event.prevent_default()
        await self.app.run_action(found.binding.action, found.node)

    def hold(self, key: events.Key) -> None:
        """Keep ``key`` (typed after a modal's Enter or Escape) until this screen is on top again."""
        if self._held is None:
            self._held = []
        self._held.append(events.Key(key.key, key.character))

    def on_screen_resume(self) -> None:
        held, self._held = self._held or [], None
        for key in held:
            self.post_message(key)


class TypeAhead:
    """Mixin for a screen with a text box: keys fed before it is ready are typed in, in order, once it is."""

    _early: list[events.Key] | None = None
    """Keys fed before :meth:`ready` (None once ready)."""
    _is_ready = False
    closed = False
    """Enter or Escape reached the text box: the keys after it belong to the screen below."""
    _below: Screen[Any] | None = None
    _finished = False

    def _screen(self) -> Screen[Any]:
        return cast(Screen[Any], self)

    def feed(self, key: events.Key) -> None:
        """Type ``key`` into this screen's text box, now or once it is ready; after Enter, pass it on."""
        fresh = events.Key(key.key, key.character)
        if self.closed:
            self.pass_on(fresh)
        elif self._is_ready:
            self._screen().query_one(Input).post_message(fresh)
        else:
            if self._early is None:
                self._early = []
            self._early.append(fresh)

    def ready(self) -> None:
        """Focus the text box and type in the keys fed so far (call from ``on_mount``)."""
        screen = self._screen()
        stack = screen.app.screen_stack
        self._below = stack[-2] if len(stack) > 1 and stack[-1] is screen else None
        box = screen.query_one(Input)
        box.focus()
        early, self._early = self._early or [], None
        self._is_ready = True
        for key in early:
            box.post_message(key)

    def pass_on(self, key: events.Key) -> None:
        """A key typed after Enter or Escape: the screen below runs it when it is back on top."""
        if isinstance(self._below, KeyRouter):
            self._below.hold(key)

    def finish(self, result: str | None) -> None:
        """Dismiss with ``result`` once, while on top; a second Enter (or a click) after the first does nothing."""
        screen = self._screen()
        if not self._finished and screen.app.screen is screen:
            self._finished = True
            self.closed = True
            screen.dismiss(result)

    def will_submit(self) -> bool:
        """Whether Enter now closes this screen (a picker with nothing listed stays open)."""
        return True


class LineInput(Input):
    """The text box of a :class:`TypeAhead` screen: Enter submits at once, and what follows is not typed in."""

    def on_key(self, event: events.Key) -> None:
        screen = self.screen
        if not isinstance(screen, TypeAhead):
            return
        if screen.closed:
            event.stop()
            event.prevent_default()
            screen.pass_on(event)
        elif event.key == "enter" and screen.will_submit():
            screen.closed = True
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.value))
        elif event.key == "escape":
            screen.closed = True
