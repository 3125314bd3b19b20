"""The annotation record: one document as labelled by one annotator.

The same record carries human annotations, adjudicated gold (annotator
``gold``) and an extractor's predictions (annotator = the system's name), so
every tool in the project reads and writes one format.

Offsets are Unicode code-point offsets into the exact document text, end
exclusive, and every span carries its text so that a misaligned file is caught
on load instead of silently pointing at the wrong words. References between
annotations are by id. The checks here are the ones that need nothing but the
record itself; checks against the document text and the scheme live in
:mod:`annotator.validate`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer, model_validator

FORMAT = "annotator/1"
AttrValue = str | bool | int | float | None
Status = Literal["in_progress", "done", "skipped"]
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$"
RecordLayer = Literal["zones", "mentions", "entities", "events", "hoppers", "attributions", "relations", "doc_labels"]
RECORD_LAYERS: tuple[RecordLayer, ...] = (
    "zones",
    "mentions",
    "entities",
    "events",
    "hoppers",
    "attributions",
    "relations",
    "doc_labels",
)
"""The record's annotation fields; :mod:`annotator.layers` says what each one is."""


def sha256_text(text: str) -> str:
    """The digest that ties a record to the exact text it was made on."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Span(_Base):
    """A stretch of the document: ``text == doc[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"span {self.start}-{self.end} has {self.end - self.start} characters "
                f"but its text {self.text!r} has {len(self.text)}"
            )
        return self

    @classmethod
    def of(cls, doc_text: str, start: int, end: int) -> Span:
        return cls(start=start, end=end, text=doc_text[start:end])

    @property
    def key(self) -> tuple[int, int]:
        return (self.start, self.end)


