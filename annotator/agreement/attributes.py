"""Label and attribute agreement on units that annotators marked with the same boundaries.

A unit is one exact extent in one document (a mention span, an event
trigger, an attribution anchor); each annotator who marked it contributes
the unit's label and attributes, the others are missing. Alpha uses every
unit at least two annotators marked, kappa each pair's shared units. An
attribute an annotator left unset counts as the value ``(unset)``, so "set
versus not set" is a disagreement rather than a gap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

from annotator.agreement.coefficients import Coincidences, PairTable, add_rows
from annotator.layers import anchor_key
from annotator.model import AnnotationRecord

UNSET = "(unset)"
FIELDS: dict[str, tuple[str, ...]] = {
    "mentions": ("label", "level"),
    "events": ("type", "realis", "polarity", "modality"),
    "attributions": ("stance", "quote", "verification"),
}
Unit = tuple[int, int]


def units_of(rec: AnnotationRecord, layer: str) -> dict[Unit, dict[str, str]]:
    """The record's units of ``layer`` with their field values (the first of duplicate extents wins)."""
    out: dict[Unit, dict[str, str]] = {}
    if layer == "mentions":
        for m in rec.mentions:
            out.setdefault((m.start, m.end), {"label": m.label, "level": _value(m.attrs.get("level"))})
    elif layer == "events":
        for e in rec.events:
            values = {"type": e.type} | {f: _value(e.attrs.get(f)) for f in FIELDS["events"][1:]}
            out.setdefault((e.trigger.start, e.trigger.end), values)
    elif layer == "attributions":
        for a in rec.attributions:
            at = anchor_key(a)
            if at is not None:
                out.setdefault(at, {f: _value(a.attrs.get(f)) for f in FIELDS["attributions"]})
    return out


def _value(v: object) -> str:
    return UNSET if v is None else str(v)


@dataclass
class AttributeAgreement:
    """Per field: alpha over all annotators and kappa per pair, on agreed units (mergeable).

    :meth:`add` holds each field's rows of values, counted by distinct row; :meth:`flush` counts them.
    """

    layer: str
    annotators: list[str]
    alpha: dict[str, Coincidences] = field(default_factory=dict)
    pairs: dict[str, dict[tuple[str, str], PairTable]] = field(default_factory=dict)
    held: dict[str, Counter[tuple[Hashable, ...]]] = field(default_factory=dict, repr=False)

    def update(self, records: Mapping[str, AnnotationRecord]) -> None:
        """Add and count one document's records."""
        self.add(records)
        self.flush()

    def add(self, records: Mapping[str, AnnotationRecord]) -> None:
        """Hold one document's rows: per unit, each annotator's value of each field (None: not marked)."""
        units = {a: units_of(rec, self.layer) for a, rec in records.items()}
        keys = {k for u in units.values() for k in u}
        if not keys:
            return
        marked = [units.get(a, {}) for a in self.annotators]
        for name in FIELDS[self.layer]:
            self.alpha.setdefault(name, Coincidences())
            self.held.setdefault(name, Counter()).update(
                tuple(u[key][name] if key in u else None for u in marked) for key in keys
            )

    def flush(self) -> None:
        """Count the held rows."""
        for name, rows in self.held.items():
            add_rows(rows, self.annotators, self.alpha[name], self.pairs.setdefault(name, {}))
        self.held = {}

    def merge(self, other: AttributeAgreement) -> AttributeAgreement:
        self.flush()
        other.flush()
        out = AttributeAgreement(self.layer, list(self.annotators))
        for part in (self, other):
            for name, coin in part.alpha.items():
                out.alpha[name] = out.alpha[name].merge(coin) if name in out.alpha else coin
            for name, tables in part.pairs.items():
                mine = out.pairs.setdefault(name, {})
                for key, table in tables.items():
                    mine[key] = mine[key].merge(table) if key in mine else table
        return out
