"""Scoring one document, and the streaming state that sums documents.

``score_document`` is a pure function of a gold record, a predicted record
and the scheme. ``EvalState.update`` adds one document's counts, ``merge``
adds another state (another corpus part, another worker); nothing is computed
until the report is built. For the bootstrap, either the B weighted sums of a
Poisson bootstrap are kept (constant memory, :mod:`annotator.evaluate.poisson`)
or, where two systems are compared document by document, every document's
count vector.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from annotator.evaluate.entities import (
    ErrorItem,
    MentionDoc,
    MentionState,
    head_counts,
    label_counts,
    score_mentions,
)
from annotator.evaluate.errorlist import argument_errors, attribution_errors, trigger_errors
from annotator.evaluate.heads import head_span
from annotator.evaluate.masking import MAIN, ZoneMask
from annotator.evaluate.poisson import PoissonBootstrap
from annotator.fastread import FastRecord
from annotator.layers import SCORED_LAYERS
from annotator.matching import LabeledSpan
from annotator.metrics.attributions import score_attributions
from annotator.metrics.coref import score_entities
from annotator.metrics.counts import SCHEMES, Prf
from annotator.metrics.events import score_events, score_hoppers
from annotator.metrics.structures import has_structures, score_structures
from annotator.model import AnnotationRecord, Mention
from annotator.scheme import Scheme

LAYERS = SCORED_LAYERS


@dataclass
class SectionDoc:
    mentions: MentionDoc | None = None
    scores: dict[str, Prf] = field(default_factory=dict)


@dataclass
class DocResult:
    doc: str
    sections: dict[str, SectionDoc] = field(default_factory=dict)
    leakage: Counter[str] = field(default_factory=Counter)
    errors: list[ErrorItem] = field(default_factory=list)


def empty_prediction(gold: AnnotationRecord, annotator: str = "system") -> AnnotationRecord:
    """What a system that said nothing about a document would have said."""
    return AnnotationRecord(doc=gold.doc, doc_sha256=gold.doc_sha256, annotator=annotator, scheme=gold.scheme)


def score_document(
    gold: AnnotationRecord,
    pred: AnnotationRecord,
    scheme: Scheme,
    layers: Iterable[str] = LAYERS,
    *,
    errors: bool = False,
    heads: bool = False,
) -> DocResult:
    """Every score of one document, split into the main section and separately reported zones.

    ``heads`` also scores the mentions by their heads (:mod:`annotator.evaluate.heads`).
    """
    layers = set(layers)
    out = DocResult(gold.doc)
    if mentions_only(gold, pred, layers):
        texts = ([m.text for m in gold.mentions], [m.text for m in pred.mentions]) if errors else None
        mentions = score_mentions(_spans(gold.mentions), _spans(pred.mentions), doc=gold.doc, texts=texts)
        if heads:
            mentions.head = head_kinds(gold.mentions, pred.mentions)
        out.errors, mentions.errors = mentions.errors, []
        out.sections[MAIN] = SectionDoc(mentions if "mentions" in layers else None)
        return out
    mask = ZoneMask.of(gold.zones, scheme)
    leak = out.leakage
    gm = mask.split(gold.mentions)
    pm = mask.split(pred.mentions, leak, "mentions")
    ge = mask.split(gold.events) if gold.events or pred.events else {}
    pe = mask.split(pred.events, leak, "events") if gold.events or pred.events else {}
    ga = mask.split(gold.attributions) if gold.attributions or pred.attributions else {}
    pa = mask.split(pred.attributions, leak, "attributions") if gold.attributions or pred.attributions else {}
    buckets = {MAIN, *gm, *pm, *ge, *pe, *ga, *pa}
    g_layers, p_layers = gold.layers_present(), pred.layers_present()
    for b in sorted(buckets):
        sec = SectionDoc()
        g_m, p_m = gm.get(b, []), pm.get(b, [])
        if "mentions" in layers:
            texts = ([m.text for m in g_m], [m.text for m in p_m]) if errors else None
            sec.mentions = score_mentions(_spans(g_m), _spans(p_m), doc=gold.doc, texts=texts)
            if heads:
                sec.mentions.head = head_kinds(g_m, p_m)
            if b != MAIN:
                for item in sec.mentions.errors:
                    item.layer = f"mentions ({b})"
            out.errors += sec.mentions.errors
            sec.mentions.errors = []
        if "entities" in layers and "entities" in g_layers and "entities" in p_layers:
            sec.scores.update({f"coref/{k}": v for k, v in score_entities(gold, pred, g_m, p_m).items()})
        g_e, p_e = ge.get(b, []), pe.get(b, [])
        pairs: dict[str, str] = {}
        if ("events" in layers or "attributions" in layers) and (g_e or p_e):
            ev = score_events(gold, pred, g_e, p_e, scheme)
            pairs = ev.pairs
            if "events" in layers:
                sec.scores.update({f"events/{k}": v for k, v in ev.scores.items()})
                if errors:
                    out.errors += trigger_errors(gold.doc, g_e, p_e)
                    out.errors += argument_errors(gold.doc, gold, pred, g_e, p_e)
        if "hoppers" in layers and "hoppers" in g_layers and "hoppers" in p_layers and (g_e or p_e):
            sec.scores.update({f"hoppers/{k}": v for k, v in score_hoppers(gold, pred, g_e, p_e, pairs).items()})
        g_a, p_a = ga.get(b, []), pa.get(b, [])
        if "attributions" in layers and (g_a or p_a):
            at = score_attributions(gold, pred, g_a, p_a, scheme, pairs)
            sec.scores.update({f"attributions/{k}": v for k, v in at.scores.items()})
            if errors:
                out.errors += attribution_errors(gold.doc, gold, pred, g_a, p_a)
        out.sections[b] = sec
    structures = score_structures(
        mask.without_masked_relations(gold), mask.without_masked_relations(pred, leak), scheme, layers
    )
    out.sections.setdefault(MAIN, SectionDoc()).scores.update(structures)
    return out


def _spans(mentions: Sequence[Mention]) -> Sequence[LabeledSpan]:
    """Mentions as the labelled spans scoring reads (they have the same start, end and label)."""
    return cast(Sequence[LabeledSpan], mentions)


def head_kinds(gold: Sequence[Mention], pred: Sequence[Mention]) -> list[int]:
    """The six kinds of outcome with every mention replaced by its head (label kept)."""

    def heads(ms: Sequence[Mention]) -> list[LabeledSpan]:
        return [LabeledSpan(*head_span(m.start, m.text), m.label) for m in ms]

    return score_mentions(heads(gold), heads(pred)).kinds


def mentions_only(gold: AnnotationRecord, pred: AnnotationRecord, layers: set[str]) -> bool:
    """No zones and nothing but mentions to score: the short way gives the same result."""
    if gold.zones or gold.events or pred.events or gold.attributions or pred.attributions:
        return False
    if _structured(gold) or _structured(pred):
        return False
    if "entities" in layers or "hoppers" in layers:
        return not (
            gold.entities
            or pred.entities
            or gold.hoppers
            or pred.hoppers
            or "layers" in gold.meta
            or "layers" in pred.meta
        )
    return True


def _structured(record: AnnotationRecord) -> bool:
    """:func:`has_structures`; a fast-lane record has none by construction (its other layers are empty)."""
    return not isinstance(record, FastRecord) and has_structures(record)


@dataclass
class SectionState:
    mentions: MentionState = field(default_factory=MentionState)
    scores: dict[str, Prf] = field(default_factory=dict)

    def update(self, doc: SectionDoc) -> None:
        if doc.mentions is not None:
            self.mentions.update(doc.mentions)
        for k, v in doc.scores.items():
            mine = self.scores.get(k)
            if mine is None:
                mine = self.scores[k] = Prf()
            mine.add(v)

    def merge(self, other: SectionState) -> None:
        self.mentions.merge(other.mentions)
        for k, v in other.scores.items():
            self.scores.setdefault(k, Prf()).add(v)


@dataclass
class DocVectors:
    """Per-document (p_num, p_den, r_num, r_den) of every main figure, for the bootstrap."""

    n_docs: int = 0
    rows: dict[str, tuple[array, array]] = field(default_factory=dict)

    def add(self, values: dict[str, tuple[float, float, float, float]]) -> None:
        i = self.n_docs
        self.n_docs += 1
        for key, quad in values.items():
            got = self.rows.get(key)
            if got is None:
                got = self.rows[key] = (array("q"), array("d"))
            got[0].append(i)
            got[1].extend(quad)

    def merge(self, other: DocVectors) -> None:
        base = self.n_docs
        self.n_docs += other.n_docs
        for key, (idx, vals) in other.rows.items():
            got = self.rows.setdefault(key, (array("q"), array("d")))
            got[0].extend(i + base for i in idx)
            got[1].extend(vals)


def bootstrap_values(sec: SectionDoc) -> dict[str, tuple[float, float, float, float]]:
    out: dict[str, tuple[float, float, float, float]] = {}
    if sec.mentions is not None:
        overall = sec.mentions.overall
        for s in SCHEMES:
            out[f"mentions/{s}"] = overall[s].prf(s).as_tuple()
        for label, k in sec.mentions.labels.items():
            counts = label_counts(k)
            for s in SCHEMES:
                out[f"mentions/{s}/{label}"] = counts[s].prf(s).as_tuple()
        if sec.mentions.head is not None:
            out["mentions/head"] = head_counts(sec.mentions.head).prf("strict").as_tuple()
    for name, prf in sec.scores.items():
        out[name] = prf.as_tuple()
    return out


@dataclass
class EvalState:
    """Everything summed so far; build a report from it with :func:`annotator.evaluate.report.build_report`."""

    sections: dict[str, SectionState] = field(default_factory=dict)
    leakage: Counter[str] = field(default_factory=Counter)
    errors: list[ErrorItem] = field(default_factory=list)
    docs: int = 0
    docs_without_prediction: list[str] = field(default_factory=list)
    pred_layers: set[str] = field(default_factory=set)
    gold_layers: set[str] = field(default_factory=set)
    vectors: DocVectors | None = None
    doc_ids: list[str] | None = None
    poisson: PoissonBootstrap | None = None

    def update(self, result: DocResult) -> None:
        self.docs += 1
        for name, sec in result.sections.items():
            self.sections.setdefault(name, SectionState()).update(sec)
        self.leakage.update(result.leakage)
        self.errors += result.errors
        if self.vectors is not None or self.poisson is not None:
            main = result.sections.get(MAIN)
            values = bootstrap_values(main) if main else {}
            if self.poisson is not None:
                self.poisson.add(result.doc, values)
            if self.vectors is not None:
                self.vectors.add(values)
        if self.doc_ids is not None:
            self.doc_ids.append(result.doc)

    def merge(self, other: EvalState) -> None:
        self.docs += other.docs
        for name, sec in other.sections.items():
            self.sections.setdefault(name, SectionState()).merge(sec)
        self.leakage.update(other.leakage)
        self.errors += other.errors
        self.docs_without_prediction += other.docs_without_prediction
        self.pred_layers |= other.pred_layers
        self.gold_layers |= other.gold_layers
        if self.vectors is not None and other.vectors is not None:
            self.vectors.merge(other.vectors)
        if self.doc_ids is not None and other.doc_ids is not None:
            self.doc_ids += other.doc_ids
        if self.poisson is not None and other.poisson is not None:
            self.poisson.merge(other.poisson)
