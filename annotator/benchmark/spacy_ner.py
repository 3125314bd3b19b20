"""The spaCy adapter: any installed pipeline's entities, mapped onto the scheme's labels.

The mapping is a TOML file with a ``[labels]`` table (``PERSON = "PER"``;
a label mapped to ``""`` is dropped); without one the OntoNotes labels of
spaCy's English pipelines are mapped as below. Labels neither mapped nor in
the scheme are dropped. The version is the pipeline's name and version with
the mapping, so a new model or mapping misses the cache.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from annotator.benchmark.extractor import Context, Outcome, file_digest, outcome, source_digest
from annotator.corpus import Document
from annotator.evaluate.extractors import ExtractorError

ONTONOTES = {
    "PERSON": "PER",
    "NORP": "GPE",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
    "DATE": "TIME",
    "TIME": "TIME",
    "PRODUCT": "WEA",
    "WORK_OF_ART": "DOC",
    "LAW": "DOC",
}


def read_mapping(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ExtractorError(f"{path}: cannot read the label mapping: {exc}") from None
    labels = data.get("labels")
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        raise ExtractorError(f'{path}: expected a [labels] table of strings (PERSON = "PER")')
    return dict(labels)


def entities_to_record(spacy_doc: Any, mapping: dict[str, str], labels: set[str]) -> dict[str, Any]:
    """The mentions of a processed spaCy ``Doc`` with their labels mapped; unmapped labels dropped."""
    mentions: list[dict[str, Any]] = []
    for ent in spacy_doc.ents:
        label = mapping.get(ent.label_, ent.label_)
        if label in labels:
            mentions.append(
                {
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "text": ent.text,
                    "id": f"m{len(mentions) + 1}",
                    "label": label,
                }
            )
    return {"mentions": mentions, "meta": {"layers": ["mentions"]}}


class SpacyExtractor:
    cacheable = True

    def __init__(self, name: str, pipeline: str | Any, ctx: Context, *, mapping: Path | None = None) -> None:
        import spacy

        self.name, self.scheme_id = name, ctx.scheme.id
        if isinstance(pipeline, str):
            try:
                self.nlp = spacy.load(pipeline)
            except (OSError, ValueError, ImportError) as exc:
                raise ExtractorError(f"extractor {name}: cannot load spaCy pipeline {pipeline!r}: {exc}") from None
        else:
            self.nlp = pipeline
        self.mapping = read_mapping(mapping) if mapping else ONTONOTES
        self.labels = set(ctx.scheme.entity_by_label)
        meta = self.nlp.meta
        self.version = (
            f"spacy {meta.get('lang')}_{meta.get('name')} {meta.get('version')} "
            f"{file_digest(mapping) if mapping else 'ontonotes'} {source_digest(entities_to_record)}"
        )

    def run(self, docs: Sequence[Document]) -> Iterator[Outcome]:
        for doc in docs:
            yield outcome(doc, partial(self.predict, doc), self.name, self.scheme_id)

    def predict(self, doc: Document) -> dict[str, Any]:
        return entities_to_record(self.nlp(doc.text), self.mapping, self.labels)
