"""Pilot tests: frozen cursor blink so that rendered screens are stable."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze blinking cursors so that rendered screens are stable."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)
