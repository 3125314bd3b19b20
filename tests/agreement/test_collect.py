"""Who and what is compared, and what the report says was left out."""

from __future__ import annotations

import pytest

from annotator.agreement.collect import AgreementError, select
from tests.agreement.builders import record

TEXTS = {"d1": "Rebels took Aleppo.", "d2": "Jets struck Idlib.", "d3": "Talks failed."}


def rec(doc: str, name: str, status: str = "done", text: str | None = None):
    return record(doc, text or TEXTS[doc], name, status=status, mentions=[("m1", TEXTS[doc].split()[0], "PER")])


def test_every_reason_to_leave_a_record_out_is_reported() -> None:
    by_annotator = {
        "ann": {"d1": rec("d1", "ann"), "d2": rec("d2", "ann"), "d3": rec("d3", "ann")},
        "ben": {
            "d1": rec("d1", "ben"),
            "d2": rec("d2", "ben", text="Jets struck Idlib again."),
            "d3": rec("d3", "ben", status="skipped"),
        },
        "gold": {"d1": rec("d1", "gold")},
    }
    texts = {**TEXTS, "d2": "Jets struck Idlib."}
    chosen = select(by_annotator, texts)
    assert chosen.annotators == ["ann", "ben"]
    assert list(chosen.docs) == ["d1"]
    assert set(chosen.left_out) == {
        "gold: adjudicated gold, not an annotator (name it in --annotators to include it)",
        "ben: 1 document(s) annotated on a different version of the text",
        "ben: 1 document(s) skipped",
        "d2: annotated by ann only",
        "d3: annotated by ann only",
    }
    with_gold = select(by_annotator, texts, annotators=["ann", "gold"])
    assert with_gold.annotators == ["ann", "gold"] and list(with_gold.docs) == ["d1"]


def test_work_in_progress_counts_only_when_asked() -> None:
    by_annotator = {"ann": {"d1": rec("d1", "ann")}, "ben": {"d1": rec("d1", "ben", status="in_progress")}}
    with pytest.raises(AgreementError, match="ben has no documents marked done"):
        select(by_annotator, TEXTS, annotators=["ann", "ben"])
    with pytest.raises(
        AgreementError,
        match=r"no document was annotated by two or more annotators and marked done \(try --include-in-progress\)",
    ):
        select(by_annotator, TEXTS)
    assert list(select(by_annotator, TEXTS, include_in_progress=True).docs) == ["d1"]


def test_pairs_complete_documents_and_shared_documents() -> None:
    by_annotator = {
        "a": {"d1": rec("d1", "a"), "d2": rec("d2", "a")},
        "b": {"d1": rec("d1", "b"), "d2": rec("d2", "b")},
        "c": {"d1": rec("d1", "c"), "d3": rec("d3", "c")},
    }
    chosen = select(by_annotator, TEXTS)
    assert chosen.pairs() == [("a", "b"), ("a", "c"), ("b", "c")]
    assert chosen.shared("a", "c") == ["d1"] and chosen.shared("a", "b") == ["d1", "d2"]
    assert chosen.complete() == ["d1"]
    assert "d3: annotated by c only" in chosen.left_out
