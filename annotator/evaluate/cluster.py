"""Scoring on a Dask cluster (``annotator evaluate --dask ADDRESS``; see :mod:`annotator.cluster`).

The document shares the local workers score (:func:`annotator.evaluate.parallel.shares`:
byte ranges of both files cut at the same document ids) are scored on the
cluster by :func:`annotator.evaluate.parallel.score_share` and merged here in
document order. The gold, the predictions and the corpus must be readable at
the same paths on every worker. Files not in the canonical sorted form are
scored locally.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.cluster import SHARES_PER_THREAD, client_for, run_shares, threads
from annotator.evaluate.parallel import ScoringJob, combine, in_order, scoring_job, shares
from annotator.evaluate.scorer import EvalState
from annotator.evaluate.stream import Inputs, OutOfOrder
from annotator.scheme import Scheme


def score_files_dask(
    gold: str | Path,
    pred: str | Path,
    scheme: Scheme,
    *,
    address: str,
    layers: Iterable[str] | None = None,
    **options: Any,
) -> tuple[EvalState, Inputs]:
    """Like :func:`annotator.evaluate.scoring.score_files`, with the shares scored on the cluster at ``address``;
    ``options`` are those of :class:`~annotator.evaluate.parallel.ScoringJob`."""
    job = scoring_job(Path(gold).resolve(), Path(pred).resolve(), scheme, layers, **options)
    job.require_files()
    client = client_for(address)
    try:
        try:
            parts = [s for s in shares(job.gold, job.pred, threads(client) * SHARES_PER_THREAD) if s[0][0] < s[0][1]]
            results = run_shares(client, score_share_remotely, parts, job)
        except OutOfOrder:
            results = []
    finally:
        client.close()
    if results and in_order(results):
        return combine(results)
    return job.score_whole()


def score_share_remotely(share: tuple[tuple[int, int], tuple[int, int]], job: ScoringJob) -> tuple[EvalState, Inputs]:
    """One share on a cluster worker, which received its own copy of the job."""
    return job.score_share_in_copy(share)
