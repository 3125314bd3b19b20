"""Curator edits made on the gold record itself, written back as the decisions that rebuild it.

Arguments, role claims, clusters and mentions no annotator made are edited with the
annotation screen's own operations (:mod:`annotator.editing`) on the gold as
the app shows it now, so the scheme's rules (roles a label may fill,
type-locked clusters, closed zones) hold exactly as when annotating. What
changed is then said in the decisions file's terms, which
``annotator adjudicate --decisions`` reads:

- an item by its key (the anchor the annotators' versions align on; a
  boundary edit does not change it), references by keys too;
- an event's arguments as an ``args`` edit of the version the gold holds;
  an attribution's parts as an edit of the version the gold holds naming
  what changed: ``role_claims`` (a hopper named by its events' keys,
  ``hopper:event:…,event:…``), ``reports`` (events or hoppers by key),
  ``parent`` (an attribution's key), ``source`` and ``via`` (mentions' keys),
  ``content`` and ``supplement`` (spans by ``start`` and ``end``);
- a cluster as the members a decision on one annotator's cluster states
  (``edit: {"members": [...]}``), and every other annotator's cluster over
  the regrouped mentions rejected, so that no grouping left undecided pulls a
  mention back where the curator took it out;
- an added mention as ``take`` None with its label and attributes; an added
  attribution likewise, its cue and attributes, and each later edit of its
  parts (``u``, role claims) written into that same decision, which states it whole;
  an added event likewise, its type and attributes, and its arguments (``a``)
  written into that same decision; a new label, type or attributes of an added
  item (``r``, ``=``) too. That decision's reason lists every part given the
  item, in order (``curated: added AGREEMENT 'deal' (trigger 'deal'; Party 'ISIL')``).
"""

from __future__ import annotations

from typing import Any

from annotator.adjudicate import Decision
from annotator.alignment import AnchorView, Key, attribution_anchor, span_key
from annotator.curation.items import CurationItem, edited_span
from annotator.curation.session import GENERIC, Curation, listed_reason
from annotator.editing import Refused
from annotator.model import AnnotationRecord, Event, Mention


def gold_keys(curation: Curation, doc: str, record: AnnotationRecord) -> dict[str, Key]:
    """The gold's mention and event ids → the key of the item each came from."""
    view = AnchorView.of(record, curation.text(doc), curation.scheme)
    moved = {}
    for key, d in curation.decided(doc).items():
        span = edited_span(key, d.edit) if d.take is not None else None
        if span is None and d.take is not None and key.startswith("attribution:") and (d.edit or {}).get("content"):
            span = _content_anchor(curation, doc, key, d.take, d.edit or {})
        if span is not None:
            moved[span_key(key.split(":", 1)[0], *span)] = key
    tables = (view.mention_key, view.event_key, view.attribution_key)
    return {gid: moved.get(a, a) for table in tables for gid, a in table.items()}


def _content_anchor(curation: Curation, doc: str, key: Key, take: str, edit: dict[str, Any]) -> tuple[int, int] | None:
    """Where a content edit moved the anchor of a cue-less attribution (its first content span)."""
    version = curation.views(doc)[take].items.get(key)
    if version is None or version.cue is not None or "cue" in edit:
        return None
    return min((c["start"], c["end"]) for c in edit["content"])


