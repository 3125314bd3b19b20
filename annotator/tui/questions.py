"""The questions edits ask before they are made: which zone, label, cluster, type, role, part or value.

Each function takes the :class:`AnnotateController`, reads what is under the
cursor *now* (so the answer applies to what the annotator saw when asking) and
returns a :class:`Question` whose ``answer`` makes the edit through the
controller, or raises :class:`Refused`.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from annotator import editing as ed
from annotator.editing import Refused
from annotator.model import AttrValue
from annotator.scheme import AttributeSpec
from annotator.tui.controller import AnnotateController
from annotator.tui.question import Ask, Choice, Question, TextQuestion


def zone(ctl: AnnotateController) -> Question:
    span = ctl.pointer.target
    choices = tuple(Choice(z.label, f"{z.label}  {z.description}") for z in ctl.scheme.zones)
    return Question("Zone for the selection", choices, lambda label: ctl.new_zone(label, span))


def relabel(ctl: AnnotateController) -> Question:
    ident = ctl.current("mention")

    def answer(label: str) -> Ask:
        ctl.commit(ed.relabel_mention(ctl.record, ctl.scheme, ident, label), f"relabel {ident} {label}")
        return None

    choices = tuple(Choice(e.label, f"{e.label}  {e.description}") for e in ctl.scheme.entity_labels)
    return Question(f"New label for {ident}", choices, answer)


def coref(ctl: AnnotateController) -> Question:
    """New cluster, detach, or one of the clusters whose mentions have this mention's label."""
    ident = ctl.current("mention")
    m = ed.mention(ctl.record, ident)
    choices = [Choice("+new", "+ new cluster"), Choice("-detach", "- detach from its cluster")]
    own = ed.entity_of(ctl.record, ident)
    if own is not None:
        choices.append(Choice("~name", f"~ name cluster {own.id} (now {ed.entity_name(ctl.record, own)!r})"))
    for e in ctl.record.entities:
        labels = {x.label for x in ctl.record.mentions if x.id in e.mentions}
        if labels <= {m.label}:
            choices.append(Choice(e.id, f"{ed.entity_name(ctl.record, e)}  ({e.id}, {len(e.mentions)})"))

    def answer(value: str) -> Ask:
        if value == "~name":
            return name_cluster(ctl, ident)
        if value == "-detach":
            ctl.commit(ed.detach(ctl.record, ident), f"detach {ident}")
            return None
        after, eid = ed.attach(ctl.record, ident, None if value == "+new" else value)
        ctl.commit(after, f"{ident} → {eid}")
        return None

    return Question(f"Cluster for {m.text!r}", tuple(choices), answer)


def name_cluster(ctl: AnnotateController, ident: str | None = None) -> TextQuestion:
    """The name of the cluster of the mention here, saved as the entity's name (empty: back to automatic)."""
    ident = ident or ctl.current("mention")
    entity = ed.entity_of(ctl.record, ident)
    if entity is None:
        raise Refused(f"{ident} is in no cluster; put it in one (c) before naming it")

    def answer(name: str) -> Ask:
        ctl.commit(ed.name_entity(ctl.record, ident, name), f"{entity.id} named {name!r}")
        return None

    now = ed.entity_name(ctl.record, entity)
    return TextQuestion(f"Name of cluster {entity.id} (now {now!r}; its most complete NAM mention)", answer, now)


def event_type(ctl: AnnotateController) -> Question:
    """A new event on the target, or (no selection, cursor on a trigger) a new type for that event."""
    kinds = ctl.kinds()
    existing = next((i for i, _, _ in ctl.here() if kinds.get(i) == "event"), None)
    choices = tuple(Choice(t.name, f"{t.name}  {t.description}") for t in ctl.scheme.event_types)
    if existing is not None and ctl.pointer.selection is None:

        def retype(etype: str) -> Ask:
            ctl.commit(ed.set_event_type(ctl.record, ctl.scheme, existing, etype), f"{existing} type {etype}")
            return None

        v = ed.event(ctl.record, existing)
        return Question(f"New type for {existing} {v.trigger.text!r} (now {v.type})", choices, retype)
    span = ctl.pointer.target
    return Question("Event type", choices, lambda etype: ctl.new_event(etype, span))


def argument(ctl: AnnotateController) -> Question | None:
    """The role of the item under the cursor in the active event (again: it stops being an argument).

    The filler is the targeted mention or event trigger under the cursor (Tab
    chooses among stacked ones); an event is offered the roles that take events.
    """
    event = ed.event(ctl.record, ctl.active("event", "make an event active first (Enter on its trigger)"))
    ident = _filler_here(ctl, event.id)
    if any(a.ref == ident for a in event.args):
        ctl.commit(ed.remove_argument(ctl.record, event.id, ident), f"{ident} no longer an argument")
        return None
    specs = ctl.scheme.roles_for(event.type)
    if ctl.kinds().get(ident) == "event":
        filler = ed.event(ctl.record, ident)
        what, shown = f"an event ({filler.type} {filler.trigger.text!r})", filler.trigger.text
        roles = [name for name, spec in specs.items() if spec.events]
    else:
        m = ed.mention(ctl.record, ident)
        what, shown = f"a {m.label} mention", m.text
        roles = ed.allowed_roles(ctl.scheme, event.type, m.label)
    if not roles:
        raise Refused(f"{what} fills no role of {event.type} (roles: {', '.join(specs)})")
    sentence = ctl.pointer.tokens.sentence_bounds(event.trigger.start)
    scope = sentence if ctl.kinds().get(ident) == "mention" else None

    def answer(role: str) -> Ask:
        ctl.commit(ed.add_argument(ctl.record, ctl.scheme, event.id, role, ident, scope), f"{role} {shown!r}")
        return None

    choices = tuple(Choice(r, f"{r}  {specs[r].description}") for r in roles)
    return Question(f"Role of {shown!r} in {event.type}", choices, answer)


