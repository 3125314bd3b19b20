"""Label and attribute agreement on units that annotators marked with the same boundaries.

A unit is one exact extent in one document (a mention span, an event
trigger, an attribution anchor); each annotator who marked it contributes
the unit's label and attributes, the others are missing. Alpha uses every
unit at least two annotators marked, kappa each pair's shared units. An
attribute an annotator left unset counts as the value ``(unset)``, so "set
versus not set" is a disagreement rather than a gap.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from annotator.agreement.coded import add_coded
from annotator.agreement.coefficients import Coincidences, PairTable
from annotator.layers import anchor_key
from annotator.matching import row_ranks
from annotator.model import AnnotationRecord

UNSET = "(unset)"
FIELDS: dict[str, tuple[str, ...]] = {
    "mentions": ("label", "level"),
    "events": ("type", "realis", "polarity", "modality"),
    "attributions": ("stance", "quote", "verification"),
}

Row = tuple[int, int, tuple[str, ...]]
"""A unit as a record gives it: start, end, and its value of each of the layer's :data:`FIELDS`."""


def unit_rows(rec: AnnotationRecord, layer: str) -> list[Row]:
    """The record's units of ``layer`` in record order, repeated extents included (the first one counts)."""
    if layer == "mentions":
        return [(m.start, m.end, (m.label, _value(m.attrs.get("level")))) for m in rec.mentions]
    if layer == "events":
        return [
            (e.trigger.start, e.trigger.end, (e.type, *(_value(e.attrs.get(f)) for f in FIELDS["events"][1:])))
            for e in rec.events
        ]
    if layer == "attributions":
        out: list[Row] = []
        for a in rec.attributions:
            at = anchor_key(a)
            if at is not None:
                out.append((*at, tuple(_value(a.attrs.get(f)) for f in FIELDS["attributions"])))
        return out
    return []


def _value(v: object) -> str:
    return UNSET if v is None else str(v)


class HeldUnits:
    """A stretch of documents' units in integer columns: document, annotator's row, extent, a code per field."""

    def __init__(self, fields: int) -> None:
        self.docs = 0
        self.doc, self.row, self.start, self.end = array("q"), array("q"), array("q"), array("q")
        self.codes: list[array[int]] = [array("q") for _ in range(fields)]

    def __len__(self) -> int:
        return len(self.doc)

    def add(self, row: int, found: list[Row], codes: list[dict[str, int]]) -> None:
        """One annotator's units of the current document."""
        n = len(found)
        self.doc.extend([self.docs] * n)
        self.row.extend([row] * n)
        self.start.extend([u[0] for u in found])
        self.end.extend([u[1] for u in found])
        for f, (column, known) in enumerate(zip(self.codes, codes, strict=True)):
            column.extend([known.get(v) or known.setdefault(v, len(known) + 1) for v in (u[2][f] for u in found)])

    def matrices(self, annotators: int) -> list[np.ndarray]:
        """Per field, the (annotators x units) codes, 0 where an annotator did not mark the unit.

        A unit is one extent of one document that someone marked; of an annotator's
        repeated extents the first one's values count.
        """
        doc, row, start, end = (np.frombuffer(c, dtype=np.int64) for c in (self.doc, self.row, self.start, self.end))
        unit = row_ranks(doc, start, end)
        units = int(unit.max()) + 1
        _, first = np.unique(row * units + unit, return_index=True)
        out = []
        for column in self.codes:
            matrix = np.zeros((annotators, units), dtype=np.int64)
            matrix[row[first], unit[first]] = np.frombuffer(column, dtype=np.int64)[first]
            out.append(matrix)
        return out


@dataclass
class AttributeAgreement:
    """Per field: alpha over all annotators and kappa per pair, on agreed units (mergeable).

    :meth:`add` holds the units in integer columns; :meth:`flush` counts them
    all at once (:func:`~annotator.agreement.coded.add_coded`).
    """

    layer: str
    annotators: list[str]
    alpha: dict[str, Coincidences] = field(default_factory=dict)
    pairs: dict[str, dict[tuple[str, str], PairTable]] = field(default_factory=dict)
    held: HeldUnits | None = field(default=None, repr=False)
    codes: list[dict[str, int]] = field(default_factory=list, repr=False)
    """Per field: value -> code in :attr:`held`."""

    def update(self, records: Mapping[str, AnnotationRecord]) -> None:
        """Add and count one document's records."""
        self.add(records)
        self.flush()

    def add(self, records: Mapping[str, AnnotationRecord]) -> None:
        """Hold one document's units: each annotator's value of each field (none where not marked)."""
        fields = FIELDS[self.layer]
        if self.held is None:
            self.held = HeldUnits(len(fields))
            self.codes = [{} for _ in fields]
        held = self.held
        for r, a in enumerate(self.annotators):
            rec = records.get(a)
            if rec is not None:
                found = unit_rows(rec, self.layer)
                if found:
                    held.add(r, found, self.codes)
        held.docs += 1

    def flush(self) -> None:
        """Count the held units."""
        held, self.held = self.held, None
        if held is None or not len(held):
            return
        for name, matrix, known in zip(
            FIELDS[self.layer], held.matrices(len(self.annotators)), self.codes, strict=True
        ):
            names: list[str | None] = [None] * (len(known) + 1)
            for value, code in known.items():
                names[code] = value
            add_coded(
                matrix,
                names,
                self.annotators,
                self.alpha.setdefault(name, Coincidences()),
                self.pairs.setdefault(name, {}),
            )

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
