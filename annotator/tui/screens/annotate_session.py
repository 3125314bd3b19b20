"""Attribution, suggestion and session actions of the annotate screen (see ``annotate_edits``)."""

from __future__ import annotations

from typing import Any

from annotator import editing as ed
from annotator.model import AnnotationRecord, Status
from annotator.tui.screens.annotate_edits import EditActions, _refusing
from annotator.tui.screens.picker import Choice


class SessionActions(EditActions):
    """Mixed into :class:`AnnotateScreen` after :class:`EditActions`."""

    # ------------------------------------------------------------ attributions

    @_refusing
    def action_attribution(self, with_cue: bool) -> None:
        cue = self.view.target if with_cue else None
        after, ident = ed.add_attribution(self.record, self.doc_text, self.scheme, cue)
        self.active_id = ident
        self._done_edit(after, "attribution")

    @_refusing
    def action_part(self) -> None:
        if self.active_id is None or self.record.ids().get(self.active_id) != "attribution":
            raise ed.Refused("make an attribution active first (Enter on its cue)")
        aid = self.active_id
        start, end = self.view.target
        choices = [
            Choice("source", "source: the mention under the cursor"),
            Choice("implicit", "source: implicit"),
            Choice("content", "content: the selection (again to remove)"),
            Choice("supplement", "supplement: the selection"),
            Choice("via", "via: the mention under the cursor"),
            Choice("novia", "via: none"),
            Choice("parent", "nested in: the attribution whose cue is under the cursor"),
            Choice("noparent", "nested in: nothing"),
            Choice("reports", "reports: an event whose trigger is in the content"),
            Choice("claim", "role claim: mention under the cursor fills a role of a reported event"),
        ]

        def then(part: str) -> None:
            r, text, s = self.record, self.doc_text, self.scheme
            if part == "source":
                self.commit(ed.set_source(r, aid, self.current("mention")), "source")
            elif part == "implicit":
                self.commit(ed.set_source(r, aid, None), "implicit source")
            elif part == "content":
                self._done_edit(ed.toggle_content(r, text, s, aid, start, end), "content")
                offered = ed.report_candidates(self.record, aid)
                if offered:
                    names = ", ".join(f"{v.type} {v.trigger.text!r}" for v in offered)
                    self.notify(f"inside the content: {names}; u → reports to add")
            elif part == "supplement":
                self._done_edit(ed.toggle_supplement(r, text, s, aid, start, end), "supplement")
            elif part == "via":
                self.commit(ed.set_via(r, aid, self.current("mention")), "via")
            elif part == "novia":
                self.commit(ed.set_via(r, aid, None), "no via")
            elif part == "parent":
                self.commit(ed.set_parent(r, aid, self.current("attribution")), "nested")
            elif part == "noparent":
                self.commit(ed.set_parent(r, aid, None), "not nested")
            elif part == "reports":
                self._pick_report(aid)
            elif part == "claim":
                self._pick_claim(aid)

        self.pick(f"Part of attribution {aid}", choices, then)

    def _pick_report(self, aid: str) -> None:
        att = ed.attribution(self.record, aid)
        offered = ed.report_candidates(self.record, aid) + [v for v in self.record.events if v.id in att.reports]
        if not offered:
            raise ed.Refused("no event trigger lies inside the content of this attribution")
        choices = [
            Choice(v.id, f"{'✓ ' if v.id in att.reports else ''}{v.type} {v.trigger.text!r} ({v.id})") for v in offered
        ]
        self.pick(
            "Reported event (again to remove)",
            choices,
            lambda v: self.commit(ed.toggle_report(self.record, aid, v), f"reports {v}"),
        )

    def _pick_claim(self, aid: str) -> None:
        ref = self.current("mention")
        att = ed.attribution(self.record, aid)
        m = ed.mention(self.record, ref)
        choices = []
        for v in self.record.events:
            if v.id in att.reports:
                choices += [
                    Choice(f"{v.id}|{role}", f"{v.type}.{role} ({v.id})")
                    for role in ed.allowed_roles(self.scheme, v.type, m.label)
                ]
        if not choices:
            raise ed.Refused(f"no reported event has a role a {m.label} mention can fill")

        def then(value: str) -> None:
            target, role = value.split("|")
            self.commit(ed.add_role_claim(self.record, self.scheme, aid, target, role, ref), f"claim {role}")

        self.pick(f"Role claimed for {m.text!r}", choices, then)

    # ------------------------------------------------------------ suggestions

    def _suggestion_here(self) -> Any:
        here = self.view.cursor_span[0]
        for mark in self.view.marks:
            if mark.kind == "suggest" and mark.start <= here < mark.end:
                return mark
        raise ed.Refused("no suggestion under the cursor")

    def _accept(self, record: AnnotationRecord, mark: Any) -> AnnotationRecord:
        kind = mark.ident.split(":")[0]
        if kind == "zone":
            return ed.add_zone(record, self.doc_text, self.scheme, mark.start, mark.end, mark.label)[0]
        if kind == "mention":
            return ed.add_mention(record, self.doc_text, self.scheme, mark.start, mark.end, mark.label)[0]
        return ed.add_event(record, self.doc_text, self.scheme, mark.start, mark.end, mark.label)[0]

    @_refusing
    def action_accept(self) -> None:
        mark = self._suggestion_here()
        self.commit(self._accept(self.record, mark), f"accepted {mark.label}")

    @_refusing
    def action_reject(self) -> None:
        mark = self._suggestion_here()
        self.session.reject(self.doc_id, mark.ident)
        self.save_state = f"saved: rejected {mark.label}"
        self.redraw()

    @_refusing
    def action_accept_all(self) -> None:
        label = self._suggestion_here().label
        record, skipped = self.record, 0
        for mark in [m for m in self.view.marks if m.kind == "suggest" and m.label == label]:
            try:
                record = self._accept(record, mark)
            except ed.Refused:
                skipped += 1
        self.commit(record, f"accepted all {label}")
        if skipped:
            self.notify(f"{skipped} {label} suggestion(s) refused (inside closed zones)", severity="warning")

    # ------------------------------------------------------------ session

    def _show_change(self, change: ed.Change, record: AnnotationRecord, verb: str) -> None:
        if change.doc != self.doc_id:
            self.load_document(change.doc)
        self.record = record
        kinds = record.ids()
        if self.active_id not in kinds:
            self.active_id = None
        self.saving(f"{verb} {change.what}")

    @_refusing
    def action_undo(self) -> None:
        change, record = self.session.undo()
        self._show_change(change, record, "undid")

    @_refusing
    def action_redo(self) -> None:
        change, record = self.session.redo()
        self._show_change(change, record, "redid")

    @_refusing
    def action_status(self, status: Status) -> None:
        self.commit(ed.set_status(self.record, status), f"marked {status}")

    def action_doc(self, delta: int) -> None:
        ids = self.session.doc_ids()
        i = ids.index(self.doc_id) + delta
        if 0 <= i < len(ids):
            self.load_document(ids[i])
        else:
            self.notify("no more documents this way")

    def action_documents(self) -> None:
        from annotator.tui.screens.documents import DocumentsScreen

        self.remember()

        def opened(doc: str | None) -> None:
            if doc and doc != self.doc_id:
                self.load_document(doc)

        self.app.push_screen(DocumentsScreen(self.session, self.doc_id), opened)

    def action_help(self) -> None:
        from annotator.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.key_pairs()))

    def action_guidelines(self) -> None:
        from annotator.tui.screens.guidelines import GuidelinesScreen

        terms = []
        kinds = self.record.ids()
        for ident, _, _ in self.here():
            kind = kinds.get(ident)
            if kind == "mention":
                roles = [a.role for v in self.record.events for a in v.args if a.ref == ident]
                terms += [*roles, ed.mention(self.record, ident).label]
            elif kind == "event":
                terms.append(ed.event(self.record, ident).type)
            elif kind == "zone":
                terms.append(next(z.label for z in self.record.zones if z.id == ident))
        self.app.push_screen(GuidelinesScreen(self.session.project.scheme_path.parent, terms))

    # ------------------------------------------------------------ any attribute

    def _attr_target(self) -> tuple[str, str, tuple[Any, ...], str | None]:
        """The item whose attributes ``=`` edits: the active event/attribution, else the innermost here."""
        kinds = self.record.ids()
        ident = self.active_id if self.active_id in kinds else None
        if ident is None:
            ident = next((i for i, _, _ in self.here() if kinds.get(i) in ("mention", "event", "attribution")), None)
        if ident is None:
            raise ed.Refused("put the cursor on a mention, trigger or cue first")
        kind = kinds[ident]
        if kind == "mention":
            m = ed.mention(self.record, ident)
            return ident, kind, self.scheme.mention_attributes, m.label
        if kind == "event":
            return ident, kind, self.scheme.event_attributes_for(ed.event(self.record, ident).type), None
        return ident, kind, self.scheme.attribution_attributes, None

    @_refusing
    def action_attributes(self) -> None:
        """Every attribute value of the item in one picker (type-specific ones included)."""
        ident, _, specs, label = self._attr_target()
        item = next(x for x in (*self.record.mentions, *self.record.events, *self.record.attributions) if x.id == ident)
        attrs = item.attrs
        choices: list[Choice] = []
        for spec in specs:
            if not spec.applies(attrs, label):
                continue
            now = attrs.get(spec.name)
            if spec.type == "enum":
                values: list[Any] = list(spec.values) + ([] if spec.required else [None])
            elif spec.type == "bool":
                values = [True, False]
            elif spec.type == "ref":
                values = ["@here", None]
            else:
                values = ["@prompt", None]
            for v in values:
                shown = {"@here": "the mention under the cursor", "@prompt": "type a value…", None: "(unset)"}.get(v, v)
                mark = "• " if v == now and v is not None else "  "
                choices.append(Choice(f"{spec.name}|{v!r}", f"{mark}{spec.name} = {shown}", spec.description))

        def then(value: str) -> None:
            name, raw = value.split("|", 1)
            parsed: Any = {"True": True, "False": False, "None": None}.get(raw, raw.strip("'"))
            if parsed == "@here":
                parsed = self.current("mention")
            if parsed == "@prompt":
                from annotator.tui.screens.prompt import PromptScreen

                def typed(text: str | None) -> None:
                    if text:
                        try:
                            self.commit(
                                ed.set_attr(self.record, self.scheme, ident, name, text), f"{ident} {name}={text}"
                            )
                        except ed.Refused as exc:
                            self.refuse(exc)

                self.app.push_screen(PromptScreen(f"{name} of {ident}"), typed)
                return
            self.commit(ed.set_attr(self.record, self.scheme, ident, name, parsed), f"{ident} {name}={parsed}")

        self.pick(f"Attributes of {ident}", choices, then)
