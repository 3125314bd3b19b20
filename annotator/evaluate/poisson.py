"""Confidence intervals in one pass and constant memory: the Poisson bootstrap.

The percentile bootstrap of :mod:`annotator.evaluate.bootstrap` resamples
documents after the fact, so it keeps every document's counts: memory grows
with the corpus. The Poisson bootstrap (Hanley and MacGibbon 2006, "Creating
non-parametric bootstrap samples using Poisson frequencies", Computer Methods
and Programs in Biomedicine 83; Chamandy, Muralidharan, Najmi and Naik 2012,
"Estimating uncertainty for massive data streams", Google) draws instead,
as each document streams by, how often it occurs in each of the B resamples:
a Poisson(1) count, the limit of the multinomial count of an ordinary
resample as the corpus grows. Only B weighted sums are kept, of each
figure's (p_num, p_den, r_num, r_den) or of the raw counts figures are
linear functions of (:meth:`PoissonBootstrap.add_counts`), so memory is
B × figures, whatever the corpus; F1 of each resample is computed from its
sums, exactly as the point estimate is. Resamples differ slightly in size (their sizes vary by
about one part in the square root of the corpus), which makes no difference
on corpora of more than a few dozen documents; on a handful of documents a
resample may even be empty (its F1 is then 0), so tiny corpora get somewhat
wider intervals than from the multinomial draw.

A document's weights are a function of the seed and its id alone (a
counter-based hash, splitmix64, of both), not of the order in which
documents arrive: every process, worker or Dask shard draws the same weights
for the same document. Counts and weights are whole numbers or halves, so
the sums are exact in float64 and do not depend on how the documents were
shared out: states merge, and merged states give the intervals of one pass,
bit for bit. Documents are weighted a block at a time, with one matrix
product per block (each distinct column of counts once), on one BLAS thread:
a second thread saved no wall time on two cores and spent a quarter of the
command's processor time waiting (the sums are exact, so the thread count
cannot change them).
"""

from __future__ import annotations

import hashlib
import math
from array import array
from collections.abc import Iterable, Mapping

import numpy as np
from threadpoolctl import threadpool_limits

from annotator.evaluate.bootstrap import BLOCK_CELLS, distinct_columns, f1_of

Quad = tuple[float, float, float, float]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_CDF = [int(sum(math.exp(-1) / math.factorial(j) for j in range(k + 1)) * 2**32) for k in range(20)]
_THRESHOLDS = np.array([t for t in dict.fromkeys(_CDF) if t < 2**32 - 1], dtype=np.uint32)
"""A 32-bit uniform u gives the Poisson(1) count #{k: u >= T_k}, T_k = 2^32 × P(X <= k): exact to 2^-32."""
_PREFIX = np.arange(1 << 16, dtype=np.uint64) << np.uint64(16)
_TABLE = np.searchsorted(_THRESHOLDS, _PREFIX, side="right").astype(np.uint8)
"""The count for each 16-bit prefix of u; exact unless a threshold falls inside the prefix's range."""
_SPLIT = np.searchsorted(_THRESHOLDS, _PREFIX + np.uint64(0xFFFF), side="right") != _TABLE
"""The few prefixes whose range a threshold splits: those draws are settled on all 32 bits."""
UNSETTLED = np.uint8(255)
_CODES = np.where(_SPLIT, UNSETTLED, _TABLE).astype(np.uint8)
""":data:`_TABLE` with the split prefixes marked :data:`UNSETTLED` (no count reaches it): one look-up per draw."""
if not np.little_endian:  # pragma: no cover - the halves below are read in memory order
    raise ImportError("annotator.evaluate.poisson assumes a little-endian machine")


def doc_key(seed: int, doc: str) -> int:
    """The 64-bit key of a document's weights under ``seed``."""
    return int.from_bytes(hashlib.blake2b(f"{seed}\x00{doc}".encode(), digest_size=8).digest(), "little")


def poisson_weights(keys: np.ndarray, resamples: int) -> np.ndarray:
    """(documents, resamples) Poisson(1) counts, a function of each document's key alone.

    Hash ``j`` of a document is splitmix64 of ``key + (j + 1) × golden``; its
    high and low 32 bits are the uniforms of resamples ``2j`` and ``2j + 1``.
    """
    return _draws(keys, resamples)[:, _resample_order(resamples)]