class _Omitting(_Base):
    """A record part whose optional fields (``OMIT``) are left out of the JSON while None or empty.

    Fields added after files were written are declared here, so a file that
    does not use them is written byte for byte as before.
    """

    OMIT: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _without_absent(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for name in self.OMIT:
                value = data.get(name, 0)
                if value is None or (isinstance(value, tuple | list | dict) and not value):
                    del data[name]
        return data


class Scored(_Omitting):
    """An item a system may give a confidence for (0-1), to rank suggestions and benchmark predictions.

    Human annotations carry none, and an absent score is left out of the JSON,
    so files without scores are written exactly as before.
    """

    OMIT: ClassVar[tuple[str, ...]] = ("score",)
    score: float | None = Field(default=None, ge=0.0, le=1.0)


class Zone(Span):
    id: str = Field(pattern=ID_PATTERN)
    label: str


class Mention(Span, Scored):
    """An entity mention; ``fragments`` makes it discontinuous.

    A discontinuous mention keeps ``start``/``end``/``text`` as its extent
    (first fragment's start to last fragment's end), so everything that only
    places mentions keeps working; ``fragments`` lists the pieces, in order,
    not overlapping, at least two. A contiguous mention has none (and none in
    its JSON).
    """

    OMIT: ClassVar[tuple[str, ...]] = ("score", "fragments")
    id: str = Field(pattern=ID_PATTERN)
    label: str
    attrs: dict[str, AttrValue] = Field(default_factory=dict)
    fragments: tuple[Span, ...] = ()

    @model_validator(mode="after")
    def _fragments_in_extent(self) -> Mention:
        if not self.fragments:
            return self
        if len(self.fragments) < 2:
            raise ValueError("a discontinuous mention needs at least two fragments")
        for a, b in zip(self.fragments, self.fragments[1:], strict=False):
            if b.start < a.end:
                raise ValueError(f"fragments {a.start}-{a.end} and {b.start}-{b.end} overlap or are out of order")
        first, last = self.fragments[0], self.fragments[-1]
        if (first.start, last.end) != (self.start, self.end):
            raise ValueError(
                f"fragments run {first.start}-{last.end} but the mention's extent is {self.start}-{self.end}"
            )
        return self

    @property
    def pieces(self) -> tuple[Span, ...]:
        """The fragments of a discontinuous mention, else the mention's own span."""
        return self.fragments or (Span(start=self.start, end=self.end, text=self.text),)


class Entity(_Base):
    """A coreference cluster: mentions of one real-world entity in one document."""

    id: str = Field(pattern=ID_PATTERN)
    mentions: tuple[str, ...]
    name: str | None = None
    kb: str | None = None


class Argument(_Base):
    role: str
    ref: str


class Event(Scored):
    id: str = Field(pattern=ID_PATTERN)
    type: str
    trigger: Span
    args: tuple[Argument, ...] = ()
    attrs: dict[str, AttrValue] = Field(default_factory=dict)


class Relation(Scored):
    """A typed relation between two annotations (mentions, or events where the scheme allows).

    ``args`` are in the order of the scheme's roles; for a symmetric relation
    the order carries no meaning.
    """

    id: str = Field(pattern=ID_PATTERN)
    type: str
    args: tuple[Argument, ...]


class Hopper(_Base):
    """Event mentions of one (real or purported) occurrence."""

    id: str = Field(pattern=ID_PATTERN)
    events: tuple[str, ...]


class RoleClaim(_Base):
    """A source's claim that ``ref`` fills ``role`` in ``hopper`` (a hopper or event id)."""

    hopper: str
    role: str
    ref: str


class Attribution(Scored):
    """Who said or claimed what. ``source`` None means an implicit source."""

    id: str = Field(pattern=ID_PATTERN)
    source: str | None = None
    cue: Span | None = None
    content: tuple[Span, ...] = ()
    supplement: tuple[Span, ...] = ()
    via: str | None = None
    parent: str | None = None
    reports: tuple[str, ...] = ()
    role_claims: tuple[RoleClaim, ...] = ()
    attrs: dict[str, AttrValue] = Field(default_factory=dict)


class Note(_Base):
    target: str | None = None
    text: str


def _span_sort(item: Any) -> tuple[int, int, str]:
    return (item.start, item.end, getattr(item, "label", ""))


class AnnotationRecord(_Omitting):
    """Everything one annotator said about one document.

    Records are immutable: an edit builds a new record (``model_copy``), which
    keeps undo cheap and makes a half-applied edit impossible. ``scheme`` names
    the scheme and version the record was made with. ``relations`` and
    ``doc_labels`` (labels of the whole document) are left out of the JSON
    while empty.
    """

    OMIT: ClassVar[tuple[str, ...]] = ("relations", "doc_labels")

    format: Literal["annotator/1"] = "annotator/1"
    doc: str = Field(pattern=ID_PATTERN)
    doc_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    annotator: str = Field(pattern=ID_PATTERN)
    scheme: str
    status: Status = "in_progress"
    updated: str = Field(default_factory=utc_now)
    zones: tuple[Zone, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    hoppers: tuple[Hopper, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    relations: tuple[Relation, ...] = ()
    doc_labels: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    meta: dict[str, Any] = Field(default_factory=dict)

    def layers_present(self) -> set[str]:
        """The layers this record says anything about (used to tell absent from empty)."""
        names = RECORD_LAYERS
        declared = self.meta.get("layers")
        if isinstance(declared, list):
            return {n for n in declared if n in names}
        return {n for n in names if getattr(self, n)}

    def ids(self) -> dict[str, str]:
        """Every annotation id mapped to the kind of thing it names."""
        out: dict[str, str] = {}
        for kind, items in (
            ("zone", self.zones),
            ("mention", self.mentions),
            ("entity", self.entities),
            ("event", self.events),
            ("hopper", self.hoppers),
            ("attribution", self.attributions),
            ("relation", self.relations),
        ):
            for item in items:
                out.setdefault(item.id, kind)
        return out

    def canonical(self) -> AnnotationRecord:
        """The same record with annotations in a stable order, for small diffs."""
        return self.model_copy(
            update={
                "zones": tuple(sorted(self.zones, key=_span_sort)),
                "mentions": tuple(sorted(self.mentions, key=_span_sort)),
                "entities": tuple(sorted(self.entities, key=lambda e: natural_key(e.id))),
                "events": tuple(sorted(self.events, key=lambda e: (e.trigger.start, e.trigger.end, e.type, e.id))),
                "hoppers": tuple(sorted(self.hoppers, key=lambda h: natural_key(h.id))),
                "attributions": tuple(sorted(self.attributions, key=_attribution_sort)),
                "relations": tuple(sorted(self.relations, key=lambda r: natural_key(r.id))),
            }
        )

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def natural_key(ident: str) -> tuple[str, int, str]:
    """Sort key for ids such as ``m2`` < ``m10``."""
    head = ident.rstrip("0123456789")
    tail = ident[len(head) :]
    return (head, int(tail) if tail else -1, ident)


def _attribution_sort(a: Attribution) -> tuple[int, str]:
    anchors = [s.start for s in a.content] + ([a.cue.start] if a.cue else [])
    return (min(anchors) if anchors else -1, a.id)


def next_id(existing: set[str] | dict[str, Any], prefix: str) -> str:
    """The smallest ``prefix<N>`` not yet taken."""
    n = 1
    while f"{prefix}{n}" in existing:
        n += 1
    return f"{prefix}{n}"


def merge_adjacent_zones(zones: Iterable[Zone], text: str) -> list[Zone]:
    """Zones with consecutive same-label zones joined when only whitespace separates them.

    Annotators segment zones differently (line by line, or one zone per block);
    what matters is which label each character gets, so comparisons use this form.
    """
    out: list[Zone] = []
    for z in sorted(zones, key=lambda z: (z.start, z.end)):
        prev = out[-1] if out else None
        if prev and prev.label == z.label and prev.end <= z.start and not text[prev.end : z.start].strip():
            out[-1] = prev.model_copy(update={"end": z.end, "text": text[prev.start : z.end]})
        else:
            out.append(z)
    return out
