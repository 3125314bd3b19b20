"""Attributions: who says what (source, cue, content, supplement, reports, role claims).

Content and supplement spans are toggled (the same selection adds and removes)
and kept disjoint and in text order; nesting is refused when it would loop.
"""

from __future__ import annotations

from annotator.editing.primitives import (
    Refused,
    attribution,
    check_open,
    checked_span,
    event,
    mention,
    new_id,
    replace_item,
)
from annotator.model import AnnotationRecord, Attribution, Event, RoleClaim, Span
from annotator.scheme import Scheme


def add_attribution(
    record: AnnotationRecord, text: str, scheme: Scheme, cue: tuple[int, int] | None
) -> tuple[AnnotationRecord, str]:
    """A new attribution from a cue span, or with an empty cue (``None``)."""
    span: Span | None = None
    if cue is not None:
        span = checked_span(text, cue[0], cue[1], "cue")
        check_open(record, scheme, span, "attributions", "cue")
    ident = new_id(record, "attribution")
    attrs = scheme.default_attrs(scheme.attribution_attributes)
    new = Attribution(id=ident, cue=span, attrs=attrs)
    return record.model_copy(update={"attributions": (*record.attributions, new)}), ident


def _update(record: AnnotationRecord, ident: str, **changes: object) -> AnnotationRecord:
    a = attribution(record, ident)
    return record.model_copy(
        update={"attributions": replace_item(record.attributions, ident, a.model_copy(update=changes))}
    )


def set_cue(
    record: AnnotationRecord, text: str, scheme: Scheme, ident: str, span: tuple[int, int] | None
) -> AnnotationRecord:
    """The attribution's cue moved to ``span``, or removed (``None``), keeping its source, content, reports and
    attributes, so a wrong cue is mended in place rather than by redoing the attribution.

    A new cue is refused where no cue could be made (a zone closed to attributions). A cue-less attribution
    is found by its content or source, so removing the cue of one that has neither is refused.
    """
    a = attribution(record, ident)
    if span is None:
        if a.cue is None:
            raise Refused(f"{ident} has no cue to remove")
        if not a.content and a.source is None:
            raise Refused(
                f"{ident} would have nothing to stand on: give it content or a source (u) before removing its cue"
            )
        return _update(record, ident, cue=None)
    cue = checked_span(text, span[0], span[1], "cue")
    check_open(record, scheme, cue, "attributions", "cue")
    return _update(record, ident, cue=cue)


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
    span = checked_span(text, start, end, part)
    current: tuple[Span, ...] = getattr(a, part)
    if any(s.key == span.key for s in current):
        return _update(record, ident, **{part: tuple(s for s in current if s.key != span.key)})
    check_open(record, scheme, span, "attributions", part)
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


def events_by_reach(record: AnnotationRecord, ident: str) -> list[tuple[Event, bool]]:
    """Every event of the document with whether its trigger lies inside the attribution's content:
    those inside first, in text order, then the others, nearest first.

    An attribution may report an event told elsewhere (one a pronoun in the content points to, one in an
    earlier sentence: "the army claimed responsibility"), so all of them are offered, the likeliest first.
    Nearness is measured from the content, else the cue, else the source mention.
    """
    a = attribution(record, ident)
    anchors: list[tuple[int, int]] = [(s.start, s.end) for s in a.content]
    if not anchors and a.cue is not None:
        anchors = [(a.cue.start, a.cue.end)]
    if not anchors and a.source is not None:
        anchors = [(m.start, m.end) for m in record.mentions if m.id == a.source]

    def inside(v: Event) -> bool:
        return any(s.start <= v.trigger.start and v.trigger.end <= s.end for s in a.content)

    def gap(v: Event) -> int:
        start, end = v.trigger.start, v.trigger.end
        return min((max(s - end, start - e, 0) for s, e in anchors), default=0)

    events = sorted(record.events, key=lambda v: v.trigger.start)
    within = [(v, True) for v in events if inside(v)]
    beyond = [(v, False) for v in sorted((v for v in events if not inside(v)), key=gap)]
    return within + beyond


def toggle_report(record: AnnotationRecord, ident: str, ref: str) -> AnnotationRecord:
    a = attribution(record, ident)
    if record.ids().get(ref) not in ("event", "hopper"):
        raise Refused(f"{ref!r} is not an event or hopper")
    reports = tuple(r for r in a.reports if r != ref) if ref in a.reports else (*a.reports, ref)
    return _update(record, ident, reports=reports)


def claim_problem(record: AnnotationRecord, scheme: Scheme, claim: RoleClaim) -> str | None:
    """Why ``claim`` does not fit the record (None when it does): every event it is about must have
    the role, and the role must take the filler's label."""
    kinds = record.ids()
    if kinds.get(claim.hopper) == "event":
        types = {event(record, claim.hopper).type}
    elif kinds.get(claim.hopper) == "hopper":
        members = next(h for h in record.hoppers if h.id == claim.hopper).events
        types = {v.type for v in record.events if v.id in members}
    else:
        return f"{claim.hopper!r} is not an event or hopper"
    m = mention(record, claim.ref)
    for etype in sorted(types):
        spec = scheme.roles_for(etype).get(claim.role)
        if spec is None:
            return f"{claim.role!r} is not a role of {etype}"
        if m.label not in spec.fillers:
            return f"{etype}.{claim.role} takes {', '.join(spec.fillers)}, not {m.label}"
    return None


def claim_roles(record: AnnotationRecord, scheme: Scheme, target: str, ref: str) -> list[str]:
    """The roles a claim that mention ``ref`` fills in event or hopper ``target`` may name: those of its events'
    types that :func:`claim_problem` lets through, so that what is offered is what :func:`add_role_claim` takes
    (for a hopper, a role every type in it has and that takes the mention's label)."""
    if record.ids().get(target) not in ("event", "hopper"):
        raise Refused(f"{target!r} is not an event or hopper")
    members = next((h.events for h in record.hoppers if h.id == target), (target,))
    label = mention(record, ref).label
    types = dict.fromkeys(v.type for v in record.events if v.id in members)
    roles = dict.fromkeys(role for etype in types for role in scheme.allowed_roles(etype, label))
    return [
        role for role in roles if claim_problem(record, scheme, RoleClaim(hopper=target, role=role, ref=ref)) is None
    ]


def check_claims(record: AnnotationRecord, scheme: Scheme) -> None:
    """Refuse an edit whose result breaks a role claim (a relabelled filler, a retyped or merged event)."""
    for a in record.attributions:
        for claim in a.role_claims:
            if (why := claim_problem(record, scheme, claim)) is not None:
                raise Refused(f"{a.id} claims {claim.ref} as {claim.role} of {claim.hopper}: {why}; remove that first")


def add_role_claim(
    record: AnnotationRecord, scheme: Scheme, ident: str, target: str, role: str, ref: str
) -> AnnotationRecord:
    """The source claims that mention ``ref`` fills ``role`` in event or hopper ``target``."""
    a = attribution(record, ident)
    claim = RoleClaim(hopper=target, role=role, ref=ref)
    if (why := claim_problem(record, scheme, claim)) is not None:
        raise Refused(why)
    if claim in a.role_claims:
        raise Refused("this role claim is already recorded")
    return _update(record, ident, role_claims=(*a.role_claims, claim))


def remove_role_claim(record: AnnotationRecord, ident: str, claim: RoleClaim) -> AnnotationRecord:
    a = attribution(record, ident)
    return _update(record, ident, role_claims=tuple(c for c in a.role_claims if c != claim))
