"""Scoring on a Dask cluster (``annotator evaluate --dask ADDRESS``; the optional extra ``annotator[dask]``).

Count states merge, so the same document shares the local workers score
(:func:`annotator.evaluate.parallel.shares`: byte ranges of both files cut at
the same document ids) are sent to the workers of a ``dask.distributed``
cluster, each scored by :func:`annotator.evaluate.parallel.score_share`, and
the states merged here in document order: the figures are those of a local
run. Workers read the files themselves, so the gold, the predictions and the
corpus must be readable at the same paths on every worker (a shared file
system); only the scheme, the paths and the counts travel over the network.
Files not in the canonical sorted form are scored locally.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.corpus import Corpus
from annotator.evaluate.parallel import combine, in_order, score_share, shares
from annotator.evaluate.scorer import EvalState
from annotator.evaluate.scoring import chosen_layers, score_files
from annotator.evaluate.stream import EvaluationInputError, Inputs, OutOfOrder
from annotator.scheme import Scheme

SHARES_PER_THREAD = 2
"""More shares than worker threads, so a slow worker does not hold up the end of the run."""


def client_for(address: str) -> Any:
    """A ``distributed.Client`` connected to the scheduler at ``address``, or a clear error."""
    try:
        from distributed import Client
    except ImportError:
        raise EvaluationInputError(
            "--dask needs the optional Dask support: pip install 'annotator[dask]'"
        ) from None
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise EvaluationInputError(f"--dask {address}: cannot reach the scheduler: {exc}") from None


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
) -> tuple[EvalState, Inputs]:
    """Like :func:`annotator.evaluate.scoring.score_files`, with the shares scored on the cluster at ``address``."""
    gold, pred = Path(gold).resolve(), Path(pred).resolve()
    chosen = chosen_layers(layers)
    for path in (gold, pred):
        if not path.is_file():
            raise EvaluationInputError(f"{path}: no such file")
    job = {"gold": gold, "pred": pred, "scheme": scheme, "corpus": corpus, "layers": chosen,
           "keep_vectors": keep_vectors, "errors": errors, "heads": heads}
    client = client_for(address)
    try:
        threads = max(1, sum(client.nthreads().values()))
        try:
            parts = [s for s in shares(gold, pred, threads * SHARES_PER_THREAD) if s[0][0] < s[0][1]]
            futures = client.map(score_share, parts, pure=False, **job)
            results: list[tuple[EvalState, Inputs]] = client.gather(futures)
        except OutOfOrder:
            results = []
    finally:
        client.close()
    if not results or not in_order(results):
        return score_files(gold, pred, scheme, corpus=corpus, layers=chosen, keep_vectors=keep_vectors,
                           errors=errors, heads=heads)
    return combine(results)
