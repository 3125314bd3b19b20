"""The agreement report as data (pydantic), rendered by ``render`` and ``html``.

Every figure is ``None`` where it is undefined (no units, no pairs), never a
made-up 0. Pairwise figures keep the number of documents each pair shared,
since a pair scored on two documents is not as telling as one on two hundred.
"""

from __future__ import annotations

from pydantic import BaseModel

from annotator.agreement.disagreements import Disagreement


class PairValue(BaseModel):
    a: str
    b: str
    docs: int
    value: float | None


class Spread(BaseModel):
    mean: float | None
    sd: float | None
    pairs: int


class Measure(BaseModel):
    """One figure per annotator pair, summarised as mean ± sample SD over pairs."""

    layer: str
    name: str
    summary: Spread
    pairs: list[PairValue]
    note: str = ""


class LabelRow(BaseModel):
    label: str
    spans: int
    """Spans with this label over all annotators and compared documents."""
    exact_f1: float | None
    overlap_f1: float | None
    ualpha: float | None


class ConfusionCell(BaseModel):
    """How often two annotators gave one place these two labels (unordered; ∅ = not marked)."""

    a: str
    b: str
    count: int


class SpanLayer(BaseModel):
    layer: str
    measures: list[Measure]
    labels: list[LabelRow]
    ualpha: float | None
    ualpha_docs: int
    """Documents in the u-alpha continuum: those every annotator annotated."""
    confusion: list[ConfusionCell]


class Coefficient(BaseModel):
    """Alpha over all annotators, Fleiss where all labelled every unit, Cohen's kappa per pair."""

    layer: str
    name: str
    units: int
    alpha: float | None
    fleiss: float | None
    fleiss_units: int
    kappa: Measure


class Interval(BaseModel):
    """A figure's percentile bootstrap interval over documents (:mod:`annotator.agreement.bootstrap`)."""

    figure: str
    value: float
    lo: float
    hi: float
    resamples: int
    """Resamples in which the figure was defined."""


class Report(BaseModel):
    annotators: list[str]
    documents: list[str]
    pairs: list[PairValue]
    """Each scored pair with the number of documents it shared (``value`` unused)."""
    left_out: list[str]
    layers: list[str]
    include_in_progress: bool
    spans: list[SpanLayer]
    coefficients: list[Coefficient]
    measures: list[Measure]
    disagreements: list[Disagreement] | None = None
    intervals: list[Interval] | None = None
    confidence: float | None = None
    """The level of ``intervals`` (``agreement --bootstrap``)."""

    def span_layer(self, name: str) -> SpanLayer | None:
        return next((s for s in self.spans if s.layer == name), None)
