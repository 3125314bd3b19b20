"""The label scheme: the vocabulary of a project, loaded from TOML.

The kinds of annotation (zones, mentions, entities, events, hoppers,
attributions, relations, document labels) are fixed in :mod:`annotator.model`;
the scheme names what may fill them and decides which structures a project
uses: its ``[[relations]]`` (typed, directed or symmetric, with the labels
each argument takes), its ``[[doc_labels]]`` (one or many per document) and
whether mentions may be discontinuous. Loading checks the file as a whole (unique names and keys, roles
that name known labels, defaults among the values) so that a broken scheme is
refused before any annotation is read against it.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from annotator.errors import SchemeError

AttrValue = str | bool | int | float | None
ZoneLayer = Literal["mentions", "events", "attributions"]
LAYERS: tuple[ZoneLayer, ...] = ("mentions", "events", "attributions")
"""The layers (names of :mod:`annotator.layers`) a zone can allow annotating inside it."""


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = Field(min_length=1)
    color: str = "#c0c0c0"
    key: str | None = Field(default=None, max_length=1)


class AttributeSpec(BaseModel):
    """One key of an ``attrs`` mapping and what it may hold.

    ``type`` is ``enum`` (one of ``values``), ``bool``, ``str`` (free text, e.g. an
    ISO date) or ``ref`` (the id of a mention in the same record). ``when`` makes
    the attribute apply only while other attributes hold given values (modality
    only when realis is OTHER); ``labels`` restricts a mention attribute to some
    entity labels.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str = Field(min_length=1)
    type: Literal["enum", "bool", "str", "ref"] = "enum"
    values: tuple[str, ...] = ()
    default: AttrValue = None
    required: bool = False
    labels: tuple[str, ...] = ()
    when: dict[str, str] = Field(default_factory=dict)
    key: str | None = Field(default=None, max_length=1)

    @model_validator(mode="after")
    def _check(self) -> AttributeSpec:
        if self.type == "enum":
            if not self.values:
                raise ValueError(f"attribute {self.name!r}: an enum needs values")
            if len(set(self.values)) != len(self.values):
                raise ValueError(f"attribute {self.name!r}: values repeat")
            if self.default is not None and self.default not in self.values:
                raise ValueError(f"attribute {self.name!r}: default {self.default!r} is not one of {list(self.values)}")
        elif self.values:
            raise ValueError(f"attribute {self.name!r}: only enum attributes take values")
        if self.type == "bool" and self.default is not None and not isinstance(self.default, bool):
            raise ValueError(f"attribute {self.name!r}: a bool default must be true or false")
        return self

    def applies(self, attrs: dict[str, AttrValue], label: str | None = None) -> bool:
        """Whether this attribute is in force for an item with ``attrs`` and ``label``."""
        if self.labels and label not in self.labels:
            return False
        return all(attrs.get(k) == v for k, v in self.when.items())

    def check_value(self, value: AttrValue) -> str | None:
        """Return why ``value`` is not allowed, or None when it is."""
        if value is None:
            return None
        if self.type == "enum":
            if value not in self.values:
                return f"{value!r} is not one of {', '.join(self.values)}"
        elif self.type == "bool":
            if not isinstance(value, bool):
                return f"{value!r} is not true or false"
        elif not isinstance(value, str):
            return f"{value!r} is not a string"
        return None


class ZoneLabel(_Item):
    label: str
    annotate: tuple[ZoneLayer, ...] = LAYERS
    scored: bool = True
    leakage: bool = False
    report_separately: bool = False


class EntityLabel(_Item):
    label: str


class RoleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = Field(min_length=1)
    fillers: tuple[str, ...]
    events: bool = False
    key: str | None = Field(default=None, max_length=1)


class EventType(_Item):
    name: str
    roles: tuple[RoleSpec, ...] = ()
    attributes: tuple[AttributeSpec, ...] = ()


