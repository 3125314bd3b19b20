"""Helpers for driving the app headless with the Pilot."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.model_worker import ModelSuggester
from annotator.tui.session import Session

DOC = "004_18ce445469fc81d2"


def screen_text(app: AnnotatorApp) -> str:
    """What the terminal shows now, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*text)


async def settle(app: AnnotatorApp, pilot: Any) -> None:
    """Let workers (tokenisation) and the background saves finish and the screen catch up."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await written(app, pilot)


async def written(app: AnnotatorApp, pilot: Any) -> None:
    """Let the background writer finish (or fail) what is queued, and the screen show it."""
    await pilot.pause()
    with contextlib.suppress(AnnotatorError, OSError):
        await asyncio.to_thread(app.session.writer.wait)
    await pilot.pause()


async def search(pilot: Any, text: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, text)
    await pilot.press("enter")


async def pick(pilot: Any, key: str, filter_text: str) -> None:
    """Open a picker with ``key``, type-ahead ``filter_text``, take the first match."""
    await pilot.press(key)
    await type_text(pilot, filter_text)
    await pilot.press("enter")


def run_app(
    project: Project,
    body: Callable[[AnnotatorApp, Any], Awaitable[None]],
    *,
    annotator: str = "ann",
    doc: str | None = DOC,
    suggest: str | None = None,
    size: tuple[int, int] = (110, 32),
    keymap: dict[str, str] | None = None,
    model: ModelSuggester | None = None,
) -> Session:
    """Open a session, run ``body(app, pilot)`` in a headless app, close the session."""
    session = Session.open(project, annotator, None, suggest)
    session.model = model

    async def main() -> None:
        app = AnnotatorApp(session, doc, keymap=keymap or {})
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            await body(app, pilot)

    try:
        asyncio.run(main())
    finally:
        session.close()
    return session
