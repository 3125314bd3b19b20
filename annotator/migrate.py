"""Moving annotations to a new version of the scheme: renames and merges of names, record by record.

A rename map (TOML) says what each old name becomes; two old names mapped to
one new name merge them. Tables:

- ``[zones]``, ``[entity_labels]``, ``[event_types]``, ``[relations]``,
  ``[doc_labels]``: old name = new name.
- ``[roles]``: ``Role = "New"`` everywhere, or ``"TYPE.Role" = "New"`` for the
  roles of one event or relation type (its old name); the typed entry wins.
- ``[attributes]``: attribute names, on mentions, events and attributions.
- ``[values.NAME]``: values of the attribute ``NAME`` (its old name).

:func:`migrate_record` applies the map and counts every change;
:func:`migrate_decision` does the same to an adjudication decision's edit
(labels, types, roles and attributes it sets), so that ``adjudicate`` still
makes the same gold after a migration; :func:`unmapped` lists what the target
scheme still does not know, which is what a migration cannot do by itself.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from annotator.adjudicate import Decision
from annotator.corpus import Document
from annotator.errors import AnnotatorError
from annotator.model import AnnotationRecord, Argument, AttrValue
from annotator.scheme import Scheme
from annotator.validate import validate_record
from annotator.validate_structures import UNKNOWN_NAME


class MigrationError(AnnotatorError):
    """A rename map that cannot be read."""


class RenameMap(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zones: dict[str, str] = {}
    entity_labels: dict[str, str] = {}
    event_types: dict[str, str] = {}
    roles: dict[str, str] = {}
    relations: dict[str, str] = {}
    doc_labels: dict[str, str] = {}
    attributes: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}


def load_rename_map(path: str | Path) -> RenameMap:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MigrationError(f"{path}: rename map not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MigrationError(f"{path}: not valid TOML: {exc}") from None
    try:
        return RenameMap.model_validate(raw)
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise MigrationError(f"{path}: {where}") from None


class _Renamer:
    def __init__(self, rmap: RenameMap) -> None:
        self.m = rmap
        self.changes: Counter[str] = Counter()

    def name(self, what: str, table: dict[str, str], old: str) -> str:
        new = table.get(old, old)
        if new != old:
            self.changes[f"{what} {old} → {new}"] += 1
        return new

    def role(self, owner: str, role: str) -> str:
        """``role`` of an item of (old) type ``owner``: a typed entry of ``[roles]`` first, then a plain one."""
        typed = f"{owner}.{role}"
        if typed not in self.m.roles:
            return self.name("role", self.m.roles, role)
        new = self.m.roles[typed]
        if new != role:
            self.changes[f"role {typed} → {new}"] += 1
        return new

    def attrs(self, attrs: dict[str, AttrValue]) -> dict[str, AttrValue]:
        out: dict[str, AttrValue] = {}
        for key, value in attrs.items():
            if isinstance(value, str) and key in self.m.values:
                value = self.name(f"{key} value", self.m.values[key], value)
            out[self.name("attribute", self.m.attributes, key)] = value
        return out

    def args(self, owner: str, args: tuple[Argument, ...]) -> tuple[Argument, ...]:
        return tuple(a.model_copy(update={"role": self.role(owner, a.role)}) for a in args)


def migrate_record(record: AnnotationRecord, rmap: RenameMap, target: Scheme) -> tuple[AnnotationRecord, Counter[str]]:
    """``record`` with every name mapped and made with ``target``; the changes counted by kind and name."""
    r = _Renamer(rmap)
    m = rmap
    zones = tuple(z.model_copy(update={"label": r.name("zone", m.zones, z.label)}) for z in record.zones)
    mentions = tuple(
        x.model_copy(update={"label": r.name("entity label", m.entity_labels, x.label), "attrs": r.attrs(x.attrs)})
        for x in record.mentions
    )
    old_type = {v.id: v.type for v in record.events}
    old_type |= {h.id: old_type[h.events[0]] for h in record.hoppers if h.events and h.events[0] in old_type}
    events = tuple(
        v.model_copy(
            update={
                "type": r.name("event type", m.event_types, v.type),
                "args": r.args(v.type, v.args),
                "attrs": r.attrs(v.attrs),
            }
        )
        for v in record.events
    )
    attributions = tuple(
        a.model_copy(
            update={
                "attrs": r.attrs(a.attrs),
                "role_claims": tuple(
                    c.model_copy(update={"role": r.role(old_type.get(c.hopper, ""), c.role)}) for c in a.role_claims
                ),
            }
        )
        for a in record.attributions
    )
    relations = tuple(
        x.model_copy(update={"type": r.name("relation", m.relations, x.type), "args": r.args(x.type, x.args)})
        for x in record.relations
    )
    labels = tuple(dict.fromkeys(r.name("document label", m.doc_labels, x) for x in record.doc_labels))
    if record.scheme != target.id:
        r.changes[f"scheme {record.scheme} → {target.id}"] += 1
    after = record.model_copy(
        update={
            "scheme": target.id,
            "zones": zones,
            "mentions": mentions,
            "events": events,
            "attributions": attributions,
            "relations": relations,
            "doc_labels": labels,
        }
    )
    return AnnotationRecord.model_validate(after.model_dump()), r.changes


def unmapped(record: AnnotationRecord, doc: Document | None, target: Scheme) -> list[str]:
    """The problems of a migrated record that name something ``target`` does not define."""
    return [p for p in validate_record(record, doc, target, strict=False) if UNKNOWN_NAME.search(p)]


def migrate_decision(decision: Decision, rmap: RenameMap) -> tuple[Decision, Counter[str]]:
    """``decision`` with the names in its ``edit`` mapped, by the layer its item names.

    A decision keys its item by span (``mention:12-19``), never by name, so only
    the edit can hold names. Roles are mapped through the event type the edit
    gives, else through the plain ``[roles]`` entries.
    """
    if not decision.edit:
        return decision, Counter()
    r = _Renamer(rmap)
    edit = dict(decision.edit)
    layer = decision.item.split(":", 1)[0]
    tables = {"zone": ("zone", rmap.zones), "mention": ("entity label", rmap.entity_labels)}
    if "label" in edit and layer in tables:
        what, table = tables[layer]
        edit["label"] = r.name(what, table, edit["label"])
    owner = str(edit.get("type", ""))
    if "type" in edit and layer == "event":
        edit["type"] = r.name("event type", rmap.event_types, edit["type"])
    if isinstance(edit.get("attrs"), dict):
        edit["attrs"] = r.attrs(edit["attrs"])
    if isinstance(edit.get("args"), list):
        edit["args"] = [{**a, "role": r.role(owner, a["role"])} if "role" in a else a for a in edit["args"]]
    return decision.model_copy(update={"edit": edit}), r.changes
