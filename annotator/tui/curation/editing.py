"""Curator edits through the annotation screen's own questions, each written as a decision.

:class:`ItemEditor` is the annotation controller narrowed to one item of one
annotator's version: the questions of :mod:`annotator.tui.questions` (label,
event type, attributes) run on it unchanged, and what they would commit to an
annotation file becomes instead a decision taking that version with an
``edit`` (the item's fields that changed), appended to the decisions file that
``annotator adjudicate --decisions`` reads. So the app and the batch path build
the same gold, and the provenance says ``edited_from``.
"""

from __future__ import annotations

from typing import Any

from annotator import editing as ed
from annotator.adjudicate import Decision, spans_with_text
from annotator.curation.items import CurationItem
from annotator.curation.session import Curation
from annotator.editing import Refused
from annotator.model import AnnotationRecord
from annotator.tui.controller import AnnotateController
from annotator.tui.layout import quick_tokens
from annotator.tui.pointer import Pointer

EDITABLE = ("mention", "event", "attribution")
_GROUPS = {"mention": "mentions", "event": "events", "attribution": "attributions"}
_NOT_EDITED = {"id", "text"}


def _find(record: AnnotationRecord, layer: str, ident: str) -> Any:
    return next((x for x in getattr(record, _GROUPS[layer]) if x.id == ident), None)


class ItemEditor(AnnotateController):
    """The annotation controller on ``take``'s version of ``item``; a commit writes a decision.

    It does not run :meth:`AnnotateController.__init__`: there is no session,
    store or undo history here, only what the questions read (record, scheme,
    pointer, the item under the cursor and the active item).
    """

    def __init__(self, curation: Curation, doc: str, item: CurationItem, take: str) -> None:
        if item.layer not in EDITABLE:
            raise Refused(f"a {item.layer} is decided, not edited: accept, reject or take a version")
        self.curation = curation
        self.doc = doc
        self.item = item
        self.take = take
        self.decision: Decision | None = None
        view = curation.views(doc)[take]
        original = view.items[item.key]
        self.ident: str = original.id
        self.original = original
        record = view.record
        earlier = curation.decided(doc).get(item.key)
        self.earlier_edit: dict[str, Any] = dict(earlier.edit or {}) if earlier and earlier.take == take else {}
        if self.earlier_edit:
            edited = self._with_earlier_edit(original, view.mention_key, curation.text(doc))
            group = [edited if x.id == self.ident else x for x in getattr(record, _GROUPS[item.layer])]
            record = record.model_copy(update={_GROUPS[item.layer]: group})
        self.scheme = curation.scheme
        self.record = record
        self.text = curation.text(doc)
        self.pointer = Pointer(self.text, quick_tokens(self.text, item.start))
        self.active_id = self.ident if item.layer != "mention" else None
        self.here_index = 0

    def _with_earlier_edit(self, original: Any, mention_key: dict[str, str], text: str) -> Any:
        """``original`` with the earlier edit, validated: arguments named by anchor get this annotator's ids
        back where it has the mention, and moved boundaries their text, so the questions read a real item."""
        data = {**original.model_dump(), **self.earlier_edit}
        ids = {anchor: ident for ident, anchor in mention_key.items()}
        if "args" in self.earlier_edit:
            data["args"] = [{**a, "ref": ids.get(a["ref"], a["ref"])} for a in self.earlier_edit["args"]]
        return type(original).model_validate(spans_with_text(data, text))

    def resize(self, start: int, end: int) -> None:
        """New boundaries for the mention, the event's trigger or the attribution's cue (the selection).

        A mention's edit is its ``start`` and ``end`` (what moved); a trigger's
        or cue's is the whole span, ``{"trigger": {"start", "end"}}``, since the
        decision replaces the field. The item keeps its key (its old anchor).
        """
        layer, text = self.item.layer, self.text
        if layer == "mention":
            after = ed.move_mention(self.record, text, self.scheme, self.ident, start, end)
        elif layer == "event":
            after = ed.move_trigger(self.record, text, self.scheme, self.ident, start, end)
        else:
            after = ed.set_cue(self.record, text, self.scheme, self.ident, (start, end))
        self.commit(after, f"boundaries {text[start:end]!r}")

    def here(self) -> list[tuple[str, int, int]]:
        return [(self.ident, self.item.start, self.item.end)]

    def commit(self, after: AnnotationRecord, what: str) -> None:
        """Write the fields of the item that ``after`` changed (over any earlier edit) as a decision."""
        changed = _find(after, self.item.layer, self.ident)
        if changed is None:
            raise Refused("that edit would remove the item: reject it instead (x)")
        before, now = self.original.model_dump(), changed.model_dump()
        edit = {k: _offsets(v) for k, v in now.items() if k not in _NOT_EDITED and before.get(k) != v}
        reason = f"curated edit of {self.take}'s version: {what}"
        self.decision = self.curation.decide(self.doc, self.item, self.take, reason, edit or None)
        self.record = after


def _offsets(value: Any) -> Any:
    """A span (trigger, cue) as the decision names it, by ``start`` and ``end``: adjudicate adds the text."""
    if isinstance(value, dict) and set(value) == {"start", "end", "text"}:
        return {"start": value["start"], "end": value["end"]}
    return value