def _resample_order(resamples: int) -> np.ndarray:
    """The column of :func:`_draws` that holds each resample: the halves of a hash lie low first in memory."""
    return np.arange(resamples) ^ 1


def _draws(keys: np.ndarray, resamples: int) -> np.ndarray:
    """The draws of :func:`poisson_weights` as they lie in memory, (documents, resamples rounded up to even):
    column ``2j`` is resample ``2j + 1`` (hash ``j``'s low half), column ``2j + 1`` resample ``2j``.

    Left in this order, no copy puts them in resample order; :meth:`PoissonBootstrap.flush` reorders
    the rows of its product instead, a thousand rows rather than a million draws.
    """
    pairs = (resamples + 1) // 2
    z = np.multiply(np.arange(1, pairs + 1, dtype=np.uint64), _GOLDEN)[None, :] + keys.astype(np.uint64)[:, None]
    shifted = np.empty_like(z)
    for shift, mix in ((30, _MIX1), (27, _MIX2), (31, None)):
        np.right_shift(z, np.uint64(shift), out=shifted)
        np.bitwise_xor(z, shifted, out=z)
        if mix is not None:
            np.multiply(z, mix, out=z)
    high16 = z.view(np.uint16)[:, 1::2]  # the top 16 bits of each 32-bit half, low half first, without a shift
    drawn: np.ndarray = _CODES[high16]
    unsettled = drawn == UNSETTLED
    if unsettled.any():
        drawn[unsettled] = np.searchsorted(_THRESHOLDS, z.view(np.uint32)[unsettled], side="right")
    return drawn


Figure = tuple[tuple[str, ...], np.ndarray]
"""A figure that is a linear function of raw counts: the raw columns' names and a (names, 4) matrix giving
(p_num, p_den, r_num, r_den) from them."""


