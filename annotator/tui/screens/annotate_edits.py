"""Editing actions of the annotate screen: every one goes through ``commit`` or is refused."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from annotator import editing as ed
from annotator.model import AnnotationRecord
from annotator.tui.screens.picker import Choice, PickerScreen

if TYPE_CHECKING:
    from annotator.scheme import Scheme
    from annotator.tui.session import Session
    from annotator.tui.widgets.article_view import ArticleView


def _refusing(method: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`Refused` raised by an action into a one-line notification."""

    @functools.wraps(method)
    def wrapper(self: EditActions, *args: Any) -> Any:
        try:
            return method(self, *args)
        except ed.Refused as exc:
            self.refuse(exc)
            return None

    return wrapper


class EditActions:
    """Mixed into :class:`AnnotateScreen`; relies on its state and ``commit``."""

    session: Session
    scheme: Scheme
    record: AnnotationRecord
    doc_id: str
    doc_text: str
    active_id: str | None
    here_index: int
    view: ArticleView
    if TYPE_CHECKING:
        app: Any

        def commit(self, after: AnnotationRecord, what: str) -> None: ...
        def refuse(self, exc: ed.Refused) -> None: ...
        def redraw(self, list_too: bool = True) -> None: ...
        def saving(self, what: str) -> None: ...
        def current(self, kind: str) -> str: ...
        def current_id(self) -> str | None: ...
        def here(self) -> list[tuple[str, int, int]]: ...
        def update_details(self) -> None: ...
        def load_document(self, doc_id: str, first: bool = False) -> None: ...
        def remember(self) -> None: ...
        def notify(self, message: str, **kw: Any) -> None: ...
        def refresh_bindings(self) -> None: ...
        def key_pairs(self) -> list[tuple[str, Any]]: ...

        _bindings: Any

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show (and enable) argument keys only with an active event, part keys only with an active attribution."""
        if action in ("argument", "part") and hasattr(self, "record"):
            want = "event" if action == "argument" else "attribution"
            return self.record.ids().get(self.active_id or "") == want
        return True

    def pick(self, title: str, choices: list[Choice], then: Callable[[str], None]) -> None:
        """Open a picker; ``then`` runs with the choice (refusals become notifications)."""

        def done(value: str | None) -> None:
            if value is None:
                return
            try:
                then(value)
            except ed.Refused as exc:
                self.refuse(exc)

        self.app.push_screen(PickerScreen(title, list(choices)), done)

    def _done_edit(self, after: AnnotationRecord, what: str, select_clear: bool = True) -> None:
        self.commit(after, what)
        if select_clear:
            self.view.clear_selection()

    # ------------------------------------------------------------ mentions and zones

    @_refusing
    def action_label(self, label: str) -> None:
        start, end = self.view.target
        after, _ = ed.add_mention(self.record, self.doc_text, self.scheme, start, end, label)
        self._done_edit(after, f"{label} {self.doc_text[start:end]!r}")

    @_refusing
    def action_zone(self) -> None:
        start, end = self.view.target
        choices = [Choice(z.label, f"{z.label}  {z.description}") for z in self.scheme.zones]
        self.pick("Zone for the selection", choices, lambda label: self.new_zone(label, (start, end)))

    @_refusing
    def new_zone(self, label: str, span: tuple[int, int] | None = None) -> None:
        start, end = span or self.view.target
        self._done_edit(ed.add_zone(self.record, self.doc_text, self.scheme, start, end, label)[0], f"zone {label}")

    @_refusing
    def set_mention_attr(self, name: str, value: str) -> None:
        ident = self.current("mention")
        self.commit(ed.set_attr(self.record, self.scheme, ident, name, value), f"{ident} {name}={value}")

    @_refusing
    def action_relabel(self) -> None:
        ident = self.current("mention")
        choices = [Choice(e.label, f"{e.label}  {e.description}") for e in self.scheme.entity_labels]
        self.pick(
            f"New label for {ident}",
            choices,
            lambda label: self.commit(
                ed.relabel_mention(self.record, self.scheme, ident, label), f"relabel {ident} {label}"
            ),
        )

    @_refusing
    def action_delete(self) -> None:
        ident = self.current_id()
        if ident is None:
            raise ed.Refused("nothing under the cursor to delete")
        if self.active_id == ident:
            self.active_id = None
        self.commit(ed.delete(self.record, ident), f"delete {ident}")

    @_refusing
    def action_cycle_level(self) -> None:
        ident = self.current("mention")
        spec = next((s for s in self.scheme.mention_attributes if s.type == "enum" and s.required), None)
        if spec is None:
            raise ed.Refused("the scheme has no required mention attribute to cycle")
        after, value = ed.cycle_attr(self.record, self.scheme, ident, spec.name)
        self.commit(after, f"{ident} {spec.name}={value}")

    def action_tab(self, delta: int) -> None:
        """With an active event: jump among its candidate arguments; else cycle items under the cursor."""
        kinds = self.record.ids()
        if self.active_id and kinds.get(self.active_id) == "event":
            event = ed.event(self.record, self.active_id)
            sentence = self.view.tokens.sentence_bounds(event.trigger.start)
            cands = ed.candidate_arguments(self.record, self.scheme, event.id, sentence)
            if not cands:
                self.notify("no candidate arguments in this sentence", severity="warning")
                return
            here = self.view.cursor_span[0]
            starts = [m.start for m in cands]
            if delta > 0:
                nxt = next((s for s in starts if s > here), starts[0])
            else:
                nxt = next((s for s in reversed(starts) if s < here), starts[-1])
            self.view.move_to_offset(nxt)
            return
        self.here_index += delta
        self.update_details()

    @_refusing
    def action_activate(self) -> None:
        kinds = self.record.ids()
        for ident, _, _ in self.here():
            if kinds.get(ident) in ("event", "attribution"):
                self.active_id = ident
                self.redraw(list_too=False)
                return
        raise ed.Refused("no event trigger or attribution cue under the cursor")

    # ------------------------------------------------------------ coreference

    @_refusing
    def action_coref(self) -> None:
        ident = self.current("mention")
        m = ed.mention(self.record, ident)
        choices = [Choice("+new", "+ new cluster"), Choice("-detach", "- detach from its cluster")]
        for e in self.record.entities:
            labels = {x.label for x in self.record.mentions if x.id in e.mentions}
            if labels <= {m.label}:
                choices.append(Choice(e.id, f"{ed.entity_name(self.record, e)}  ({e.id}, {len(e.mentions)})"))

        def then(value: str) -> None:
            if value == "-detach":
                self.commit(ed.detach(self.record, ident), f"detach {ident}")
                return
            after, eid = ed.attach(self.record, ident, None if value == "+new" else value)
            self.commit(after, f"{ident} → {eid}")

        self.pick(f"Cluster for {m.text!r}", choices, then)

    # ------------------------------------------------------------ events

    @_refusing
    def action_event(self) -> None:
        kinds = self.record.ids()
        existing = next((i for i, _, _ in self.here() if kinds.get(i) == "event"), None)
        choices = [Choice(t.name, f"{t.name}  {t.description}") for t in self.scheme.event_types]
        if existing is not None and self.view.selection is None:
            self.pick(
                f"New type for {existing}",
                choices,
                lambda t: self.commit(ed.set_event_type(self.record, self.scheme, existing, t), f"{existing} type {t}"),
            )
            return
        span = self.view.target
        self.pick("Event type", choices, lambda etype: self.new_event(etype, span))

    @_refusing
    def new_event(self, etype: str, span: tuple[int, int] | None = None) -> None:
        start, end = span or self.view.target
        after, ident = ed.add_event(self.record, self.doc_text, self.scheme, start, end, etype)
        self.active_id = ident
        self._done_edit(after, f"event {etype}")

    @_refusing
    def action_argument(self) -> None:
        if self.active_id is None or self.record.ids().get(self.active_id) != "event":
            raise ed.Refused("make an event active first (Enter on its trigger)")
        event = ed.event(self.record, self.active_id)
        ident = self.current("mention")
        if any(a.ref == ident for a in event.args):
            self.commit(ed.remove_argument(self.record, event.id, ident), f"{ident} no longer an argument")
            return
        m = ed.mention(self.record, ident)
        roles = ed.allowed_roles(self.scheme, event.type, m.label)
        if not roles:
            raise ed.Refused(f"a {m.label} mention fills no role of {event.type}")
        sentence = self.view.tokens.sentence_bounds(event.trigger.start)

        def then(role: str) -> None:
            self.commit(
                ed.add_argument(self.record, self.scheme, event.id, role, ident, sentence), f"{role} {m.text!r}"
            )

        specs = self.scheme.roles_for(event.type)
        self.pick(
            f"Role of {m.text!r} in {event.type}", [Choice(r, f"{r}  {specs[r].description}") for r in roles], then
        )

    @_refusing
    def action_hopper(self) -> None:
        if self.active_id is None or self.record.ids().get(self.active_id) != "event":
            raise ed.Refused("make an event active first (Enter on its trigger), then put the cursor on another")
        other = self.current("event")
        after, hop = ed.link_events(self.record, self.active_id, other)
        self.commit(after, f"hopper {hop}")

    @_refusing
    def action_unhopper(self) -> None:
        ident = self.current("event")
        self.commit(ed.unlink_event(self.record, ident), f"{ident} out of its hopper")

    @_refusing
    def action_cycle_attr(self, kind: str, name: str) -> None:
        kinds = self.record.ids()
        if self.active_id is not None and kinds.get(self.active_id) == kind:
            ident = self.active_id
        else:
            ident = self.current(kind)
        after, value = ed.cycle_attr(self.record, self.scheme, ident, name)
        self.commit(after, f"{ident} {name}={value}")