class GoldEdits:
    """The gold of ``doc`` now, and :meth:`write`, which turns an edited copy of it into decisions."""

    def __init__(self, curation: Curation, doc: str) -> None:
        self.curation = curation
        self.doc = doc
        self.record = curation.gold(doc).record
        self.keys = gold_keys(curation, doc, self.record)
        self.items = {i.key: i for i in curation.items(doc)}
        self.text = curation.text(doc)

    def gold_id(self, key: Key) -> str | None:
        return next((gid for gid, k in self.keys.items() if k == key), None)

    def key(self, gid: str) -> Key:
        if gid not in self.keys:
            raise Refused(f"{gid} is not a mention, event or attribution of the gold")
        return self.keys[gid]

    def ref_key(self, gid: str) -> Key:
        """A reference as a decision names it: an item's key, a hopper by its events' keys (``hopper:…``)."""
        hopper = next((h for h in self.record.hoppers if h.id == gid), None)
        if hopper is not None:
            return "hopper:" + ",".join(sorted(self.key(e) for e in hopper.events))
        return self.key(gid)

    def write(self, after: AnnotationRecord, what: str) -> list[Decision]:
        """Decisions for every argument, attribution part, cluster and added mention ``after`` changes; written
        before returning."""
        return [
            *self._arguments(after, what),
            *self._attributions(after, what),
            *self._clusters(after, what),
            *self._added(after, what),
            *self._added_attributions(after, what),
            *self._added_events(after, what),
            *self._relabelled(after, what),
        ]

    def head(self, key: Key, edit: dict[str, Any]) -> str:
        """How the reason of the decision adding ``key`` names the item: its label or type and its text (an
        attribution: its cue's)."""
        layer, span = key.split(":", 1)
        if layer == "attribution":
            cue = edit.get("cue")
            return f"{GENERIC}: added attribution {self.text[cue['start'] : cue['end']] if cue else ''!r}"
        start, end = (int(x) for x in span.split("-"))
        return f"{GENERIC}: added {edit.get('label') or edit.get('type')} {self.text[start:end]!r}"

    def _add(self, key: Key, edit: dict[str, Any], what: str) -> Decision:
        """Write the decision adding an item no annotator made, ``edit`` stating it whole."""
        return self.curation.add(self.doc, key, listed_reason(None, "", self.head(key, edit), what), edit)

    def _restate(self, key: Key, fields: dict[str, Any], what: str) -> Decision:
        """Write the decision adding ``key`` again with ``fields`` changed, keeping everything else it states; its
        reason lists the parts given before and ``what``, the curator's own reason in front (``R``)."""
        earlier = self.curation.decided(self.doc)[key]
        before = dict(earlier.edit or {})
        edit = {**before, **fields}
        reason = listed_reason(earlier.reason, self.head(key, before), self.head(key, edit), what)
        return self.curation.add(self.doc, key, reason, edit)

    def _relabelled(self, after: AnnotationRecord, what: str) -> list[Decision]:
        """A new label (an event: type) or attributes of a mention or event the curator added (``r``, ``=``).

        An added attribution's attributes are among its parts (:meth:`_attributions`)."""
        was: list[Mention | Event] = [*self.record.mentions, *self.record.events]
        now: list[Mention | Event] = [*after.mentions, *after.events]
        before = {x.id: x for x in was}
        out = []
        for x in now:
            old = before.get(x.id)
            if old is None or old == x or self.key(x.id) in self.items:
                continue
            named = "label" if isinstance(x, Mention) else "type"
            fields = {f: getattr(x, f) for f in (named, "attrs") if getattr(x, f) != getattr(old, f)}
            if "attrs" in fields:
                fields["attrs"] = dict(x.attrs)
            if fields:
                out.append(self._restate(self.key(x.id), fields, what))
        return out

    def _held_edit(self, gid: str) -> tuple[CurationItem, str, dict[str, Any]]:
        """The item of gold item ``gid``, the version the gold holds, and the edit already made of it."""
        item = self.items.get(self.key(gid))
        take = self.curation.held(self.doc, item) if item is not None else None
        if item is None or take is None:
            raise Refused(f"the gold holds no annotator's version of {gid}: take one first")
        earlier = self.curation.decided(self.doc).get(item.key)
        return item, take, dict(earlier.edit or {}) if earlier is not None and earlier.take == take else {}

    def _attributions(self, after: AnnotationRecord, what: str) -> list[Decision]:
        """An edit of each changed attribution's held version: the parts that changed, references by key
        (role claims' events and hoppers, reports, parent, source, via), spans by their offsets."""
        before = {a.id: a for a in self.record.attributions}
        out = []
        for a in after.attributions:
            old = before.get(a.id)
            if old is None or old == a:
                continue
            edit: dict[str, Any] = {}
            for part in ("source", "via", "parent"):
                if getattr(old, part) != getattr(a, part):
                    ident = getattr(a, part)
                    edit[part] = None if ident is None else self.key(ident)
            for part in ("content", "supplement"):
                if getattr(old, part) != getattr(a, part):
                    edit[part] = [{"start": s.start, "end": s.end} for s in getattr(a, part)]
            if old.reports != a.reports:
                edit["reports"] = [self.ref_key(r) for r in a.reports]
            if old.role_claims != a.role_claims:
                edit["role_claims"] = [
                    {"hopper": self.ref_key(c.hopper), "role": c.role, "ref": self.key(c.ref)} for c in a.role_claims
                ]
            if old.attrs != a.attrs:
                edit["attrs"] = dict(a.attrs)
            key = self.key(a.id)
            if key not in self.items:
                out.append(self._restate(key, edit, what))
                continue
            item, take, held = self._held_edit(a.id)
            reason = f"curated edit of {take}'s version: {what}"
            out.append(self.curation.decide(self.doc, item, take, reason, {**held, **edit}))
        return out

    def _arguments(self, after: AnnotationRecord, what: str) -> list[Decision]:
        before = {v.id: v for v in self.record.events}
        out = []
        for v in after.events:
            if v.id not in before or before[v.id].args == v.args:
                continue
            args = [{**a.model_dump(), "ref": self.key(a.ref)} for a in v.args]
            key = self.key(v.id)
            if key not in self.items:
                out.append(self._restate(key, {"args": args}, what))
                continue
            item, take, edit = self._held_edit(v.id)
            edit["args"] = args
            reason = f"curated edit of {take}'s version: {what}"
            out.append(self.curation.decide(self.doc, item, take, reason, edit))
        return out

    def _groups(self, record: AnnotationRecord) -> set[frozenset[Key]]:
        return {frozenset(self.key(m) for m in e.mentions) for e in record.entities}

    def _clusters(self, after: AnnotationRecord, what: str) -> list[Decision]:
        before, now = self._groups(self.record), self._groups(after)
        kept = [g for g in now - before if len(g) >= 2]
        touched = frozenset().union(*(before - now))
        if not kept and not touched:
            return []
        clusters = [i for i in self.items.values() if i.layer == "entity"]
        decided = self.curation.decided(self.doc)
        reason = f"curated: {what}"
        out: list[Decision] = []
        used: set[Key] = set()
        for group in sorted(kept, key=sorted):
            item = self._cluster_for(group, clusters, used)
            used.add(item.key)
            out.append(self.curation.decide(self.doc, item, self._taker(item), reason, {"members": sorted(group)}))
        for item in clusters:
            d = decided.get(item.key)
            if item.key not in used and touched & set(item.members) and (d is None or d.take is not None):
                out.append(self.curation.decide(self.doc, item, None, f"{reason} (regrouped)"))
        return out

    def _cluster_for(self, group: frozenset[Key], clusters: list[CurationItem], used: set[Key]) -> CurationItem:
        """The annotators' cluster sharing the most members with ``group``: the one a decision can state."""
        scored = [(len(group & set(c.members)), self.curation.prefer in c.versions, c.key, c) for c in clusters]
        best = max((s for s in scored if s[0] and s[2] not in used), default=None, key=lambda s: s[:3])
        if best is None:
            raise Refused("no annotator grouped these mentions: a decision can only state an annotator's cluster")
        return best[3]

    def _taker(self, item: CurationItem) -> str:
        held = self.curation.held(self.doc, item)
        if held is not None:
            return held
        return self.curation.prefer if self.curation.prefer in item.versions else item.groups[0][0]

    def _added(self, after: AnnotationRecord, what: str) -> list[Decision]:
        known = {m.id for m in self.record.mentions}
        out = []
        for m in after.mentions:
            if m.id in known:
                continue
            key = span_key("mention", m.start, m.end)
            if key in self.items:
                raise Refused(f"an annotator marked {m.text!r}: take or edit their version instead")
            out.append(self._add(key, {"label": m.label, "attrs": dict(m.attrs)}, what))
        return out

    def _added_attributions(self, after: AnnotationRecord, what: str) -> list[Decision]:
        """A new attribution (by its cue) as a decision adding it; its other parts come with later edits."""
        known = {a.id for a in self.record.attributions}
        out = []
        for a in after.attributions:
            if a.id in known:
                continue
            key = span_key("attribution", *attribution_anchor(a))
            if key in self.items:
                raise Refused(f"an annotator made the attribution on {a.cue.text if a.cue else key!r}: take it instead")
            if key in self.keys.values():
                raise Refused(f"the gold has an attribution on {a.cue.text if a.cue else key!r} already: enter on it")
            edit: dict[str, Any] = {"attrs": dict(a.attrs)}
            if a.cue is not None:
                edit["cue"] = {"start": a.cue.start, "end": a.cue.end}
            if a.content:
                edit["content"] = [{"start": s.start, "end": s.end} for s in a.content]
            out.append(self._add(key, edit, what))
        return out

    def new_trigger(self, start: int, end: int) -> Key:
        """The key of an event no annotator made on ``start``-``end``, refused where an annotator made one there
        (to be taken instead) or the gold already has one (added before, or an annotator's moved there)."""
        key = span_key("event", start, end)
        shown = self.curation.text(self.doc)[start:end]
        if key in self.items:
            raise Refused(f"an annotator made the event on {shown!r}: take or edit their version instead")
        if any((v.trigger.start, v.trigger.end) == (start, end) for v in self.record.events):
            raise Refused(f"an event on {shown!r} has been added already: enter on it, then a adds its arguments")
        return key

    def _added_events(self, after: AnnotationRecord, what: str) -> list[Decision]:
        """A new event (by its trigger) as a decision adding it, with its type and attributes; its arguments come
        with later edits of the same decision."""
        known = {v.id for v in self.record.events}
        out = []
        for v in after.events:
            if v.id in known:
                continue
            key = self.new_trigger(v.trigger.start, v.trigger.end)
            out.append(self._add(key, {"type": v.type, "attrs": dict(v.attrs)}, what))
        return out
