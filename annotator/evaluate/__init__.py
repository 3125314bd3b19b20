"""Scoring extractors against the gold: entities, coreference, events, attributions, with intervals.

Start with :func:`evaluate_files` (files on disk, streamed) or
:func:`evaluate_records` (records in memory); both return a
:class:`~annotator.evaluate.report.Report`.
"""

from __future__ import annotations

from annotator.evaluate.api import evaluate_files, evaluate_records
from annotator.evaluate.report import Report
from annotator.evaluate.scoring import score_files

__all__ = ["Report", "evaluate_files", "evaluate_records", "score_files"]
