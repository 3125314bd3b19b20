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
from annotator.corpus import Corpus
from annotator.evaluate.parallel import combine, in_order, score_share, shares
from annotator.evaluate.scorer import EvalState
from annotator.evaluate.scoring import chosen_layers, score_files
from annotator.evaluate.stream import EvaluationInputError, Inputs, OutOfOrder
from annotator.scheme import Scheme


def score_files_dask(
    gold: str | Path,
    pred: str | Path,
    scheme: Scheme,
    *,
    address: str,
    corpus: Corpus | None = None,
    layers: Iterable[str] | None = None,
    keep_vectors: bool = False,
    errors: bool = False,
    heads: bool = False,
    check_gold: bool = False,
    gold_dir: Path | None = None,
    resamples: int = 0,
    seed: int = 0,
) -> tuple[EvalState, Inputs]:
    """Like :func:`annotator.evaluate.scoring.score_files`, with the shares scored on the cluster at ``address``."""
    gold, pred = Path(gold).resolve(), Path(pred).resolve()
    chosen = chosen_layers(layers)
    for path in (gold, pred):
        if not path.is_file():
            raise EvaluationInputError(f"{path}: no such file")
    job = {
        "gold": gold,
        "pred": pred,
        "scheme": scheme,
        "corpus": corpus,
        "layers": chosen,
        "keep_vectors": keep_vectors,
        "errors": errors,
        "heads": heads,
        "check_gold": check_gold,
        "gold_dir": gold_dir,
        "resamples": resamples,
        "seed": seed,
    }
    client = client_for(address)
    try:
        try:
            parts = [s for s in shares(gold, pred, threads(client) * SHARES_PER_THREAD) if s[0][0] < s[0][1]]
            results = run_shares(client, _score, parts, job)
        except OutOfOrder:
            results = []
    finally:
        client.close()
    if not results or not in_order(results):
        return score_files(
            gold,
            pred,
            scheme,
            corpus=corpus,
            layers=chosen,
            keep_vectors=keep_vectors,
            errors=errors,
            heads=heads,
            check_gold=check_gold,
            gold_dir=gold_dir,
            resamples=resamples,
            seed=seed,
        )
    return combine(results)


def _score(share: tuple[tuple[int, int], tuple[int, int]], job: dict[str, Any]) -> tuple[EvalState, Inputs]:
    return score_share(share, **job)
