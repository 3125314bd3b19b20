"""Scoring a large corpus on several cores.

Count states merge, so documents can be shared out: worker *k* of *n* reads
both files but parses only the lines whose document id hashes to *k*
(finding the id costs a regular-expression search, parsing costs a hundred
times more), scores them in constant memory, and returns its state. The sums
do not depend on how documents were shared out. Files that are not in the
canonical sorted form are scored in one process.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from annotator.corpus import Corpus
from annotator.evaluate.api import _layers, score_files, score_stream
from annotator.evaluate.scorer import EvalState
from annotator.evaluate.stream import _DOC, EvaluationInputError, Inputs, OutOfOrder, paired_records
from annotator.scheme import Scheme


@dataclass(frozen=True)
class Share:
    """Worker ``k`` of ``n``: the lines whose document id hashes to ``k`` (picklable)."""

    k: int
    n: int

    def __call__(self, line: bytes) -> bool:
        m = _DOC.search(line)
        return m is None or zlib.crc32(m.group(1)) % self.n == self.k


def _worker(
    gold: Path, pred: Path, scheme: Scheme, corpus: Corpus | None, layers: set[str], k: int, n: int,
    keep_vectors: bool, errors: bool,
) -> tuple[EvalState, Inputs]:
    inputs = Inputs(gold, pred, select=Share(k, n))
    pairs = paired_records(gold, pred, scheme, corpus, inputs, merge=True)
    state = score_stream(pairs, scheme, layers, errors=errors, keep_vectors=keep_vectors)
    return state, inputs


def score_files_parallel(
    gold: str | Path,
    pred: str | Path,
    scheme: Scheme,
    *,
    corpus: Corpus | None = None,
    layers: Iterable[str] | None = None,
    workers: int = 0,
    keep_vectors: bool = False,
    errors: bool = False,
) -> tuple[EvalState, Inputs]:
    """Like :func:`annotator.evaluate.api.score_files`, on ``workers`` processes (0: one per core)."""
    gold, pred = Path(gold), Path(pred)
    chosen = _layers(layers)
    n = workers or os.cpu_count() or 1
    if n > 1:
        for path in (gold, pred):
            if not path.is_file():
                raise EvaluationInputError(f"{path}: no such file")
        try:
            with ProcessPoolExecutor(n, mp_context=get_context("fork")) as pool:
                futures = [pool.submit(_worker, gold, pred, scheme, corpus, chosen, k, n, keep_vectors, errors)
                           for k in range(n)]
                results = [f.result() for f in futures]
        except OutOfOrder:
            n = 1
    if n <= 1:
        return score_files(gold, pred, scheme, corpus=corpus, layers=chosen, keep_vectors=keep_vectors,
                           errors=errors)
    state, inputs = results[0]
    for s, i in results[1:]:
        state.merge(s)
        inputs.merge(i)
    inputs.problems.sort(key=_line_key)
    inputs.unknown_docs.sort()
    inputs.missing_docs.sort()
    state.docs_without_prediction.sort()
    state.errors.sort(key=lambda e: (e.doc, e.gold or e.pred or ()))
    inputs.check()
    state.pred_layers = inputs.pred_layers
    return state, inputs


def _line_key(problem: str) -> tuple[str, int, str]:
    path, _, rest = problem.partition(":")
    line, _, _ = rest.partition(":")
    return (path, int(line) if line.isdigit() else 0, problem)
