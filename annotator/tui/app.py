"""The annotation app: wiring only (screens, palette, keymap, closing the store)."""

from __future__ import annotations

import asyncio
import contextlib
import gc

from textual.app import App
from textual.await_complete import AwaitComplete

from annotator.errors import AnnotatorError
from annotator.tui.keys import load_keymap
from annotator.tui.palette import AnnotateCommands
from annotator.tui.screens.annotate import annotate_screen_class
from annotator.tui.screens.picker import Choice, PickerScreen
from annotator.tui.session import Session


class AnnotatorApp(App[int]):
    """Opens on the saved document and cursor; closing saves the cursor and compacts the file."""

    CSS_PATH = "app.tcss"
    TITLE = "annotator"
    COMMANDS = App.COMMANDS | {AnnotateCommands}

    def __init__(self, session: Session, doc_id: str | None = None, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        # Modules, scheme and the session's records live as long as the app: out of the cyclic
        # collector's passes with them, which otherwise walk them again and again while the first
        # frame is built (the screen freezes the document's tokens the same way once they arrive).
        gc.freeze()
        self.session = session
        self.doc_id = doc_id
        self.screen_class = annotate_screen_class(session)
        self.user_keymap = load_keymap() if keymap is None else keymap

    def on_mount(self) -> None:
        self.set_keymap(self.user_keymap)
        self.push_screen(self.screen_class(self.session, self.doc_id))
        project, name = self.session.project, self.session.annotator
        if project.is_practice(name):
            team = ", ".join(project.team or ())
            self.notify(
                f"Practice: {name} is not one of the project's annotators ({team}). Your work is saved in "
                f"{self.session.store.path.relative_to(project.root)} and never counted in agreement or the gold.",
                title="practice",
                timeout=12,
            )

    def pop_screen(self) -> AwaitComplete:
        """Pop the top screen, but never the annotate screen itself.

        A modal dismissed twice (two Enters, or Enter and a click, arriving before
        the first dismissal is handled) pops once more: before this guard that was
        the annotate screen, leaving a blank terminal that ignored every key but ctrl+q.
        """
        if len(self.screen_stack) <= 2 and isinstance(self.screen, self.screen_class):
            return AwaitComplete(_nothing()).call_next(self)
        return super().pop_screen()

    def remember_cursor(self) -> None:
        for screen in self.screen_stack:
            remember = getattr(screen, "remember", None)
            if remember is not None:
                remember()

    async def action_quit(self) -> None:
        """Wait for the writes under way, save what is queued and leave; if the disk refuses, ask first.

        The wait runs off the event loop, so the screen still shows the writer's progress meanwhile.
        """
        self.remember_cursor()
        with contextlib.suppress(AnnotatorError, OSError):
            await asyncio.to_thread(self.session.writer.wait)
        try:
            self.session.flush()
        except (AnnotatorError, OSError) as exc:
            self.notify(f"cannot save: {exc}", severity="error", timeout=10)
            self.ask_before_dropping_unsaved()
            return
        self.exit(0)

    def ask_before_dropping_unsaved(self) -> None:
        """Staying (the default, also Escape) keeps the edits queued; quitting drops exactly those named."""
        n = self.session.writer.pending_edits()
        choices = [
            Choice("stay", "stay: keep the edits and retry saving"),
            Choice("quit", f"quit and lose {n} edit(s)"),
        ]

        def answered(choice: str | None) -> None:
            if choice == "quit":
                self.session.discard_pending()
                self.exit(0)

        self.push_screen(PickerScreen(f"{n} edit(s) NOT SAVED. Quit anyway?", choices), answered)


async def _nothing() -> None:
    """What a refused pop awaits."""
