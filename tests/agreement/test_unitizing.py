"""u-alpha on small continua: Krippendorff's published examples and hand-worked ones."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.agreement.unitizing import Continuum, unitizing_alpha


def _units(items: list[tuple[int, int, int, str]], raters: int) -> dict[str, list[list[tuple[int, int]]]]:
    """(offset, length, rater, category) as in DKPro's addUnit."""
    out: dict[str, list[list[tuple[int, int]]]] = {}
    for offset, length, rater, cat in items:
        out.setdefault(cat, [[] for _ in range(raters)])[rater].append((offset, offset + length))
    return out


def test_krippendorff_2004_example() -> None:
    """Krippendorff (2004, p. 254): continuum 150..450, categories c and k.

    Published: D_o(c) = 0.0144, D_e(c) = 0.0532, alpha(c) = 0.7286, alpha(k) = 1,
    overall 0.8591. The continuum starts at 150, so offsets are shifted by -150.
    """
    items = [(225, 70, 0, "c"), (370, 30, 0, "c"), (220, 80, 1, "c"), (355, 20, 1, "c"), (400, 20, 1, "c"),
             (180, 60, 0, "k"), (300, 50, 0, "k"), (180, 60, 1, "k"), (300, 50, 1, "k")]  # fmt: skip
    result = unitizing_alpha(_units([(o - 150, n, r, c) for o, n, r, c in items], 2), raters=2, length=300)
    c = result.categories["c"]
    assert c.observed == pytest.approx(0.0144, abs=0.0001)
    assert c.expected == pytest.approx(0.0532, abs=0.0001)
    assert c.alpha == pytest.approx(0.7286, abs=0.0001)
    assert result.categories["k"].observed == 0
    assert result.categories["k"].expected == pytest.approx(0.0490, abs=0.0001)
    assert result.categories["k"].alpha == pytest.approx(1.0)
    assert result.alpha == pytest.approx(0.8591, abs=0.0005)


def test_one_long_unit_against_three_short_ones_by_hand() -> None:
    """r0: -11111111-  r1: --1-1-1---  (L = 10).

    Observed: [1,9) against [2,3), [4,5), [6,7): (1-2)^2+(9-3)^2 = 37, 9+16 = 25,
    25+4 = 29; sum 91, D_o = 2*91 / (2*1*10^2) = 0.91.
    Expected: N_c = 4, lengths 8,1,1,1; gaps of r0: 1,1; of r1: 2,1,1,3.
    Unit 8: 3*(8*7*15/3) = 840, no gap >= 8. Units of 1: 0 + 1*(sum of 6 gaps = 9) each.
    D_e = 2*(840+27) / (10 * (2*10*19 - 56)) = 1734/3240 = 0.5351...; alpha = 1 - 0.91/0.5352 = -0.7003.
    """
    units = {"A": [[(1, 9)], [(2, 3), (4, 5), (6, 7)]]}
    result = unitizing_alpha(units, raters=2, length=10)
    a = result.categories["A"]
    assert a.observed == pytest.approx(0.91)
    assert a.expected == pytest.approx(1734 / 3240)
    assert a.alpha == pytest.approx(1 - 0.91 / (1734 / 3240))


