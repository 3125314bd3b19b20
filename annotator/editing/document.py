"""Edits of the document as a whole and of clusters' links: document labels and knowledge-base ids."""

from __future__ import annotations

from annotator.editing.coref import entity_of
from annotator.editing.primitives import Refused, replace_item
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme


def toggle_doc_label(record: AnnotationRecord, scheme: Scheme, label: str) -> AnnotationRecord:
    """Give the document ``label``, or take it away if it has it.

    Under ``doc_label_choice = "one"`` a new label replaces the one the
    document had, so a record never holds two.
    """
    if label not in scheme.doc_label_by_name:
        raise Refused(f"{label!r} is not a document label of scheme {scheme.id}")
    if label in record.doc_labels:
        labels = tuple(x for x in record.doc_labels if x != label)
    elif scheme.doc_label_choice == "one":
        labels = (label,)
    else:
        order = [d.label for d in scheme.doc_labels]
        labels = tuple(sorted({*record.doc_labels, label}, key=order.index))
    return record.model_copy(update={"doc_labels": labels})


def set_kb(record: AnnotationRecord, mention_id: str, kb: str | None, name: str | None = None) -> AnnotationRecord:
    """Link the cluster of ``mention_id`` to the knowledge-base entry ``kb`` (None: unlink).

    A mention in no cluster cannot carry a link: links are properties of
    entities, so cluster it first (a cluster of one is fine). ``name`` fills
    the cluster's name when it has none.
    """
    entity = entity_of(record, mention_id)
    if entity is None:
        raise Refused(f"{mention_id} is in no cluster; put it in one (c) before linking it")
    update: dict[str, str | None] = {"kb": kb}
    if kb is not None and entity.name is None and name:
        update["name"] = name
    new = entity.model_copy(update=update)
    return record.model_copy(update={"entities": replace_item(record.entities, entity.id, new)})
