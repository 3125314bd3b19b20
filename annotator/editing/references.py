"""Keeping references whole when items go away or merge.

An id can be referred to from event arguments and reference attributes,
attribution parts (source, via, parent, reports, role claims), relation
arguments and notes (a relation that loses an argument, or whose two
arguments merge into one, goes). When
an item disappears, whether deleted or dissolved as a side effect (a cluster
losing its last mention, a hopper left with one event), or is merged into
another, every such reference is dropped or retargeted here, in one place, so
no edit leaves a dangling id behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from annotator.model import AnnotationRecord, AttrValue, Mention, Relation

Retarget = Callable[[str], str | None]
"""What an id becomes: itself, another id, or None when the reference is to be dropped."""


def _ids(refs: Iterable[str], to: Retarget) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for r in refs if (x := to(r)) is not None))


def _attrs(attrs: dict[str, AttrValue], to: Retarget) -> dict[str, AttrValue]:
    out: dict[str, AttrValue] = {}
    for k, x in attrs.items():
        if not isinstance(x, str):
            out[k] = x
        elif (y := to(x)) is not None:
            out[k] = y
    return out


def _identical(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    """The same objects in the same order: nothing was retargeted or merged, so no copy is needed."""
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _mention(m: Mention, to: Retarget) -> Mention:
    """``m`` itself when no attribute refers to an id that changes: deleting one of 2,000 mentions copies none."""
    if not m.attrs:
        return m
    attrs = _attrs(m.attrs, to)
    return m if attrs == m.attrs else m.model_copy(update={"attrs": attrs})


def retarget_references(record: AnnotationRecord, to: Retarget) -> AnnotationRecord:
    """``record`` with every reference to an id passed through ``to`` (duplicates that result are merged)."""

    def one(ref: str | None) -> str | None:
        return None if ref is None else to(ref)

    events = []
    for v in record.events:
        args = tuple(
            dict.fromkeys(
                a if x == a.ref else a.model_copy(update={"ref": x}) for a in v.args if (x := to(a.ref)) is not None
            )
        )
        attrs = _attrs(v.attrs, to)
        unchanged = attrs == v.attrs and _identical(args, v.args)
        events.append(v if unchanged else v.model_copy(update={"args": args, "attrs": attrs}))
    mentions = tuple(_mention(m, to) for m in record.mentions)
    attributions = []
    for a in record.attributions:
        claims = tuple(
            dict.fromkeys(
                c if (h, r) == (c.hopper, c.ref) else c.model_copy(update={"hopper": h, "ref": r})
                for c in a.role_claims
                if (h := to(c.hopper)) is not None and (r := to(c.ref)) is not None
            )
        )
        parent = one(a.parent)
        update = {
            "source": one(a.source),
            "via": one(a.via),
            "parent": None if parent == a.id else parent,
            "reports": _ids(a.reports, to),
            "role_claims": claims,
            "attrs": _attrs(a.attrs, to),
        }
        unchanged = _identical(claims, a.role_claims) and all(
            getattr(a, k) == x for k, x in update.items() if k != "role_claims"
        )
        attributions.append(a if unchanged else a.model_copy(update=update))
    relations = _relations(record, to)
    notes = tuple(
        n if one(n.target) == n.target else n.model_copy(update={"target": one(n.target)})
        for n in record.notes
        if n.target is None or one(n.target)
    )
    return record.model_copy(
        update={
            "mentions": mentions,
            "events": tuple(events),
            "attributions": tuple(attributions),
            "relations": relations,
            "notes": notes,
        }
    )


def _relations(record: AnnotationRecord, to: Retarget) -> tuple[Relation, ...]:
    """Relations with their arguments retargeted; those left without two distinct arguments, or repeated, go."""
    out: dict[tuple[str, ...], Relation] = {}
    for rel in record.relations:
        refs = [to(a.ref) for a in rel.args]
        if any(r is None for r in refs) or len(set(refs)) < len(refs):
            continue
        args = tuple(a.model_copy(update={"ref": r}) for a, r in zip(rel.args, refs, strict=True))
        out.setdefault((rel.type, *(a.ref for a in args)), rel.model_copy(update={"args": args}))
    return tuple(out.values())


def drop_references(record: AnnotationRecord, gone: set[str]) -> AnnotationRecord:
    """``record`` without any reference to the ids in ``gone``."""
    if not gone:
        return record
    return retarget_references(record, lambda ref: None if ref in gone else ref)


def without_dangling(before: AnnotationRecord, after: AnnotationRecord) -> AnnotationRecord:
    """``after`` without references to the ids that ``before`` had and ``after`` no longer has."""
    return drop_references(after, set(before.ids()) - set(after.ids()))
