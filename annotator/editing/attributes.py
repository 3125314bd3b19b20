"""Attribute edits on mentions, events and attributions, and the record's status.

Attributes can depend on each other (``modality`` only when ``realis`` is
OTHER), so every change settles the set: values whose condition no longer
holds are dropped rather than left behind for validation to reject.
"""

from __future__ import annotations

from annotator.editing.primitives import Refused, attribution, event, mention, replace_item
from annotator.model import AnnotationRecord, Attribution, AttrValue, Event, Mention, Status
from annotator.scheme import AttributeSpec, Scheme


def spec_applies(specs: tuple[AttributeSpec, ...], name: str, attrs: dict[str, AttrValue], label: str | None) -> bool:
    """Whether attribute ``name`` exists among ``specs`` and applies given the other attributes and the label."""
    spec = next((s for s in specs if s.name == name), None)
    return spec is not None and spec.applies(attrs, label)


def settle(attrs: dict[str, AttrValue], specs: tuple[AttributeSpec, ...], label: str | None) -> dict[str, AttrValue]:
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


def _attr_owner(
    record: AnnotationRecord, scheme: Scheme, ident: str
) -> tuple[str, Mention | Event | Attribution, tuple[AttributeSpec, ...], str | None]:
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


def set_attr(record: AnnotationRecord, scheme: Scheme, ident: str, name: str, value: AttrValue) -> AnnotationRecord:
    layer, item, specs, label = _attr_owner(record, scheme, ident)
    spec = next((s for s in specs if s.name == name), None)
    if spec is None:
        raise Refused(f"{ident} has no attribute {name!r}")
    attrs = dict(item.attrs)
    if not spec.applies(attrs, label):
        cond = ", ".join(f"{k} = {v}" for k, v in spec.when.items()) or f"labels {', '.join(spec.labels)}"
        raise Refused(f"{name} applies only when {cond}")
    if spec.type == "ref":
        if value is not None and record.ids().get(str(value)) != "mention":
            raise Refused(f"{name} must name a mention")
    elif (why := spec.check_value(value)) is not None:
        raise Refused(f"{name}: {why}")
    if value is None and spec.required and spec.default is None:
        raise Refused(f"{name} is required; choose another value instead of clearing it")
    if value is None:
        attrs.pop(name, None)
    else:
        attrs[name] = value
    new = item.model_copy(update={"attrs": settle(attrs, specs, label)})
    return record.model_copy(update={layer: replace_item(getattr(record, layer), ident, new)})


def cycle_attr(record: AnnotationRecord, scheme: Scheme, ident: str, name: str) -> tuple[AnnotationRecord, AttrValue]:
    """Set ``name`` to its next value (booleans toggle; optional enums pass through unset)."""
    _, item, specs, _ = _attr_owner(record, scheme, ident)
    spec = next((s for s in specs if s.name == name), None)
    if spec is None:
        raise Refused(f"{ident} has no attribute {name!r}")
    current = item.attrs.get(name)
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


def set_status(record: AnnotationRecord, status: Status) -> AnnotationRecord:
    return record.model_copy(update={"status": status})
