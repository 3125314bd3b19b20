"""The Python entry points: score a predictions file, or records in memory, against a gold."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.corpus import Corpus
from annotator.evaluate.parallel import score_files_parallel
from annotator.evaluate.report import Report, build_report
from annotator.evaluate.scoring import chosen_layers, score_files, score_stream
from annotator.evaluate.stream import EvaluationInputError
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme


def evaluate_files(
    gold: str | Path,
    pred: str | Path,
    scheme: Scheme,
    *,
    corpus: Corpus | None = None,
    layers: Iterable[str] | None = None,
    errors: bool = False,
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    failures: list[str] | None = None,
    workers: int = 1,
    heads: bool = False,
    dask: str | None = None,
    check_gold: bool = False,
    gold_dir: Path | None = None,
) -> Report:
    """Score a predictions file against a gold file, streaming both (on ``workers`` processes; 0: all cores).

    ``heads`` adds the ``head`` row to the mention schemes (see :mod:`annotator.evaluate.heads`);
    ``dask``, a scheduler address, scores on that Dask cluster instead (:mod:`annotator.evaluate.cluster`).
    ``check_gold`` refuses a gold that ``annotator validate`` would refuse (checked as it streams by, in
    the same pass; ``gold_dir`` is the project's gold folder, whose files are named after their annotator).
    """
    shared: dict[str, Any] = {
        "corpus": corpus,
        "layers": layers,
        "errors": errors,
        "keep_vectors": False,
        "resamples": resamples,
        "seed": seed,
        "heads": heads,
        "check_gold": check_gold,
        "gold_dir": gold_dir,
    }
    if dask:
        from annotator.evaluate.cluster import score_files_dask

        state, inputs = score_files_dask(gold, pred, scheme, address=dask, **shared)
    elif workers != 1:
        state, inputs = score_files_parallel(gold, pred, scheme, workers=workers, **shared)
    else:
        state, inputs = score_files(gold, pred, scheme, **shared)
    return build_report(
        state,
        gold=str(gold),
        predictions=str(pred),
        system=next(iter(sorted(inputs.systems)), None),
        layers=chosen_layers(layers),
        resamples=resamples,
        seed=seed,
        confidence=confidence,
        failures=failures,
        errors=errors,
    )


def evaluate_records(
    gold: Iterable[AnnotationRecord],
    pred: Iterable[AnnotationRecord],
    scheme: Scheme,
    *,
    layers: Iterable[str] | None = None,
    errors: bool = False,
    resamples: int = 1000,
    seed: int = 0,
    heads: bool = False,
) -> Report:
    """Score records held in memory (a notebook, a test); predictions for unknown documents are an error."""
    chosen = chosen_layers(layers)
    by_doc = {p.doc: p for p in pred}
    gold = list(gold)
    unknown = sorted(set(by_doc) - {g.doc for g in gold})
    if unknown:
        raise EvaluationInputError(f"predictions for document(s) not in the gold: {', '.join(unknown)}")
    state = score_stream(
        ((g, by_doc.get(g.doc)) for g in gold),
        scheme,
        chosen,
        errors=errors,
        keep_vectors=False,
        heads=heads,
        resamples=resamples,
        seed=seed,
    )
    for p in by_doc.values():
        state.pred_layers |= p.layers_present()
    systems = sorted({p.annotator for p in by_doc.values()})
    return build_report(
        state,
        gold="<records>",
        predictions="<records>",
        system=systems[0] if systems else None,
        layers=chosen,
        resamples=resamples,
        seed=seed,
        errors=errors,
    )
