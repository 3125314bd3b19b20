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
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer, model_validator

FORMAT = "annotator/1"
AttrValue = str | bool | int | float | None
Status = Literal["in_progress", "done", "skipped"]
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$"
RECORD_LAYERS: tuple[Literal["zones", "mentions", "entities", "events", "hoppers", "attributions"], ...] = (
    "zones",
    "mentions",
    "entities",
    "events",
    "hoppers",
    "attributions",
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


class Scored(_Base):
    """An item a system may give a confidence for (0-1), to rank suggestions and benchmark predictions.

    Human annotations carry none, and an absent score is left out of the JSON,
    so files without scores are written exactly as before.
    """

    score: float | None = Field(default=None, ge=0.0, le=1.0)

    @model_serializer(mode="wrap")
    def _without_absent_score(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict) and data.get("score", 0) is None:
            del data["score"]
        return data


class Zone(Span):
    id: str = Field(pattern=ID_PATTERN)
    label: str


class Mention(Span, Scored):
    id: str = Field(pattern=ID_PATTERN)
    label: str
    attrs: dict[str, AttrValue] = Field(default_factory=dict)


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


class AnnotationRecord(_Base):
    """Everything one annotator said about one document.

    Records are immutable: an edit builds a new record (``model_copy``), which
    keeps undo cheap and makes a half-applied edit impossible.
    """

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
