"""Editing operations on an :class:`AnnotationRecord`, free of any UI.

Every operation takes a record and returns a new one (records are immutable),
so the UI can keep the old record for undo and save the new one at once. An
operation the scheme or the structure forbids raises :class:`Refused` with a
one-line reason that the UI shows as it is; nothing is half-applied.

Deleting an annotation removes every reference to it (cluster membership,
event arguments, hopper membership, attribution parts), so a record built only
through these operations always validates.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.errors import AnnotatorError
from annotator.model import (
    AnnotationRecord,
    Argument,
    Attribution,
    AttrValue,
    Event,
    Mention,
    RoleClaim,
    Span,
    Status,
    Zone,
    next_id,
)
from annotator.scheme import AttributeSpec, Scheme

PREFIX = {"zone": "z", "mention": "m", "entity": "e", "event": "ev", "hopper": "h", "attribution": "at"}


class Refused(AnnotatorError):
    """An edit that is not allowed; the message is one line fit for a status bar."""


def _span(text: str, start: int, end: int, what: str) -> Span:
    if not 0 <= start < end <= len(text):
        raise Refused(f"select some text first to make a {what}")
    if not text[start:end].strip():
        raise Refused(f"a {what} cannot be only whitespace")
    return Span.of(text, start, end)


def _new_id(record: AnnotationRecord, kind: str) -> str:
    return next_id(record.ids(), PREFIX[kind])


def closed_zone(record: AnnotationRecord, scheme: Scheme, start: int, end: int, layer: str) -> Zone | None:
    """A zone overlapping ``[start, end)`` in which ``layer`` is not annotated."""
    for z in record.zones:
        spec = scheme.zone_by_label.get(z.label)
        if spec is not None and layer not in spec.annotate and z.start < end and start < z.end:
            return z
    return None


def _check_open(record: AnnotationRecord, scheme: Scheme, span: Span, layer: str, what: str) -> None:
    zone = closed_zone(record, scheme, span.start, span.end, layer)
    if zone is not None:
        raise Refused(f"{what} {span.text!r} would lie in {zone.label} zone {zone.id}, where {layer} are not annotated")


def _replace(items: Iterable, ident: str, new: object) -> tuple:
    return tuple(new if getattr(i, "id", None) == ident else i for i in items)


def _find(items: Iterable, ident: str, what: str):
    for item in items:
        if item.id == ident:
            return item
    raise Refused(f"no {what} {ident!r} in this document")


def mention(record: AnnotationRecord, ident: str) -> Mention:
    return _find(record.mentions, ident, "mention")


def event(record: AnnotationRecord, ident: str) -> Event:
    return _find(record.events, ident, "event")


def attribution(record: AnnotationRecord, ident: str) -> Attribution:
    return _find(record.attributions, ident, "attribution")


# ---------------------------------------------------------------- zones and mentions


def add_zone(
    record: AnnotationRecord, text: str, scheme: Scheme, start: int, end: int, label: str
) -> tuple[AnnotationRecord, str]:
    if label not in scheme.zone_by_label:
        raise Refused(f"{label!r} is not a zone of scheme {scheme.id}")
    span = _span(text, start, end, "zone")
    for z in record.zones:
        if z.start < span.end and span.start < z.end:
            raise Refused(f"zones cannot overlap: {z.label} zone {z.id} already covers part of this text")
    ident = _new_id(record, "zone")
    zone = Zone(id=ident, label=label, start=span.start, end=span.end, text=span.text)
    return record.model_copy(update={"zones": (*record.zones, zone)}), ident


def add_mention(
    record: AnnotationRecord, text: str, scheme: Scheme, start: int, end: int, label: str
) -> tuple[AnnotationRecord, str]:
    if label not in scheme.entity_by_label:
        raise Refused(f"{label!r} is not an entity label of scheme {scheme.id}")
    span = _span(text, start, end, "mention")
    _check_open(record, scheme, span, "mentions", "mention")
    start, end = span.start, span.end
    for m in record.mentions:
        if m.start == start and m.end == end and m.label == label:
            raise Refused(f"{span.text!r} is already a {label} mention ({m.id})")
    ident = _new_id(record, "mention")
    attrs = {**guess_level(span.text, scheme), **scheme.default_attrs(scheme.mention_attributes, label)}
    new = Mention(id=ident, label=label, start=span.start, end=span.end, text=span.text, attrs=attrs)
    return record.model_copy(update={"mentions": (*record.mentions, new)}), ident


PRONOUNS = frozenset(
    {
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "whose",
        "which",
        "myself",
        "ourselves",
        "himself",
        "herself",
        "itself",
        "themselves",
    }
)


def guess_level(text: str, scheme: Scheme) -> dict[str, AttrValue]:
    """A first guess at ``level`` for a new mention, so the annotator only corrects it.

    A lone pronoun is PRO; a phrase whose last word starts with a capital (``Zahran
    Alloush``, ``ISIL``) is NAM; anything else (``the Syrian military``) is NOM.
    Only for schemes whose ``level`` attribute offers those values.
    """
    spec = next((a for a in scheme.mention_attributes if a.name == "level"), None)
    if spec is None or not {"NAM", "NOM", "PRO"} <= set(spec.values):
        return {}
    words = text.split()
    if not words:
        return {}
    if len(words) == 1 and words[0].lower().strip(".,") in PRONOUNS:
        return {"level": "PRO"}
    head = words[-1].lstrip("\"'(“‘[")
    return {"level": "NAM" if head[:1].isupper() else "NOM"}


def relabel_mention(record: AnnotationRecord, scheme: Scheme, ident: str, label: str) -> AnnotationRecord:
    """Change a mention's label, keeping the attributes that still apply."""
    if label not in scheme.entity_by_label:
        raise Refused(f"{label!r} is not an entity label of scheme {scheme.id}")
    m = mention(record, ident)
    if m.label == label:
        return record
    cluster = entity_of(record, ident)
    if cluster is not None and len(cluster.mentions) > 1:
        raise Refused(
            f"{ident} is in cluster {cluster.id} of {m.label} mentions (clusters are type-locked); detach it first"
        )
    for v in record.events:
        for arg in v.args:
            if arg.ref == ident and label not in scheme.roles_for(v.type)[arg.role].fillers:
                raise Refused(f"{ident} fills {v.type}.{arg.role} in {v.id}, which does not take {label}")
    attrs = {k: v for k, v in m.attrs.items() if _spec_applies(scheme.mention_attributes, k, m.attrs, label)}
    attrs = {**scheme.default_attrs(scheme.mention_attributes, label), **attrs}
    return record.model_copy(
        update={"mentions": _replace(record.mentions, ident, m.model_copy(update={"label": label, "attrs": attrs}))}
    )


