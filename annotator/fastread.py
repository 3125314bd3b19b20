"""A fast lane for the bulk of a predictions file: plain mention records.

Most lines an NER system writes hold mentions and nothing else. Such a line
is decoded by msgspec into typed structs (types, patterns, bounds and unknown
keys are checked in C, as strictly as the pydantic model checks them), and no
pydantic object is built for it. The fast lane does not restate the rules of
:func:`annotator.validate.validate_record`: a decoded record is validated by
that function itself (:func:`lenient_problems`), except in the one case where
a handful of cheap checks show the answer is "no problems"
(:func:`plainly_valid`: mentions alone, whose attributes ``validate_record``
has passed). Anything msgspec will not decode (other layers, a value the
model would coerce, any structural problem) takes the ordinary path, pydantic
and ``validate_record``, which then words the error.

``tests/evaluate/test_fastread_property.py`` holds the two lanes to the same
verdict, line by line, on ten thousand generated and mutated records.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, cast

import msgspec

from annotator.corpus import Document
from annotator.linecheck import ids_well_formed, no_duplicate_keys, written_as_the_store_writes
from annotator.model import ID_PATTERN, AnnotationRecord
from annotator.scheme import Scheme
from annotator.validate import validate_record

Id = Annotated[str, msgspec.Meta(pattern=ID_PATTERN.removesuffix("$") + r"\Z")]
Offset = Annotated[int, msgspec.Meta(ge=0)]
Empty = Annotated[list[Any], msgspec.Meta(max_length=0)]
NoFragments = Annotated[tuple[Any, ...], msgspec.Meta(max_length=0)]
"""An empty tuple: msgspec copies a mutable default for every struct, and a million empty lists cost time."""
AttrValue = str | bool | int | float | None


class FastZone(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    start: Offset
    end: Offset
    text: str
    id: str
    label: str


def _no_attrs() -> dict[str, AttrValue]:
    return {}


class FastMention(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False, omit_defaults=True):
    """A contiguous mention; encoded as the store writes it (no empty ``fragments``, ``attrs`` always)."""

    start: Offset
    end: Offset
    text: str
    id: str
    label: str
    attrs: dict[str, AttrValue] = msgspec.field(default_factory=_no_attrs)
    fragments: NoFragments = ()


class FastRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Duck-types :class:`~annotator.model.AnnotationRecord` for scoring (fields in the model's order)."""

    format: Literal["annotator/1"] = "annotator/1"
    doc: Id
    doc_sha256: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}\Z")]
    annotator: Id
    scheme: str
    status: Literal["in_progress", "done", "skipped"] = "in_progress"
    updated: str = ""
    zones: tuple[FastZone, ...] = ()
    mentions: tuple[FastMention, ...] = ()
    entities: Empty = []
    events: Empty = []
    hoppers: Empty = []
    attributions: Empty = []
    relations: Empty = []
    doc_labels: Empty = []
    notes: Empty = []
    meta: dict[str, Any] = {}

    def layers_present(self) -> set[str]:
        if "layers" in self.meta:
            return AnnotationRecord.layers_present(self)  # type: ignore[arg-type]
        if self.zones:
            return {"zones", "mentions"} if self.mentions else {"zones"}
        return {"mentions"} if self.mentions else set()

    def ids(self) -> dict[str, str]:
        """What :meth:`AnnotationRecord.ids` says (the same code), for :func:`validate_record`."""
        return AnnotationRecord.ids(self)  # type: ignore[arg-type]

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


class Mentions(tuple[FastMention, ...]):
    """A record's mentions with their offsets and label codes (see :data:`LABEL_CODES`) laid out in columns."""

    starts: list[int]
    ends: list[int]
    codes: list[int]
    ids: list[str]
    attr_keys: frozenset[bytes] | None = None
    """The distinct (label, attributes) pairs as written on the line, when :func:`decode_gold` found every one."""


_LABEL_ATTRS = re.compile(rb'"label":("[^"\\]*","attrs":\{[^{}\\]*\})')
"""A mention's label and attributes as the store writes them (compact, label before attrs, no escapes).
Inside a JSON string every quote is escaped, so this cannot match text within a string."""