class PoissonBootstrap:
    """B weighted sums of every figure's counts, documents weighted as they stream by; a mergeable state.

    Counts arrive in one of two forms. :meth:`add` takes a document's four
    numbers of each figure. :meth:`add_counts` takes a block of documents'
    raw counts (the six kinds of outcome, a label's four slots…) with the
    figures as linear functions of them: only the raw columns are weighted
    and summed, and each figure's sums are derived from theirs at the end.
    A figure is a sum of whole numbers and halves either way, so both forms,
    and any mix of them, give the same sums bit for bit.
    """

    def __init__(self, resamples: int, seed: int = 0) -> None:
        self.resamples = resamples
        self.seed = seed
        self.columns: dict[str, int] = {}
        """Figure key -> its slot; the slot's four columns of :attr:`sums` hold (p_num, p_den, r_num, r_den)."""
        self.sums = np.zeros((resamples, 0))
        self.raw: dict[str, int] = {}
        """Raw column name -> its column of :attr:`raw_sums`."""
        self.raw_sums = np.zeros((resamples, 0))
        self.derived: dict[str, Figure] = {}
        """Figure key -> how its four sums follow from :attr:`raw_sums`."""
        self._keys: list[int] = []
        self._rows: dict[str, tuple[array[int], array[float]]] = {}
        self._blocks: list[tuple[int, tuple[str, ...], np.ndarray]] = []
        self.block = max(1, BLOCK_CELLS // max(resamples, 1))

    def figures(self) -> list[str]:
        """Every figure with sums, in sorted order."""
        return sorted(self.columns.keys() | self.derived.keys())

    def add(self, doc: str, values: Mapping[str, Quad]) -> None:
        """One document's counts (a document without any counts changes no sum and is not weighted)."""
        if not values:
            return
        i = len(self._keys)
        self._keys.append(doc_key(self.seed, doc))
        for key, quad in values.items():
            got = self._rows.get(key)
            if got is None:
                got = self._rows[key] = (array("q"), array("d"))
            got[0].append(i)
            got[1].extend(quad)
        if len(self._keys) >= self.block:
            self.flush()

    def add_counts(
        self, docs: list[str], names: tuple[str, ...], counts: np.ndarray, figures: Mapping[str, Figure]
    ) -> None:
        """Documents ``docs`` at once: their raw ``counts`` (docs, names), and the figures they make."""
        for key, figure in figures.items():
            known = self.derived.setdefault(key, figure)
            if known[0] != figure[0] or not np.array_equal(known[1], figure[1]):
                raise ValueError(f"figure {key!r} derived from raw counts in two ways")
        self._blocks.append((len(self._keys), names, counts))
        self._keys += [doc_key(self.seed, d) for d in docs]
        if len(self._keys) >= self.block:
            self.flush()

    def _slots(self, keys: Iterable[str]) -> None:
        new = [k for k in keys if k not in self.columns]
        if new:
            for k in new:
                self.columns[k] = len(self.columns)
            self.sums = np.concatenate([self.sums, np.zeros((self.resamples, 4 * len(new)))], axis=1)

    def _raw_slots(self, names: Iterable[str]) -> None:
        new = [n for n in dict.fromkeys(names) if n not in self.raw]
        if new:
            for n in new:
                self.raw[n] = len(self.raw)
            self.raw_sums = np.concatenate([self.raw_sums, np.zeros((self.resamples, len(new)))], axis=1)

    def flush(self) -> None:
        """Weight the documents waiting and add them to the sums (one matrix product)."""
        if not self._keys:
            return
        keys = sorted(self._rows)
        self._slots(keys)
        raw_names = list(dict.fromkeys(n for _, names, _ in self._blocks for n in names))
        self._raw_slots(raw_names)
        raw_at = {n: 4 * len(keys) + j for j, n in enumerate(raw_names)}
        n = len(self._keys)
        counts = np.zeros((n, 4 * len(keys) + len(raw_names)))
        for k, key in enumerate(keys):
            idx, vals = self._rows[key]
            counts[np.frombuffer(idx, dtype=np.int64), 4 * k : 4 * k + 4] = np.frombuffer(vals).reshape(-1, 4)
        for first, names, block in self._blocks:
            counts[first : first + len(block), [raw_at[name] for name in names]] = block
        chosen, column = distinct_columns(counts)
        weights = _draws(np.array(self._keys, dtype=np.uint64), self.resamples).astype(np.float64)
        with threadpool_limits(1, user_api="blas"):
            product = (weights.T @ counts[:, chosen])[_resample_order(self.resamples)]
        product = product[:, column]
        target = [j for key in keys for j in range(4 * self.columns[key], 4 * self.columns[key] + 4)]
        self.sums[:, target] += product[:, : 4 * len(keys)]
        self.raw_sums[:, [self.raw[name] for name in raw_names]] += product[:, 4 * len(keys) :]
        self._keys = []
        self._rows = {}
        self._blocks = []

    def merge(self, other: PoissonBootstrap) -> None:
        """Add another state's sums (another worker, another shard): the result is that of one pass."""
        if (other.resamples, other.seed) != (self.resamples, self.seed):
            raise ValueError("bootstrap states drawn with different resamples or seeds do not merge")
        self.flush()
        other.flush()
        self._slots(other.columns)
        for key, slot in other.columns.items():
            mine = self.columns[key]
            self.sums[:, 4 * mine : 4 * mine + 4] += other.sums[:, 4 * slot : 4 * slot + 4]
        self._raw_slots(other.raw)
        if other.raw:
            self.raw_sums[:, [self.raw[name] for name in other.raw]] += other.raw_sums[:, list(other.raw.values())]
        for key, figure in other.derived.items():
            self.derived.setdefault(key, figure)

    def f1_samples(self, keys: list[str]) -> np.ndarray:
        """F1 of each key in each resample, (resamples, keys); a key never seen scores 0."""
        self.flush()
        out = np.zeros((self.resamples, len(keys)))
        for k, key in enumerate(keys):
            sums = np.zeros((self.resamples, 4))
            slot = self.columns.get(key)
            if slot is not None:
                sums += self.sums[:, 4 * slot : 4 * slot + 4]
            figure = self.derived.get(key)
            if figure is not None:
                names, coefficients = figure
                sums += self.raw_sums[:, [self.raw[name] for name in names]] @ coefficients
            out[:, k] = f1_of(sums)
        return out

    def __getstate__(self) -> dict[str, object]:
        self.flush()
        return self.__dict__.copy()
