"""Coded columns (NumPy) count exactly what the row-by-row general path counts, down to the report."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path

import numpy as np
import pytest

from annotator.agreement import attributes, tokens
from annotator.agreement.attributes import FIELDS, AttributeAgreement, unit_rows
from annotator.agreement.coded import add_coded
from annotator.agreement.coefficients import Coincidences, FleissState, PairTable, add_rows
from annotator.cli import main
from annotator.model import AnnotationRecord, Mention, sha256_text
from annotator.store import write_records
from tests.agreement.test_fast_lane import ROOT

ANNOTATORS = ["a", "b", "c", "d", "e"]
LABELS = ["PER", "ORG", "GPE", "LOC"]


def general_path(
    matrix: np.ndarray,
    names: Sequence[Hashable | None],
    annotators: Sequence[str],
    alpha: Coincidences,
    pairs: dict[tuple[str, str], PairTable],
    fleiss: FleissState | None = None,
) -> None:
    """``add_coded`` as the rows it stands for, one Python step per unit (no NumPy counting)."""
    rows = Counter(tuple(names[int(c)] for c in column) for column in matrix.T)
    add_rows(rows, annotators, alpha, pairs, fleiss)


def test_coded_columns_count_what_rows_count() -> None:
    rng = np.random.default_rng(5)
    names = [None, "O", "PER", "ORG", "GPE"]
    matrix = rng.integers(0, len(names), size=(len(ANNOTATORS), 3000))
    matrix[:, :400] = rng.integers(1, 3, size=(len(ANNOTATORS), 400))
    fast = (Coincidences(), {}, FleissState(len(ANNOTATORS)))
    slow = (Coincidences(), {}, FleissState(len(ANNOTATORS)))
    add_coded(matrix, names, ANNOTATORS, *fast)
    general_path(matrix, names, ANNOTATORS, *slow)
    assert fast[0].sums == slow[0].sums and fast[0].units == slow[0].units > 0
    assert fast[0].alpha() == slow[0].alpha() is not None
    assert {k: t.counts for k, t in fast[1].items()} == {k: t.counts for k, t in slow[1].items()}
    assert len(fast[1]) == 10
    assert fast[2] == slow[2] and fast[2].units >= 400
    assert fast[2].kappa() == slow[2].kappa() is not None


def test_alpha_does_not_depend_on_the_order_units_arrive_in() -> None:
    rng = random.Random(3)
    units = [[rng.choice(["x", "y", "z", None]) for _ in range(4)] for _ in range(500)]
    forward, backward = Coincidences(), Coincidences()
    for unit in units:
        forward.add_unit(unit)
    for unit in reversed(units):
        backward.add_unit(unit)
    assert forward.alpha() == backward.alpha() is not None


def _records(
    docs: int, seed: int = 11, unset: bool = True
) -> tuple[dict[str, dict[str, AnnotationRecord]], dict[str, str]]:
    """Mentions of random words: shared extents, repeated extents, shifted ones, varied levels (some unset)."""
    rng = random.Random(seed)
    words = ["rebels", "army", "said", "town", "Aleppo", "the", "monitor"]
    texts: dict[str, str] = {}
    out: dict[str, dict[str, AnnotationRecord]] = {a: {} for a in ANNOTATORS}
    for d in range(docs):
        text = " ".join(rng.choice(words) for _ in range(80))
        doc = f"d{d:03d}"
        texts[doc] = text
        starts = [i for i, ch in enumerate(text) if ch != " " and (i == 0 or text[i - 1] == " ")]
        shared = sorted(rng.sample(starts, 12))
        for a in ANNOTATORS:
            if rng.random() < 0.2:
                continue
            picks = [s for s in shared if rng.random() < 0.8] + rng.sample(starts, 3)
            picks += picks[:1]
            mentions = []
            for j, s in enumerate(picks):
                end = text.find(" ", s)
                end = len(text) if end < 0 else end
                if rng.random() < 0.1:
                    end = min(len(text), end + 3)
                level = rng.choice(["NAM", "NOM", "PRO", None] if unset else ["NAM", "NOM", "PRO"])
                mentions.append(
                    Mention(
                        id=f"m{j}",
                        start=s,
                        end=end,
                        text=text[s:end],
                        label=rng.choice(LABELS),
                        attrs={} if level is None else {"level": level},
                    )
                )
            out[a][doc] = AnnotationRecord(
                doc=doc,
                doc_sha256=sha256_text(text),
                annotator=a,
                scheme="conflict-news/1",
                status="done",
                mentions=tuple(mentions),
            )
    return out, texts


def test_held_units_are_the_first_of_each_extent_as_dicts_give_them() -> None:
    by_annotator, texts = _records(30)
    fast = AttributeAgreement("mentions", ANNOTATORS)
    slow: dict[str, tuple[Coincidences, dict[tuple[str, str], PairTable]]] = {}
    for doc in texts:
        records = {a: by_annotator[a][doc] for a in ANNOTATORS if doc in by_annotator[a]}
        fast.add(records)
        units: dict[str, dict[tuple[int, int], tuple[str, ...]]] = {}
        for a, rec in records.items():
            for start, end, values in unit_rows(rec, "mentions"):
                units.setdefault(a, {}).setdefault((start, end), values)
        keys = {k for u in units.values() for k in u}
        for f, name in enumerate(FIELDS["mentions"]):
            rows = Counter(tuple(units[a][k][f] if k in units.get(a, {}) else None for a in ANNOTATORS) for k in keys)
            alpha, pairs = slow.setdefault(name, (Coincidences(), {}))
            add_rows(rows, ANNOTATORS, alpha, pairs)
    fast.flush()
    assert set(fast.alpha) == set(slow) == {"label", "level"}
    for name, (alpha, pairs) in slow.items():
        assert fast.alpha[name].sums == alpha.sums and fast.alpha[name].units == alpha.units > 100
        assert fast.alpha[name].alpha() == alpha.alpha()
        assert {k: t.counts for k, t in fast.pairs[name].items()} == {k: t.counts for k, t in pairs.items()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """60 generated documents, five annotators, mentions with levels."""
    (tmp_path / "guidelines").mkdir()
    (tmp_path / "guidelines" / "schema.toml").write_bytes((ROOT / "guidelines" / "schema.toml").read_bytes())
    (tmp_path / "pyproject.toml").write_text(
        '[tool.annotator]\ncorpus = "corpus"\nscheme = "guidelines/schema.toml"\ngold = "gold"\n', encoding="utf-8"
    )
    by_annotator, texts = _records(60, unset=False)
    (tmp_path / "corpus").mkdir()
    for doc, text in texts.items():
        (tmp_path / "corpus" / f"{doc}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "gold").mkdir()
    for name, recs in by_annotator.items():
        write_records(tmp_path / "gold" / f"{name}.jsonl", list(recs.values()))
    return tmp_path


def test_the_full_report_is_that_of_the_general_path(project: Path, capsys, monkeypatch) -> None:
    assert main(["--project", str(project), "agreement", "--format", "json"]) == 0
    fast = json.loads(capsys.readouterr().out)
    monkeypatch.setattr(tokens, "add_coded", general_path)
    monkeypatch.setattr(attributes, "add_coded", general_path)
    assert main(["--project", str(project), "agreement", "--format", "json"]) == 0
    slow = json.loads(capsys.readouterr().out)
    assert fast == slow
    names = {(c["layer"], c["name"]) for c in fast["coefficients"] if c["alpha"] is not None}
    assert {("mentions", "token labels"), ("mentions", "label on agreed units")} <= names
    assert ("mentions", "level on agreed units") in names
