"""Scoring extractors against the gold: entities, coreference, events, attributions, with intervals.

Start with :func:`evaluate_files` (files on disk, streamed) or
:func:`evaluate_records` (records in memory); both return a
:class:`~annotator.evaluate.report.Report`.

The names are imported on first use (:func:`__getattr__`): the command line
imports this package's ``command`` module to list ``evaluate`` among its
commands, and every other command (the annotation app above all) would
otherwise pay for the scorer, NumPy included, at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.evaluate.api import evaluate_files, evaluate_records
    from annotator.evaluate.report import Report
    from annotator.evaluate.scoring import score_files

__all__ = ["Report", "evaluate_files", "evaluate_records", "score_files"]

_HOMES = {
    "evaluate_files": "annotator.evaluate.api",
    "evaluate_records": "annotator.evaluate.api",
    "Report": "annotator.evaluate.report",
    "score_files": "annotator.evaluate.scoring",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
