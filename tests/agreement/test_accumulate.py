"""Counting in several processes gives exactly the one-pass report."""

from __future__ import annotations

import random

from annotator.agreement import accumulate
from annotator.agreement.collect import select
from annotator.agreement.compute import compute
from annotator.model import AnnotationRecord, Entity, Mention, sha256_text

LABELS = ("PER", "ORG", "GPE")


def _corpus(docs: int) -> tuple[dict[str, dict[str, AnnotationRecord]], dict[str, str]]:
    rng = random.Random(2)
    texts = {f"d{i:03d}": " ".join(rng.choice(["rebels", "army", "said", "town", "Aleppo"]) for _ in range(60))
             for i in range(docs)}  # fmt: skip
    out: dict[str, dict[str, AnnotationRecord]] = {"a": {}, "b": {}, "c": {}}
    for doc, text in texts.items():
        starts = [i for i, ch in enumerate(text) if ch != " " and (i == 0 or text[i - 1] == " ")]
        for name in out:
            if name == "c" and rng.random() < 0.3:
                continue
            picks = sorted(rng.sample(starts, 6))
            mentions = tuple(
                Mention(id=f"m{j}", start=s, end=text.index(" ", s) if " " in text[s:] else len(text),
                        text=text[s : text.index(" ", s) if " " in text[s:] else len(text)], label=rng.choice(LABELS))
                for j, s in enumerate(picks)
            )  # fmt: skip
            out[name][doc] = AnnotationRecord(
                doc=doc, doc_sha256=sha256_text(text), annotator=name, scheme="t@1", status="done",
                mentions=mentions, entities=(Entity(id="e1", mentions=("m0", "m1")),),
            )  # fmt: skip
    return out, texts


def test_parallel_counts_equal_one_pass(monkeypatch) -> None:
    by_annotator, texts = _corpus(40)
    selection = select(by_annotator, texts)
    monkeypatch.setattr(accumulate, "MIN_DOCS_PER_PROCESS", 10)
    one = compute(selection, disagreements=True, jobs=1)
    split = compute(selection, disagreements=True, jobs=3)
    assert split.model_dump() == one.model_dump()
    assert one.span_layer("mentions").ualpha_docs < 40