def test_krippendorff_1995_observed_disagreements() -> None:
    """Krippendorff (1995, p. 57), four two-rater examples on 24 positions (observed D_o)."""
    items = [(2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
             (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"), (5, 1, 1, "B"),
             (6, 3, 1, "B"), (9, 1, 1, "B"),
             (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"), (0, 2, 1, "C"), (4, 4, 1, "C"),
             (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
             (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"), (0, 4, 1, "D"),
             (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D")]  # fmt: skip
    result = unitizing_alpha(_units(items, 2), raters=2, length=24)
    observed = {k: v.observed for k, v in result.categories.items()}
    assert observed == pytest.approx({"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}, abs=0.00001)


def test_identical_unitizations_agree_perfectly_and_a_lone_unit_scores_zero() -> None:
    same = unitizing_alpha({"X": [[(2, 5), (8, 9)], [(2, 5), (8, 9)], [(2, 5), (8, 9)]]}, raters=3, length=20)
    assert same.alpha == pytest.approx(1.0)
    lone = unitizing_alpha({"X": [[(0, 1)], [], []]}, raters=3, length=20)
    assert lone.alpha == 0.0
    assert unitizing_alpha({}, raters=3, length=20).alpha is None


def test_overlapping_units_of_one_rater_count_as_their_union() -> None:
    nested = unitizing_alpha({"X": [[(2, 10), (4, 6)], [(2, 10)]]}, raters=2, length=30)
    assert nested.alpha == pytest.approx(1.0)
    assert nested.categories["X"].units == 2


def _dkpro_walk(units: dict[str, list[list[tuple[int, int]]]], raters: int, length: int) -> dict[str, float]:
    """DKPro's segment-by-segment walk, written naively, as an independent check of D_o."""
    out = {}
    for label, per_rater in units.items():
        segs = []
        for spans in per_rater:
            seq, pos = [], 0
            for s, e in sorted(spans):
                if s > pos:
                    seq.append((pos, s, False))
                seq.append((s, e, True))
                pos = e
            if pos < length:
                seq.append((pos, length, False))
            segs.append(seq)
        total = 0
        for r1 in range(raters):
            for r2 in range(r1 + 1, raters):
                for s1, e1, u1 in segs[r1]:
                    for s2, e2, u2 in segs[r2]:
                        if u1 and u2 and s1 < e2 and s2 < e1:
                            total += (s1 - s2) ** 2 + (e1 - e2) ** 2
                        elif u1 and not u2 and s2 <= s1 and e1 <= e2:
                            total += (e1 - s1) ** 2
                        elif u2 and not u1 and s1 <= s2 and e2 <= e1:
                            total += (e2 - s2) ** 2
        out[label] = 2 * total / (raters * (raters - 1) * length**2)
    return out


@pytest.mark.parametrize("seed", range(4))
def test_fast_observed_disagreement_equals_the_segment_walk(seed: int) -> None:
    rng = np.random.default_rng(seed)
    raters, length = 3, 400
    units: dict[str, list[list[tuple[int, int]]]] = {}
    for label in ("A", "B"):
        units[label] = []
        for _ in range(raters):
            cuts = np.sort(rng.choice(np.arange(1, length), size=16, replace=False)).tolist()
            spans = [(cuts[i], cuts[i + 1]) for i in range(0, 16, 2) if rng.random() < 0.7]
            units[label].append(spans)
    result = unitizing_alpha(units, raters=raters, length=length)
    walk = _dkpro_walk(units, raters, length)
    assert {k: v.observed for k, v in result.categories.items()} == pytest.approx(walk)


def test_documents_concatenate_into_one_continuum() -> None:
    one = Continuum(2)
    one.add_document(10, [[(1, 4, "X")], [(1, 3, "X")]])
    two = Continuum(2)
    two.add_document(8, [[(0, 2, "X")], [(0, 2, "X"), (5, 7, "Y")]])
    merged = one.merge(two)
    direct = unitizing_alpha({"X": [[(1, 4), (10, 12)], [(1, 3), (10, 12)]], "Y": [[], [(15, 17)]]},
                             raters=2, length=18)  # fmt: skip
    assert merged.alpha().alpha == pytest.approx(direct.alpha)
    with pytest.raises(ValueError, match="outside a document"):
        one.add_document(5, [[(3, 9, "X")], []])


def test_huge_units_stay_exact() -> None:
    """Units of millions of characters would overflow 64-bit products; the result must not change with scale."""
    small = unitizing_alpha({"X": [[(10, 60)], [(20, 60)]]}, raters=2, length=100)
    big = unitizing_alpha({"X": [[(10**6, 6 * 10**6)], [(2 * 10**6, 6 * 10**6)]]}, raters=2, length=10**7)
    assert big.categories["X"].observed == pytest.approx(small.categories["X"].observed)
    assert big.alpha == pytest.approx(small.alpha, abs=1e-3)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A rater's overlapping units joined one after another, the rule the module states."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_nested_and_chained_units_score_as_their_union_joined_by_hand(seed: int) -> None:
    rng = np.random.default_rng(seed)
    raters, length = 3, 300
    units: dict[str, list[list[tuple[int, int]]]] = {}
    for label in ("A", "B"):
        units[label] = []
        for _ in range(raters):
            starts = rng.integers(0, length - 20, size=25).tolist()
            units[label].append([(s, s + int(rng.integers(1, 20))) for s in starts])
    continuum = Continuum(raters)
    continuum.add_document(
        length, [[(s, e, label) for label in units for s, e in units[label][r]] for r in range(raters)]
    )
    joined = {label: [_merged(spans) for spans in per_rater] for label, per_rater in units.items()}
    assert any(len(j) < len(u) for label in units for j, u in zip(joined[label], units[label], strict=True))
    by_hand = unitizing_alpha(joined, raters=raters, length=length)
    assert unitizing_alpha(units, raters=raters, length=length) == by_hand
    assert continuum.alpha() == by_hand