def decode_gold(line: bytes) -> FastRecord | None:
    """:func:`decode`, also noting the distinct (label, attributes) pairs written on the line.

    A gold record is held to the strict rules, under which every mention's
    attributes are judged (a required one may be missing); judging each
    distinct pair once, found on the raw line, costs one regular-expression
    scan instead of a Python step per mention. When the scan does not find
    exactly one pair per mention (another layout), nothing is noted and
    the mentions are judged one by one. Only mentions can hold such a pair
    (the other layers are empty, zones have no attributes, attribute values
    are scalars), except ``meta``, which is why a record with meta is skipped.
    """
    rec = decode(line)
    if rec is not None and not rec.meta and isinstance(rec.mentions, Mentions):
        found = _LABEL_ATTRS.findall(line)
        if len(found) == len(rec.mentions):
            rec.mentions.attr_keys = frozenset(found)
    return rec


def decode(line: bytes) -> FastRecord | None:
    """The record on ``line`` if it is a well-formed plain mention record, else None.

    The one loop over the spans both checks them and collects the columns the
    batch scorer needs, so no later pass touches the span objects again.
    """
    try:
        rec = _decoder.decode(line)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    if not written_as_the_store_writes(rec, line) and not no_duplicate_keys(line):
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
    if (ids or zone_ids) and not ids_well_formed(ids + zone_ids if zone_ids else ids):
        return None
    mentions = Mentions(rec.mentions)
    mentions.starts, mentions.ends, mentions.codes, mentions.ids = starts, ends, codes, ids
    msgspec.structs.force_setattr(rec, "mentions", mentions)
    return rec


def lenient_problems(record: AnnotationRecord | FastRecord, doc: Document | None, scheme: Scheme) -> list[str]:
    """What evaluation holds against a prediction: :func:`validate_record` in its lenient mode.

    Two of its findings do not concern scoring and are dropped: a missing
    document when no corpus was given (``doc`` None), and a scheme of another
    name (a system may name its scheme as it likes; its labels are checked).
    A :class:`FastRecord` is validated as it is: it duck-types the model, and
    msgspec has already held it to the model's types, so no pydantic object
    is built for it.
    """
    record = cast(AnnotationRecord, record)
    not_found = f"doc {record.doc}: document not found in the corpus"
    other_scheme = f"doc {record.doc}: made with scheme"
    return [
        p
        for p in validate_record(record, doc, scheme, strict=False)
        if not (doc is None and p == not_found) and not p.startswith(other_scheme)
    ]


def plainly_valid(rec: FastRecord, scheme: Scheme, doc: Document | None, *, strict: bool = False) -> bool:
    """A quick yes for the commonest prediction (or, ``strict``, gold record): mentions alone, without zones.

    For such a record :func:`validate_record` objects to the text it was made
    on, repeated ids, unknown labels, spans that are not the document's, and
    attributes; the first four are checked here on the columns :func:`decode`
    laid out, and attributes are put to ``validate_record`` itself
    (:func:`_attrs_pass`). False means "not shown", not "invalid": anything
    else (zones, a reference between mentions, a problem) is judged by
    :func:`lenient_problems`, so the subtler rules, present and future, have
    one statement only. ``strict`` applies the rules of a gold record: its
    scheme must be the project's and every mention's attributes, none
    included, are put to the strict validator (required attributes).
    """
    if rec.zones:
        return False
    mentions = rec.mentions
    if not isinstance(mentions, Mentions):
        return False
    if strict and rec.scheme != scheme.id:
        return False
    if doc is not None and rec.doc_sha256 != doc.sha256:
        return False
    if len(set(mentions.ids)) != len(mentions):
        return False
    codes = set(mentions.codes)
    if not scheme.entity_by_label.keys() >= {LABEL_NAMES[c] for c in codes}:
        return False
    if strict:
        if not _all_attrs_pass_strictly(scheme, mentions):
            return False
    else:
        for m in mentions:
            if m.attrs and not _attrs_pass(scheme, m.label, m.attrs):
                return False
    if doc is not None:
        text = doc.text
        if mentions and max(mentions.ends) > len(text):
            return False
        for m in mentions:  # a plain loop: faster here than joining slices (no slice objects, no copies)
            if text[m.start : m.end] != m.text:
                return False
    return True


