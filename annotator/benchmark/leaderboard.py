"""The leaderboard: every system scored on the same gold documents, ranked, with intervals and significance.

Each system is scored by the evaluation module (:func:`annotator.evaluate.api.score_stream`),
a failed document as an empty prediction, so all systems are compared on the
same documents. For each chosen F1 the leaderboard gives the point value, its
document-level percentile bootstrap interval, and, for every system but the
best in that column, the difference to the best with its paired-bootstrap
interval and a two-sided approximate-randomisation p-value
(:mod:`annotator.evaluate.bootstrap`). A layer a system does not predict is
shown as absent, never as zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict

from annotator.benchmark.runner import SystemRun
from annotator.evaluate.bootstrap import approximate_randomization, bootstrap_f1, f1_of, paired_bootstrap
from annotator.evaluate.compare import dense_vectors
from annotator.evaluate.report import LAYER_OF
from annotator.evaluate.scorer import EvalState
from annotator.evaluate.scoring import score_stream
from annotator.layers import SCORED_LAYERS
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme

DEFAULT_METRICS = (
    "mentions/strict",
    "mentions/partial",
    "events/trigger_classification/exact",
    "events/argument_classification/exact",
    "attributions/cue/exact",
    "attributions/joint/relaxed",
)
"""One or two headline F1s per layer; ``--metric`` picks others (any key of the evaluation's count vectors)."""


def metric_keys(gold: Sequence[AnnotationRecord], scheme: Scheme) -> set[str]:
    """The F1s this gold can be scored on: the columns :func:`build_leaderboard` reads, for the gold against itself."""
    state = score_stream(((g, g) for g in gold), scheme, set(SCORED_LAYERS), keep_doc_ids=True)
    assert state.vectors is not None
    return set(state.vectors.rows)


def unknown_metrics(asked: Sequence[str], known: set[str]) -> list[str]:
    """One message per asked key the gold cannot be scored on, with the nearest known keys."""
    from difflib import get_close_matches

    out = []
    for key in dict.fromkeys(asked):
        if key not in known:
            near = get_close_matches(key, sorted(known), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(near)}?" if near else f"; known: {', '.join(sorted(known))}"
            out.append(f"--metric/--rank-by {key!r} is not a metric of this gold{hint}")
    return out


def layer_of(metric: str) -> str:
    group = metric.split("/", 1)[0]
    return "mentions" if group == "mentions" else LAYER_OF.get(group, group)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Cell(_Model):
    """One system's F1 on one metric; the comparison fields are None for the best system and absent layers."""

    f1: float | None
    ci: tuple[float, float] | None = None
    diff_vs_best: float | None = None
    diff_ci: tuple[float, float] | None = None
    p_vs_best: float | None = None


class Row(_Model):
    rank: int
    system: str
    spec: str
    version: str
    documents: int
    failed: int
    failures: dict[str, str]
    unaligned: dict[str, list[str]]
    cached: int
    seconds: float
    layers: list[str]
    metrics: dict[str, Cell]


class Leaderboard(_Model):
    gold: str
    documents: int
    metrics: list[str]
    rank_by: str
    best: dict[str, str]
    resamples: int
    seed: int
    confidence: float
    rows: list[Row]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"


def _r(x: float) -> float:
    return round(float(x), 6)


def _score(run: SystemRun, gold: Sequence[AnnotationRecord], scheme: Scheme) -> tuple[EvalState, set[str]]:
    pairs = ((g, run.records.get(g.doc)) for g in gold)
    state = score_stream(pairs, scheme, set(SCORED_LAYERS), keep_doc_ids=True)
    layers: set[str] = set()
    for rec in run.records.values():
        layers |= rec.layers_present()
    return state, layers | ({"mentions"} if "entities" in layers else set())


def build_leaderboard(
    runs: Sequence[SystemRun],
    gold: Sequence[AnnotationRecord],
    scheme: Scheme,
    *,
    gold_name: str,
    metrics: Sequence[str] = DEFAULT_METRICS,
    rank_by: str | None = None,
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> Leaderboard:
    """Score every run and rank by ``rank_by`` (default: the first metric), absent layers last."""
    rank_by = rank_by or metrics[0]
    chosen = list(dict.fromkeys([*metrics, rank_by]))
    scored = [_score(run, gold, scheme) for run in runs]
    data: dict[tuple[int, str], np.ndarray] = {}
    for i, (state, layers) in enumerate(scored):
        assert state.vectors is not None
        for m in chosen:
            if layer_of(m) in layers:
                data[i, m] = dense_vectors(state.vectors, m)
    f1 = {key: float(f1_of(v.sum(0))) for key, v in data.items()}
    best: dict[str, int] = {}
    for m in chosen:
        have = [i for i in range(len(runs)) if (i, m) in f1]
        if have:
            best[m] = max(have, key=lambda i: (f1[i, m], -i))
    cells: list[dict[str, Cell]] = []
    for i in range(len(runs)):
        row: dict[str, Cell] = {}
        for m in chosen:
            if (i, m) not in data:
                row[m] = Cell(f1=None)
                continue
            v = data[i, m]
            lo, hi = bootstrap_f1(v[:, None, :], resamples, seed, confidence)[0] if resamples else (0.0, 0.0)
            cell = Cell(f1=_r(f1[i, m]), ci=(_r(lo), _r(hi)) if resamples else None)
            if best[m] != i and resamples:
                top = data[best[m], m]
                diff, (dlo, dhi), _ = paired_bootstrap(top, v, resamples, seed, confidence)
                cell = cell.model_copy(
                    update={
                        "diff_vs_best": _r(diff),
                        "diff_ci": (_r(dlo), _r(dhi)),
                        "p_vs_best": _r(approximate_randomization(top, v, resamples, seed)),
                    }
                )
            row[m] = cell
        cells.append(row)
    order = sorted(
        range(len(runs)), key=lambda i: (cells[i][rank_by].f1 is None, -(cells[i][rank_by].f1 or 0), runs[i].name)
    )
    rows = [
        Row(
            rank=k + 1,
            system=runs[i].name,
            spec=runs[i].spec,
            version=runs[i].version,
            documents=len(gold),
            failed=len(runs[i].failures),
            failures=dict(sorted(runs[i].failures.items())),
            unaligned=dict(sorted(runs[i].unaligned.items())),
            cached=runs[i].cached,
            seconds=round(runs[i].seconds, 2),
            layers=sorted(scored[i][1] & set(SCORED_LAYERS)),
            metrics=cells[i],
        )
        for k, i in enumerate(order)
    ]
    return Leaderboard(
        gold=gold_name,
        documents=len(gold),
        metrics=chosen,
        rank_by=rank_by,
        best={m: runs[i].name for m, i in best.items()},
        resamples=resamples,
        seed=seed,
        confidence=confidence,
        rows=rows,
    )
