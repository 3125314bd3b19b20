"""The curation view's logic, free of Textual: which document, which item, and what a key decides.

Keys call :meth:`accept`, :meth:`reject` and :meth:`take`; each writes one
decision to the decisions file (through :class:`annotator.curation.session.Curation`)
before the view changes. Rejecting an item that a kept event or attribution
points at is not done at once: :meth:`reject` returns the references, the
screen asks, and :meth:`reject_with_references` carries out the answer.
"""

from __future__ import annotations

from annotator.adjudicate import Decision
from annotator.curation.gold_edits import GoldEdits
from annotator.curation.items import CurationItem, edited_span
from annotator.curation.session import Curation, Reference, own_reason, reason_keeping_parts
from annotator.editing import Refused
from annotator.sendback import send_back
from annotator.tui.curation import gold_editor
from annotator.tui.curation.editing import ItemEditor
from annotator.tui.curation.entries import Entry, EntryCursor
from annotator.tui.curation.gold_editor import AddedEditor, GoldEditor
from annotator.tui.pointer import Pointer
from annotator.tui.question import Question

LINKS = ("entity", "hopper", "relation")
"""Items over other items: their members' spans are marked, and they have no rivals by overlap."""


class CurationController:
    def __init__(self, curation: Curation, doc: str | None = None, curator: str = "curator") -> None:
        self.curation = curation
        self.curator = curator
        self.sent: dict[str, str] = {}
        """Documents sent back in this session: to whom."""
        self.doc = doc if doc in curation.doc_ids else curation.doc_ids[0]
        self.cursor = EntryCursor()
        self.active: str | None = None
        """The event or attribution (key) whose arguments or role claims ``a`` edits, made active with ``enter``."""
        self.refresh()

    # ------------------------------------------------------------ state

    @property
    def text(self) -> str:
        return self.curation.text(self.doc)

    def item(self, ident: str | None = None) -> CurationItem | None:
        key = ident or (self.cursor.current.ident if self.cursor.current else None)
        return next((i for i in self.curation.items(self.doc) if i.key == key), None)

    def refresh(self) -> None:
        current = self.cursor.current
        self.cursor.load(self.entries(), current.ident if current else None)

    def entries(self) -> list[Entry]:
        decided = self.curation.decided(self.doc)
        spans = {i.key: (i.start, i.end) for i in self.curation.items(self.doc)}
        notes = self.curation.notes(self.doc)
        on_doc = [f"document note ({who}): {text}" for who, text in notes.get(None, [])]
        out = []
        for item in self.curation.items(self.doc):
            d = decided.get(item.key)
            if d is not None:
                kind = "cur-rejected" if d.take is None else "cur-accepted"
                verdict = "rejected" if d.take is None else f"took {d.take}"
                if d.edit is not None:
                    verdict += " (edited)"
            else:
                kind, verdict = f"cur-{item.state}", item.state
            first = next(iter(item.versions.values()))
            mark = "•" if d is None and item.state != "agreed" else " "
            noted = notes.get(item.key, [])
            summary = f"{mark}{'✎' if noted else ' '}{item.layer} {verdict}: {first}"[:44]
            details = [f"{item.layer} {item.key.split(':', 1)[1] if item.layer not in LINKS else ''}".strip()]
            details.append(f"state: {item.state}" + (f" ({item.why})" if item.why else ""))
            if d is not None:
                details.append(f"decision: {verdict}" + (f" · reason: {d.reason}" if d.reason else ""))
            for n, name in enumerate(self.curation.annotators, 1):
                details.append(f"{n} {name}: {item.versions.get(name, '(nothing)')}")
            details += [f"✎ note ({who}): {text}" for who, text in noted]
            details += on_doc
            members = tuple(spans[m] for m in item.members if m in spans) if item.layer in LINKS else ()
            moved = edited_span(item.key, d.edit) if d is not None and d.take is not None else None
            start, end = moved or (item.start, item.end)
            out.append(
                Entry(
                    item.key,
                    start,
                    end,
                    kind,
                    item.layer,
                    summary,
                    tuple(details),
                    d is None and item.state != "agreed",
                    members,
                    item.layer != "zone",
                )
            )
        return sorted(out + self._added(), key=lambda e: (e.start, e.end))

    def _added(self) -> list[Entry]:
        """Mentions, events and attributions the curator added (no annotator made them): entries of their own."""
        known = {i.key for i in self.curation.items(self.doc)}
        out = []
        for key, d in self.curation.decided(self.doc).items():
            if key in known or d.take is not None or not d.edit:
                continue
            layer, span = key.split(":", 1)
            start, end = (int(x) for x in span.split("-"))
            named = d.edit.get("label") or d.edit.get("type") or ""
            what = " ".join(filter(None, (named, repr(self.text[start:end]))))
            parts = [f"{k}: {v}" for k, v in d.edit.items() if k not in ("label", "type", "attrs", "cue")]
            summary = f"  {layer} added: {what}"[:44]
            details = (f"{layer} {span}", f"added by the curator: {what}", *parts, f"reason: {d.reason}")
            out.append(Entry(key, start, end, "cur-accepted", layer, summary, details, False))
        return out

    def counts(self) -> tuple[int, int, int]:
        """Open decisions in this document, items in it, open decisions in the whole set."""
        return len(self.curation.open_items(self.doc)), len(self.cursor.entries), self.curation.open_total()

    def status(self) -> str:
        open_doc, n, open_all = self.counts()
        pos = self.curation.doc_ids.index(self.doc) + 1
        sent = f" · SENT BACK to {self.sent[self.doc]}" if self.doc in self.sent else ""
        active = f" · active {self.active}" if self.active else ""
        return (
            f"curate {self.doc} ({pos}/{len(self.curation.doc_ids)}) · "
            f"{', '.join(self.curation.annotators)} · open {open_doc}/{n} here, {open_all} in all{active}{sent}"
        )

    # ------------------------------------------------------------ moves

    def open(self, doc: str) -> None:
        self.doc = doc
        self.cursor = EntryCursor()
        self.active = None
        self.refresh()

    def reload(self) -> str:
        """Pick up documents the annotators marked done since the session started; stay on this one if listed."""
        new = self.curation.reload()
        if self.doc in self.curation.doc_ids:
            self.refresh()
        else:
            self.open(self.curation.doc_ids[0])
        if not new:
            return f"no newly finished document ({len(self.curation.doc_ids)} to curate)"
        return f"{len(new)} newly finished: {', '.join(new)} ({len(self.curation.doc_ids)} to curate)"

    def next_doc(self, delta: int) -> bool:
        ids = self.curation.doc_ids
        i = ids.index(self.doc) + delta
        if not 0 <= i < len(ids):
            return False
        self.open(ids[i])
        return True

    # ------------------------------------------------------------ decisions

    def accept(self, reason: str = "") -> str:
        """Keep the current item: its only version, or the version most annotators made."""
        item = self.item()
        if item is None:
            return "nothing here"
        take = item.groups[0][0]
        rivals = [i for i in self.curation.items(self.doc) if _rival(i, item)]
        self.curation.decide(self.doc, item, take, reason or f"curated: kept {take}'s version")
        for rival in rivals:
            if rival.key not in self.curation.decided(self.doc):
                self.curation.decide(self.doc, rival, None, f"curated: other boundaries than {item.key} kept")
        self.refresh()
        return f"kept {take}'s version" + (f"; {len(rivals)} overlapping rejected" if rivals else "")

    def take(self, n: int, reason: str = "") -> str:
        """Keep annotator number ``n``'s version (1-based, in the --annotators order)."""
        item = self.item()
        if item is None or not 1 <= n <= len(self.curation.annotators):
            return "nothing to take"
        name = self.curation.annotators[n - 1]
        if name not in item.versions:
            return f"{name} has no version of this item"
        self.curation.decide(self.doc, item, name, reason or f"curated: took {name}'s version")
        self.refresh()
        return f"took {name}'s version"

    def reject(self, reason: str = "") -> list[Reference]:
        """Drop the current item, unless kept items point at it: then return them and decide nothing.

        Refused before anything is written when another decision's edit names the item (the pointers in
        annotators' versions can be taken out; an edit's cannot, so no step of the rejection is taken)."""
        item = self.item()
        if item is None:
            return []
        self.curation.refuse_unbuildable(Decision(doc=self.doc, item=item.key, take=None, reason="", edit=None))
        refs = self.curation.references(self.doc, item) if item.layer in ("mention", "event", "attribution") else []
        if refs:
            return refs
        self.curation.decide(self.doc, item, None, reason or "curated: rejected")
        self.refresh()
        return []

    def reject_with_references(self, answer: str) -> str:
        """``answer`` ``drop``: reject the item and take the pointers out; ``events``: reject them too (a
        relation over the item is rejected either way: it has no other argument to keep)."""
        item = self.item()
        if item is None or answer not in ("drop", "events"):
            return "kept"
        by_key = {i.key: i for i in self.curation.items(self.doc)}
        for ref in self.curation.references(self.doc, item):
            user = by_key[ref.item]
            if answer == "events" or user.layer == "relation":
                self.curation.decide(self.doc, user, None, f"curated: uses rejected {item.key}")
            else:
                edit = self.curation.without_reference(self.doc, ref, item.key)
                self.curation.decide(self.doc, user, ref.taken, f"curated: {item.key} rejected", edit)
        self.curation.decide(self.doc, item, None, "curated: rejected")
        self.refresh()
        return "rejected"

    def added(self) -> Decision | None:
        """The decision adding the current entry, when it is an item the curator added (no annotator made it)."""
        key = self.cursor.current.ident if self.cursor.current else None
        d = self.curation.decided(self.doc).get(key) if key is not None and self.item() is None else None
        return d if d is not None and d.take is None and d.edit else None

    def editor(self) -> ItemEditor | AddedEditor:
        """The annotation controller on the version of the current item the gold holds (else the majority's),
        or on an item the curator added, whose decision the answers rewrite.

        The annotation screen's questions run on it; each answer is a decision
        with an ``edit`` (raises :class:`annotator.editing.Refused` on clusters and zones).
        """
        item = self.item()
        if item is None and (added := self.added()) is not None:
            return AddedEditor(self.curation, self.doc, added.item)
        if item is None:
            raise Refused("nothing here to edit")
        take = self.curation.taken(self.doc, item) or item.groups[0][0]
        return ItemEditor(self.curation, self.doc, item, take)

    def gold_editor(self, pointer: Pointer) -> GoldEditor:
        """The annotation controller on the gold as it stands, for argument, cluster and new-mention edits.

        Of the mentions under the text cursor, the one the edit takes is the mention current in the
        list (``]``/``[`` reach a nested one and the one around it), not always the innermost.
        """
        editor = GoldEditor(self.curation, self.doc, pointer, self.active)
        item = self.item()
        if item is not None and item.layer == "mention":
            here = [ident for ident, _, _ in editor.here()]
            gid = editor.edits.gold_id(item.key)
            if gid in here:
                editor.here_index = here.index(gid)
        return editor

    def activate(self) -> str:
        """Make the event or attribution here active (``a`` then edits its arguments or role claims), or let
        the active one go."""
        key = self.cursor.current.ident if self.cursor.current else None
        if key is None or key.split(":", 1)[0] not in ("event", "attribution"):
            self.active = None
            return "nothing active"
        if self.active == key:
            self.active = None
            return f"{key} no longer active"
        if GoldEdits(self.curation, self.doc).gold_id(key) is None:
            raise Refused(f"the gold holds no version of {key}: accept or take one first")
        self.active = key
        if key.startswith("attribution:"):
            return f"{key} active: a on a mention adds a role claim (a role of a reported event), u its other parts"
        return f"{key} active: a on a mention adds or removes it as an argument"

    def add_attribution(self, pointer: Pointer) -> str:
        """An attribution no annotator made, the selection its cue, written as a decision adding it and made
        active, so that ``u`` (and ``a``) complete it."""
        key = gold_editor.new_attribution(self.gold_editor(pointer))
        self._make_current(key)
        return f"{key} added and active: u adds its source, content, reports…"

    def new_event(self, editor: GoldEditor) -> Question:
        """The type question of an event no annotator made, the selection its trigger; once answered it is
        written as a decision adding it and made active, so that ``a`` adds its arguments to that decision."""

        return gold_editor.new_event(editor, self._make_current)

    def _make_current(self, key: str) -> None:
        """An item just added becomes the active one and the current entry, so the side box shows what the
        curator made, not the entry the cursor was on before."""
        self.active = key
        self.refresh()
        self.cursor.go(key)

    def resize(self, span: tuple[int, int] | None) -> str:
        """The current mention's boundaries, event's trigger or attribution's cue become ``span`` (the
        selection), as an edit of the version held."""
        if span is None:
            raise Refused("select the new extent first (shift+arrows, or space/m then move)")
        editor = self.editor()
        if not isinstance(editor, ItemEditor):
            raise Refused("an item you added is named by its boundaries: they are not moved")
        editor.resize(*span)
        self.refresh()
        return "boundaries saved as a decision"

    def send_back(self, n: int, note: str) -> str:
        """Send this document back to annotator number ``n`` (1-based) with ``note``; written before it says so."""
        name = self.curation.annotators[n - 1]
        send_back(self.curation.project, name, self.doc, note, self.curator)
        self.sent[self.doc] = ", ".join(filter(None, (self.sent.get(self.doc), name)))
        return f"{self.doc} sent back to {name}: they see your note in their queue"

    def own_reason(self) -> str:
        """The reason the curator gave for the decision here (without the words the app wrote for a key)."""
        item = self.item()
        d = self.curation.decided(self.doc).get(item.key) if item else self.added()
        return own_reason(d.reason) if d is not None else ""

    def set_reason(self, reason: str) -> str:
        """Write the current decision again with ``reason`` (the last decision on an item stands); the decision
        adding an item keeps the parts the app listed for it."""
        item = self.item()
        added = self.added()
        if added is not None:
            self.curation.add(self.doc, added.item, reason_keeping_parts(added.reason, reason), added.edit or {})
            self.refresh()
            return "reason saved"
        d = self.curation.decided(self.doc).get(item.key) if item else None
        if item is None or d is None:
            return "decide first, then give a reason"
        self.curation.decide(self.doc, item, d.take, reason, d.edit)
        self.refresh()
        return "reason saved"


def _rival(other: CurationItem, item: CurationItem) -> bool:
    """Another item of the same layer over an overlapping stretch that only other annotators made.

    Such an item is another reading of the same stretch (other boundaries). An
    overlapping item that one of ``item``'s annotators made too is an item of its
    own, such as a mention nested in this one, and is never rejected with it.
    """
    return (
        other.key != item.key
        and other.layer == item.layer
        and item.layer not in LINKS
        and other.start < item.end
        and item.start < other.end
        and not set(other.versions) & set(item.versions)
    )
