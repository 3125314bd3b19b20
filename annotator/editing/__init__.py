"""Editing operations on an :class:`~annotator.model.AnnotationRecord`, free of any UI.

Every operation takes a record and returns a new one (records are immutable),
so the UI can keep the old record for undo and save the new one at once. An
operation the scheme or the structure forbids raises :class:`Refused` with a
one-line reason that the UI shows as it is; nothing is half-applied.

Deleting an annotation removes every reference to it, so a record built only
through these operations always validates. Import from here: the submodules
(``primitives``, ``spans``, ``attributes``, ``coref``, ``events``,
``attributions``, ``relations``, ``fragments``, ``document``, ``delete``,
``history``, ``notes``) are one layer each, and only
``primitives`` is shared by all of them.
"""

from __future__ import annotations

from annotator.editing.attributes import cycle_attr, set_attr, set_status
from annotator.editing.attributions import (
    add_attribution,
    add_role_claim,
    claim_roles,
    events_by_reach,
    remove_role_claim,
    report_candidates,
    set_cue,
    set_parent,
    set_source,
    set_via,
    toggle_content,
    toggle_report,
    toggle_supplement,
)
from annotator.editing.coref import attach, detach, entity_name, entity_of, name_entity
from annotator.editing.delete import delete
from annotator.editing.document import set_kb, toggle_doc_label
from annotator.editing.events import (
    add_argument,
    add_event,
    allowed_roles,
    candidate_arguments,
    hopper_of,
    link_events,
    move_trigger,
    remove_argument,
    set_event_type,
    unlink_event,
)
from annotator.editing.fragments import toggle_fragment
from annotator.editing.history import Change, History
from annotator.editing.notes import add_note, notes_on, resolve_note
from annotator.editing.primitives import (
    PREFIX,
    Refused,
    attribution,
    attributions_at,
    closed_zone,
    event,
    item_at,
    mention,
)
from annotator.editing.relations import add_relation, relation_types_for, relations_of
from annotator.editing.spans import PRONOUNS, add_mention, add_zone, guess_level, move_mention, relabel_mention
from annotator.model import RoleClaim

__all__ = [
    "PREFIX",
    "PRONOUNS",
    "Change",
    "History",
    "Refused",
    "RoleClaim",
    "add_argument",
    "add_attribution",
    "add_event",
    "add_mention",
    "add_note",
    "add_relation",
    "add_role_claim",
    "add_zone",
    "allowed_roles",
    "attach",
    "attribution",
    "attributions_at",
    "candidate_arguments",
    "claim_roles",
    "closed_zone",
    "cycle_attr",
    "delete",
    "detach",
    "entity_name",
    "entity_of",
    "event",
    "events_by_reach",
    "guess_level",
    "hopper_of",
    "item_at",
    "link_events",
    "mention",
    "move_mention",
    "move_trigger",
    "name_entity",
    "notes_on",
    "relabel_mention",
    "relation_types_for",
    "relations_of",
    "remove_argument",
    "remove_role_claim",
    "report_candidates",
    "resolve_note",
    "set_attr",
    "set_cue",
    "set_event_type",
    "set_kb",
    "set_parent",
    "set_source",
    "set_status",
    "set_via",
    "toggle_content",
    "toggle_doc_label",
    "toggle_fragment",
    "toggle_report",
    "toggle_supplement",
    "unlink_event",
]