_VERDICTS: dict[int, tuple[Scheme, set[str], dict[tuple[Any, ...], bool]]] = {}
"""Per scheme (by identity, held so the id stays its own): its reference attributes, and verdicts on attributes."""


def _all_attrs_pass_strictly(scheme: Scheme, mentions: Mentions) -> bool:
    """Whether every mention's (label, attributes) passes the strict validator; raw pairs when noted."""
    if mentions.attr_keys is None:
        return all(_attrs_pass(scheme, m.label, m.attrs, strict=True) for m in mentions)
    for raw in mentions.attr_keys:
        verdict = _RAW_VERDICTS.get((id(scheme), raw))
        if verdict is None:
            label_raw, _, attrs_raw = raw.partition(b',"attrs":')
            try:
                label, attrs = msgspec.json.decode(label_raw), msgspec.json.decode(attrs_raw)
            except msgspec.DecodeError:  # a brace inside a string value cut the scan short
                return False
            verdict = (
                isinstance(label, str) and isinstance(attrs, dict) and _attrs_pass(scheme, label, attrs, strict=True)
            )
            if len(_RAW_VERDICTS) < 10_000:
                _RAW_VERDICTS[id(scheme), raw] = verdict
        if not verdict:
            return False
    return True


_RAW_VERDICTS: dict[tuple[int, bytes], bool] = {}
"""Strict verdicts on (label, attributes) as written, per scheme (kept alive by :data:`_VERDICTS`)."""


def _attrs_pass(scheme: Scheme, label: str, attrs: dict[str, AttrValue], *, strict: bool = False) -> bool:
    """Whether :func:`validate_record` finds nothing wrong with a mention of ``label`` carrying ``attrs``.

    It is asked, once per distinct label and attributes, about a record of that
    one mention with no text to check: the verdict depends on nothing else,
    except for a reference to another mention, which is left to the full check.
    Values are told apart by type (``True``, ``1`` and ``1.0`` are equal keys
    in Python, not for the validator).
    """
    entry = _VERDICTS.get(id(scheme))
    if entry is None or entry[0] is not scheme:
        refs = {s.name for s in scheme.mention_attributes if s.type == "ref"}
        entry = _VERDICTS[id(scheme)] = (scheme, refs, {})
    _, refs, verdicts = entry
    if refs and any(attrs.get(name) is not None for name in refs):
        return False
    key = (strict, label, *((k, type(v), v) for k, v in attrs.items()))
    verdict = verdicts.get(key)
    if verdict is None:
        probe = FastRecord(
            doc="probe",
            doc_sha256="0" * 64,
            annotator="probe",
            scheme=scheme.id,
            mentions=(FastMention(start=0, end=0, text="", id="m1", label=label, attrs=dict(attrs)),),
        )
        verdict = not (
            gold_problems(probe, scheme, None, corpus=False) if strict else lenient_problems(probe, None, scheme)
        )
        if len(verdicts) < 10_000:
            verdicts[key] = verdict
    return verdict


def problems(rec: FastRecord, scheme: Scheme, doc: Document | None) -> list[str]:
    """Exactly :func:`lenient_problems` of ``rec``, without its cost for a plainly valid record."""
    if plainly_valid(rec, scheme, doc):
        return []
    return lenient_problems(rec, doc, scheme)


def gold_problems(
    rec: AnnotationRecord | FastRecord, scheme: Scheme, doc: Document | None, *, corpus: bool
) -> list[str]:
    """What ``annotator validate`` holds against a gold record (the strict rules), cheaply when plainly valid.

    ``corpus`` says whether there is a corpus to check against: without one,
    a document not found is no problem (as in :func:`annotator.validate.check_file`).
    """
    if isinstance(rec, FastRecord) and (doc is not None or not corpus) and plainly_valid(rec, scheme, doc, strict=True):
        return []
    found = validate_record(cast(AnnotationRecord, rec), doc, scheme, strict=True)
    if not corpus:
        not_found = f"doc {rec.doc}: document not found in the corpus"
        found = [p for p in found if p != not_found]
    return found