def _spec_applies(specs: tuple[AttributeSpec, ...], name: str, attrs: dict[str, AttrValue], label: str | None) -> bool:
    spec = next((s for s in specs if s.name == name), None)
    return spec is not None and spec.applies(attrs, label)


# ---------------------------------------------------------------- attributes


def _attr_owner(
    record: AnnotationRecord, scheme: Scheme, ident: str
) -> tuple[str, object, tuple[AttributeSpec, ...], str | None]:
    kind = record.ids().get(ident)
    if kind == "mention":
        m = mention(record, ident)
        return "mentions", m, scheme.mention_attributes, m.label
    if kind == "event":
        v = event(record, ident)
        return "events", v, scheme.event_attributes_for(v.type), None
    if kind == "attribution":
        return "attributions", attribution(record, ident), scheme.attribution_attributes, None
    raise Refused(f"{ident!r} has no attributes to set")


def _settle(attrs: dict[str, AttrValue], specs: tuple[AttributeSpec, ...], label: str | None) -> dict[str, AttrValue]:
    """Drop attributes whose condition no longer holds (modality once realis is not OTHER)."""
    out = dict(attrs)
    changed = True
    while changed:
        changed = False
        for spec in specs:
            if spec.name in out and not spec.applies(out, label):
                del out[spec.name]
                changed = True
    return out


