"""One pass over the documents into mergeable counts, optionally split across processes.

Every count here merges (sums, or concatenation in document order for the
u-alpha continuum), so the documents can be cut into contiguous chunks,
counted in separate processes and merged: the result is the same as one pass.
Processes are forked, so the records are shared, not pickled; only the counts
travel back. Where processes cannot be started, the count runs in this one.
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context

from annotator.agreement.attributes import FIELDS, AttributeAgreement
from annotator.agreement.attributions import AttributionPair
from annotator.agreement.collect import Selection
from annotator.agreement.columns import SpanStretch
from annotator.agreement.disagreements import Disagreement, find_disagreements
from annotator.agreement.events import EventPair
from annotator.agreement.layers import EXTRACT, span_layers_for
from annotator.agreement.records import FileRecords
from annotator.agreement.spans import PairSpans
from annotator.agreement.tokens import TokenAgreement
from annotator.agreement.unitizing import Continuum
from annotator.cluster import SHARES_PER_THREAD, client_for, run_shares, threads
from annotator.matching import LabeledSpan
from annotator.metrics.coref import score_entities
from annotator.metrics.counts import ScoreTable
from annotator.metrics.events import score_events
from annotator.model import AnnotationRecord
from annotator.tokencache import TokenCache

Pair = tuple[str, str]
TOKEN_LAYERS = {"zones": "zones", "mentions": "mentions", "attributions": "attributions"}
"""Requested layer -> span layer whose spans label the tokens."""
MIN_DOCS_PER_PROCESS = 150
STRETCH = 500
YOUNG = 20_000
"""Allocations between collections of the youngest generation while counting (Python's default: 700)."""
"""Documents whose spans are held in columns before every pair is counted over them (:mod:`columns`)."""


@dataclass
class State:
    annotators: list[str]
    pairs: list[Pair]
    span_layers: list[str]
    spans: dict[tuple[str, Pair], PairSpans] = field(default_factory=dict)
    continua: dict[str, Continuum] = field(default_factory=dict)
    supports: dict[str, Counter[str]] = field(default_factory=dict)
    tokens: dict[str, TokenAgreement] = field(default_factory=dict)
    attributes: dict[str, AttributeAgreement] = field(default_factory=dict)
    events: dict[Pair, EventPair] = field(default_factory=dict)
    attributions: dict[Pair, AttributionPair] = field(default_factory=dict)
    coref: dict[Pair, ScoreTable] = field(default_factory=dict)
    disagreements: list[Disagreement] | None = None
    token_cache: TokenCache = field(default_factory=lambda: TokenCache(None))
    """Where each document's tokens come from (see :mod:`annotator.tokencache`)."""
    stretches: dict[str, SpanStretch] = field(default_factory=dict)
    """Spans not yet counted, per span layer; :meth:`finish` counts them."""
    held: int = 0
    """Documents added since everything held was last counted."""

    @classmethod
    def empty(
        cls,
        annotators: list[str],
        pairs: list[Pair],
        layers: Sequence[str],
        disagreements: bool,
        token_cache: TokenCache | None = None,
    ) -> State:
        span_layers = span_layers_for(list(layers))
        return cls(
            annotators=list(annotators),
            pairs=list(pairs),
            span_layers=span_layers,
            spans={(layer, p): PairSpans() for layer in span_layers for p in pairs},
            continua={layer: Continuum(len(annotators)) for layer in span_layers},
            supports={layer: Counter() for layer in span_layers},
            tokens={layer: TokenAgreement(list(annotators)) for layer in TOKEN_LAYERS if layer in layers},
            attributes={layer: AttributeAgreement(layer, list(annotators)) for layer in FIELDS if layer in layers},
            events={p: EventPair() for p in pairs} if "events" in layers or "hoppers" in layers else {},
            attributions={p: AttributionPair() for p in pairs} if "attributions" in layers else {},
            coref={p: ScoreTable() for p in pairs} if "entities" in layers else {},
            disagreements=[] if disagreements else None,
            token_cache=token_cache or TokenCache(None),
        )

    def update(self, doc: str, text: str, records: dict[str, AnnotationRecord], complete: bool) -> None:
        """Count one document; ``records`` holds each annotator who annotated it."""
        spans: dict[str, dict[str, list[LabeledSpan]]] = {
            layer: {a: EXTRACT[layer](rec, text) for a, rec in records.items()} for layer in self.span_layers
        }
        present = [p for p in self.pairs if p[0] in records and p[1] in records]
        for layer in self.span_layers:
            by_annotator = spans[layer]
            stretch = self.stretches.get(layer)
            if stretch is None:
                stretch = self.stretches[layer] = SpanStretch(self.annotators)
            stretch.add(by_annotator)
            for s in by_annotator.values():
                self.supports[layer].update(x.label for x in s)
            if complete:
                self.continua[layer].add_document(
                    len(text), [[(s.start, s.end, s.label) for s in by_annotator[a]] for a in self.annotators]
                )
            if self.disagreements is not None:
                self.disagreements += find_disagreements(layer, doc, text, by_annotator)
        index = self.token_cache.tokens(text) if self.tokens else None
        for layer, agreement in self.tokens.items():
            source = TOKEN_LAYERS[layer]
            agreement.add(
                text,
                spans[source] if source in spans else {a: EXTRACT[source](r, text) for a, r in records.items()},
                index,
            )
        for attributes in self.attributes.values():
            attributes.add(records)
        layers = {a: r.layers_present() for a, r in records.items()}
        for a, b in present:
            ra, rb = records[a], records[b]
            scored = None
            if (self.events or self.attributions) and (ra.events or rb.events):
                scored = score_events(ra, rb, ra.events, rb.events, None)
            if self.events:
                self.events[(a, b)].update(ra, rb, scored)
            if self.attributions:
                self.attributions[(a, b)].update(ra, rb, scored.pairs if scored else {})
            if self.coref and "entities" in layers[a] and "entities" in layers[b]:
                self.coref[(a, b)].update(score_entities(ra, rb, ra.mentions, rb.mentions))
        self.held += 1
        if self.held >= STRETCH:
            self.finish()

    def finish(self) -> State:
        """Count what is still held in columns; a state is merged or read only once finished."""
        for layer, stretch in self.stretches.items():
            if len(stretch):
                stretch.count_into({p: self.spans[(layer, p)] for p in self.pairs}, self.pairs)
        for agreement in self.tokens.values():
            agreement.flush()
        for attributes in self.attributes.values():
            attributes.flush()
        self.held = 0
        return self

    def merge(self, other: State) -> State:
        """This state followed by ``other`` (documents in that order); both finished."""

        def join(mine: dict, theirs: dict) -> dict:
            return {k: mine[k].merge(theirs[k]) if k in theirs else mine[k] for k in mine}

        supports = {k: v + other.supports.get(k, Counter()) for k, v in self.supports.items()}
        found = None if self.disagreements is None else self.disagreements + (other.disagreements or [])
        return State(
            self.annotators,
            self.pairs,
            self.span_layers,
            join(self.spans, other.spans),
            join(self.continua, other.continua),
            supports,
            join(self.tokens, other.tokens),
            join(self.attributes, other.attributes),
            join(self.events, other.events),
            join(self.attributions, other.attributions),
            join(self.coref, other.coref),
            found,
            self.token_cache,
        )


@dataclass(frozen=True)
class Job:
    """What every share of the documents is counted with: inherited by forked workers, sent once to a cluster."""

    selection: Selection
    layers: tuple[str, ...]
    disagreements: bool
    token_cache: TokenCache | None = None
    source: FileRecords | None = None
    """Where the records are read from, a document at a time (None: the records held in the selection)."""


Share = tuple[list[str], str | None, str | None]
"""Documents, and the document ids bounding their stretch of the files (None: the start or the end)."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Garbage collection kept off what was there before, and run less often, while counting.

    Counting makes and drops millions of small objects (records, spans) that
    form no cycles, so each collection finds nothing, yet a full one walks
    every object the process holds (the corpus's texts, spaCy's tables):
    measured at 6 % of the report's processor time. Those are frozen, and the
    youngest generation is collected after :data:`YOUNG` allocations, not 700.
    The settings are the process's, so this wraps a count in a process of its
    own (or the command's), never one of several threads (a Dask worker's).
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def count_share(share: Share, job: Job) -> State:
    """The counts of one share of the documents."""
    docs, lo, hi = share
    selection = job.selection
    state = State.empty(selection.annotators, selection.pairs(), job.layers, job.disagreements, job.token_cache)
    complete = set(selection.complete())
    found = (
        job.source.documents(selection.docs, lo, hi)
        if job.source is not None
        else ((doc, selection.docs[doc]) for doc in docs)
    )
    for doc, records in found:
        state.update(doc, selection.texts[doc], records, doc in complete)
    return state.finish()


def shares(docs: list[str], n: int) -> list[Share]:
    """``docs`` (in document order) cut into ``n`` contiguous shares whose stretches cover the files end to end."""
    size = -(-len(docs) // max(n, 1)) or 1
    cut = [docs[i : i + size] for i in range(0, len(docs), size)] or [[]]
    return [
        (part, part[0] if k and part else None, cut[k + 1][0] if k + 1 < len(cut) else None)
        for k, part in enumerate(cut)
    ]


_JOB: Job | None = None


def _count(share: Share) -> State:
    assert _JOB is not None
    with fewer_collections():
        return count_share(share, _JOB)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def accumulate(
    selection: Selection,
    layers: Sequence[str],
    *,
    disagreements: bool,
    jobs: int | None = None,
    token_cache: TokenCache | None = None,
    source: FileRecords | None = None,
    dask: str | None = None,
) -> State:
    """Counts over every selected document, in ``jobs`` forked processes when there are enough documents,
    or on the Dask cluster at ``dask`` (see :mod:`annotator.cluster`)."""
    global _JOB
    docs = list(selection.docs)
    job = Job(selection, tuple(layers), disagreements, token_cache, source)
    if dask:
        client = client_for(dask)
        try:
            states = run_shares(client, count_share, shares(docs, threads(client) * SHARES_PER_THREAD), job)
        finally:
            client.close()
        return _merged(states)
    jobs = max(1, min(jobs or default_jobs(), len(docs) // MIN_DOCS_PER_PROCESS))
    if jobs == 1:
        with fewer_collections():
            return count_share(shares(docs, 1)[0], job)
    if token_cache is not None and any(layer in TOKEN_LAYERS for layer in layers):
        token_cache.prepare(selection.texts[docs[0]])
    _JOB = job
    try:
        try:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
                states = list(pool.map(_count, shares(docs, jobs)))
        except (OSError, BrokenProcessPool):
            with fewer_collections():
                return count_share(shares(docs, 1)[0], job)
        return _merged(states)
    finally:
        _JOB = None


def _merged(states: list[State]) -> State:
    result = states[0]
    for s in states[1:]:
        result = result.merge(s)
    return result
