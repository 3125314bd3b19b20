"""An adjudicator's decisions: what one may say, and the checks that refuse a decision naming nothing.

Kept apart from the merge itself (:mod:`annotator.adjudicate`) because the curation app, the review
screen and migration build and read decisions without merging anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict

from annotator.adjudicate_structures import LABELS, relation_versions
from annotator.alignment import AnchorView, Key, attribution_anchor, cluster_key, span_key
from annotator.corpus import Document
from annotator.errors import DecisionError
from annotator.model import AnnotationRecord, Attribution, Event, Mention, Zone
from annotator.scheme import Scheme
from annotator.validate import validate_record

__all__ = [
    "ADDABLE",
    "Decision",
    "added_attribution",
    "added_event",
    "added_item",
    "adds",
    "adds_cluster",
    "edit_references",
    "edited",
    "refuse_invalid_added_events",
    "refuse_unknown_items",
    "spans_with_text",
    "stated_members",
]


class Decision(BaseModel):
    """An adjudicator's ruling on one aligned item: keep ``take``'s version, or drop it (None)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc: str
    item: Key
    take: str | None
    reason: str
    edit: dict[str, Any] | None = None
    """Fields of the taken version that the adjudicator changes (``label``, ``attrs``,
    ``start``/``end``, ``args``, ``cue``, ``content``…). Spans need only ``start`` and
    ``end``, their text is taken from the document; references use the ids of the
    taken annotator's record, or a gold item's anchor (``mention:12-19``), which
    can name an item another decision adds; a role claim's hopper may be named by
    its events' anchors (``hopper:event:3-9,event:40-47``). For the rare item both annotators got wrong.

    With ``take`` None, an ``edit`` on a zone or mention no annotator has adds
    that item (its offsets come from ``item``; ``label`` and ``attrs`` from the
    edit); on an attribution no annotator has, the edit states the whole
    attribution (its ``cue``, which must be the item's anchor, else its
    ``content``; ``source``, ``reports``… by key), for a quote every annotator
    missed; on an event no annotator has (``event:S-E``, its trigger), the edit
    gives its ``type`` (required), its ``attrs`` (the scheme's defaults for the
    type fill the rest) and its ``args`` as ``[{"role", "ref": "mention:S-E"}]``
    by key, for an event every annotator missed; a hopper over it is added with
    the cluster decision below. On a cluster (``entity:…``/``hopper:…``), ``{"members": [anchor, …]}``
    states the kept cluster's members, to merge or split what every annotator
    grouped otherwise; with ``take`` None on a cluster no annotator made, the same edit
    adds it (the item must be the cluster key of those members), for the group
    both annotators left apart. On a relation (``relation:<anchor>,<anchor>``, the pair
    it relates) it takes that annotator's relations between the pair, or none;
    on ``doc_labels``, that annotator's document labels, or none; neither is edited."""


ADDABLE = ("zone", "mention", "event", "attribution")
"""Layers a decision may add an item to (an event's arguments and an attribution's references are named by key)."""


def adds(key: Key, d: Decision, views: dict[str, AnchorView]) -> bool:
    """Whether ``d`` adds an item no annotator has (see :class:`Decision`)."""
    return (
        d.take is None
        and d.edit is not None
        and key.split(":", 1)[0] in ADDABLE
        and not any(key in v.items for v in views.values())
    )


def _key_span(key: Key, d: Decision, text: str) -> tuple[int, int]:
    """The offsets an added item's key names, refused unless they lie in the document."""
    start, end = (int(x) for x in key.split(":", 1)[1].split("-"))
    if not 0 <= start < end <= len(text):
        raise DecisionError(d.doc, key, "the offsets are outside the document")
    return start, end


def added_item(key: Key, d: Decision, text: str) -> Zone | Mention:
    layer = key.split(":", 1)[0]
    start, end = _key_span(key, d, text)
    data = {"id": "new", **(d.edit or {}), "start": start, "end": end, "text": text[start:end]}
    try:
        return (Zone if layer == "zone" else Mention).model_validate(data)
    except ValueError as exc:
        raise DecisionError(d.doc, key, f"the added item is not valid: {exc}") from None


SPANS = ("cue", "content", "supplement")
"""The parts of an added attribution that are spans of the text."""


