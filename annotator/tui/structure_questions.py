"""Edits of relations, discontinuous mentions, document labels and knowledge-base links, as questions.

Textual-free like :mod:`annotator.tui.questions`: each function takes the
:class:`~annotator.tui.controller.AnnotateController`, reads what is under the
cursor now and edits through the controller, or returns the question to ask
first. What a two-step edit remembers between keys (the relation being made,
the mention being extended) is a :class:`Pending` on the controller.
"""

from __future__ import annotations

from annotator import editing as ed
from annotator.editing import Refused
from annotator.tui.controller import AnnotateController
from annotator.tui.question import Ask, Choice, Question, TextQuestion

NO_LINK = "-none"


def _argument_here(ctl: AnnotateController) -> str:
    kinds = ctl.kinds()
    for ident, _, _ in ctl.here():
        if kinds.get(ident) in ("mention", "event"):
            return ident
    raise Refused("put the cursor on a mention (or an event trigger) first")


def relation(ctl: AnnotateController) -> Ask:
    """First ``i``: the type of a relation from the mention here; second ``i``: its other argument."""
    pending = ctl.pending
    here = _argument_here(ctl)
    if pending.relation is not None:
        rtype, first = pending.relation
        if here == first:
            raise Refused(f"{first} is the first argument; put the cursor on the second (Escape cancels)")
        after, rid = ed.add_relation(ctl.record, ctl.scheme, rtype, first, here)
        pending.relation = None
        ctl.commit(after, f"{rid} {rtype} {first} → {here}")
        return None
    types = ed.relation_types_for(ctl.record, ctl.scheme, here)
    if not types:
        raise Refused(f"no relation of scheme {ctl.scheme.id} starts from {here}")

    def answer(rtype: str) -> Ask:
        pending.relation = (rtype, here)
        ctl.listener.tell(f"{rtype} from {here}: put the cursor on the second argument and press i")
        return None

    choices = tuple(Choice(r.name, f"{r.name}  {r.description}") for r in types)
    return Question(f"Relation from {here}", choices, answer)


def relations_here(ctl: AnnotateController) -> Question:
    """The relations of the mention here; the one picked is deleted."""
    here = _argument_here(ctl)
    found = ed.relations_of(ctl.record, here)
    if not found:
        raise Refused(f"{here} is in no relation")
    choices = tuple(
        Choice(r.id, f"delete {r.id} {r.type}: {' — '.join(f'{a.role} {a.ref}' for a in r.args)}") for r in found
    )

    def answer(rid: str) -> Ask:
        ctl.commit(ed.delete(ctl.record, rid), f"delete {rid}")
        return None

    return Question(f"Relations of {here}", choices, answer)


def fragment(ctl: AnnotateController) -> Ask:
    """No selection: the mention here becomes the one to extend. A selection: a fragment of it (again: removed)."""
    pending = ctl.pending
    if ctl.pointer.selection is None:
        pending.fragments_of = ctl.current("mention")
        ctl.listener.tell(f"extending {pending.fragments_of}: select each further fragment and press s")
        return None
    if pending.fragments_of is None:
        raise Refused("press s on a mention first, then select each further fragment and press s")
    ident = pending.fragments_of
    start, end = ctl.pointer.target
    ctl.commit_span_edit(ed.toggle_fragment(ctl.record, ctl.text, ctl.scheme, ident, start, end), f"{ident} fragment")
    return None


def doc_label(ctl: AnnotateController) -> Question:
    """The document's labels; picking one sets it (or takes it away)."""
    if not ctl.scheme.doc_labels:
        raise Refused(f"scheme {ctl.scheme.id} defines no document labels")
    have = set(ctl.record.doc_labels)
    choices = tuple(
        Choice(d.label, f"{'✓ ' if d.label in have else '  '}{d.label}  {d.description}") for d in ctl.scheme.doc_labels
    )

    def answer(label: str) -> Ask:
        ctl.commit(ed.toggle_doc_label(ctl.record, ctl.scheme, label), f"document {label}")
        return None

    return Question("Document label (again to remove)", choices, answer)


def kb_link(ctl: AnnotateController) -> TextQuestion:
    """Link the cluster of the mention here: type the start of a name, then pick the entry."""
    ident = ctl.current("mention")
    gazetteer = ctl.session.project.gazetteer
    if gazetteer is None:
        raise Refused('the project names no gazetteer ([tool.annotator] gazetteer = "FILE")')
    if ed.entity_of(ctl.record, ident) is None:
        raise Refused(f"{ident} is in no cluster; put it in one (c) before linking it")

    def matches(prefix: str) -> Ask:
        found = gazetteer.search(prefix)
        choices = (Choice(NO_LINK, "(no link)"), *(Choice(e.id, e.label(), " ".join(e.aliases)) for e in found))

        def answer(kb: str) -> Ask:
            entry = gazetteer.get(kb)
            link = None if kb == NO_LINK else kb
            ctl.commit(ed.set_kb(ctl.record, ident, link, entry.name if entry else None), f"{ident} → {link}")
            return None

        return Question(f"Entries starting {prefix!r}", choices, answer)

    return TextQuestion(f"Knowledge-base entry for {ed.mention(ctl.record, ident).text!r}: start of its name", matches)
