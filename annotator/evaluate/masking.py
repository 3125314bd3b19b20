"""Zones of the gold record decide what is scored, masked or reported apart.

Zones come from the gold record only; a system is never asked to find them.
An item (mention, trigger, attribution anchor) that overlaps a zone the
scheme marks ``scored = false`` is masked on both sides: neither credit nor
penalty. Predictions masked by a zone marked ``leakage`` (BOILERPLATE,
DUPLICATE) are counted as boilerplate leakage, a diagnostic of systems that
annotate page furniture. A typed relation has no span of its own: it is
masked, and counted as leakage, with the first masked mention or event it
links, so that a system is neither credited nor penalised for relations in
page furniture it was told not to annotate. Document labels are never
masked. Items that start inside a zone marked
``report_separately`` (CAPTION) are scored in a section of their own and kept
out of the main figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from annotator.layers import anchor
from annotator.model import AnnotationRecord, Zone
from annotator.scheme import Scheme

MAIN = "main"
T = TypeVar("T")


@dataclass
class ZoneMask:
    """The zones of one gold record, sorted into masked and separately reported."""

    masked: list[tuple[int, int, str, bool]] = field(default_factory=list)
    separate: list[tuple[int, int, str]] = field(default_factory=list)

    @classmethod
    def of(cls, zones: Sequence[Zone], scheme: Scheme) -> ZoneMask:
        mask = cls()
        for z in zones:
            spec = scheme.zone_by_label.get(z.label)
            if spec is None:
                continue
            if not spec.scored:
                mask.masked.append((z.start, z.end, z.label, spec.leakage))
            elif spec.report_separately:
                mask.separate.append((z.start, z.end, z.label))
        return mask

    @property
    def empty(self) -> bool:
        return not self.masked and not self.separate

    def bucket(self, item: object) -> tuple[str | None, str | None]:
        """(bucket, masking zone): bucket None when masked; the zone's label tells leakage."""
        span = anchor(item)  # type: ignore[arg-type]
        if span is None:
            return MAIN, None
        for start, end, label, _ in self.masked:
            if (span.start < end and start < span.end) or (span.start == span.end and start <= span.start < end):
                return None, label
        for start, end, label in self.separate:
            if start <= span.start < end:
                return label, None
        return MAIN, None

    def split(self, items: Sequence[T], leakage: Counter[str] | None = None, layer: str = "") -> dict[str, list[T]]:
        """Items by bucket; masked items are dropped and, when ``leakage`` is given, counted."""
        if self.empty:
            return {MAIN: list(items)}
        out: dict[str, list[T]] = {MAIN: []}
        leaky = {label for _, _, label, leak in self.masked if leak}
        for item in items:
            bucket, zone = self.bucket(item)
            if bucket is None:
                if leakage is not None and zone in leaky:
                    leakage[f"{layer}:{zone}"] += 1
                continue
            out.setdefault(bucket, []).append(item)
        return out

    def without_masked_relations(
        self, record: AnnotationRecord, leakage: Counter[str] | None = None, layer: str = "relations"
    ) -> AnnotationRecord:
        """``record`` without the relations that link a masked mention or event; masked ones counted in ``leakage``.

        The record is returned unchanged (the same object) when nothing is masked.
        """
        if not self.masked or not record.relations:
            return record
        zone_of: dict[str, str] = {}
        for ident, item in [*((m.id, m) for m in record.mentions), *((e.id, e) for e in record.events)]:
            bucket, zone = self.bucket(item)
            if bucket is None and zone is not None:
                zone_of[ident] = zone
        if not zone_of:
            return record
        leaky = {label for _, _, label, leak in self.masked if leak}
        kept = []
        for rel in record.relations:
            zone = next((zone_of[a.ref] for a in rel.args if a.ref in zone_of), None)
            if zone is None:
                kept.append(rel)
            elif leakage is not None and zone in leaky:
                leakage[f"{layer}:{zone}"] += 1
        return record.model_copy(update={"relations": tuple(kept)})
