from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps error messages at the terminal width; tests read them whole."""
    monkeypatch.setenv("COLUMNS", "1000")