def added_attribution(key: Key, d: Decision, text: str, defaults: dict[str, Any]) -> Attribution:
    """The attribution ``d`` adds: the edit states it all (the scheme's attribute ``defaults`` fill in the
    rest), its spans in the document and its references by key, since no annotator's ids are at hand."""
    edit = dict(d.edit or {})
    if "id" in edit:
        raise DecisionError(d.doc, key, "ids cannot be edited")
    if edit.get("cue") is None and not edit.get("content"):
        raise DecisionError(d.doc, key, "an added attribution needs its cue (or, without a cue, its content)")
    for part in SPANS:
        value = edit.get(part)
        for span in value if isinstance(value, list) else [value] if isinstance(value, dict) else []:
            _check_span(d, key, part, span, text)
    bare = [f"{part} {ref!r}" for part, ref in _references(edit) if ":" not in ref]
    if bare:
        raise DecisionError(
            d.doc, key, f"an added attribution names what it points at by key (mention:12-19): {', '.join(bare)}"
        )
    data = {"id": "new", **edit, "attrs": {**defaults, **(edit.get("attrs") or {})}}
    try:
        made = Attribution.model_validate(spans_with_text(data, text))
    except ValueError as exc:
        raise DecisionError(d.doc, key, f"the added attribution is not valid: {exc}") from None
    anchor = span_key("attribution", *attribution_anchor(made))
    if anchor != key:
        what = "its cue" if made.cue is not None else "its first content span"
        raise DecisionError(d.doc, key, f"{what} is {anchor}: the item must be named by it")
    return made


def added_event(key: Key, d: Decision, text: str, scheme: Scheme) -> Event:
    """The event ``d`` adds, its trigger the item's span: the edit gives its type and arguments, by key since
    no annotator's ids are at hand; the attributes it leaves out are the type's defaults, as an annotator's
    new event starts from."""
    edit = dict(d.edit or {})
    if "id" in edit:
        raise DecisionError(d.doc, key, "ids cannot be edited")
    etype = edit.get("type")
    if etype is None:
        raise DecisionError(d.doc, key, "an added event needs its type")
    if not isinstance(etype, str) or etype not in scheme.event_by_type:
        raise DecisionError(d.doc, key, f"{etype!r} is not an event type of scheme {scheme.id}")
    start, end = _key_span(key, d, text)
    given = edit.get("trigger")
    if given is not None:
        if not isinstance(given, dict):
            raise DecisionError(d.doc, key, "an added event's trigger is a span: {'start': S, 'end': E}")
        _check_span(d, key, "trigger", given, text)
        if (given["start"], given["end"]) != (start, end):
            named = span_key("event", given["start"], given["end"])
            raise DecisionError(d.doc, key, f"its trigger is {named}: the item must be named by it")
    attrs = edit.get("attrs") or {}
    if not isinstance(attrs, dict):
        raise DecisionError(d.doc, key, "an added event's attrs are an object of names and values")
    count = attrs.get("count")
    refs = [*_references({"args": edit.get("args")}), *([("count", count)] if isinstance(count, str) else [])]
    bare = [f"{part} {ref!r}" for part, ref in refs if ":" not in ref]
    if bare:
        raise DecisionError(
            d.doc, key, f"an added event names what it points at by key (mention:12-19): {', '.join(bare)}"
        )
    defaults = scheme.default_attrs(scheme.event_attributes_for(etype))
    data = {"id": "new", **edit, "trigger": {"start": start, "end": end}, "attrs": {**defaults, **attrs}}
    try:
        made = Event.model_validate(spans_with_text(data, text))
    except ValueError as exc:
        raise DecisionError(d.doc, key, f"the added event is not valid: {exc}") from None
    roles = scheme.roles_for(etype)
    wrong = sorted({a.role for a in made.args if a.role not in roles})
    if wrong:
        raise DecisionError(d.doc, key, f"{etype} has no role {', '.join(wrong)} (roles: {', '.join(roles)})")
    return made


def refuse_invalid_added_events(record: AnnotationRecord, doc: Document, scheme: Scheme, added: Iterable[Key]) -> None:
    """Refuse, as its decision, an added event the gold gate (:func:`annotator.validate.validate_record`)
    would refuse (an argument's label its role does not take, a trigger in a closed zone, a bad attribute),
    so that the curator is told which line to change before any gold is written."""
    keys = sorted(k for k in added if k.startswith("event:"))
    if not keys:
        return
    gold_id = {span_key("event", v.trigger.start, v.trigger.end): v.id for v in record.events}
    problems = validate_record(record, doc, scheme)
    for key in keys:
        where = f"doc {record.doc}: {gold_id[key]}: "
        found = [p.removeprefix(where) for p in problems if p.startswith(where)]
        if found:
            raise DecisionError(record.doc, key, f"the added event would not validate: {'; '.join(found)}")


