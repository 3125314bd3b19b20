"""Scoring a large corpus on several cores.

Count states merge, so documents can be shared out: the gold is cut into
*n* equal stretches at line starts and the predictions at the same document
ids (a bisection of the sorted file), so worker *k* reads only its own
stretch of each file, merges it line by line in constant memory and returns
its state. The sums do not depend on how documents were shared out. Files
that are not in the canonical sorted form (a worker meets a document out of
order, or the stretches overlap) are scored in one process.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from annotator.corpus import Corpus
from annotator.evaluate.scorer import EvalState
from annotator.evaluate.scoring import chosen_layers, score_files, score_stream
from annotator.evaluate.stream import DOC_ID, EvaluationInputError, Inputs, OutOfOrder, paired_records
from annotator.scheme import Scheme


def _line_at(fh: BinaryIO, offset: int) -> tuple[int, bytes | None]:
    """The start of the first line beginning at or after ``offset``, and its document id (None at the end)."""
    fh.seek(max(offset - 1, 0))
    if offset > 0:
        fh.readline()
    pos = fh.tell()
    line = fh.readline()
    if not line:
        return pos, None
    m = DOC_ID.search(line)
    if m is None:
        raise OutOfOrder("a line without a document id: not the canonical form")
    return pos, m.group(1)


def _first_at_least(fh: BinaryIO, size: int, doc: bytes | None) -> int:
    """The start of the first line whose document id is >= ``doc``, by bisection of a sorted file."""
    if doc is None:
        return size
    lo, hi = 0, size
    while lo < hi:
        mid = (lo + hi) // 2
        _, here = _line_at(fh, mid)
        if here is None or here >= doc:
            hi = mid
        else:
            lo = mid + 1
    return _line_at(fh, lo)[0]


PARALLEL_FROM_BYTES = 16 * 2**20
"""Below this much JSONL (gold and predictions together), one process is quicker than starting workers."""


def default_workers(gold: Path, pred: Path) -> int:
    """What ``--workers`` means when it is not given: one process per core for large files (the scores are
    the same either way, and a 2-core machine halves the wall time), one process for small ones."""
    try:
        size = gold.stat().st_size + pred.stat().st_size
    except OSError:
        return 1
    return 0 if size >= PARALLEL_FROM_BYTES else 1


def shares(gold: Path, pred: Path, n: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Byte ranges of both files for ``n`` workers: gold cut into equal parts at line starts, the
    predictions cut at the same document ids, so each worker merges its own stretch of both."""
    g_size, p_size = gold.stat().st_size, pred.stat().st_size
    with open(gold, "rb") as g, open(pred, "rb") as p:
        cuts = [(0, 0)]
        for k in range(1, n):
            g_at, doc = _line_at(g, g_size * k // n)
            cuts.append((g_at, _first_at_least(p, p_size, doc)))
        cuts.append((g_size, p_size))
    return [((a[0], b[0]), (a[1], b[1])) for a, b in itertools.pairwise(cuts)]


def _line_number(path: Path, offset: int) -> int:
    """The number of the line starting at ``offset`` (counting newlines runs at memory speed)."""
    count = 1
    with open(path, "rb") as fh:
        while offset > 0:
            chunk = fh.read(min(offset, 1 << 24))
            if not chunk:
                break
            count += chunk.count(b"\n")
            offset -= len(chunk)
    return count


@dataclass(frozen=True)
class ScoringJob:
    """One evaluation's files and options: what every share is scored with, on local workers or a
    Dask cluster, and what the one-process fallback scores. Stating them once keeps the three paths
    scoring alike."""

    gold: Path
    pred: Path
    scheme: Scheme
    corpus: Corpus | None = None
    layers: frozenset[str] = frozenset()
    keep_vectors: bool = False
    errors: bool = False
    heads: bool = False
    check_gold: bool = False
    gold_dir: Path | None = None
    resamples: int = 0
    seed: int = 0

    def require_files(self) -> None:
        for path in (self.gold, self.pred):
            if not path.is_file():
                raise EvaluationInputError(f"{path}: no such file")

    def score_whole(self) -> tuple[EvalState, Inputs]:
        """Both files in one process (also what a share scheme that cannot be used falls back to)."""
        return score_files(self.gold, self.pred, self.scheme, corpus=self.corpus, **self._options())

    def score_share(self, share: tuple[tuple[int, int], tuple[int, int]]) -> tuple[EvalState, Inputs]:
        """Score one share. Line numbers are counted from the share's start; only when there is a
        problem to report is the share scored again with the true line numbers of the files."""
        (g0, g1), (p0, p1) = share

        def run(g_line: int, p_line: int) -> tuple[EvalState, Inputs]:
            parts = {"gold": (g0, g1, g_line), "pred": (p0, p1, p_line)}
            inputs = Inputs(self.gold, self.pred, parts=parts, check_gold=self.check_gold, gold_dir=self.gold_dir)
            pairs = paired_records(self.gold, self.pred, self.scheme, self.corpus, inputs, merge=True)
            return score_stream(pairs, self.scheme, **self._stream_options()), inputs

        state, inputs = run(1, 1)
        if inputs.problems and (g0 or p0):
            state, inputs = run(_line_number(self.gold, g0), _line_number(self.pred, p0))
        return state, inputs

    def score_share_in_copy(self, share: tuple[tuple[int, int], tuple[int, int]]) -> tuple[EvalState, Inputs]:
        """:meth:`score_share` in a process holding its own copy of the job (a forked worker, a cluster
        worker that unpickled it): the digests its corpus remembered are saved before the copy is let go."""
        result = self.score_share(share)
        if self.corpus is not None:
            self.corpus.save_hashes()
        return result

    def _stream_options(self) -> dict[str, Any]:
        """What :func:`~annotator.evaluate.scoring.score_stream` scores with."""
        return {
            "layers": set(self.layers),
            "keep_vectors": self.keep_vectors,
            "errors": self.errors,
            "heads": self.heads,
            "resamples": self.resamples,
            "seed": self.seed,
        }

    def _options(self) -> dict[str, Any]:
        """What :func:`~annotator.evaluate.scoring.score_files` scores with: the above, and the gold's checks."""
        return {**self._stream_options(), "check_gold": self.check_gold, "gold_dir": self.gold_dir}


def scoring_job(
    gold: str | Path, pred: str | Path, scheme: Scheme, layers: Iterable[str] | None, **options: Any
) -> ScoringJob:
    """The job for ``gold`` and ``pred`` with the chosen layers (refused when unknown)."""
    return ScoringJob(Path(gold), Path(pred), scheme, layers=frozenset(chosen_layers(layers)), **options)


_JOB: ScoringJob | None = None
"""The job every worker shares, set before the workers are forked: they inherit it instead of
each receiving a pickled copy of the scheme and the corpus."""


def _worker(share: tuple[tuple[int, int], tuple[int, int]]) -> tuple[EvalState, Inputs]:
    assert _JOB is not None
    return _JOB.score_share_in_copy(share)


def in_order(results: list[tuple[EvalState, Inputs]]) -> bool:
    """Whether each worker's documents all come after the previous worker's, in both files."""
    for side in ("gold", "pred"):
        edges = [i.edges[side] for _, i in results if side in i.edges]
        if any(a[1] >= b[0] for a, b in itertools.pairwise(edges)):
            return False
    return True


def score_files_parallel(
    gold: str | Path,
    pred: str | Path,
    scheme: Scheme,
    *,
    layers: Iterable[str] | None = None,
    workers: int = 0,
    **options: Any,
) -> tuple[EvalState, Inputs]:
    """Like :func:`annotator.evaluate.scoring.score_files`, on ``workers`` processes (0: one per core);
    ``options`` are those of :class:`ScoringJob`."""
    global _JOB
    job = scoring_job(gold, pred, scheme, layers, **options)
    n = workers or os.cpu_count() or 1
    if n > 1:
        job.require_files()
        from concurrent.futures import ProcessPoolExecutor  # only here: one process needs none of it
        from multiprocessing import get_context

        _JOB = job
        gc.freeze()  # forked workers then neither traverse nor copy what the parent had already built
        try:
            with ProcessPoolExecutor(n, mp_context=get_context("fork")) as pool:
                results = list(pool.map(_worker, shares(job.gold, job.pred, n)))
            if in_order(results):
                return combine(results)
        except OutOfOrder:
            pass
        finally:
            gc.unfreeze()
            _JOB = None
    return job.score_whole()


def combine(results: list[tuple[EvalState, Inputs]]) -> tuple[EvalState, Inputs]:
    """The shares' states and findings merged in document order (raises if the inputs are bad)."""
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
