"""The trained baseline: a small spaCy NER pipeline trained from the gold, scored leave one document out.

For each gold document, a blank English pipeline with one ``ner`` component
(spaCy's default CPU model: hash embeddings and a 4-layer CNN, width 96) is
trained on the mentions of all the *other* gold documents, then predicts the
held-out one, so no document is ever scored by a model that saw it. Training
text is cut into paragraphs, and paragraphs touching a zone the scheme does
not score (boilerplate, duplicates, bylines) are left out, since they are
unannotated by design and would teach the model that names there are no
names. Nested mentions cannot be learnt by a flat tagger: the longest of
overlapping mentions is kept. Mentions only (``meta.layers``), no attributes.

The version folds in the settings and a digest of the whole gold, so editing
any gold document retrains every fold (each fold trains on it) on the next run.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator, Sequence
from typing import Any

from annotator.benchmark.extractor import Context, Outcome, outcome, source_digest
from annotator.corpus import Document
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme
from annotator.store import dumps_record
from annotator.tokens import paragraph_starts

ITERATIONS = 15
SEED = 0
BATCH = 8
DROPOUT = 0.2


def training_examples(nlp: Any, records: Sequence[AnnotationRecord], texts: dict[str, str], scheme: Scheme) -> list:
    """One spaCy ``Example`` per scored paragraph of ``records``, its gold mentions flattened to the longest."""
    from spacy.training import Example
    from spacy.util import filter_spans

    examples = []
    for rec in records:
        text = texts[rec.doc]
        masked = [
            (z.start, z.end)
            for z in rec.zones
            if z.label in scheme.zone_by_label and not scheme.zone_by_label[z.label].scored
        ]
        starts = paragraph_starts(text)
        for k, start in enumerate(starts):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            if any(a < end and start < b for a, b in masked) or k >= len(starts):
                continue
            doc = nlp.make_doc(text[start:end])
            spans = [
                doc.char_span(m.start - start, m.end - start, label=m.label, alignment_mode="expand")
                for m in rec.mentions
                if start <= m.start and m.end <= end
            ]
            reference = doc.copy()
            reference.ents = filter_spans([s for s in spans if s is not None])
            examples.append(Example(nlp.make_doc(doc.text), reference))
    return examples


def train(
    records: Sequence[AnnotationRecord],
    texts: dict[str, str],
    scheme: Scheme,
    iterations: int = ITERATIONS,
    seed: int = SEED,
) -> Any:
    """A blank English pipeline with an NER component trained on ``records`` (CPU, fixed seed)."""
    import spacy
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    ner: Any = nlp.add_pipe("ner")
    for label in sorted(scheme.entity_by_label):
        ner.add_label(label)
    examples = training_examples(nlp, records, texts, scheme)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(iterations):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=BATCH):
            nlp.update(batch, drop=DROPOUT, sgd=optimizer)
    return nlp


def predict(nlp: Any, doc: Document) -> dict[str, Any]:
    parsed = nlp(doc.text)
    mentions = [
        {"start": e.start_char, "end": e.end_char, "text": e.text, "id": f"m{n}", "label": e.label_}
        for n, e in enumerate(parsed.ents, 1)
    ]
    return {"mentions": mentions, "meta": {"layers": ["mentions"]}}


class TrainedExtractor:
    cacheable = True

    def __init__(self, name: str, ctx: Context, iterations: int | None = None) -> None:
        self.name, self.ctx = name, ctx
        self.iterations = iterations or ITERATIONS
        gold = hashlib.sha256(
            "\n".join(dumps_record(r) for r in sorted(ctx.gold, key=lambda r: r.doc)).encode("utf-8")
        ).hexdigest()[:16]
        self.version = (
            f"trained/1 iterations={self.iterations} seed={SEED} batch={BATCH} dropout={DROPOUT} "
            f"gold={gold} {source_digest(training_examples, train, predict)}"
        )

    def run(self, docs: Sequence[Document]) -> Iterator[Outcome]:
        texts = {d.id: d.text for d in self.ctx.documents}
        for doc in docs:
            others = [r for r in self.ctx.gold if r.doc != doc.id]

            def fold(d: Document = doc, rest: list[AnnotationRecord] = others) -> dict[str, Any]:
                return predict(train(rest, texts, self.ctx.scheme, self.iterations), d)

            yield outcome(doc, fold, self.name, self.ctx.scheme.id)
