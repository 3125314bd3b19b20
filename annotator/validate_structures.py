"""Checks of the structures a scheme may add: relations, discontinuous mentions, document labels.

Kept apart from :mod:`annotator.validate` (which calls :func:`check_structures`
once, on its own list of problems) so that each set of rules reads on its
own. The same function turns a scheme-version mismatch into one explanation:
a record made with another version of the scheme is told so, with the names
the project scheme does not know and the command that migrates it, instead
of one "unknown label" line per annotation.
"""

from __future__ import annotations

import re
from collections import Counter

from annotator.corpus import Document
from annotator.model import AnnotationRecord, Relation, Span
from annotator.scheme import Scheme

UNKNOWN_NAME = re.compile(
    r"unknown (?:zone label|entity label|event type|relation type|document label|attribute) '([^']+)'"
    r"|role '([^']+)' is not a role of"
    r"|attribute '([^']+)': '([^']+)' is not one of"
)
"""The problems a renamed vocabulary causes, and the name each one is about."""


def check_structures(
    record: AnnotationRecord, doc: Document | None, scheme: Scheme, strict: bool, problems: list[str]
) -> list[str]:
    """``problems`` (from the main checks) with the structure rules added and a version mismatch explained."""
    where = f"doc {record.doc}"
    found: list[str] = []
    found += _fragment_problems(record, doc, scheme)
    found += _relation_problems(record, scheme)
    found += _doc_label_problems(record, scheme)
    out = problems + [f"{where}: {p}" for p in found]
    if record.scheme != scheme.id:
        out = _explain_version(record, scheme, out)
    return out


def _span_problem(doc: Document | None, item: str, what: str, span: Span) -> str | None:
    if doc is None:
        return None
    if span.end > len(doc.text):
        return f"{item}: {what} {span.start}-{span.end} runs past the end of the document ({len(doc.text)} characters)"
    actual = doc.text[span.start : span.end]
    if actual != span.text:
        return f"{item}: {what} {span.start}-{span.end} has text {span.text!r} but the document has {actual!r}"
    return None


def _fragment_problems(record: AnnotationRecord, doc: Document | None, scheme: Scheme) -> list[str]:
    out: list[str] = []
    for m in record.mentions:
        if not m.fragments:
            continue
        if not scheme.discontinuous_mentions:
            out.append(f"{m.id}: discontinuous mention, but the scheme does not allow them (discontinuous_mentions)")
        out += [p for f in m.fragments if (p := _span_problem(doc, m.id, "fragment", f)) is not None]
    return out


def relation_key(rel: Relation, symmetric: bool) -> tuple[str, ...]:
    """What makes two relations of one record the same: type and arguments (unordered when symmetric)."""
    refs = [a.ref for a in rel.args]
    return (rel.type, *(sorted(refs) if symmetric else refs))


def _relation_problems(record: AnnotationRecord, scheme: Scheme) -> list[str]:
    out: list[str] = []
    kinds = record.ids()
    mentions = {m.id: m.label for m in record.mentions}
    events = {e.id: e.type for e in record.events}
    owners = Counter(
        i.id
        for group in (
            record.zones,
            record.mentions,
            record.entities,
            record.events,
            record.hoppers,
            record.attributions,
        )
        for i in group
    )
    seen: dict[tuple[str, ...], str] = {}
    for rel in record.relations:
        if owners[rel.id]:
            out.append(f"{rel.id}: id is also used by a {kinds.get(rel.id, 'another item')}")
        spec = scheme.relation_by_name.get(rel.type)
        if spec is None:
            out.append(f"{rel.id}: unknown relation type {rel.type!r}")
            continue
        roles = [a.role for a in spec.args]
        if [a.role for a in rel.args] != roles:
            shown = ", ".join(a.role for a in rel.args) or "none"
            out.append(f"{rel.id}: {rel.type} takes arguments {', '.join(roles)}, got {shown}")
            continue
        if rel.args[0].ref == rel.args[1].ref:
            out.append(f"{rel.id}: relates {rel.args[0].ref} to itself")
        for i, arg in enumerate(rel.args):
            kind = kinds.get(arg.ref)
            if kind is None:
                out.append(f"{rel.id}: {arg.role} refers to unknown id {arg.ref!r}")
            elif kind not in ("mention", "event"):
                out.append(f"{rel.id}: {arg.role} refers to {kind} {arg.ref}; it takes a mention or an event")
            else:
                label = mentions[arg.ref] if kind == "mention" else events[arg.ref]
                if not spec.fits(i, kind, label):
                    allowed = ", ".join((*spec.args[i].labels, *spec.args[i].events))
                    out.append(f"{rel.id}: {arg.role} {arg.ref} is {label}; {rel.type}.{arg.role} takes {allowed}")
        key = relation_key(rel, spec.symmetric)
        if key in seen:
            out.append(f"{rel.id}: the same {rel.type} relation as {seen[key]}")
        seen.setdefault(key, rel.id)
    return out


def _doc_label_problems(record: AnnotationRecord, scheme: Scheme) -> list[str]:
    out = [f"unknown document label {x!r}" for x in record.doc_labels if x not in scheme.doc_label_by_name]
    out += [f"document label {x!r} is given {n} times" for x, n in Counter(record.doc_labels).items() if n > 1]
    if scheme.doc_label_choice == "one" and len(set(record.doc_labels)) > 1:
        out.append(f"document labels {', '.join(record.doc_labels)}: the scheme allows one per document")
    return out


def _explain_version(record: AnnotationRecord, scheme: Scheme, problems: list[str]) -> list[str]:
    """One line for every name the other scheme version used, in place of a line per annotation."""
    names: Counter[str] = Counter()
    kept: list[str] = []
    for p in problems:
        match = UNKNOWN_NAME.search(p)
        if match is None:
            kept.append(p)
            continue
        groups = match.groups()
        name = groups[0] or groups[1] or f"{groups[2]}={groups[3]}"
        names[name] += 1
    if not names:
        return kept
    listed = ", ".join(f"{n} ×{c}" if c > 1 else n for n, c in sorted(names.items()))
    kept.append(
        f"doc {record.doc}: {sum(names.values())} annotation(s) use names scheme {scheme.id!r} does not define "
        f"({listed}); the record was made with {record.scheme!r}: map them with "
        "`annotator migrate --to SCHEME.toml --map RENAMES.toml`"
    )
    return kept
