"""An extractor's output against the gold, item by item, as the review view shows it.

The errors are the evaluation's own: :func:`annotator.evaluate.scoring.score_files`
with ``errors=True``, the call ``annotator evaluate --errors`` makes, so the
counts shown equal the report's for the same files. Correct items are the gold
mentions and triggers no error names. A gold correction proposed from a
prediction is a :class:`annotator.adjudicate.Decision` taking the system's
version, appended to the decisions file with its reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from annotator.adjudicate import Decision
from annotator.curation.log import DecisionLog
from annotator.evaluate.entities import ErrorItem
from annotator.evaluate.scoring import score_files
from annotator.project import Project
from annotator.store import read_records

KINDS = ("correct", "missed", "spurious", "partial", "mistyped", "partial+mistyped")


@dataclass(frozen=True)
class Outcome:
    """One reviewed item: an evaluation error, or a correct gold item (``error`` None)."""

    doc: str
    layer: str
    kind: str
    start: int
    end: int
    label: str
    text: str
    error: ErrorItem | None = None

    @property
    def key(self) -> str:
        return f"{self.layer}:{self.kind}:{self.start}-{self.end}:{self.label}"


class Review:
    def __init__(self, system: str, outcomes: dict[str, list[Outcome]], texts: dict[str, str], log: DecisionLog):
        self.system = system
        self.outcomes = outcomes
        self.texts = texts
        self.log = log
        self.doc_ids = sorted(outcomes, key=lambda d: (-self.error_count(d), d))

    @classmethod
    def of_files(cls, project: Project, gold: Path, pred: Path, decisions: Path) -> Review:
        state, _ = score_files(gold, pred, project.scheme, corpus=project.corpus, errors=True)
        golds = read_records(gold).by_doc()
        preds = read_records(pred).by_doc()
        systems = sorted({r.annotator for r in preds.values()})
        by_doc: dict[str, list[Outcome]] = {d: [] for d in golds}
        named: set[tuple[str, str, int, int, str]] = set()
        for e in state.errors:
            side = e.gold if e.gold is not None else e.pred
            assert side is not None
            by_doc.setdefault(e.doc, []).append(Outcome(e.doc, e.layer, e.kind, side[0], side[1], side[2], side[3], e))
            if e.gold is not None:
                named.add((e.doc, e.layer.split(" (")[0], e.gold[0], e.gold[1], e.gold[2]))
        for doc, record in golds.items():
            for m in record.mentions:
                if (doc, "mentions", m.start, m.end, m.label) not in named:
                    by_doc[doc].append(Outcome(doc, "mentions", "correct", m.start, m.end, m.label, m.text))
            if doc in preds and preds[doc].events:
                for v in record.events:
                    t = v.trigger
                    if (doc, "events", t.start, t.end, v.type) not in named:
                        by_doc[doc].append(Outcome(doc, "events", "correct", t.start, t.end, v.type, t.text))
        for items in by_doc.values():
            items.sort(key=lambda o: (o.start, o.end, o.layer))
        texts = {d: project.corpus.get(d).text for d in by_doc}
        return cls(",".join(systems) or "system", by_doc, texts, DecisionLog(decisions))

    def error_count(self, doc: str) -> int:
        return sum(1 for o in self.outcomes[doc] if o.error is not None)

    def counts(self, doc: str | None = None) -> Counter[tuple[str, str]]:
        """(layer, kind) → number of errors, in one document or the corpus; what ``evaluate --errors`` lists."""
        docs = [doc] if doc is not None else self.doc_ids
        return Counter((o.layer, o.kind) for d in docs for o in self.outcomes[d] if o.error is not None)

    def propose(self, outcome: Outcome, reason: str = "") -> Decision:
        """The prediction as a proposed gold correction: a decision taking the system's version."""
        layer = {"mentions": "mention", "events": "event"}.get(outcome.layer.split(" (")[0], outcome.layer)
        pred = outcome.error.pred if outcome.error is not None and outcome.error.pred is not None else None
        start, end, label, text = pred or (outcome.start, outcome.end, outcome.label, outcome.text)
        decision = Decision(
            doc=outcome.doc,
            item=f"{layer}:{start}-{end}",
            take=self.system,
            reason=reason or f"review: {self.system}'s {label} {text!r} ({outcome.kind}) proposed as gold",
        )
        self.log.add(decision)
        return decision
