"""Deleting an annotation together with every reference to it.

Removing cluster membership, event arguments, hopper membership, attribution
parts and notes along with the item (see :mod:`annotator.editing.references`)
is what keeps a record built only through the editing operations valid.
"""

from __future__ import annotations

from annotator.editing.primitives import Refused
from annotator.editing.references import without_dangling
from annotator.model import AnnotationRecord


def delete(record: AnnotationRecord, ident: str) -> AnnotationRecord:
    """Remove an annotation and every reference to it.

    A cluster left without mentions and a hopper left with fewer than two
    events go too, and so do the references to them.
    """
    kind = record.ids().get(ident)
    if kind is None:
        raise Refused(f"nothing called {ident!r} to delete")
    r = record
    update: dict[str, object] = {}
    if kind == "zone":
        update["zones"] = tuple(z for z in r.zones if z.id != ident)
    if kind == "entity":
        update["entities"] = tuple(e for e in r.entities if e.id != ident)
    if kind == "mention":
        update["mentions"] = tuple(m for m in r.mentions if m.id != ident)
        update["entities"] = tuple(
            e.model_copy(update={"mentions": tuple(x for x in e.mentions if x != ident)})
            for e in r.entities
            if set(e.mentions) - {ident}
        )
    if kind == "event":
        update["events"] = tuple(v for v in r.events if v.id != ident)
        update["hoppers"] = tuple(
            h.model_copy(update={"events": tuple(x for x in h.events if x != ident)})
            for h in r.hoppers
            if len(set(h.events) - {ident}) > 1
        )
    if kind == "hopper":
        update["hoppers"] = tuple(h for h in r.hoppers if h.id != ident)
    if kind == "attribution":
        update["attributions"] = tuple(a for a in r.attributions if a.id != ident)
    if kind == "relation":
        update["relations"] = tuple(x for x in r.relations if x.id != ident)
    return without_dangling(record, r.model_copy(update=update))
