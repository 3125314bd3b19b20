"""Attribution edits and deletion with reference clean-up (part of :mod:`annotator.editing`).

Kept apart from the span and event operations only to keep modules small;
import everything from :mod:`annotator.editing`.
"""

from __future__ import annotations

from annotator.editing import Refused, _check_open, _find, _new_id, _replace, _span, attribution, event, mention
from annotator.model import AnnotationRecord, Attribution, Entity, Event, Hopper, RoleClaim, Span
from annotator.scheme import Scheme


def add_attribution(
    record: AnnotationRecord, text: str, scheme: Scheme, cue: tuple[int, int] | None
) -> tuple[AnnotationRecord, str]:
    """A new attribution from a cue span, or with an empty cue (``None``)."""
    span: Span | None = None
    if cue is not None:
        span = _span(text, cue[0], cue[1], "cue")
        _check_open(record, scheme, span, "attributions", "cue")
    ident = _new_id(record, "attribution")
    attrs = scheme.default_attrs(scheme.attribution_attributes)
    new = Attribution(id=ident, cue=span, attrs=attrs)
    return record.model_copy(update={"attributions": (*record.attributions, new)}), ident


def _update(record: AnnotationRecord, ident: str, **changes: object) -> AnnotationRecord:
    a = attribution(record, ident)
    return record.model_copy(
        update={"attributions": _replace(record.attributions, ident, a.model_copy(update=changes))}
    )


def set_source(record: AnnotationRecord, ident: str, mention_id: str | None) -> AnnotationRecord:
    """The attribution's source mention; ``None`` makes the source implicit."""
    if mention_id is not None:
        mention(record, mention_id)
    return _update(record, ident, source=mention_id)


def set_via(record: AnnotationRecord, ident: str, ref: str | None) -> AnnotationRecord:
    if ref is not None and record.ids().get(ref) not in ("mention", "entity"):
        raise Refused("via must be a mention or a cluster")
    return _update(record, ident, via=ref)


def set_parent(record: AnnotationRecord, ident: str, parent: str | None) -> AnnotationRecord:
    """Nest an attribution inside another (a source quoted by a source); ``None`` un-nests it."""
    if parent is not None:
        attribution(record, parent)
        by_id = {a.id: a for a in record.attributions}
        node: str | None = parent
        while node is not None:
            if node == ident:
                raise Refused(f"{parent} is {ident} or nested inside it; attributions cannot nest in a circle")
            node = by_id[node].parent if node in by_id else None
    return _update(record, ident, parent=parent)


def _toggle_span(
    record: AnnotationRecord, text: str, scheme: Scheme, ident: str, start: int, end: int, part: str
) -> AnnotationRecord:
    a = attribution(record, ident)
    span = _span(text, start, end, part)
    current: tuple[Span, ...] = getattr(a, part)
    if any(s.key == span.key for s in current):
        return _update(record, ident, **{part: tuple(s for s in current if s.key != span.key)})
    _check_open(record, scheme, span, "attributions", part)
    for s in current:
        if s.start < span.end and span.start < s.end:
            raise Refused(f"this {part} overlaps the {part} {s.text!r}; {part} spans are disjoint")
    return _update(record, ident, **{part: tuple(sorted((*current, span), key=lambda s: s.start))})


def toggle_content(
    record: AnnotationRecord, text: str, scheme: Scheme, ident: str, start: int, end: int
) -> AnnotationRecord:
    """Add a content span (or remove it when the same span is already content)."""
    return _toggle_span(record, text, scheme, ident, start, end, "content")


def toggle_supplement(
    record: AnnotationRecord, text: str, scheme: Scheme, ident: str, start: int, end: int
) -> AnnotationRecord:
    return _toggle_span(record, text, scheme, ident, start, end, "supplement")


def report_candidates(record: AnnotationRecord, ident: str) -> list[Event]:
    """Events whose trigger lies inside the attribution's content and are not yet reported."""
    a = attribution(record, ident)
    return [
        v
        for v in sorted(record.events, key=lambda v: v.trigger.start)
        if v.id not in a.reports and any(s.start <= v.trigger.start and v.trigger.end <= s.end for s in a.content)
    ]


def toggle_report(record: AnnotationRecord, ident: str, ref: str) -> AnnotationRecord:
    a = attribution(record, ident)
    if record.ids().get(ref) not in ("event", "hopper"):
        raise Refused(f"{ref!r} is not an event or hopper")
    reports = tuple(r for r in a.reports if r != ref) if ref in a.reports else (*a.reports, ref)
    return _update(record, ident, reports=reports)


def add_role_claim(
    record: AnnotationRecord, scheme: Scheme, ident: str, target: str, role: str, ref: str
) -> AnnotationRecord:
    """The source claims that mention ``ref`` fills ``role`` in event or hopper ``target``."""
    a = attribution(record, ident)
    kinds = record.ids()
    if kinds.get(target) == "event":
        types = {event(record, target).type}
    elif kinds.get(target) == "hopper":
        members = next(h for h in record.hoppers if h.id == target).events
        types = {v.type for v in record.events if v.id in members}
    else:
        raise Refused(f"{target!r} is not an event or hopper")
    m = mention(record, ref)
    for etype in types:
        spec = scheme.roles_for(etype).get(role)
        if spec is None:
            raise Refused(f"{role!r} is not a role of {etype}")
        if m.label not in spec.fillers:
            raise Refused(f"{etype}.{role} takes {', '.join(spec.fillers)}, not {m.label}")
    claim = RoleClaim(hopper=target, role=role, ref=ref)
    if claim in a.role_claims:
        raise Refused("this role claim is already recorded")
    return _update(record, ident, role_claims=(*a.role_claims, claim))


