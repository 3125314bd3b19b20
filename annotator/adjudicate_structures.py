"""Adjudication of relations and document labels, by the rules of :mod:`annotator.adjudicate`.

The gold takes the preferred annotator's relations whose two arguments made
it into the gold (references carried over through anchors, like event
arguments), ``agreed`` when every annotator has the same relation between the
same spans, else ``preferred``; and the preferred annotator's document labels,
``agreed`` when everyone gave the same. Provenance goes under the relation's
gold id and under ``doc_labels``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from annotator.model import AnnotationRecord

Remap = Callable[[str, str | None], str | None]
"""(annotator, their id) → the gold id of the same item, or None when it is not in the gold."""


def adjudicate_structures(
    records: Mapping[str, AnnotationRecord], prefer: str, remap: Remap
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The gold's ``relations`` and ``doc_labels``, and their provenance."""
    keyed: dict[str, dict[tuple[str | None, ...], Any]] = {}
    for name, record in records.items():
        keyed[name] = {}
        for rel in record.relations:
            refs = tuple(remap(name, a.ref) for a in rel.args)
            keyed[name].setdefault((rel.type, *refs), rel)
    relations: list[dict[str, Any]] = []
    provenance: dict[str, Any] = {}
    for key, rel in keyed.get(prefer, {}).items():
        if any(r is None for r in key[1:]):
            continue
        ident = f"r{len(relations) + 1}"
        args = [{"role": a.role, "ref": r} for a, r in zip(rel.args, key[1:], strict=True)]
        relations.append({"id": ident, "type": rel.type, "args": args})
        by = sorted(n for n, rels in keyed.items() if key in rels)
        provenance[ident] = {"rule": "agreed" if len(by) == len(records) else "preferred", "by": by}
    out: dict[str, Any] = {"relations": relations}
    preferred = records.get(prefer)
    if preferred is not None and preferred.doc_labels:
        out["doc_labels"] = list(preferred.doc_labels)
        by = sorted(n for n, r in records.items() if set(r.doc_labels) == set(preferred.doc_labels))
        provenance["doc_labels"] = {"rule": "agreed" if len(by) == len(records) else "preferred", "by": by}
    return out, provenance
