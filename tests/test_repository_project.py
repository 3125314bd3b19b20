"""The repository itself is a valid project: scheme, seeds and everything under gold/."""

from __future__ import annotations

from pathlib import Path

from annotator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_annotator_validate_passes_on_the_repository(capsys):
    assert main(["--project", str(ROOT), "validate"]) == 0
    assert "ok: scheme conflict-news/1, 5 documents" in capsys.readouterr().out
