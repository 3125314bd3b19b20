"""Events, their arguments, and hoppers (clusters of events that are one happening).

Arguments follow the scheme's role table: a mention fills a role only if its
label is among the role's fillers, it sits in the trigger's sentence, and it is
outside zones closed to events; events and hoppers fill only roles that take
them.
"""

from __future__ import annotations

from annotator.editing.attributes import settle
from annotator.editing.attributions import check_claims
from annotator.editing.primitives import (
    Refused,
    check_open,
    checked_span,
    closed_zone,
    event,
    mention,
    new_id,
    replace_item,
)
from annotator.editing.references import retarget_references, without_dangling
from annotator.layers import argument_graph, reaches
from annotator.model import AnnotationRecord, Argument, Event, Hopper, Mention
from annotator.scheme import Scheme


def add_event(
    record: AnnotationRecord, text: str, scheme: Scheme, start: int, end: int, etype: str
) -> tuple[AnnotationRecord, str]:
    if etype not in scheme.event_by_type:
        raise Refused(f"{etype!r} is not an event type of scheme {scheme.id}")
    span = checked_span(text, start, end, "trigger")
    check_open(record, scheme, span, "events", "trigger")
    ident = new_id(record, "event")
    attrs = scheme.default_attrs(scheme.event_attributes_for(etype))
    new = Event(id=ident, type=etype, trigger=span, attrs=attrs)
    return record.model_copy(update={"events": (*record.events, new)}), ident


def move_trigger(
    record: AnnotationRecord, text: str, scheme: Scheme, ident: str, start: int, end: int
) -> AnnotationRecord:
    """New boundaries for an event's trigger (checked: the document's text, a zone open to events); its type,
    arguments, hopper and attributes stay."""
    trigger = checked_span(text, start, end, "trigger")
    check_open(record, scheme, trigger, "events", "trigger")
    moved = event(record, ident).model_copy(update={"trigger": trigger})
    return record.model_copy(update={"events": replace_item(record.events, ident, moved)})


def set_event_type(record: AnnotationRecord, scheme: Scheme, ident: str, etype: str) -> AnnotationRecord:
    if etype not in scheme.event_by_type:
        raise Refused(f"{etype!r} is not an event type of scheme {scheme.id}")
    v = event(record, ident)
    roles = scheme.roles_for(etype)
    labels = {m.id: m.label for m in record.mentions}
    for arg in v.args:
        role = roles.get(arg.role)
        if role is None or not (labels[arg.ref] in role.fillers if arg.ref in labels else role.events):
            shown = {m.id: m.text for m in record.mentions} | {e.id: e.trigger.text for e in record.events}
            raise Refused(
                f"{etype} has no {arg.role} that takes {arg.ref} {shown.get(arg.ref, '')!r}; remove that argument first"
            )
    specs = scheme.event_attributes_for(etype)
    names = {s.name for s in specs}
    attrs = {**scheme.default_attrs(specs), **{k: x for k, x in v.attrs.items() if k in names}}
    new = v.model_copy(update={"type": etype, "attrs": settle(attrs, specs, None)})
    result = record.model_copy(update={"events": replace_item(record.events, ident, new)})
    check_claims(result, scheme)
    return result


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
        if reaches(argument_graph(record), ref, event_id):
            raise Refused(f"{ref} leads back to {event_id} through arguments or hoppers: that would be a loop")
    else:
        raise Refused(f"{ref!r} cannot fill a role")
    arg = Argument(role=role, ref=ref)
    if arg in v.args:
        raise Refused(f"{ref} already fills {role} of {event_id}")
    new = v.model_copy(update={"args": (*v.args, arg)})
    return record.model_copy(update={"events": replace_item(record.events, event_id, new)})


def remove_argument(record: AnnotationRecord, event_id: str, ref: str, role: str | None = None) -> AnnotationRecord:
    v = event(record, event_id)
    args = tuple(a for a in v.args if not (a.ref == ref and (role is None or a.role == role)))
    if args == v.args:
        raise Refused(f"{ref} is not an argument of {event_id}")
    new = v.model_copy(update={"args": args})
    return record.model_copy(update={"events": replace_item(record.events, event_id, new)})


def hopper_of(record: AnnotationRecord, event_id: str) -> Hopper | None:
    return next((h for h in record.hoppers if event_id in h.events), None)


def link_events(record: AnnotationRecord, a: str, b: str) -> tuple[AnnotationRecord, str]:
    """Put events ``a`` and ``b`` in one hopper, merging their hoppers if both have one.

    References to a hopper merged away then name the hopper it joined. A role
    claim about a hopper was checked against its event types, so linking is
    refused when it would bring a new event type into a hopper with claims.
    """
    event(record, a)
    event(record, b)
    if a == b:
        raise Refused("pick a second event to link into the hopper")
    ha, hb = hopper_of(record, a), hopper_of(record, b)
    if ha is not None and ha is hb:
        raise Refused(f"{a} and {b} are already in hopper {ha.id}")
    members = [*(ha.events if ha else (a,)), *(x for x in (hb.events if hb else (b,)))]
    keep = ha.id if ha else (hb.id if hb else new_id(record, "hopper"))
    hoppers = [h for h in record.hoppers if h is not ha and h is not hb]
    hoppers.append(Hopper(id=keep, events=tuple(dict.fromkeys(members))))
    types = {v.type for v in record.events if v.id in members}
    for h in (ha, hb):
        if h is not None and (claim := _claim_about(record, h.id)) and types != _types(record, h):
            raise Refused(f"{claim} claims a role in {h.id}; linking would add another event type, remove it first")
    result = record.model_copy(update={"hoppers": tuple(hoppers)})
    if ha is not None and hb is not None:
        result = retarget_references(result, lambda ref: keep if ref == hb.id else ref)
    graph = argument_graph(result)
    for member in dict.fromkeys(members):
        if any(reaches(graph, ref, member) for ref in graph.get(member, ())):
            raise Refused(
                f"{member} has an argument that leads back to it once {a} and {b} share a hopper: that would be a loop"
            )
    return result, keep


def _types(record: AnnotationRecord, hopper: Hopper) -> set[str]:
    return {v.type for v in record.events if v.id in hopper.events}


def _claim_about(record: AnnotationRecord, target: str) -> str | None:
    """The first attribution with a role claim about ``target``."""
    return next((a.id for a in record.attributions if any(c.hopper == target for c in a.role_claims)), None)


def unlink_event(record: AnnotationRecord, event_id: str) -> AnnotationRecord:
    """Take an event out of its hopper; a hopper left with one event goes, with the references to it."""
    h = hopper_of(record, event_id)
    if h is None:
        raise Refused(f"{event_id} is in no hopper")
    rest = tuple(e for e in h.events if e != event_id)
    hoppers = tuple(x for x in record.hoppers if x is not h) + (
        (h.model_copy(update={"events": rest}),) if len(rest) > 1 else ()
    )
    return without_dangling(record, record.model_copy(update={"hoppers": hoppers}))
