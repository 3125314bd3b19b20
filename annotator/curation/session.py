"""A curation session: the annotators' finished documents, their items, and the decisions made so far.

Textual-free, so the app's controller and the tests drive the same object.
The gold it shows is :func:`annotator.adjudicate.adjudicate` over the
annotators' records and the decisions file, the very call ``annotator
adjudicate --decisions`` makes, so both paths give the same gold and provenance.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.adjudicate import AdjudicationResult, Decision, adjudicate
from annotator.adjudicate_cli import checked_records
from annotator.alignment import AnchorView, Key, cluster_key
from annotator.curation.items import CLUSTER_KINDS, CurationItem, curation_items, references_to, views_of
from annotator.curation.log import DecisionLog
from annotator.editing import Refused
from annotator.errors import AnnotatorError, DecisionError
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.sendback import load_sent_back

GENERIC = "curated"
"""How the reasons the curation app writes by itself begin (``curated: rejected``, ``curated edit of …``)."""


def _split_reason(reason: str) -> tuple[str, str]:
    """A reason as the curator's parts and the app's words after them: the app's words always come last
    (:func:`carried_reason`), and may hold ``; `` themselves (an added item's parts, :func:`listed_reason`)."""
    parts = reason.split("; ")
    first = next((n for n, p in enumerate(parts) if p.startswith(GENERIC)), len(parts))
    return "; ".join(p for p in parts[:first] if p), "; ".join(parts[first:])


def own_reason(reason: str) -> str:
    """The parts of a decision's reason the curator wrote (``R``), without those the app wrote for a key."""
    return _split_reason(reason)[0]


def listed_reason(earlier: str | None, before: str, head: str, part: str) -> str:
    """The app's words for a decision adding an item: ``head`` (what it adds) and, in brackets, every part
    the curator gave it in order, ``part`` last; the earlier parts are read from ``earlier``'s words, which
    began with ``before`` (the head as the item was then: a type changed since, say)."""
    words = _split_reason(earlier or "")[1]
    opening = f"{before} ("
    parts = words[len(opening) : -1] if words.startswith(opening) and words.endswith(")") else ""
    return f"{head} ({parts}; {part})" if parts else f"{head} ({part})"


def reason_keeping_parts(earlier: str, typed: str) -> str:
    """``typed`` (``R`` on an item the curator added) with the parts the app listed for that item after it:
    they say what the decision adds, and later parts are listed after them."""
    words = _split_reason(earlier)[1]
    return f"{typed}; {words}" if words else typed


def carried_reason(earlier: str | None, reason: str) -> str:
    """``reason`` after the curator's own reason for the decision it replaces, so that a key-driven edit
    (or another ``R``) never loses what the curator said; the app's earlier generic words give way."""
    own = own_reason(earlier or "")
    if not own or reason == own or reason.startswith(own + "; "):
        return reason
    return f"{own}; {reason}"


@dataclass(frozen=True)
class Reference:
    """An item that will be in the gold and points at another: ``item``'s version by ``taken`` uses it as ``uses``."""

    item: Key
    taken: str
    uses: tuple[str, ...]


class Curation:
    """The documents every one of ``annotators`` marked done, to be curated into gold."""

    def __init__(self, project: Project, annotators: list[str], decisions: Path, prefer: str | None = None) -> None:
        if len(annotators) < 2:
            raise AnnotatorError(f"curation needs two or more annotators; got {annotators}")
        self.project = project
        self.annotators = annotators
        self.prefer = prefer or annotators[0]
        self.scheme = project.scheme
        self.records, self.doc_ids = self._finished()
        self.log = DecisionLog(decisions)
        self._views: dict[str, dict[str, AnchorView]] = {}
        self._items: dict[str, list[CurationItem]] = {}

    def _finished(self) -> tuple[dict[str, dict[str, AnnotationRecord]], list[str]]:
        """The annotators' records (checked as every reader checks them) and the documents all marked done."""
        names = self.annotators
        records = checked_records(self.project, names)
        done = [{d for d, r in records[n].items() if r.status == "done"} for n in names]
        back = {d for n in names for d in load_sent_back(self.project, n)}
        doc_ids = sorted(set.intersection(*done) - back)
        if not doc_ids:
            held = f" (sent back, not done again: {', '.join(sorted(back))})" if back else ""
            raise AnnotatorError("no document was marked done by all of " + ", ".join(names) + held)
        return records, doc_ids

    def reload(self) -> list[str]:
        """Read the annotation files again, for documents finished (or sent back) since; returns the new ones.

        Nothing changes when a file is now invalid: the error is raised and the
        documents already shown stay as they were.
        """
        records, doc_ids = self._finished()
        new = [d for d in doc_ids if d not in self.doc_ids]
        self.records, self.doc_ids = records, doc_ids
        self._views.clear()
        self._items.clear()
        return new

    def text(self, doc: str) -> str:
        return self.project.corpus.get(doc).text

    def doc_records(self, doc: str) -> dict[str, AnnotationRecord]:
        return {n: self.records[n][doc] for n in self.annotators}

    def views(self, doc: str) -> dict[str, AnchorView]:
        if doc not in self._views:
            self._views[doc] = views_of(self.project.corpus.get(doc), self.doc_records(doc), self.scheme)
        return self._views[doc]

    def items(self, doc: str) -> list[CurationItem]:
        if doc not in self._items:
            self._items[doc] = curation_items(self.project.corpus.get(doc), self.views(doc))
        return self._items[doc]

    def notes(self, doc: str) -> dict[Key | None, list[tuple[str, str]]]:
        """The annotators' notes on ``doc`` by the item they are on (None: on the document), as (annotator, text).

        A note on an entity is shown on its cluster; one whose target has no
        item here (a zone, a one-mention entity) is shown with the document's.
        """
        out: dict[Key | None, list[tuple[str, str]]] = {}
        for name, view in self.views(doc).items():
            entities = {
                e.id: cluster_key("entity", (view.mention_key[m] for m in e.mentions if m in view.mention_key))
                for e in view.record.entities
            }
            for note in view.record.notes:
                key = entities.get(note.target or "") or view.ref(note.target)
                kind = key.split(":", 1)[0] if key else ""
                cluster = kind in CLUSTER_KINDS and key in view.clusters(kind)
                known = key is not None and (key in view.items or cluster)
                text = note.text if known or note.target is None else f"(on {note.target}) {note.text}"
                out.setdefault(key if known else None, []).append((name, text))
        return out

    def decided(self, doc: str) -> dict[Key, Decision]:
        return self.log.latest(doc)

    def open_items(self, doc: str) -> list[CurationItem]:
        """Items still awaiting a decision: every one not agreed by all and not decided."""
        decided = self.decided(doc)
        return [i for i in self.items(doc) if i.state != "agreed" and i.key not in decided]

    def open_total(self) -> int:
        return sum(len(self.open_items(d)) for d in self.doc_ids)

    def decide(
        self, doc: str, item: CurationItem, take: str | None, reason: str, edit: dict[str, Any] | None = None
    ) -> Decision:
        """Write the decision to the decisions file (durably) and return it; the curator's reason for the
        decision it replaces is kept in front of ``reason`` (:func:`carried_reason`)."""
        if take is not None and take not in item.versions:
            raise AnnotatorError(f"{take} has no version of {item.key}")
        earlier = self.decided(doc).get(item.key)
        reason = carried_reason(earlier.reason if earlier else None, reason)
        decision = Decision(doc=doc, item=item.key, take=take, reason=reason, edit=edit)
        self.refuse_unbuildable(decision)
        self.log.add(decision)
        return decision

    def add(self, doc: str, key: Key, reason: str, edit: dict[str, Any]) -> Decision:
        """Write a decision adding a zone, mention, event or attribution no annotator made (``take`` None, the item in
        ``edit``)."""
        if any(i.key == key for i in self.items(doc)):
            raise AnnotatorError(f"an annotator has {key}: take or edit their version instead")
        earlier = self.decided(doc).get(key)
        reason = carried_reason(earlier.reason if earlier else None, reason)
        decision = Decision(doc=doc, item=key, take=None, reason=reason, edit=edit)
        self.refuse_unbuildable(decision)
        self.log.add(decision)
        return decision

    def refuse_unbuildable(self, decision: Decision) -> None:
        """Refuse a decision after which no gold could be built from the decisions file, before it is written.

        Another decision's edit may name an item by key (an added attribution's report, say) that this one
        rejects; written, it would leave a file that ``adjudicate`` refuses and the app could not open the
        document again. A file already unbuildable before this decision is not made the curator's problem
        here: the decision is written and ``adjudicate`` names the old fault.
        """
        build = functools.partial(
            adjudicate,
            self.project.corpus.get(decision.doc),
            self.doc_records(decision.doc),
            prefer=self.prefer,
            scheme=self.scheme,
        )
        try:
            build([*self.log.decisions, decision])
        except DecisionError as exc:
            try:
                build(self.log.decisions)
            except DecisionError:
                return
            raise Refused(f"not written: {exc}; change that decision first") from None

    def held(self, doc: str, item: CurationItem) -> str | None:
        """Whose version of ``item`` the gold holds now: the decision's, else the preferred annotator's."""
        d = self.decided(doc).get(item.key)
        if d is not None:
            return d.take
        return self.prefer if self.prefer in item.versions else None

    def taken(self, doc: str, item: CurationItem) -> str | None:
        """Whose version of ``item`` the gold will hold now (None: not in it, or not decided yet)."""
        d = self.decided(doc).get(item.key)
        if d is not None:
            return d.take
        return self.prefer if item.state == "agreed" else None

    def references(self, doc: str, item: CurationItem) -> list[Reference]:
        """Items bound for the gold that point at ``item``: what rejecting it would leave dangling.

        An item not decided yet counts in the version the gold holds now (the
        preferred annotator's, as ``adjudicate`` takes it), since rejecting
        ``item`` would silently take the pointer out of that version too.
        """
        by_key = {i.key: i for i in self.items(doc)}
        out = []
        for user, by in references_to(self.views(doc), item.key).items():
            taken = self.held(doc, by_key[user]) if user in by_key else None
            if taken is not None and taken in by:
                out.append(Reference(user, taken, tuple(by[taken])))
        return out

    def without_reference(self, doc: str, ref: Reference, target: Key) -> dict[str, Any]:
        """The edit that removes every pointer to ``target`` from ``ref.taken``'s version of ``ref.item``."""
        view = self.views(doc)[ref.taken]
        item = view.items[ref.item]
        if ref.item.startswith("event:"):
            return {"args": [a.model_dump() for a in item.args if view.ref(a.ref) != target]}
        edit: dict[str, Any] = {"role_claims": [c.model_dump() for c in item.role_claims if view.ref(c.ref) != target]}
        for part in ("source", "via", "parent"):
            if view.ref(getattr(item, part)) == target:
                edit[part] = None
        if any(view.ref(r) == target for r in item.reports):
            edit["reports"] = [r for r in item.reports if view.ref(r) != target]
        return edit

    def gold(self, doc: str) -> AdjudicationResult:
        """The gold record of ``doc`` as ``annotator adjudicate --decisions`` builds it now."""
        return adjudicate(
            self.project.corpus.get(doc),
            self.doc_records(doc),
            self.log.decisions,
            prefer=self.prefer,
            scheme=self.scheme,
        )
