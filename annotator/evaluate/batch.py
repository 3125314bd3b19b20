"""Mention scoring for many plain documents at once, with NumPy.

The bulk of an NER evaluation is documents whose spans do not compete: no
side has overlapping spans and no span overlaps two on the other side. For
them the rule of :mod:`annotator.matching` pairs every overlapping pair (see
:func:`annotator.matching.simple_overlap_pairs`), and those pairs can be found
for a whole batch with two sorted searches. Documents that do not qualify
are handed back and scored one by one the ordinary way, so the counts are
always those of :func:`annotator.evaluate.entities.score_mentions` (tested).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Any

import numpy as np

from annotator.evaluate.entities import NONE_LABEL, label_counts, overall_counts
from annotator.evaluate.masking import MAIN
from annotator.evaluate.poisson import Figure, PoissonBootstrap
from annotator.evaluate.scorer import EvalState, SectionState
from annotator.fastread import LABEL_NAMES, Mentions, label_code
from annotator.matching import SpanLike, simple_overlap_pairs_batch
from annotator.metrics.counts import SCHEMES


def _columns(mentions: Sequence[SpanLike]) -> tuple[list[int], list[int], list[int]]:
    """Starts, ends and label codes: laid out by the fast reader already, or gathered here."""
    if isinstance(mentions, Mentions):
        return mentions.starts, mentions.ends, mentions.codes
    return ([m.start for m in mentions], [m.end for m in mentions], [label_code(m.label) for m in mentions])  # type: ignore[attr-defined]


class MentionBatch:
    """Collects (gold mentions, predicted mentions) of plain documents and scores them together."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self.docs: list[tuple[Sequence[SpanLike], Sequence[SpanLike]]] = []
        self.ids: list[str] = []

    def add(self, gold: Sequence[SpanLike], pred: Sequence[SpanLike], doc: str = "") -> bool:
        """Queue a document (``doc``: its id, which the Poisson bootstrap's weights depend on); True when full."""
        self.docs.append((gold, pred))
        self.ids.append(doc)
        return len(self.docs) >= self.size

    def _arrays(self, side: int) -> tuple[np.ndarray, ...]:
        cols = [_columns(d[side]) for d in self.docs]
        sizes = np.fromiter((len(c[0]) for c in cols), np.int64, len(cols))
        n = int(sizes.sum())
        doc = np.repeat(np.arange(len(cols)), sizes)
        start = np.fromiter(chain.from_iterable(c[0] for c in cols), np.int64, n)
        end = np.fromiter(chain.from_iterable(c[1] for c in cols), np.int64, n)
        label = np.fromiter(chain.from_iterable(c[2] for c in cols), np.int64, n)
        if n > 1:
            key = doc * (int(end.max()) + 1) + start
            if (key[1:] < key[:-1]).any():
                order = np.argsort(key, kind="stable")
                return doc[order], start[order], end[order], label[order]
        return doc, start, end, label

    def flush(self, state: EvalState) -> list[int]:
        """Add the qualifying documents to ``state``; return the indices of those left to the caller."""
        if not self.docs:
            return []
        n = len(self.docs)
        gd, gs, ge, gl = self._arrays(0)
        pd, ps, pe, pl = self._arrays(1)
        bad, gi, pj = simple_overlap_pairs_batch(n, (gd, gs, ge), (pd, ps, pe))
        g_ok, p_ok = ~bad[gd], ~bad[pd]
        paired_g = np.zeros(len(gd), dtype=bool)
        paired_g[gi] = True
        p_paired = np.zeros(len(pd), dtype=bool)
        p_paired[pj] = True
        missed = g_ok & ~paired_g
        spurious = p_ok & ~p_paired

        n_labels = len(LABEL_NAMES)
        exact = (gs[gi] == ps[pj]) & (ge[gi] == pe[pj])
        a, b = gl[gi], pl[pj]
        same = a == b
        kind = np.where(exact, 0, 2) + np.where(same, 0, 1)
        per_doc = np.zeros((n, 6), dtype=np.int64)
        np.add.at(per_doc, (gd[gi], kind), 1)
        np.add.at(per_doc, (gd[missed], 4), 1)
        np.add.at(per_doc, (pd[spurious], 5), 1)

        doc_slots = np.zeros((n, n_labels, 4), dtype=np.int64)
        pair_doc = gd[gi]
        np.add.at(doc_slots, (pair_doc[same], a[same], np.where(exact[same], 0, 1)), 1)
        np.add.at(doc_slots, (pair_doc[~same], a[~same], 2), 1)
        np.add.at(doc_slots, (pair_doc[~same], b[~same], 3), 1)
        np.add.at(doc_slots, (gd[missed], gl[missed], 2), 1)
        np.add.at(doc_slots, (pd[spurious], pl[spurious], 3), 1)
        slots = doc_slots[~bad].sum(axis=0)
        none = n_labels
        confusion = np.bincount(a * (n_labels + 1) + b, minlength=(n_labels + 1) ** 2)
        confusion += np.bincount(gl[missed] * (n_labels + 1) + none, minlength=(n_labels + 1) ** 2)
        confusion += np.bincount(none * (n_labels + 1) + pl[spurious], minlength=(n_labels + 1) ** 2)

        good = np.nonzero(~bad)[0]
        ids = [self.ids[i] for i in good.tolist()]
        self._add(state, per_doc[good], slots, confusion.reshape(n_labels + 1, n_labels + 1), doc_slots[good], ids)
        left = np.nonzero(bad)[0].tolist()
        self.left = [self.docs[i] for i in left]
        self.docs = []
        self.ids = []
        return left

    def _add(
        self,
        state: EvalState,
        per_doc: np.ndarray,
        slots: np.ndarray,
        confusion: np.ndarray,
        doc_slots: np.ndarray,
        ids: list[str],
    ) -> None:
        names = list(LABEL_NAMES)
        mentions = state.sections.setdefault(MAIN, SectionState()).mentions
        totals = per_doc.sum(axis=0)
        for k in range(6):
            mentions.kinds[k] += int(totals[k])
        for code, row in enumerate(slots):
            if row.any():
                mine = mentions.labels.setdefault(names[code], [0, 0, 0, 0])
                for k in range(4):
                    mine[k] += int(row[k])
        label_of = [*names, NONE_LABEL]
        for g, p in zip(*np.nonzero(confusion), strict=True):
            mentions.confusion[(label_of[g], label_of[p])] += int(confusion[g, p])
        mentions.docs += len(per_doc)
        state.docs += len(per_doc)
        if state.poisson is not None:
            self._add_raw_counts(state.poisson, per_doc, doc_slots, names, ids)
        vec = state.vectors
        if vec is not None:
            first = vec.n_docs
            vec.n_docs += len(per_doc)
            for key, rows, quad in self._bootstrap_blocks(per_doc, doc_slots, names):
                got = vec.rows.setdefault(key, (array("q"), array("d")))
                got[0].extend((rows + first).tolist())
                got[1].frombytes(quad.tobytes())

    @staticmethod
    def _add_raw_counts(
        poisson: PoissonBootstrap, per_doc: np.ndarray, doc_slots: np.ndarray, names: list[str], ids: list[str]
    ) -> None:
        """The documents' six kinds and every label's four slots, as raw counts the figures are derived from
        (a label's figures only once the label occurs)."""
        used = [code for code in range(doc_slots.shape[1]) if doc_slots[:, code, :].any()]
        raw_names = _KIND_NAMES + tuple(f"mentions#{names[code]}#{k}" for code in used for k in range(4))
        counts = np.concatenate([per_doc, doc_slots[:, used, :].reshape(len(per_doc), -1)], axis=1)
        figures: dict[str, Figure] = {f"mentions/{s}": (_KIND_NAMES, _OVERALL[s]) for s in SCHEMES}
        for code in used:
            slots = tuple(f"mentions#{names[code]}#{k}" for k in range(4))
            figures.update({f"mentions/{s}/{names[code]}": (slots, _LABEL[s]) for s in SCHEMES})
        poisson.add_counts(ids, raw_names, counts, figures)

    @staticmethod
    def _bootstrap_blocks(
        per_doc: np.ndarray, doc_slots: np.ndarray, names: list[str]
    ) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
        """Per-document counts for the paired tests: (key, rows that have it, (rows, 4) counts), overall and
        per label where the label occurs."""
        everyone = np.arange(len(per_doc))
        overall = overall_counts(per_doc.T)
        for scheme in SCHEMES:
            yield f"mentions/{scheme}", everyone, quad_of(overall, scheme)
        for code, name in enumerate(names):
            block = doc_slots[:, code, :] if code < doc_slots.shape[1] else None
            if block is None:
                continue
            rows = np.nonzero(block.any(axis=1))[0]
            if not len(rows):
                continue
            counts = label_counts(block[rows].T)
            for scheme in SCHEMES:
                yield f"mentions/{scheme}/{name}", rows, quad_of(counts, scheme)


def quad_of(counts: dict[str, Any], scheme: str) -> np.ndarray:
    """(p_num, p_den, r_num, r_den) of each document from a scheme's counts given as arrays, (docs, 4)."""
    c = counts[scheme]
    credit = c.cor + (0.5 * c.par if scheme in ("partial", "type") else 0)
    return np.stack([credit, c.actual, credit, c.possible], axis=1).astype(np.float64)


_KIND_NAMES = tuple(f"mentions#{k}" for k in range(6))
_OVERALL = {s: quad_of(overall_counts(np.eye(6, dtype=np.int64)), s) for s in SCHEMES}
"""Each scheme's four sums as a linear function of the six kinds (a unit count of each kind, in turn)."""
_LABEL = {s: quad_of(label_counts(np.eye(4, dtype=np.int64)), s) for s in SCHEMES}
"""The same from a label's four slots."""