class RelationArg(BaseModel):
    """One argument of a relation: its role and what may fill it (entity labels, event types)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str = Field(min_length=1)
    labels: tuple[str, ...] = ()
    events: tuple[str, ...] = ()


class RelationType(_Item):
    """A typed relation between two annotations; ``symmetric`` ones have no direction."""

    name: str
    args: tuple[RelationArg, RelationArg]
    symmetric: bool = False

    def fits(self, index: int, kind: str, label: str) -> bool:
        """Whether a ``kind`` ("mention" or "event") labelled ``label`` may fill argument ``index``."""
        arg = self.args[index]
        return label in (arg.labels if kind == "mention" else arg.events)


class DocLabel(_Item):
    """A label of the whole document (its main event type, "not relevant", …)."""

    label: str


class SchemeInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str
    description: str = ""
    guidelines: str = "."

    @property
    def id(self) -> str:
        return f"{self.name}/{self.version}"


def _dupes(names: list[str]) -> list[str]:
    return sorted(n for n, count in Counter(names).items() if count > 1)


class Scheme(BaseModel):
    """A whole scheme file. Instances are immutable; derived lookups are cached."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scheme: SchemeInfo
    zones: tuple[ZoneLabel, ...]
    entity_labels: tuple[EntityLabel, ...]
    mention_attributes: tuple[AttributeSpec, ...] = ()
    common_roles: tuple[RoleSpec, ...] = ()
    event_attributes: tuple[AttributeSpec, ...] = ()
    event_types: tuple[EventType, ...] = ()
    attribution_attributes: tuple[AttributeSpec, ...] = ()
    relations: tuple[RelationType, ...] = ()
    doc_labels: tuple[DocLabel, ...] = ()
    doc_label_choice: Literal["one", "many"] = "many"
    discontinuous_mentions: bool = False

    @model_validator(mode="after")
    def _check(self) -> Scheme:
        problems: list[str] = []
        labels = {e.label for e in self.entity_labels}
        for what, names in (
            ("zone label", [z.label for z in self.zones]),
            ("entity label", [e.label for e in self.entity_labels]),
            ("event type", [t.name for t in self.event_types]),
            ("mention attribute", [a.name for a in self.mention_attributes]),
            ("event attribute", [a.name for a in self.event_attributes]),
            ("attribution attribute", [a.name for a in self.attribution_attributes]),
            ("common role", [r.name for r in self.common_roles]),
            ("relation", [r.name for r in self.relations]),
            ("document label", [d.label for d in self.doc_labels]),
        ):
            problems += [f"{what} {n!r} is defined twice" for n in _dupes(names)]
        for what, keys in (
            ("zone", [z.key for z in self.zones if z.key]),
            ("entity label", [e.key for e in self.entity_labels if e.key]),
            ("event type", [t.key for t in self.event_types if t.key]),
            ("event attribute", [a.key for a in self.event_attributes if a.key]),
            ("attribution attribute", [a.key for a in self.attribution_attributes if a.key]),
            ("relation", [r.key for r in self.relations if r.key]),
            ("document label", [d.key for d in self.doc_labels if d.key]),
        ):
            problems += [f"{what} key {k!r} is used twice" for k in _dupes(keys)]
        for role in self.common_roles:
            problems += [
                f"common role {role.name!r} names unknown entity label {f!r}" for f in role.fillers if f not in labels
            ]
        for t in self.event_types:
            names = [r.name for r in t.roles] + [r.name for r in self.common_roles]
            problems += [f"event type {t.name!r}: role {n!r} is defined twice" for n in _dupes(names)]
            for role in t.roles:
                problems += [
                    f"event type {t.name!r}: role {role.name!r} names unknown entity label {f!r}"
                    for f in role.fillers
                    if f not in labels
                ]
            attr_names = [a.name for a in t.attributes] + [a.name for a in self.event_attributes]
            problems += [f"event type {t.name!r}: attribute {n!r} is defined twice" for n in _dupes(attr_names)]
        problems += self._relation_problems(labels)
        for spec in self.mention_attributes:
            problems += [
                f"mention attribute {spec.name!r} names unknown entity label {x!r}"
                for x in spec.labels
                if x not in labels
            ]
        for group in (self.event_attributes, self.attribution_attributes, self.mention_attributes):
            declared = {a.name for a in group}
            for spec in group:
                problems += [
                    f"attribute {spec.name!r}: condition on unknown attribute {k!r}"
                    for k in spec.when
                    if k not in declared
                ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _relation_problems(self, labels: set[str]) -> list[str]:
        problems: list[str] = []
        types = {t.name for t in self.event_types}
        for rel in self.relations:
            roles = [a.role for a in rel.args]
            if not rel.symmetric and roles[0] == roles[1]:
                problems.append(f"relation {rel.name!r}: a directed relation needs two different roles")
            if rel.symmetric and (rel.args[0].labels, rel.args[0].events) != (rel.args[1].labels, rel.args[1].events):
                problems.append(f"relation {rel.name!r}: a symmetric relation takes the same fillers on both sides")
            for arg in rel.args:
                if not arg.labels and not arg.events:
                    problems.append(f"relation {rel.name!r}: argument {arg.role!r} allows no filler")
                problems += [
                    f"relation {rel.name!r}: argument {arg.role!r} names unknown entity label {x!r}"
                    for x in arg.labels
                    if x not in labels
                ]
                problems += [
                    f"relation {rel.name!r}: argument {arg.role!r} names unknown event type {x!r}"
                    for x in arg.events
                    if x not in types
                ]
        return problems

    @property
    def id(self) -> str:
        return self.scheme.id

    @cached_property
    def relation_by_name(self) -> dict[str, RelationType]:
        return {r.name: r for r in self.relations}

    @cached_property
    def doc_label_by_name(self) -> dict[str, DocLabel]:
        return {d.label: d for d in self.doc_labels}

    @cached_property
    def zone_by_label(self) -> dict[str, ZoneLabel]:
        return {z.label: z for z in self.zones}

    @cached_property
    def entity_by_label(self) -> dict[str, EntityLabel]:
        return {e.label: e for e in self.entity_labels}

    @cached_property
    def event_by_type(self) -> dict[str, EventType]:
        return {t.name: t for t in self.event_types}

    def roles_for(self, event_type: str) -> dict[str, RoleSpec]:
        """All roles an event of ``event_type`` may take, common roles included."""
        t = self.event_by_type[event_type]
        return {r.name: r for r in (*t.roles, *self.common_roles)}

    def event_attributes_for(self, event_type: str) -> tuple[AttributeSpec, ...]:
        t = self.event_by_type.get(event_type)
        return self.event_attributes + (t.attributes if t else ())

    def allowed_roles(self, event_type: str, filler_label: str) -> list[str]:
        """Roles of ``event_type`` that a mention labelled ``filler_label`` may fill."""
        return [n for n, r in self.roles_for(event_type).items() if filler_label in r.fillers]

    def default_attrs(self, specs: tuple[AttributeSpec, ...], label: str | None = None) -> dict[str, AttrValue]:
        """The attribute defaults an annotator starts from (only those that apply)."""
        out: dict[str, AttrValue] = {}
        for spec in specs:
            if spec.default is not None and spec.applies(out, label):
                out[spec.name] = spec.default
        return out


def load_scheme(path: str | Path) -> Scheme:
    """Read and check a scheme file; every problem is reported with the file name."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SchemeError(f"{path}: scheme file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SchemeError(f"{path}: not valid TOML: {exc}") from None
    try:
        return Scheme.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            lines.append(f"{path}: {loc}: {msg}" if loc else f"{path}: {msg}")
        raise SchemeError("\n".join(lines)) from None