def set_attr(record: AnnotationRecord, scheme: Scheme, ident: str, name: str, value: AttrValue) -> AnnotationRecord:
    layer, item, specs, label = _attr_owner(record, scheme, ident)
    spec = next((s for s in specs if s.name == name), None)
    if spec is None:
        raise Refused(f"{ident} has no attribute {name!r}")
    attrs = dict(item.attrs)  # type: ignore[attr-defined]
    if not spec.applies(attrs, label):
        cond = ", ".join(f"{k} = {v}" for k, v in spec.when.items()) or f"labels {', '.join(spec.labels)}"
        raise Refused(f"{name} applies only when {cond}")
    if spec.type == "ref":
        if value is not None and record.ids().get(str(value)) != "mention":
            raise Refused(f"{name} must name a mention")
    elif (why := spec.check_value(value)) is not None:
        raise Refused(f"{name}: {why}")
    if value is None:
        attrs.pop(name, None)
    else:
        attrs[name] = value
    new = item.model_copy(update={"attrs": _settle(attrs, specs, label)})  # type: ignore[attr-defined]
    return record.model_copy(update={layer: _replace(getattr(record, layer), ident, new)})


def cycle_attr(record: AnnotationRecord, scheme: Scheme, ident: str, name: str) -> tuple[AnnotationRecord, AttrValue]:
    """Set ``name`` to its next value (booleans toggle; optional enums pass through unset)."""
    _, item, specs, _ = _attr_owner(record, scheme, ident)
    spec = next((s for s in specs if s.name == name), None)
    if spec is None:
        raise Refused(f"{ident} has no attribute {name!r}")
    current = item.attrs.get(name)  # type: ignore[attr-defined]
    if spec.type == "bool":
        value: AttrValue = not bool(current)
    elif spec.type == "enum":
        cycle: list[AttrValue] = list(spec.values)
        if not spec.required and spec.default is None:
            cycle.append(None)
        value = cycle[(cycle.index(current) + 1) % len(cycle)] if current in cycle else cycle[0]
    else:
        raise Refused(f"{name} is free text; set it from the command palette")
    return set_attr(record, scheme, ident, name, value), value


# ---------------------------------------------------------------- events and hoppers


def add_event(
    record: AnnotationRecord, text: str, scheme: Scheme, start: int, end: int, etype: str
) -> tuple[AnnotationRecord, str]:
    if etype not in scheme.event_by_type:
        raise Refused(f"{etype!r} is not an event type of scheme {scheme.id}")
    span = _span(text, start, end, "trigger")
    _check_open(record, scheme, span, "events", "trigger")
    ident = _new_id(record, "event")
    attrs = scheme.default_attrs(scheme.event_attributes_for(etype))
    new = Event(id=ident, type=etype, trigger=span, attrs=attrs)
    return record.model_copy(update={"events": (*record.events, new)}), ident


def set_event_type(record: AnnotationRecord, scheme: Scheme, ident: str, etype: str) -> AnnotationRecord:
    if etype not in scheme.event_by_type:
        raise Refused(f"{etype!r} is not an event type of scheme {scheme.id}")
    v = event(record, ident)
    roles = scheme.roles_for(etype)
    labels = {m.id: m.label for m in record.mentions}
    for arg in v.args:
        role = roles.get(arg.role)
        if role is None or (arg.ref in labels and labels[arg.ref] not in role.fillers):
            raise Refused(f"{etype} has no {arg.role} that takes {arg.ref}; remove that argument first")
    specs = scheme.event_attributes_for(etype)
    names = {s.name for s in specs}
    attrs = {**scheme.default_attrs(specs), **{k: x for k, x in v.attrs.items() if k in names}}
    new = v.model_copy(update={"type": etype, "attrs": _settle(attrs, specs, None)})
    return record.model_copy(update={"events": _replace(record.events, ident, new)})


def allowed_roles(scheme: Scheme, etype: str, filler_label: str) -> list[str]:
    """Roles the scheme lets a ``filler_label`` mention fill in an ``etype`` event."""
    return scheme.allowed_roles(etype, filler_label)


