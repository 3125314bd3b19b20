"""Confidence intervals in one pass and constant memory: the Poisson bootstrap.

The percentile bootstrap of :mod:`annotator.evaluate.bootstrap` resamples
documents after the fact, so it keeps every document's counts: memory grows
with the corpus. The Poisson bootstrap (Hanley and MacGibbon 2006, "Creating
non-parametric bootstrap samples using Poisson frequencies", Computer Methods
and Programs in Biomedicine 83; Chamandy, Muralidharan, Najmi and Naik 2012,
"Estimating uncertainty for massive data streams", Google) draws instead,
as each document streams by, how often it occurs in each of the B resamples:
a Poisson(1) count, the limit of the multinomial count of an ordinary
resample as the corpus grows. Only the B weighted sums of each figure's
(p_num, p_den, r_num, r_den) are kept, so memory is B × figures, whatever
the corpus; F1 of each resample is computed from its sums, exactly as the
point estimate is. Resamples differ slightly in size (their sizes vary by
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
    pairs = (resamples + 1) // 2
    z = np.multiply(np.arange(1, pairs + 1, dtype=np.uint64), _GOLDEN)[None, :] + keys.astype(np.uint64)[:, None]
    shifted = np.empty_like(z)
    for shift, mix in ((30, _MIX1), (27, _MIX2), (31, None)):
        np.right_shift(z, np.uint64(shift), out=shifted)
        np.bitwise_xor(z, shifted, out=z)
        if mix is not None:
            np.multiply(z, mix, out=z)
    halves = z.view(np.uint32)  # each hash's (low, high) halves, not copied: resamples 2j + 1 and 2j
    drawn: np.ndarray = _CODES[halves >> np.uint32(16)]
    unsettled = drawn == UNSETTLED
    if unsettled.any():
        drawn[unsettled] = np.searchsorted(_THRESHOLDS, halves[unsettled], side="right")
    weights = np.empty((len(keys), 2 * pairs), dtype=np.uint8)
    weights[:, 0::2] = drawn[:, 1::2]
    weights[:, 1::2] = drawn[:, 0::2]
    return weights[:, :resamples]


class PoissonBootstrap:
    """B weighted sums of every figure's counts, documents weighted as they stream by; a mergeable state."""

    def __init__(self, resamples: int, seed: int = 0) -> None:
        self.resamples = resamples
        self.seed = seed
        self.columns: dict[str, int] = {}
        """Figure key -> its slot; the slot's four columns of :attr:`sums` hold (p_num, p_den, r_num, r_den)."""
        self.sums = np.zeros((resamples, 0))
        self._keys: list[int] = []
        self._rows: dict[str, tuple[array[int], array[float]]] = {}
        self.block = max(1, BLOCK_CELLS // max(resamples, 1))

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

    def add_block(self, docs: list[str], values: Iterable[tuple[str, np.ndarray, np.ndarray]]) -> None:
        """Documents ``docs`` at once: for each key, the positions in ``docs`` that have it and their (n, 4) counts."""
        base = len(self._keys)
        self._keys += [doc_key(self.seed, d) for d in docs]
        for key, rows, quads in values:
            got = self._rows.get(key)
            if got is None:
                got = self._rows[key] = (array("q"), array("d"))
            got[0].extend((rows + base).tolist())
            got[1].frombytes(np.ascontiguousarray(quads, dtype=np.float64).tobytes())
        if len(self._keys) >= self.block:
            self.flush()

    def _slots(self, keys: Iterable[str]) -> None:
        new = [k for k in keys if k not in self.columns]
        if new:
            for k in new:
                self.columns[k] = len(self.columns)
            self.sums = np.concatenate([self.sums, np.zeros((self.resamples, 4 * len(new)))], axis=1)

    def flush(self) -> None:
        """Weight the documents waiting and add them to the sums (one matrix product)."""
        if not self._keys:
            return
        keys = sorted(self._rows)
        self._slots(keys)
        n = len(self._keys)
        counts = np.zeros((n, 4 * len(keys)))
        for k, key in enumerate(keys):
            idx, vals = self._rows[key]
            counts[np.frombuffer(idx, dtype=np.int64), 4 * k : 4 * k + 4] = np.frombuffer(vals).reshape(-1, 4)
        chosen, column = distinct_columns(counts)
        weights = poisson_weights(np.array(self._keys, dtype=np.uint64), self.resamples).astype(np.float64)
        with threadpool_limits(1, user_api="blas"):
            product = weights.T @ counts[:, chosen]
        target = np.concatenate([np.arange(4 * self.columns[key], 4 * self.columns[key] + 4) for key in keys])
        self.sums[:, target] += product[:, column]
        self._keys = []
        self._rows = {}

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

    def f1_samples(self, keys: list[str]) -> np.ndarray:
        """F1 of each key in each resample, (resamples, keys); a key never seen scores 0."""
        self.flush()
        out = np.zeros((self.resamples, len(keys)))
        for k, key in enumerate(keys):
            slot = self.columns.get(key)
            if slot is not None:
                out[:, k] = f1_of(self.sums[:, 4 * slot : 4 * slot + 4])
        return out

    def __getstate__(self) -> dict[str, object]:
        self.flush()
        return self.__dict__.copy()
