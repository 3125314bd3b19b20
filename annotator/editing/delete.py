"""Deleting an annotation together with every reference to it.

Removing cluster membership, event arguments, hopper membership, attribution
parts and notes along with the item is what keeps a record built only through
the editing operations valid.
"""

from __future__ import annotations

from annotator.editing.primitives import Refused
from annotator.model import AnnotationRecord


def delete(record: AnnotationRecord, ident: str) -> AnnotationRecord:
    """Remove an annotation and every reference to it."""
    kind = record.ids().get(ident)
    if kind is None:
        raise Refused(f"nothing called {ident!r} to delete")
    r = record
    if kind == "zone":
        return r.model_copy(update={"zones": tuple(z for z in r.zones if z.id != ident)})
    if kind == "entity":
        return r.model_copy(update={"entities": tuple(e for e in r.entities if e.id != ident)})
    update: dict[str, object] = {}
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
    r = r.model_copy(update=update)
    events = tuple(
        v.model_copy(
            update={
                "args": tuple(a for a in v.args if a.ref != ident),
                "attrs": {k: x for k, x in v.attrs.items() if x != ident},
            }
        )
        for v in r.events
    )
    attributions = tuple(
        a.model_copy(
            update={
                "source": None if a.source == ident else a.source,
                "via": None if a.via == ident else a.via,
                "parent": None if a.parent == ident else a.parent,
                "reports": tuple(x for x in a.reports if x != ident),
                "role_claims": tuple(c for c in a.role_claims if ident not in (c.ref, c.hopper)),
            }
        )
        for a in r.attributions
    )
    notes = tuple(n for n in r.notes if n.target != ident)
    return r.model_copy(update={"events": events, "attributions": attributions, "notes": notes})
