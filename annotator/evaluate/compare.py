"""Two systems on the same gold: is the difference in F1 real?"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict

from annotator.evaluate.bootstrap import approximate_randomization, f1_of, paired_bootstrap
from annotator.evaluate.scorer import DocVectors, EvalState


class MetricComparison(BaseModel):
    model_config = ConfigDict(frozen=True)

    metric: str
    f1_a: float
    f1_b: float
    difference: float
    ci: tuple[float, float]
    p_bootstrap: float
    p_randomization: float


class Comparison(BaseModel):
    model_config = ConfigDict(frozen=True)

    gold: str
    a: str
    b: str
    documents: int
    resamples: int
    seed: int
    metrics: list[MetricComparison]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"


def dense_vectors(vec: DocVectors, key: str) -> np.ndarray:
    """(documents, 4) counts of one metric, zeros for the documents where it did not occur."""
    out = np.zeros((vec.n_docs, 4))
    if key in vec.rows:
        idx, vals = vec.rows[key]
        out[np.frombuffer(idx, dtype=np.int64)] = np.frombuffer(vals, dtype=np.float64).reshape(-1, 4)
    return out


def compare_states(
    a: EvalState, b: EvalState, *, gold: str, names: tuple[str, str], resamples: int = 1000, seed: int = 0
) -> Comparison:
    """Paired bootstrap interval and approximate-randomisation p-value for every shared F1."""
    assert a.vectors is not None and b.vectors is not None
    if a.doc_ids != b.doc_ids:
        raise ValueError("the two runs did not score the same documents in the same order")
    rows = []
    for key in sorted(set(a.vectors.rows) | set(b.vectors.rows)):
        da, db = dense_vectors(a.vectors, key), dense_vectors(b.vectors, key)
        diff, ci, p_boot = paired_bootstrap(da, db, resamples, seed)
        p_ar = approximate_randomization(da, db, resamples, seed)
        rows.append(
            MetricComparison(
                metric=key,
                f1_a=round(float(f1_of(da.sum(0))), 6),
                f1_b=round(float(f1_of(db.sum(0))), 6),
                difference=round(diff, 6),
                ci=(round(ci[0], 6), round(ci[1], 6)),
                p_bootstrap=round(p_boot, 6),
                p_randomization=round(p_ar, 6),
            )
        )
    return Comparison(
        gold=gold, a=names[0], b=names[1], documents=a.vectors.n_docs, resamples=resamples, seed=seed, metrics=rows
    )