def remove_role_claim(record: AnnotationRecord, ident: str, claim: RoleClaim) -> AnnotationRecord:
    a = attribution(record, ident)
    return _update(record, ident, role_claims=tuple(c for c in a.role_claims if c != claim))


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


def item_at(record: AnnotationRecord, offset: int) -> list[tuple[str, int, int]]:
    """Ids of the annotations whose span covers ``offset``, innermost first: (id, start, end)."""
    hits: list[tuple[str, int, int]] = []
    for m in record.mentions:
        if m.start <= offset < m.end:
            hits.append((m.id, m.start, m.end))
    for v in record.events:
        if v.trigger.start <= offset < v.trigger.end:
            hits.append((v.id, v.trigger.start, v.trigger.end))
    for a in record.attributions:
        if a.cue is not None and a.cue.start <= offset < a.cue.end:
            hits.append((a.id, a.cue.start, a.cue.end))
    for z in record.zones:
        if z.start <= offset < z.end:
            hits.append((z.id, z.start, z.end))
    hits.sort(key=lambda h: (h[2] - h[1], h[0]))
    return hits


# ---------------------------------------------------------------- coreference


def entity_of(record: AnnotationRecord, mention_id: str) -> Entity | None:
    return next((e for e in record.entities if mention_id in e.mentions), None)


def entity_name(record: AnnotationRecord, entity: Entity) -> str:
    """A cluster's display name: its name, else its longest proper-name mention."""
    if entity.name:
        return entity.name
    members = [m for m in record.mentions if m.id in entity.mentions]
    if not members:
        return entity.id
    best = max(members, key=lambda m: (m.attrs.get("level") == "NAM", len(m.text)))
    return best.text


def attach(record: AnnotationRecord, mention_id: str, entity_id: str | None) -> tuple[AnnotationRecord, str]:
    """Put a mention into cluster ``entity_id`` (a new cluster when None)."""
    m = mention(record, mention_id)
    labels = {x.id: x.label for x in record.mentions}
    if entity_id is not None:
        target = _find(record.entities, entity_id, "cluster")
        others = {labels[r] for r in target.mentions if r in labels and r != mention_id}
        if others and others != {m.label}:
            raise Refused(
                f"cluster {entity_id} holds {'/'.join(sorted(others))} mentions and {mention_id} is {m.label}; "
                "clusters are type-locked"
            )
    record = detach(record, mention_id)
    if entity_id is None:
        entity_id = _new_id(record, "entity")
        entities = (*record.entities, Entity(id=entity_id, mentions=(mention_id,)))
    else:
        entities = tuple(
            e.model_copy(update={"mentions": (*e.mentions, mention_id)}) if e.id == entity_id else e
            for e in record.entities
        )
    return record.model_copy(update={"entities": entities}), entity_id


def detach(record: AnnotationRecord, mention_id: str) -> AnnotationRecord:
    entities = []
    for e in record.entities:
        if mention_id in e.mentions:
            rest = tuple(r for r in e.mentions if r != mention_id)
            if rest:
                entities.append(e.model_copy(update={"mentions": rest}))
        else:
            entities.append(e)
    return record.model_copy(update={"entities": tuple(entities)})


# ---------------------------------------------------------------- hoppers


def hopper_of(record: AnnotationRecord, event_id: str) -> Hopper | None:
    return next((h for h in record.hoppers if event_id in h.events), None)


def link_events(record: AnnotationRecord, a: str, b: str) -> tuple[AnnotationRecord, str]:
    """Put events ``a`` and ``b`` in one hopper, merging their hoppers if both have one."""
    event(record, a)
    event(record, b)
    if a == b:
        raise Refused("pick a second event to link into the hopper")
    ha, hb = hopper_of(record, a), hopper_of(record, b)
    if ha is not None and ha is hb:
        raise Refused(f"{a} and {b} are already in hopper {ha.id}")
    members = [*(ha.events if ha else (a,)), *(x for x in (hb.events if hb else (b,)))]
    keep = ha.id if ha else (hb.id if hb else _new_id(record, "hopper"))
    hoppers = [h for h in record.hoppers if h is not ha and h is not hb]
    hoppers.append(Hopper(id=keep, events=tuple(dict.fromkeys(members))))
    return record.model_copy(update={"hoppers": tuple(hoppers)}), keep


def unlink_event(record: AnnotationRecord, event_id: str) -> AnnotationRecord:
    h = hopper_of(record, event_id)
    if h is None:
        raise Refused(f"{event_id} is in no hopper")
    rest = tuple(e for e in h.events if e != event_id)
    hoppers = tuple(x for x in record.hoppers if x is not h) + (
        (h.model_copy(update={"events": rest}),) if len(rest) > 1 else ()
    )
    return record.model_copy(update={"hoppers": hoppers})
