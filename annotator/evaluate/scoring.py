"""Scoring a stream of (gold, prediction) pairs in one process, and the layer choice every entry point shares.

Both the public entry points (:mod:`annotator.evaluate.api`) and the workers
of :mod:`annotator.evaluate.parallel` score through here, so a document is
scored the same way whichever path reads it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.corpus import Corpus
from annotator.evaluate.batch import MentionBatch
from annotator.evaluate.poisson import PoissonBootstrap
from annotator.evaluate.scorer import DocVectors, EvalState, empty_prediction, mentions_only, score_document
from annotator.evaluate.stream import EvaluationInputError, Inputs, OutOfOrder, paired_records
from annotator.layers import SCORED_LAYERS, UnknownLayer, parse_layers
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme


def chosen_layers(layers: Iterable[str] | None) -> set[str]:
    """The layers named in ``layers`` (:func:`annotator.layers.parse_layers`; None: all), refused when unknown."""
    try:
        return set(parse_layers(layers, SCORED_LAYERS))
    except UnknownLayer as exc:
        raise EvaluationInputError(str(exc)) from None


def score_stream(
    pairs: Iterable[tuple[AnnotationRecord, AnnotationRecord | None]],
    scheme: Scheme,
    layers: set[str],
    *,
    errors: bool = False,
    keep_vectors: bool = True,
    keep_doc_ids: bool = False,
    heads: bool = False,
    resamples: int = 0,
    seed: int = 0,
) -> EvalState:
    """Sum the scores of (gold, prediction) pairs; a missing prediction counts as an empty one.

    Plain mention documents are scored in NumPy batches unless the error list,
    the document order (for ``--compare``) or head match is wanted.
    ``keep_vectors`` keeps every document's counts (for paired tests);
    ``resamples`` > 0 sums a Poisson bootstrap of that many resamples instead.
    """
    state = EvalState(
        vectors=DocVectors() if keep_vectors else None,
        doc_ids=[] if keep_doc_ids else None,
        poisson=PoissonBootstrap(resamples, seed) if resamples > 0 else None,
    )
    batch = MentionBatch() if not (errors or keep_doc_ids or heads) and "mentions" in layers else None
    queued: list[tuple[AnnotationRecord, AnnotationRecord]] = []

    def flush() -> None:
        assert batch is not None
        for i in batch.flush(state):
            state.update(score_document(*queued[i], scheme, layers))
        queued.clear()

    with fewer_collections():
        for gold, pred in pairs:
            state.gold_layers |= gold.layers_present()
            if pred is None:
                state.docs_without_prediction.append(gold.doc)
                pred = empty_prediction(gold)
            if batch is not None and mentions_only(gold, pred, layers):
                queued.append((gold, pred))
                if batch.add(gold.mentions, pred.mentions, gold.doc):
                    flush()
                continue
            state.update(score_document(gold, pred, scheme, layers, errors=errors, heads=heads))
        if batch is not None:
            flush()
    if state.poisson is not None:
        state.poisson.flush()
    return state


@contextmanager
def fewer_collections(threshold: int = 50_000) -> Iterator[None]:
    """Run the garbage collector's youngest generation less often while streaming.

    Scoring allocates millions of short-lived objects without reference
    cycles; collecting every 700 allocations (Python's default) costs about a
    tenth of the time and frees nothing. The previous setting is restored.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def score_files(
    gold: str | Path,
    pred: str | Path,
    scheme: Scheme,
    *,
    corpus: Corpus | None = None,
    layers: Iterable[str] | None = None,
    errors: bool = False,
    keep_vectors: bool = True,
    keep_doc_ids: bool = False,
    heads: bool = False,
    check_gold: bool = False,
    gold_dir: Path | None = None,
    resamples: int = 0,
    seed: int = 0,
) -> tuple[EvalState, Inputs]:
    """The summed state and what was learnt reading the files; raises if the inputs are bad.

    ``check_gold`` holds the gold to the checks of ``annotator validate`` as it
    streams by (``gold_dir``: the project's gold folder, for its naming rule).
    """
    chosen = chosen_layers(layers)

    def run(merge: bool) -> tuple[EvalState, Inputs]:
        inputs = Inputs(Path(gold), Path(pred), check_gold=check_gold, gold_dir=gold_dir)
        pairs = paired_records(Path(gold), Path(pred), scheme, corpus, inputs, merge=merge)
        state = score_stream(
            pairs,
            scheme,
            chosen,
            errors=errors,
            keep_vectors=keep_vectors,
            keep_doc_ids=keep_doc_ids,
            heads=heads,
            resamples=resamples,
            seed=seed,
        )
        return state, inputs

    try:
        state, inputs = run(merge=True)
    except OutOfOrder:
        state, inputs = run(merge=False)
    inputs.check()
    state.pred_layers = inputs.pred_layers
    return state, inputs