def _check_span(d: Decision, key: Key, part: str, span: Any, text: str) -> None:
    """A span of an added attribution or event must lie in the document and, when it gives its text, be that text."""
    start, end = span.get("start"), span.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise DecisionError(d.doc, key, f"the {part} span {start}-{end} is not in the document")
    given = span.get("text")
    if given is not None and given != text[start:end]:
        raise DecisionError(
            d.doc, key, f"the {part} span {start}-{end} is {text[start:end]!r} in the document, not {given!r}"
        )


def adds_cluster(key: Key, d: Decision, views: dict[str, AnchorView]) -> bool:
    """Whether ``d`` adds a cluster or hopper no annotator made (see :class:`Decision`)."""
    kind = key.split(":", 1)[0]
    if d.take is not None or d.edit is None or kind not in ("entity", "hopper"):
        return False
    if any(key in v.clusters(kind) for v in views.values()):
        return False
    members = d.edit.get("members")
    if set(d.edit) != {"members"} or not isinstance(members, list) or cluster_key(kind, members) != key:
        raise DecisionError(
            d.doc, key, "adding a cluster takes edit {'members': [...]} naming exactly the anchors of its item"
        )
    return True


def refuse_unknown_items(doc: str, views: dict[str, AnchorView], ruling: dict[Key, Decision]) -> None:
    """A decision must name an item (or cluster) some annotator has, and take a version that exists,
    unless it adds an item (``take`` None with an ``edit``: a zone, mention, event or attribution) or a cluster."""
    for key, d in ruling.items():
        kind = key.split(":", 1)[0]
        if kind in ("entity", "hopper"):
            have = sorted(n for n, v in views.items() if key in v.clusters(kind))
        elif kind == "relation":
            have = sorted(n for n, v in views.items() if key in relation_versions(v))
        elif key == LABELS:
            have = sorted(n for n, v in views.items() if v.record.doc_labels)
        else:
            have = sorted(n for n, v in views.items() if key in v.items)
        if not have and (adds(key, d, views) or adds_cluster(key, d, views)):
            continue
        if not have:
            raise DecisionError(doc, key, "no annotator has this item")
        if d.take is not None and d.take not in have:
            raise DecisionError(doc, key, f"{d.take!r} has no version of this item")


def stated_members(d: Decision, gold_id: dict[Key, str]) -> frozenset[str] | None:
    """The gold ids of the members a cluster decision states (``edit: {"members": [anchor, …]}``)."""
    if d.edit is None:
        return None
    if set(d.edit) != {"members"}:
        raise DecisionError(d.doc, d.item, "a cluster's edit may only state its members")
    missing = [a for a in d.edit["members"] if a not in gold_id]
    if missing:
        raise DecisionError(d.doc, d.item, f"members not in the gold: {', '.join(missing)}")
    return frozenset(gold_id[a] for a in d.edit["members"])


def spans_with_text(value: Any, text: str) -> Any:
    """``value`` (an item's fields) with every span's ``text`` taken from the document, since an
    edit names spans by ``start`` and ``end`` alone."""
    if isinstance(value, dict):
        value = {k: spans_with_text(v, text) for k, v in value.items()}
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            value["text"] = text[value["start"] : value["end"]]
        return value
    if isinstance(value, list):
        return [spans_with_text(v, text) for v in value]
    return value


def edited(item: Any, decision: Decision, text: str) -> Any:
    """The taken version with the adjudicator's changes; spans get their text from the document."""
    edit = decision.edit or {}
    if "id" in edit:
        raise DecisionError(decision.doc, decision.item, "ids cannot be edited")

    data = spans_with_text({**item.model_dump(), **edit}, text)
    try:
        return type(item).model_validate(data)
    except ValueError as exc:
        raise DecisionError(decision.doc, decision.item, f"the edit does not make a valid item: {exc}") from None


REFERENCES = {"source": (), "via": (), "parent": (), "reports": (), "args": ("ref",), "role_claims": ("hopper", "ref")}
"""The fields of an edit that point at other items, and, for lists of objects, the keys that do."""


def edit_references(edit: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, reference) for every reference ``edit`` names by key (``mention:12-19``, ``hopper:…``): what
    an adjudicator or the curation app wrote, which must name an item of the gold. References by an
    annotator's id (carried over from their version) are left to the merge."""
    return [(part, r) for part, r in _references(edit) if ":" in r]


def _references(edit: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, reference) for every reference ``edit`` names, by key or by an annotator's id."""
    out = []
    for part, inner in REFERENCES.items():
        value = edit.get(part)
        values = value if isinstance(value, list) else [value]
        for v in values:
            refs = [v.get(k) for k in inner] if isinstance(v, dict) else [v] if not inner else []
            out += [(part, r) for r in refs if isinstance(r, str)]
    return out
