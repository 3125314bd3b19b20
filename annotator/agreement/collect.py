"""Who and what is compared: the documents two or more annotators finished.

"Not annotated" is never read as "annotated nothing": a pair of annotators
is scored only on the documents both of them annotated, and everything left
out is listed with its reason so the report can say so. By default only
records marked ``done`` count; ``include_in_progress`` widens that to work in
progress (skipped documents never count). The adjudicated file ``gold`` is
not an annotator unless asked for by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.errors import AnnotatorError
from annotator.model import AnnotationRecord, sha256_text

ADJUDICATED = "gold"


class AgreementError(AnnotatorError):
    """Agreement cannot be measured on the given input."""


@dataclass
class Selection:
    """The records to compare, by document then annotator, and what was left out."""

    annotators: list[str]
    docs: dict[str, dict[str, AnnotationRecord]]
    texts: dict[str, str]
    left_out: list[str] = field(default_factory=list)

    def pairs(self) -> list[tuple[str, str]]:
        """Annotator pairs that share at least one document."""
        return [(a, b) for a, b in combinations(self.annotators, 2) if self.shared(a, b)]

    def shared(self, a: str, b: str) -> list[str]:
        return [d for d, recs in self.docs.items() if a in recs and b in recs]

    def complete(self) -> list[str]:
        """Documents every selected annotator annotated (where Fleiss' kappa and u-alpha apply)."""
        return [d for d, recs in self.docs.items() if len(recs) == len(self.annotators)]


def select(
    by_annotator: Mapping[str, Mapping[str, AnnotationRecord]],
    texts: Mapping[str, str],
    *,
    annotators: Sequence[str] | None = None,
    docs: Sequence[str] | None = None,
    include_in_progress: bool = False,
) -> Selection:
    """Pick the records to compare; raise :class:`AgreementError` when fewer than two annotators remain.

    ``by_annotator`` maps each annotator to its records by document id;
    ``texts`` holds the corpus. Named annotators must exist and have usable
    documents; unnamed ones without any are left out with the reason.
    """
    left_out: list[str] = []
    explicit = annotators is not None
    names = list(dict.fromkeys(annotators)) if annotators is not None else [a for a in by_annotator if a != ADJUDICATED]
    if explicit:
        unknown = [a for a in names if a not in by_annotator]
        if unknown:
            known = ", ".join(sorted(by_annotator)) or "none"
            raise AgreementError(f"no annotation file for {', '.join(unknown)} (annotators found: {known})")
    elif ADJUDICATED in by_annotator:
        left_out.append(f"{ADJUDICATED}: adjudicated gold, not an annotator (name it in --annotators to include it)")
    if len(names) < 2:
        raise AgreementError(
            f"agreement needs at least two annotators, got {len(names)}" + (f" ({names[0]})" if names else "")
        )
    wanted_docs = set(docs) if docs is not None else None
    if wanted_docs is not None:
        missing = sorted(wanted_docs - set(texts))
        if missing:
            raise AgreementError(f"documents not in the corpus: {', '.join(missing)}")
    statuses = {"done", "in_progress"} if include_in_progress else {"done"}
    usable: dict[str, dict[str, AnnotationRecord]] = {}
    for name in names:
        counts = {"skipped": 0, "in_progress": 0, "unknown": 0, "changed": 0}
        kept: dict[str, AnnotationRecord] = {}
        for doc, rec in by_annotator[name].items():
            if wanted_docs is not None and doc not in wanted_docs:
                continue
            if doc not in texts:
                counts["unknown"] += 1
            elif rec.status not in statuses:
                counts[rec.status] += 1
            elif rec.doc_sha256 != sha256_text(texts[doc]):
                counts["changed"] += 1
            else:
                kept[doc] = rec
        reasons = {
            "in_progress": "still in progress (use --include-in-progress)",
            "skipped": "skipped",
            "unknown": "not in the corpus",
            "changed": "annotated on a different version of the text",
        }
        for key, n in counts.items():
            if n:
                left_out.append(f"{name}: {n} document(s) {reasons[key]}")
        if not kept:
            what = "done" if not include_in_progress else "done or in progress"
            scope = " among the chosen documents" if wanted_docs is not None else ""
            message = f"{name} has no documents marked {what}{scope}"
            if explicit:
                raise AgreementError(message)
            left_out.append(f"{message}: left out")
            continue
        usable[name] = kept
    by_doc: dict[str, dict[str, AnnotationRecord]] = {}
    for name, kept in usable.items():
        for doc, rec in kept.items():
            by_doc.setdefault(doc, {})[name] = rec
    shared: dict[str, dict[str, AnnotationRecord]] = {}
    for doc in sorted(by_doc):
        recs = by_doc[doc]
        if len(recs) >= 2:
            shared[doc] = {a: recs[a] for a in usable if a in recs}
        else:
            (only,) = recs
            left_out.append(f"{doc}: annotated by {only} only")
    taking_part = [a for a in usable if any(a in recs for recs in shared.values())]
    lonely = [name for name in usable if name not in taking_part]
    if lonely and explicit:
        raise AgreementError(f"{', '.join(lonely)}: no document shared with another of the chosen annotators")
    left_out += [f"{name}: shares no document with any other annotator: left out" for name in lonely]
    if len(taking_part) < 2:
        raise AgreementError(
            "no document was annotated by two or more annotators"
            + ("" if include_in_progress else " and marked done (try --include-in-progress)")
        )
    return Selection(taking_part, shared, {d: texts[d] for d in shared}, left_out)
