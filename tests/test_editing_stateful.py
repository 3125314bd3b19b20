"""Any sequence of edits, undos and redos through :mod:`annotator.editing` leaves a record that validates.

The machine annotates a real seed article with the shipped scheme, choosing
spans on word boundaries and ids among those the record holds (so most edits
are accepted and later ones build on earlier ones), and checks the record
against :func:`annotator.validate.validate_record` after every step (undos and
redos included). An undo after a redo must give back the record from before
the redo.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from annotator import editing as ed
from annotator.corpus import Corpus
from annotator.model import AnnotationRecord, AttrValue, Status
from annotator.scheme import AttributeSpec, load_scheme
from annotator.tokens import tokenize
from annotator.validate import validate_record

ROOT = Path(__file__).resolve().parent.parent
SCHEME = load_scheme(ROOT / "guidelines" / "schema.toml")
SEEDS = Corpus.load(ROOT / "seeds")
DOC = SEEDS.get(SEEDS.ids()[0])
TEXT = DOC.text[:1500]
WORDS = [(m.start(), m.end()) for m in re.finditer(r"\w+", TEXT)]
SENTENCES = tokenize(TEXT).sentences()

ZONES = sorted(SCHEME.zone_by_label)
LABELS = sorted(SCHEME.entity_by_label)
TYPES = sorted(SCHEME.event_by_type)
STATUSES: list[Status] = ["in_progress", "done", "skipped"]

pick = st.integers(min_value=0, max_value=10_000)
word = st.integers(min_value=0, max_value=len(WORDS) - 1)


def words(first: int, count: int) -> tuple[int, int]:
    """Offsets covering ``count`` words from word ``first`` (clipped at the end of the text)."""
    last = min(first + count, len(WORDS)) - 1
    return WORDS[first][0], WORDS[last][1]


def choose(items: list[str] | tuple[str, ...], n: int) -> str | None:
    return items[n % len(items)] if items else None


CONDITIONAL = {
    spec.name
    for specs in (SCHEME.mention_attributes, SCHEME.attribution_attributes, *map(SCHEME.event_attributes_for, TYPES))
    for spec in specs
    if spec.when and spec.required
}


def incomplete(problem: str) -> bool:
    """A conditionally required attribute not chosen yet (``modality`` right after realis became OTHER).

    The annotator is asked for it next; every other problem is an inconsistency no edit may leave.
    """
    return any(problem.endswith(f"attribute {name!r} is required") for name in CONDITIONAL)


def value_for(spec: AttributeSpec, n: int, mentions: list[str]) -> AttrValue:
    if spec.type == "bool":
        return bool(n % 2)
    if spec.type == "ref":
        return choose(mentions, n)
    if spec.type == "str":
        return ["", "Monday", None][n % 3]
    return choose([*spec.values, None], n)  # type: ignore[list-item]


class Editing(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.record = AnnotationRecord(
            doc=DOC.id, doc_sha256=DOC.sha256, annotator="machine", scheme=SCHEME.id, status="in_progress"
        )
        self.history = ed.History()

    @initialize(
        mentions=st.lists(st.tuples(word, st.sampled_from(["PER", "ORG", "GPE", "LOC", "WEA", "TIME"])), max_size=8),
        events=st.lists(st.tuples(word, st.sampled_from(TYPES)), max_size=4),
        attributions=st.lists(word, max_size=2),
    )
    def annotate_a_little(
        self, mentions: list[tuple[int, str]], events: list[tuple[int, str]], attributions: list[int]
    ) -> None:
        """A few mentions, events and attributions to start from, so short runs reach arguments and claims."""
        for first, label in mentions:
            self.add_mention(first, 1, label)
        for first, etype in events:
            self.add_event(first, etype)
        for first in attributions:
            self.add_attribution(first, True)

    # ------------------------------------------------------------ helpers

    def ids(self, *kinds: str) -> list[str]:
        return sorted(i for i, k in self.record.ids().items() if k in kinds)

    def apply(self, what: str, edit: Callable[[AnnotationRecord], AnnotationRecord]) -> None:
        """Run an edit as the app does: a refusal changes nothing, anything else is one undoable change."""
        before = self.record
        try:
            after = edit(before)
        except ed.Refused:
            return
        if after != before:
            self.history.push(ed.Change(doc=DOC.id, before=before, after=after, what=what))
            self.record = after

    # ------------------------------------------------------------ zones and mentions

    @rule(first=word, count=st.integers(1, 60), label=st.sampled_from(ZONES))
    def add_zone(self, first: int, count: int, label: str) -> None:
        self.apply("zone", lambda r: ed.add_zone(r, TEXT, SCHEME, *words(first, count), label)[0])

    @rule(first=word, count=st.integers(1, 3), label=st.sampled_from(LABELS))
    def add_mention(self, first: int, count: int, label: str) -> None:
        self.apply("mention", lambda r: ed.add_mention(r, TEXT, SCHEME, *words(first, count), label)[0])

    @rule(n=pick, label=st.sampled_from(LABELS))
    def relabel_mention(self, n: int, label: str) -> None:
        if (m := choose(self.ids("mention"), n)) is not None:
            self.apply("relabel", lambda r: ed.relabel_mention(r, SCHEME, m, label))

    @rule(n=pick, k=pick)
    def attach(self, n: int, k: int) -> None:
        m, e = choose(self.ids("mention"), n), choose([*self.ids("entity"), ""], k)
        if m is not None:
            self.apply("attach", lambda r: ed.attach(r, m, e or None)[0])

    @rule(n=pick)
    def detach(self, n: int) -> None:
        if (m := choose(self.ids("mention"), n)) is not None:
            self.apply("detach", lambda r: ed.detach(r, m))

    # ------------------------------------------------------------ attributes and status

    @rule(n=pick, k=pick, v=pick)
    def set_attr(self, n: int, k: int, v: int) -> None:
        ident = choose(self.ids("mention", "event", "attribution"), n)
        if ident is None:
            return
        kind = self.record.ids()[ident]
        if kind == "mention":
            specs = SCHEME.mention_attributes
        elif kind == "event":
            specs = SCHEME.event_attributes_for(ed.event(self.record, ident).type)
        else:
            specs = SCHEME.attribution_attributes
        spec = specs[k % len(specs)]
        value = value_for(spec, v, self.ids("mention"))
        self.apply("attr", lambda r: ed.set_attr(r, SCHEME, ident, spec.name, value))

    @rule(n=pick, k=pick)
    def cycle_attr(self, n: int, k: int) -> None:
        ident = choose(self.ids("mention", "event", "attribution"), n)
        names = ["level", "generic", "org_kind", "realis", "modality", "polarity", "quote", "stance", "type"]
        if ident is not None:
            self.apply("cycle", lambda r: ed.cycle_attr(r, SCHEME, ident, names[k % len(names)])[0])

    @rule(status=st.sampled_from(STATUSES))
    def set_status(self, status: Status) -> None:
        self.apply("status", lambda r: ed.set_status(r, status))

    # ------------------------------------------------------------ events, arguments, hoppers

    @rule(first=word, etype=st.sampled_from(TYPES))
    def add_event(self, first: int, etype: str) -> None:
        self.apply("event", lambda r: ed.add_event(r, TEXT, SCHEME, *words(first, 1), etype)[0])

    @rule(n=pick, etype=st.sampled_from(TYPES))
    def set_event_type(self, n: int, etype: str) -> None:
        if (v := choose(self.ids("event"), n)) is not None:
            self.apply("type", lambda r: ed.set_event_type(r, SCHEME, v, etype))

    @rule(n=pick, k=pick, j=pick, scoped=st.booleans())
    def add_argument(self, n: int, k: int, j: int, scoped: bool) -> None:
        v = choose(self.ids("event"), n)
        ref = choose(self.ids("mention", "event", "hopper"), j)
        if v is None or ref is None:
            return
        event = ed.event(self.record, v)
        roles = SCHEME.roles_for(event.type)
        if self.record.ids()[ref] == "mention":
            fitting = ed.allowed_roles(SCHEME, event.type, ed.mention(self.record, ref).label)
        else:
            fitting = [name for name, spec in roles.items() if spec.events]
        role = choose(fitting if fitting and k % 4 else list(roles), k)
        sentence = next((s for s in SENTENCES if s[0] <= event.trigger.start < s[1]), None) if scoped else None
        if role is not None:
            self.apply("argument", lambda r: ed.add_argument(r, SCHEME, v, role, ref, sentence))

    @rule(n=pick, k=pick)
    def remove_argument(self, n: int, k: int) -> None:
        v = choose(self.ids("event"), n)
        args = ed.event(self.record, v).args if v is not None else ()
        if v is not None and args:
            arg = args[k % len(args)]
            self.apply("unargument", lambda r: ed.remove_argument(r, v, arg.ref, arg.role))

    @rule(n=pick, k=pick)
    def link_events(self, n: int, k: int) -> None:
        a, b = choose(self.ids("event"), n), choose(self.ids("event"), k)
        if a is not None and b is not None:
            self.apply("link", lambda r: ed.link_events(r, a, b)[0])

    @rule(n=pick)
    def unlink_event(self, n: int) -> None:
        if (v := choose(self.ids("event"), n)) is not None:
            self.apply("unlink", lambda r: ed.unlink_event(r, v))

    # ------------------------------------------------------------ attributions

    @rule(first=word, cue=st.booleans())
    def add_attribution(self, first: int, cue: bool) -> None:
        self.apply("attribution", lambda r: ed.add_attribution(r, TEXT, SCHEME, words(first, 1) if cue else None)[0])

    @rule(n=pick, k=pick)
    def set_source(self, n: int, k: int) -> None:
        a, m = choose(self.ids("attribution"), n), choose([*self.ids("mention"), ""], k)
        if a is not None:
            self.apply("source", lambda r: ed.set_source(r, a, m or None))

    @rule(n=pick, k=pick)
    def set_via(self, n: int, k: int) -> None:
        a, ref = choose(self.ids("attribution"), n), choose([*self.ids("mention", "entity"), ""], k)
        if a is not None:
            self.apply("via", lambda r: ed.set_via(r, a, ref or None))

    @rule(n=pick, k=pick)
    def set_parent(self, n: int, k: int) -> None:
        a, parent = choose(self.ids("attribution"), n), choose([*self.ids("attribution"), ""], k)
        if a is not None:
            self.apply("parent", lambda r: ed.set_parent(r, a, parent or None))

    @rule(n=pick, first=word, count=st.integers(1, 25), supplement=st.booleans())
    def toggle_span(self, n: int, first: int, count: int, supplement: bool) -> None:
        toggle = ed.toggle_supplement if supplement else ed.toggle_content
        if (a := choose(self.ids("attribution"), n)) is not None:
            self.apply("content", lambda r: toggle(r, TEXT, SCHEME, a, *words(first, count)))

    @rule(n=pick, k=pick)
    def toggle_report(self, n: int, k: int) -> None:
        a, ref = choose(self.ids("attribution"), n), choose(self.ids("event", "hopper"), k)
        if a is not None and ref is not None:
            self.apply("report", lambda r: ed.toggle_report(r, a, ref))

    @rule(n=pick, t=pick, k=pick, j=pick)
    def add_role_claim(self, n: int, t: int, k: int, j: int) -> None:
        a, target = choose(self.ids("attribution"), n), choose(self.ids("event", "hopper"), t)
        m = choose(self.ids("mention"), j)
        if a is None or target is None or m is None:
            return
        members = next((h.events for h in self.record.hoppers if h.id == target), (target,))
        types = {v.type for v in self.record.events if v.id in members}
        label = ed.mention(self.record, m).label
        fitting = sorted(set.intersection(*(set(ed.allowed_roles(SCHEME, t, label)) for t in types)))
        role = choose(fitting if fitting and k % 4 else sorted({r for t in TYPES for r in SCHEME.roles_for(t)}), k)
        if role is not None:
            self.apply("claim", lambda r: ed.add_role_claim(r, SCHEME, a, target, role, m))

    @rule(n=pick, k=pick)
    def remove_role_claim(self, n: int, k: int) -> None:
        a = choose(self.ids("attribution"), n)
        claims = ed.attribution(self.record, a).role_claims if a is not None else ()
        if a is not None and claims:
            claim = claims[k % len(claims)]
            self.apply("unclaim", lambda r: ed.remove_role_claim(r, a, claim))

    # ------------------------------------------------------------ deleting anything, undo and redo

    @rule(n=pick)
    def delete(self, n: int) -> None:
        if (ident := choose(sorted(self.record.ids()), n)) is not None:
            self.apply("delete", lambda r: ed.delete(r, ident))

    @precondition(lambda self: bool(self.history.done))
    @rule()
    def undo(self) -> None:
        change = self.history.undo()
        assert change.after == self.record
        self.record = change.before

    @precondition(lambda self: bool(self.history.undone))
    @rule()
    def redo_then_undo(self) -> None:
        before = self.record
        change = self.history.redo()
        assert change.before == before
        self.record = change.after
        assert self.history.undo().before == before
        self.record = self.history.redo().after
        assert self.record == change.after

    # ------------------------------------------------------------ the property

    @invariant()
    def record_validates(self) -> None:
        problems = [p for p in validate_record(self.record, DOC, SCHEME, strict=True) if not incomplete(p)]
        assert problems == [], "\n".join(problems)


Editing.TestCase.settings = settings(
    max_examples=250,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_editing_sequences_keep_the_record_valid = Editing.TestCase