def candidate_arguments(
    record: AnnotationRecord, scheme: Scheme, event_id: str, sentence: tuple[int, int]
) -> list[Mention]:
    """Mentions in the trigger's sentence that could fill some role of the event, in text order."""
    v = event(record, event_id)
    start, end = sentence
    out = []
    for m in sorted(record.mentions, key=lambda m: (m.start, -m.end)):
        inside = start <= m.start and m.end <= end and m.key != v.trigger.key
        fits = inside and allowed_roles(scheme, v.type, m.label)
        if fits and not closed_zone(record, scheme, m.start, m.end, "events"):
            out.append(m)
    return out


def add_argument(
    record: AnnotationRecord,
    scheme: Scheme,
    event_id: str,
    role: str,
    ref: str,
    sentence: tuple[int, int] | None = None,
) -> AnnotationRecord:
    v = event(record, event_id)
    roles = scheme.roles_for(v.type)
    if role not in roles:
        raise Refused(f"{v.type} has no role {role!r} (roles: {', '.join(roles)})")
    kind = record.ids().get(ref)
    if kind == "mention":
        m = mention(record, ref)
        if m.label not in roles[role].fillers:
            raise Refused(f"{v.type}.{role} takes {', '.join(roles[role].fillers)}, not {m.label} ({m.text!r})")
        if sentence is not None and not (sentence[0] <= m.start and m.end <= sentence[1]):
            raise Refused(f"{m.text!r} is outside the trigger's sentence; arguments are sentence-scoped")
        if (zone := closed_zone(record, scheme, m.start, m.end, "events")) is not None:
            raise Refused(f"{m.text!r} lies in {zone.label} zone {zone.id}; arguments never cross into it")
    elif kind in ("event", "hopper"):
        if not roles[role].events:
            raise Refused(f"{v.type}.{role} takes a mention, not an {kind}")
        if ref == event_id:
            raise Refused("an event cannot be its own argument")
    else:
        raise Refused(f"{ref!r} cannot fill a role")
    arg = Argument(role=role, ref=ref)
    if arg in v.args:
        raise Refused(f"{ref} already fills {role} of {event_id}")
    new = v.model_copy(update={"args": (*v.args, arg)})
    return record.model_copy(update={"events": _replace(record.events, event_id, new)})


def remove_argument(record: AnnotationRecord, event_id: str, ref: str, role: str | None = None) -> AnnotationRecord:
    v = event(record, event_id)
    args = tuple(a for a in v.args if not (a.ref == ref and (role is None or a.role == role)))
    if args == v.args:
        raise Refused(f"{ref} is not an argument of {event_id}")
    return record.model_copy(update={"events": _replace(record.events, event_id, v.model_copy(update={"args": args}))})


# ---------------------------------------------------------------- status and history


def set_status(record: AnnotationRecord, status: Status) -> AnnotationRecord:
    return record.model_copy(update={"status": status})


from annotator.editing_history import Change, History  # noqa: E402  (re-exported: one import path for callers)
from annotator.editing_refs import (  # noqa: E402
    add_attribution,
    add_role_claim,
    attach,
    delete,
    detach,
    entity_name,
    entity_of,
    hopper_of,
    item_at,
    link_events,
    remove_role_claim,
    report_candidates,
    set_parent,
    set_source,
    set_via,
    toggle_content,
    toggle_report,
    toggle_supplement,
    unlink_event,
)

__all__ = [
    "Change",
    "History",
    "Refused",
    "RoleClaim",
    "add_argument",
    "add_attribution",
    "add_event",
    "add_mention",
    "add_role_claim",
    "add_zone",
    "allowed_roles",
    "attach",
    "candidate_arguments",
    "closed_zone",
    "cycle_attr",
    "delete",
    "detach",
    "entity_name",
    "entity_of",
    "hopper_of",
    "item_at",
    "link_events",
    "relabel_mention",
    "remove_argument",
    "remove_role_claim",
    "report_candidates",
    "set_attr",
    "set_event_type",
    "set_parent",
    "set_source",
    "set_status",
    "set_via",
    "toggle_content",
    "toggle_report",
    "toggle_supplement",
    "unlink_event",
]