def _filler_here(ctl: AnnotateController, event_id: str) -> str:
    """The targeted mention or trigger under the cursor, never the active event itself."""
    kinds = ctl.kinds()
    items = [i for i, _, _ in ctl.here() if kinds.get(i) in ("mention", "event") and i != event_id]
    cur = ctl.current_id()
    if cur in items:
        return cur
    if not items:
        raise Refused("put the cursor on a mention or another event's trigger first")
    return items[0]


class Pick(Enum):
    """Attribute values the picker offers that are not values yet."""

    HERE = "the mention under the cursor"
    TYPE = "type a value…"


def _attr_target(ctl: AnnotateController) -> tuple[str, tuple[AttributeSpec, ...], dict[str, AttrValue], str | None]:
    """The item whose attributes ``=`` edits: the targeted one under the cursor, else the active one."""
    ident = ctl.target_of("mention", "event", "attribution")
    kind = ctl.kinds()[ident]
    if kind == "mention":
        m = ed.mention(ctl.record, ident)
        return ident, ctl.scheme.mention_attributes, m.attrs, m.label
    if kind == "event":
        v = ed.event(ctl.record, ident)
        return ident, ctl.scheme.event_attributes_for(v.type), v.attrs, None
    return ident, ctl.scheme.attribution_attributes, ed.attribution(ctl.record, ident).attrs, None


def _sentence_mentions(ctl: AnnotateController, ident: str) -> list[str]:
    """Ids of the mentions in the sentence of item ``ident`` (the values a ``ref`` attribute is offered)."""
    span = ctl.span_of(ident)
    if span is None:
        return []
    start, end = ctl.pointer.tokens.sentence_bounds(span[0])
    inside = [m for m in ctl.record.mentions if start <= m.start and m.end <= end and m.id != ident]
    return [m.id for m in sorted(inside, key=lambda m: (m.start, -m.end))]


def attributes(ctl: AnnotateController) -> Question:
    """Every attribute value of the item in one picker (type-specific ones included)."""
    ident, specs, attrs, label = _attr_target(ctl)
    choices: list[Choice] = []
    values_by_choice: dict[str, tuple[str, Any]] = {}
    texts = {m.id: m.text for m in ctl.record.mentions}
    for spec in specs:
        if not spec.applies(attrs, label):
            continue
        now = attrs.get(spec.name)
        if spec.type == "enum":
            values: list[Any] = list(spec.values) + ([] if spec.required else [None])
        elif spec.type == "bool":
            values = [True, False]
        elif spec.type == "ref":
            values = [Pick.HERE, *_sentence_mentions(ctl, ident), None]
        else:
            values = [Pick.TYPE, None]
        for v in values:
            shown = "(unset)" if v is None else v.value if isinstance(v, Pick) else v
            if spec.type == "ref" and isinstance(v, str) and v in texts:
                shown = f"{texts[v]!r} ({v})"
            mark = "• " if v == now and v is not None else "  "
            value = f"{spec.name}|{v.name if isinstance(v, Pick) else repr(v)}"
            values_by_choice[value] = (spec.name, v)
            choices.append(Choice(value, f"{mark}{spec.name} = {shown}", spec.description))

    def set_to(name: str, value: Any) -> Ask:
        ctl.commit(ed.set_attr(ctl.record, ctl.scheme, ident, name, value), f"{ident} {name}={value}")
        return None

    def answer(choice: str) -> Ask:
        name, value = values_by_choice[choice]
        if value is Pick.HERE:
            return set_to(name, ctl.current("mention"))
        if value is Pick.TYPE:
            return TextQuestion(f"{name} of {ident}", lambda text: set_to(name, text))
        return set_to(name, value)

    return Question(f"Attributes of {ident}", tuple(choices), answer)


def leave_active(ctl: AnnotateController) -> Question | None:
    """Escape lets go of the active item; only an attribution without content asks first.

    The scheme marks no role as required, so an event without arguments is
    complete (an air strike nobody is named for): it is simply let go. An
    attribution is its content, so one without content is really unfinished.
    """
    ident = ctl.active_id
    if ident is None:
        return None
    if ctl.kinds().get(ident) != "attribution" or ed.attribution(ctl.record, ident).content:
        ctl.active_id = None
        return None

    def answer(value: str) -> Ask:
        if value == "leave":
            ctl.active_id = None
        elif value == "delete":
            ctl.active_id = None
            ctl.commit(ed.delete(ctl.record, ident), f"delete {ident}")
        return None

    choices = (
        Choice("keep", f"keep building {ident}"),
        Choice("leave", f"leave {ident} unfinished (saved; {{ }} find it again)"),
        Choice("delete", f"delete {ident}"),
    )
    return Question(f"attribution {ident} has no content yet", choices, answer)
