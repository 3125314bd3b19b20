"""A fast lane for the bulk of a predictions file: plain mention records.

Most lines an NER system writes hold mentions and nothing else. Such a line
is decoded by msgspec into typed structs (types, patterns, bounds and unknown
keys are checked in C, as strictly as the pydantic model checks them) and then
accepted only if it passes the same lenient checks
:func:`annotator.validate.validate_record` applies to zones and mentions.
Anything else (other layers, a value msgspec will not decode, a record with
any problem) takes the ordinary path, pydantic and ``validate_record``, which
then words the error. The fast lane only ever says yes; saying no and
explaining why stays with the one validator.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

import msgspec

from annotator.model import ID_PATTERN, AnnotationRecord
from annotator.scheme import Scheme

Id = Annotated[str, msgspec.Meta(pattern=ID_PATTERN.removesuffix("$") + r"\Z")]
_ONE_ID = ID_PATTERN.removeprefix("^").removesuffix("$")
_IDS = re.compile(rf"(?:{_ONE_ID}\n)*{_ONE_ID}")
"""All the ids of a record, joined by newlines, checked in one call."""
Offset = Annotated[int, msgspec.Meta(ge=0)]
Empty = Annotated[list[Any], msgspec.Meta(max_length=0)]
AttrValue = str | bool | int | float | None


class FastZone(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    start: Offset
    end: Offset
    text: str
    id: str
    label: str


class FastMention(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    start: Offset
    end: Offset
    text: str
    id: str
    label: str
    attrs: dict[str, AttrValue] = {}


class FastRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Duck-types :class:`~annotator.model.AnnotationRecord` for scoring."""

    doc: Id
    doc_sha256: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}\Z")]
    annotator: Id
    scheme: str
    format: Literal["annotator/1"] = "annotator/1"
    status: Literal["in_progress", "done", "skipped"] = "in_progress"
    updated: str = ""
    zones: tuple[FastZone, ...] = ()
    mentions: tuple[FastMention, ...] = ()
    entities: Empty = []
    events: Empty = []
    hoppers: Empty = []
    attributions: Empty = []
    notes: Empty = []
    meta: dict[str, Any] = {}

    def layers_present(self) -> set[str]:
        if "layers" in self.meta:
            return AnnotationRecord.layers_present(self)  # type: ignore[arg-type]
        if self.zones:
            return {"zones", "mentions"} if self.mentions else {"zones"}
        return {"mentions"} if self.mentions else set()

    def to_model(self) -> AnnotationRecord:
        """The same record through pydantic (raises its ValidationError when it is not valid)."""
        return AnnotationRecord.model_validate(msgspec.to_builtins(self))


_decoder = msgspec.json.Decoder(FastRecord)


LABEL_CODES: dict[str, int] = {}
"""A small number for each label seen in this process, for NumPy columns (names in :data:`LABEL_NAMES`)."""
LABEL_NAMES: list[str] = []


def label_code(label: str) -> int:
    code = LABEL_CODES.get(label)
    if code is None:
        code = LABEL_CODES[label] = len(LABEL_NAMES)
        LABEL_NAMES.append(label)
    return code


_GOOD_IDS: set[str] = set()
"""Ids already found well-formed: most files reuse the same few hundred (m1, m2, ...)."""


def _ids_ok(ids: list[str]) -> bool:
    """Whether every id matches ``ID_PATTERN``; unseen ones are checked in one regular-expression call."""
    if _GOOD_IDS.issuperset(ids):
        return True
    new = set(ids).difference(_GOOD_IDS)
    joined = "\n".join(new)
    if joined.count("\n") != len(new) - 1 or _IDS.fullmatch(joined) is None:
        return False
    if len(_GOOD_IDS) < 100_000:
        _GOOD_IDS.update(new)
    return True


class Mentions(tuple):  # type: ignore[type-arg]
    """A record's mentions with their offsets and label codes (see :data:`LABEL_CODES`) laid out in columns."""

    starts: list[int]
    ends: list[int]
    codes: list[int]
    ids: list[str]


def decode(line: bytes) -> FastRecord | None:
    """The record on ``line`` if it is a well-formed plain mention record, else None.

    The one loop over the spans both checks them and collects the columns the
    batch scorer needs, so no later pass touches the span objects again.
    """
    try:
        rec = _decoder.decode(line)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    zone_ids = []
    for z in rec.zones:
        if z.end < z.start or len(z.text) != z.end - z.start:
            return None
        zone_ids.append(z.id)
    ids: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    codes: list[int] = []
    for m in rec.mentions:
        a, b = m.start, m.end
        if len(m.text) != b - a:  # a length is never negative, so this also rules out end < start
            return None
        starts.append(a)
        ends.append(b)
        code = LABEL_CODES.get(m.label)
        codes.append(label_code(m.label) if code is None else code)
        ids.append(m.id)
    if (ids or zone_ids) and not _ids_ok(ids + zone_ids if zone_ids else ids):
        return None
    mentions = Mentions(rec.mentions)
    mentions.starts, mentions.ends, mentions.codes, mentions.ids = starts, ends, codes, ids
    msgspec.structs.force_setattr(rec, "mentions", mentions)
    return rec


def acceptable(rec: FastRecord, scheme: Scheme, text: str | None) -> bool:
    """Whether ``validate_record(..., strict=False)`` would find nothing wrong with zones and mentions."""
    zones, mentions = rec.zones, rec.mentions
    fast = isinstance(mentions, Mentions)
    mention_ids = set(mentions.ids) if fast else {m.id for m in mentions}
    if len(mention_ids) != len(mentions):
        return False
    if zones and len(mention_ids | {z.id for z in zones}) != len(mentions) + len(zones):
        return False
    labels = {LABEL_NAMES[c] for c in set(mentions.codes)} if fast else {m.label for m in mentions}
    if not scheme.entity_by_label.keys() >= labels:
        return False
    if zones and not scheme.zone_by_label.keys() >= {z.label for z in zones}:
        return False
    if text is not None:
        n = len(text)
        for s in (*zones, *mentions):
            if s.end > n or text[s.start : s.end] != s.text:
                return False
    specs = {s.name: s for s in scheme.mention_attributes}
    for m in mentions:
        if not m.attrs:
            continue
        for name, value in m.attrs.items():
            spec = specs.get(name)
            if spec is None:
                return False
            if not spec.applies(m.attrs, m.label):
                if value is not None:
                    return False
                continue
            if spec.type == "ref":
                if value is not None and value not in mention_ids:
                    return False
            elif spec.check_value(value) is not None:
                return False
    return True
