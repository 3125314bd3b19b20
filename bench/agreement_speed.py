"""Speed of the agreement report and of unitizing alpha on generated data (fixed seed).

Setup: N documents of ~3,000 characters of generated words; every annotator
marks 50 mentions per document, starting from one shared reference set and
then shifting boundaries, changing labels, dropping and adding spans at
realistic rates, so the matching and every measure have work to do.

- ``report_s``: the full report (selection and every layer's measures, token
  level included, documents split across the machine's cores) for 5
  annotators x 1,000 documents x 50 spans; the one-off library start-up
  (scikit-learn import, spaCy tokenizer) is printed apart. The generated
  annotations are mentions only, so the other layers cost little here;
- ``ualpha_s``: unitizing alpha alone on 5 x 200 x 50 (DKPro Agreement's
  implementation takes about 300 s on data of this size; the goal is 100x less).

Run: ``PYTHONPATH=. python bench/agreement_speed.py``. The last line is JSON.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.agreement.collect import select
from annotator.agreement.compute import compute
from annotator.agreement.unitizing import Continuum
from annotator.model import AnnotationRecord, Mention, sha256_text
from annotator.tokens import tokenize

LABELS = ("PER", "ORG", "GPE", "LOC", "FAC", "WEA", "VEH", "TIME", "DOC")
WORDS = [
    "the",
    "rebels",
    "said",
    "army",
    "fighters",
    "city",
    "monitor",
    "killed",
    "airstrike",
    "town",
    "group",
    "talks",
    "deal",
    "were",
    "on",
    "Saturday",
]
ANNOTATORS = ("ann1", "ann2", "ann3", "ann4", "ann5")


def make_text(rng: random.Random, chars: int = 3000) -> str:
    words: list[str] = []
    size = 0
    while size < chars:
        w = rng.choice(WORDS) if rng.random() < 0.7 else rng.choice(WORDS).capitalize()
        words.append(w + ("." if rng.random() < 0.06 else ""))
        size += len(w) + 1
    return " ".join(words)


def word_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for w in text.split(" "):
        spans.append((start, start + len(w.rstrip("."))))
        start += len(w) + 1
    return spans


def reference(rng: random.Random, words: list[tuple[int, int]], n: int) -> list[tuple[int, int, str]]:
    """``n`` non-overlapping spans of 1-3 words."""
    slots = sorted(rng.sample(range(0, len(words) - 3, 3), n))
    return [(words[i][0], words[i + rng.randint(0, 2)][1], rng.choice(LABELS)) for i in slots]


def perturb(
    rng: random.Random, words: list[tuple[int, int]], ref: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    out = []
    for s, e, label in ref:
        r = rng.random()
        if r < 0.05:
            continue
        if r < 0.12:
            e = min(e + rng.randint(1, 6), words[-1][1])
        if rng.random() < 0.08:
            label = rng.choice(LABELS)
        out.append((s, e, label))
    while len(out) < len(ref):
        i = rng.randrange(len(words))
        out.append((words[i][0], words[i][1], rng.choice(LABELS)))
    return out


def corpus(docs: int, spans: int, seed: int = 13) -> tuple[dict[str, dict[str, AnnotationRecord]], dict[str, str]]:
    rng = random.Random(seed)
    texts: dict[str, str] = {}
    by_annotator: dict[str, dict[str, AnnotationRecord]] = {a: {} for a in ANNOTATORS}
    for d in range(docs):
        doc = f"doc{d:05d}"
        text = make_text(rng)
        texts[doc] = text
        words = word_spans(text)
        ref = reference(rng, words, spans)
        digest = sha256_text(text)
        for a in ANNOTATORS:
            mentions = tuple(
                Mention.model_construct(id=f"m{i}", start=s, end=e, text=text[s:e], label=lab, attrs={"level": "NAM"})
                for i, (s, e, lab) in enumerate(perturb(rng, words, ref))
            )
            by_annotator[a][doc] = AnnotationRecord.model_construct(
                doc=doc, doc_sha256=digest, annotator=a, scheme="bench@1", status="done", mentions=mentions,
                zones=(), entities=(), events=(), hoppers=(), attributions=(), notes=(), meta={}, format="annotator/1",
            )  # fmt: skip
    return by_annotator, texts


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    by_annotator, texts = corpus(1000, 50)
    start = time.perf_counter()
    import sklearn.metrics  # noqa: F401

    tokenize("Loads the tokenizer once.")
    print(f"one-off start-up (scikit-learn import, spaCy tokenizer): {time.perf_counter() - start:.2f} s, not counted")
    start, cpu = time.perf_counter(), _cpu()
    report = compute(select(by_annotator, texts), ("zones", "mentions", "events", "attributions", "coref"))
    report_s = time.perf_counter() - start
    cpu = _cpu() - cpu
    mentions = report.span_layer("mentions")
    assert mentions is not None
    print(
        f"report: 5 annotators x 1,000 documents x 50 spans: {report_s:.2f} s ({cpu:.2f} s of CPU over all processes)"
    )
    print(f"  load average while running: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"  mentions F1 exact {mentions.measures[0].summary.mean:.3f}, u-alpha {mentions.ualpha:.3f}")

    small, small_texts = corpus(200, 50, seed=7)
    start = time.perf_counter()
    continuum = Continuum(len(ANNOTATORS))
    for doc, text in small_texts.items():
        continuum.add_document(
            len(text), [[(m.start, m.end, m.label) for m in small[a][doc].mentions] for a in ANNOTATORS]
        )
    result = continuum.alpha()
    ualpha_s = time.perf_counter() - start
    print(f"u-alpha: 5 annotators x 200 documents x 50 spans: {ualpha_s:.3f} s (alpha {result.alpha:.3f})")
    print(f"  vs about 300 s for DKPro Agreement on this size: {300 / ualpha_s:.0f}x")
    print(json.dumps({"report_s": round(report_s, 3), "ualpha_s": round(ualpha_s, 4)}))


if __name__ == "__main__":
    main()
