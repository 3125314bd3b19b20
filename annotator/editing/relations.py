"""Typed relations between two annotations: adding, listing and checking that a relabel keeps them valid.

A relation is refused unless the scheme defines its type and each argument
is a mention (or event) the type's role takes; the same relation twice (in
either order, for a symmetric type) and a relation of an item with itself
are refused too. Deleting goes through :func:`annotator.editing.delete`,
and deleting an argument drops the relation (:mod:`annotator.editing.references`).
"""

from __future__ import annotations

from annotator.editing.primitives import Refused, new_id
from annotator.model import AnnotationRecord, Argument, Relation
from annotator.scheme import RelationType, Scheme


def _filler(record: AnnotationRecord, ref: str) -> tuple[str, str]:
    """(kind, label) of a relation argument: a mention's label or an event's type."""
    for m in record.mentions:
        if m.id == ref:
            return "mention", m.label
    for e in record.events:
        if e.id == ref:
            return "event", e.type
    raise Refused(f"{ref!r} is not a mention or event of this document")


def relation_types_for(record: AnnotationRecord, scheme: Scheme, first: str) -> list[RelationType]:
    """The relation types whose first argument ``first`` may fill (symmetric ones included)."""
    kind, label = _filler(record, first)
    return [r for r in scheme.relations if r.fits(0, kind, label)]


def add_relation(
    record: AnnotationRecord, scheme: Scheme, rtype: str, first: str, second: str
) -> tuple[AnnotationRecord, str]:
    """``record`` with a new ``rtype`` relation from ``first`` to ``second``, and its id."""
    spec = scheme.relation_by_name.get(rtype)
    if spec is None:
        raise Refused(f"{rtype!r} is not a relation of scheme {scheme.id}")
    if first == second:
        raise Refused("a relation needs two different arguments")
    for i, ref in enumerate((first, second)):
        kind, label = _filler(record, ref)
        if not spec.fits(i, kind, label):
            allowed = ", ".join((*spec.args[i].labels, *spec.args[i].events))
            raise Refused(f"{rtype}.{spec.args[i].role} takes {allowed}, not {label}")
    pair = {first, second} if spec.symmetric else None
    for r in record.relations:
        refs = [a.ref for a in r.args]
        if r.type == rtype and (refs == [first, second] or (pair is not None and set(refs) == pair)):
            raise Refused(f"{first} and {second} are already related by {rtype} ({r.id})")
    ident = new_id(record, "relation")
    args = (Argument(role=spec.args[0].role, ref=first), Argument(role=spec.args[1].role, ref=second))
    rel = Relation(id=ident, type=rtype, args=args)
    return record.model_copy(update={"relations": (*record.relations, rel)}), ident


def relations_of(record: AnnotationRecord, ref: str) -> list[Relation]:
    """The relations ``ref`` is an argument of."""
    return [r for r in record.relations if any(a.ref == ref for a in r.args)]


def check_relabel(record: AnnotationRecord, scheme: Scheme, ident: str, kind: str, label: str) -> None:
    """Refuse relabelling (retyping) ``ident`` to ``label`` when a relation it is in would not take it."""
    for r in relations_of(record, ident):
        spec = scheme.relation_by_name.get(r.type)
        if spec is None:
            continue
        for i, arg in enumerate(r.args):
            if arg.ref == ident and not spec.fits(i, kind, label):
                raise Refused(f"{ident} is {r.type}.{arg.role} in {r.id}, which does not take {label}")
