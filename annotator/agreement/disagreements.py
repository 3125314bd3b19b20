"""Every place where annotators disagree, grouped by kind: the input of adjudication.

In one document and layer, the spans of all annotators are linked through
:func:`annotator.matching.match_spans` (overlap, unlabelled) between every
pair of annotators; each connected group is one place in the text. A group
where every annotator of the document has exactly one span, all with the same
boundaries and label, is agreement and is dropped. Otherwise its kind is:

- ``missing``: some annotator of the document marked nothing there;
- ``boundary``: everyone marked it, with different boundaries (or more than
  one span); the versions show whether the labels differ too;
- ``label``: same boundaries, different labels.

Each :class:`Disagreement` carries the document, the extent of the group, its
text and every annotator's version, so an adjudication tool can show it and
pick one without going back to the files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Literal

from pydantic import BaseModel, ConfigDict

from annotator.matching import LabeledSpan, match_spans

Kind = Literal["missing", "boundary", "label"]
KINDS: tuple[Kind, ...] = ("missing", "boundary", "label")


class Version(BaseModel):
    """One annotator's span at a place of disagreement; ``ref`` is the annotation id in their file."""

    model_config = ConfigDict(frozen=True)
    annotator: str
    start: int
    end: int
    text: str
    label: str
    ref: str


class Disagreement(BaseModel):
    model_config = ConfigDict(frozen=True)
    layer: str
    kind: Kind
    doc: str
    start: int
    end: int
    text: str
    versions: tuple[Version, ...]
    absent: tuple[str, ...] = ()
    """Annotators of the document who marked nothing here."""


def find_disagreements(
    layer: str, doc: str, text: str, spans: Mapping[str, Sequence[LabeledSpan]]
) -> list[Disagreement]:
    """Disagreements in one document and layer; ``spans`` has every annotator of the document."""
    nodes = [(a, i) for a in spans for i in range(len(spans[a]))]
    parent = {n: n for n in nodes}

    def find(n: tuple[str, int]) -> tuple[str, int]:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in combinations(spans, 2):
        for i, j in match_spans(spans[a], spans[b], mode="overlap", labeled=False).pairs:
            parent[find((a, i))] = find((b, j))
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    out: list[Disagreement] = []
    for members in groups.values():
        versions = sorted(
            (_version(a, spans[a][i], text) for a, i in members),
            key=lambda v: (v.start, v.end, v.annotator, v.label),
        )
        present = {v.annotator for v in versions}
        absent = tuple(a for a in spans if a not in present)
        bounds = {(v.start, v.end) for v in versions}
        if absent:
            kind: Kind = "missing"
        elif len(versions) != len(present) or len(bounds) > 1:
            kind = "boundary"
        elif len({v.label for v in versions}) > 1:
            kind = "label"
        else:
            continue
        start = min(v.start for v in versions)
        end = max(v.end for v in versions)
        out.append(
            Disagreement(
                layer=layer,
                kind=kind,
                doc=doc,
                start=start,
                end=end,
                text=text[start:end],
                versions=tuple(versions),
                absent=absent,
            )
        )
    return sorted(out, key=lambda d: (d.doc, d.start, d.end, d.layer))


def _version(annotator: str, span: LabeledSpan, text: str) -> Version:
    return Version(
        annotator=annotator,
        start=span.start,
        end=span.end,
        text=text[span.start : span.end],
        label=span.label,
        ref=span.ref,
    )
