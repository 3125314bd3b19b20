"""Counting in several processes gives exactly the one-pass report."""

from __future__ import annotations

import random

from annotator.agreement import accumulate
from annotator.agreement.collect import select
from annotator.agreement.compute import compute
from annotator.model import AnnotationRecord, Entity, Mention, sha256_text

LABELS = ("PER", "ORG", "GPE")


def generated_corpus(docs: int) -> tuple[dict[str, dict[str, AnnotationRecord]], dict[str, str]]:
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
            labels = [rng.choice(LABELS) for _ in picks]
            labels[1] = labels[0]  # m0 and m1 form a cluster, which holds one entity label
            mentions = tuple(
                Mention(id=f"m{j}", start=s, end=text.index(" ", s) if " " in text[s:] else len(text),
                        text=text[s : text.index(" ", s) if " " in text[s:] else len(text)], label=labels[j],
                        attrs={"level": "NAM"})
                for j, s in enumerate(picks)
            )  # fmt: skip
            out[name][doc] = AnnotationRecord(
                doc=doc, doc_sha256=sha256_text(text), annotator=name, scheme="conflict-news/1", status="done",
                mentions=mentions, entities=(Entity(id="e1", mentions=("m0", "m1")),),
            )  # fmt: skip
    return out, texts


def test_parallel_counts_equal_one_pass(monkeypatch) -> None:
    by_annotator, texts = generated_corpus(40)
    selection = select(by_annotator, texts)
    monkeypatch.setattr(accumulate, "MIN_DOCS_PER_PROCESS", 10)
    one = compute(selection, disagreements=True, jobs=1)
    split = compute(selection, disagreements=True, jobs=3)
    assert split.model_dump() == one.model_dump()
    assert one.span_layer("mentions").ualpha_docs < 40


def test_zones_are_compared_by_coverage_not_by_segmentation() -> None:
    text = "Connect with us\n\nHi, what are you looking for?\n\nStory text."
    first, second = text.index("Hi, what"), text.index("Story")
    head_end = text.index("?") + 1

    def zone(ident: str, start: int, end: int, label: str) -> dict:
        return {"id": ident, "start": start, "end": end, "text": text[start:end], "label": label}

    def rec(name: str, zones: list[dict]) -> AnnotationRecord:
        return AnnotationRecord.model_validate(
            {"doc": "d1", "doc_sha256": sha256_text(text), "annotator": name, "scheme": "t@1",
             "status": "done", "zones": zones}
        )  # fmt: skip

    block = rec("a", [zone("z1", 0, head_end, "BOILERPLATE"), zone("z2", second, len(text), "BODY")])
    lines = rec("b", [zone("z1", 0, 15, "BOILERPLATE"), zone("z2", first, head_end, "BOILERPLATE"),
                      zone("z3", second, len(text), "BODY")])  # fmt: skip
    report = compute(select({"a": {"d1": block}, "b": {"d1": lines}}, {"d1": text}), disagreements=True, jobs=1)
    assert _exact_f1(report) == 1.0
    relabelled = rec("b", [zone("z1", 0, 15, "BOILERPLATE"), zone("z2", first, head_end, "BODY"),
                           zone("z3", second, len(text), "BODY")])  # fmt: skip
    report = compute(select({"a": {"d1": block}, "b": {"d1": relabelled}}, {"d1": text}), disagreements=True, jobs=1)
    assert _exact_f1(report) < 1.0


def _exact_f1(report) -> float:
    [measure] = [m for m in report.span_layer("zones").measures if m.name == "F1 exact"]
    return measure.summary.mean
