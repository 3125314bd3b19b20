"""Token-level labels and the coefficients over them, checked against the reference libraries."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from annotator.agreement.tokens import TokenAgreement, token_labels
from annotator.matching import LabeledSpan
from annotator.tokens import tokenize

TEXT_1 = "Syrian rebels overran the Aleppo headquarters of ISIL on Wednesday."
TEXT_2 = "Russian jets struck Idlib, the monitor said."


def test_outermost_span_labels_each_token_it_touches() -> None:
    index = tokenize(TEXT_1)
    aleppo = TEXT_1.index("Aleppo")
    spans = [
        LabeledSpan(TEXT_1.index("the Aleppo"), TEXT_1.index(" of ISIL"), "FAC"),
        LabeledSpan(aleppo, aleppo + 6, "GPE"),
        LabeledSpan(TEXT_1.index("rebels") + 2, TEXT_1.index("rebels") + 4, "PER"),
    ]
    labels = token_labels(index, spans)
    words = [TEXT_1[s:e] for s, e in zip(index.starts, index.ends, strict=True)]
    assert dict(zip(words, labels, strict=True)) == {
        "Syrian": "O", "rebels": "PER", "overran": "O", "the": "FAC", "Aleppo": "FAC", "headquarters": "FAC",
        "of": "O", "ISIL": "O", "on": "O", "Wednesday": "O", ".": "O",
    }  # fmt: skip


def _spans(text: str, marks: list[tuple[str, str]]) -> list[LabeledSpan]:
    return [LabeledSpan(text.index(w), text.index(w) + len(w), label) for w, label in marks]


def test_alpha_fleiss_and_kappa_equal_the_reference_libraries() -> None:
    """a, b, c annotate document 1; c did not annotate document 2, so c is missing there, not 'O'."""
    doc1 = {
        "a": _spans(TEXT_1, [("Syrian rebels", "PER"), ("Aleppo", "GPE"), ("ISIL", "ORG"), ("Wednesday", "TIME")]),
        "b": _spans(TEXT_1, [("rebels", "PER"), ("Aleppo headquarters", "FAC"), ("ISIL", "ORG")]),
        "c": _spans(TEXT_1, [("Syrian rebels", "PER"), ("Aleppo", "GPE"), ("ISIL", "PER")]),
    }
    doc2 = {
        "a": _spans(TEXT_2, [("Russian", "GPE"), ("jets", "WEA"), ("Idlib", "GPE")]),
        "b": _spans(TEXT_2, [("Russian jets", "WEA"), ("Idlib", "GPE"), ("the monitor", "PER")]),
    }
    agreement = TokenAgreement(["a", "b", "c"])
    agreement.update(TEXT_1, doc1)
    agreement.update(TEXT_2, doc2)

    rows1 = {a: token_labels(tokenize(TEXT_1), s) for a, s in doc1.items()}
    rows2 = {a: token_labels(tokenize(TEXT_2), s) for a, s in doc2.items()}
    n2 = len(tokenize(TEXT_2))
    data = [rows1[a] + rows2.get(a, [None] * n2) for a in "abc"]
    codes = {v: i for i, v in enumerate(sorted({v for row in data for v in row if v is not None}))}
    matrix = np.array([[np.nan if v is None else codes[v] for v in row] for row in data])
    assert agreement.alpha.alpha() == pytest.approx(krippendorff.alpha(matrix, level_of_measurement="nominal"))

    complete = np.array([[codes[v] for v in rows1[a]] for a in "abc"]).T
    assert agreement.fleiss.kappa() == pytest.approx(fleiss_kappa(aggregate_raters(complete)[0]))
    assert agreement.fleiss.units == len(tokenize(TEXT_1))

    ab = cohen_kappa_score(rows1["a"] + rows2["a"], rows1["b"] + rows2["b"])
    assert agreement.pairs[("a", "b")].kappa() == pytest.approx(ab)
    ac = cohen_kappa_score(rows1["a"], rows1["c"])
    assert agreement.pairs[("a", "c")].kappa() == pytest.approx(ac)
    assert agreement.tokens == len(tokenize(TEXT_1)) + n2


def test_a_document_nobody_marked_counts_as_agreement_on_o() -> None:
    agreement = TokenAgreement(["a", "b"])
    agreement.update(TEXT_2, {"a": [], "b": []})
    agreement.update(TEXT_1, {"a": _spans(TEXT_1, [("ISIL", "ORG")]), "b": _spans(TEXT_1, [("ISIL", "PER")])})
    table = agreement.pairs[("a", "b")]
    assert table.counts[("O", "O")] == len(tokenize(TEXT_2)) + len(tokenize(TEXT_1)) - 1
    assert table.counts[("ORG", "PER")] == 1
