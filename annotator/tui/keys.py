"""Every key of the annotate screen, as declared bindings with ids and help groups.

No default is a terminal multiplexer's prefix (``ctrl+b`` for tmux, ``ctrl+a``
for GNU screen): the app is used over SSH, inside them. Fixed keys come first;
label keys and one-key attribute changes come from the scheme (its ``key``
fields), so another project's scheme brings its own keys. A scheme key that
would collide with a fixed key is left out of the keymap (the action stays in
the command palette). Users rebind any key by id through a keymap file (see
:func:`load_keymap`).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from textual.binding import Binding

from annotator.errors import AnnotatorError
from annotator.scheme import Scheme

GROUPS: dict[str, str] = {}
"""Binding id → help group."""


def _b(group: str, key: str, action: str, desc: str, ident: str, show: bool = False, footer: str = "") -> Binding:
    """A binding in ``group``; ``footer`` is a short name for the Footer, ``desc`` (the tooltip) what help says."""
    GROUPS[ident] = group
    if len(key) == 1 and key.isupper():
        key = f"{key},shift+{key.lower()}"
    return Binding(key, action, footer or desc, show=show, id=ident, tooltip=desc)


FIXED: list[Binding] = [
    _b("Move", "left", "move_token(-1)", "Previous token", "move.left"),
    _b("Move", "right", "move_token(1)", "Next token", "move.right"),
    _b("Move", "up", "move_line(-1)", "Line up", "move.up"),
    _b("Move", "down", "move_line(1)", "Line down", "move.down"),
    _b("Move", "left_parenthesis", "move_sentence(-1)", "Previous sentence", "move.sentence_prev"),
    _b("Move", "right_parenthesis", "move_sentence(1)", "Next sentence", "move.sentence_next"),
    _b("Move", "ctrl+up", "move_paragraph(-1)", "Previous paragraph", "move.paragraph_prev"),
    _b("Move", "ctrl+down", "move_paragraph(1)", "Next paragraph", "move.paragraph_next"),
    _b("Move", "pageup", "move_page(-1)", "Page up", "move.page_up"),
    _b("Move", "pagedown", "move_page(1)", "Page down", "move.page_down"),
    _b("Move", "home", "move_edge(0)", "Start of document", "move.start"),
    _b("Move", "end", "move_edge(1)", "End of document", "move.end"),
    _b("Move", "right_square_bracket", "next_item(1)", "Next annotation", "move.next_item"),
    _b("Move", "left_square_bracket", "next_item(-1)", "Previous annotation", "move.prev_item"),
    _b("Move", "right_curly_bracket", "next_unfinished(1)", "Next unfinished item", "move.next_unfinished"),
    _b("Move", "left_curly_bracket", "next_unfinished(-1)", "Previous unfinished item", "move.prev_unfinished"),
    _b("Move", "slash", "search", "Search the text", "move.search"),
    _b("Move", "ctrl+f", "search_corpus", "Search all documents, text and labels", "move.search_corpus"),
    _b("Move", "n", "search_next(1)", "Next match", "move.search_next"),
    _b("Move", "b", "search_next(-1)", "Previous match", "move.search_prev"),
    _b("Select", "shift+left", "move_token(-1, True)", "Extend selection left", "select.left"),
    _b("Select", "shift+right", "move_token(1, True)", "Extend selection right", "select.right"),
    _b("Select", "shift+up", "move_line(-1, True)", "Extend selection up", "select.up"),
    _b("Select", "shift+down", "move_line(1, True)", "Extend selection down", "select.down"),
    _b("Select", "shift+home", "move_edge(0, True)", "Select to start", "select.start"),
    _b("Select", "shift+end", "move_edge(1, True)", "Select to end", "select.end"),
    _b("Select", "space,m", "mark", "Mark: start or drop a selection", "select.mark"),
    _b("Select", "less_than_sign", "nudge(0, -1)", "Selection start one character left", "select.start_widen"),
    _b("Select", "greater_than_sign", "nudge(0, 1)", "Selection start one character right", "select.start_narrow"),
    _b("Select", "comma", "nudge(1, -1)", "Selection end one character left", "select.end_narrow"),
    _b("Select", "full_stop", "nudge(1, 1)", "Selection end one character right", "select.end_widen"),
    _b("Select", "escape", "escape", "Clear selection, then the active item", "select.clear"),
    _b("Annotate", "z", "zone", "Zone", "edit.zone", show=True),
    _b("Annotate", "r", "relabel", "Relabel mention", "edit.relabel"),
    _b("Annotate", "d,delete", "delete", "Delete", "edit.delete"),
    _b("Annotate", "L", "cycle_level", "Cycle mention level", "edit.level"),
    _b("Annotate", "equals_sign", "attributes", "Any attribute of the item here (picker)", "edit.attributes"),
    _b("Annotate", "tab", "tab(1)", "Next candidate (active event) / next item here", "edit.next_here"),
    _b("Annotate", "shift+tab", "tab(-1)", "Previous candidate (active event) / item here", "edit.prev_here"),
    _b("Annotate", "backslash", "next_here(1)", "Next item here (even with an active event)", "edit.cycle_here"),
    _b("Select", "ctrl+w", "select_word", "Select the whole word here (hyphens and all)", "select.word"),
    _b("Annotate", "number_sign", "note", "Note on the item here: write, or resolve one", "edit.note"),
    _b(
        "Annotate",
        "enter",
        "activate",
        "Make the event or attribution here active (a cue-less one: on its content; again: the next here)",
        "edit.activate",
    ),
    _b("Coreference", "c", "coref", "Coref", "coref.pick", show=True),
    _b("Coreference", "E", "rename_cluster", "Name the cluster of the mention here", "coref.rename"),
    _b("Events", "e", "event", "Event", "event.pick", show=True),
    _b("Events", "a", "argument", "Arg", "event.argument", show=True),
    _b("Events", "h", "hopper", "Link into hopper", "event.hopper"),
    _b("Events", "H", "unhopper", "Remove from hopper", "event.unhopper"),
    _b("Attributions", "q", "attribution(True)", "Attrib", "attr.new", show=True),
    _b("Attributions", "Q", "attribution(False)", "Attribution without cue", "attr.new_empty"),
    _b("Attributions", "u", "part", "Part", "attr.part", show=True),
    _b(
        "Attributions",
        "B",
        "cue",
        "Cue of the active attribution ← selection (on it: none)",
        "attr.cue",
        show=True,
        footer="Cue",
    ),
    _b("Structures", "i", "relation", "Relation: from the mention here, then to the next", "struct.relation"),
    _b("Structures", "I", "relations_here", "Relations of the mention here (pick one to delete)", "struct.relations"),
    _b("Structures", "s", "fragment", "Fragment: mention to extend, then each selection", "struct.fragment"),
    _b("Structures", "j", "doc_label", "Document label", "struct.doc_label"),
    _b("Structures", "G", "kb_link", "Knowledge-base link of the cluster here (gazetteer)", "struct.kb_link"),
    _b("Suggestions", "y", "accept", "Accept", "suggest.accept", show=True),
    _b("Suggestions", "x", "reject", "Reject", "suggest.reject", show=True),
    _b("Suggestions", "ctrl+e", "accept_all", "Accept every one of this label", "suggest.accept_all"),
    _b(
        "Suggestions",
        "ctrl+r",
        "accept_sure",
        "Accept every suggestion scoring at least the threshold in this sentence",
        "suggest.accept_sure",
    ),
    _b("Suggestions", "J", "next_uncertain", "Next suggestion, least sure first", "suggest.next_uncertain"),
    _b("Suggestions", "asterisk", "every_occurrence(False)", "Label every occurrence here", "suggest.every_doc"),
    _b("Suggestions", "ampersand", "every_occurrence(True)", "Label every occurrence, corpus", "suggest.every_corpus"),
    _b("Session", "ctrl+z", "undo", "Undo", "session.undo", show=True),
    _b("Session", "ctrl+y", "redo", "Redo", "session.redo"),
    _b("Session", "ctrl+d", "status('done')", "Mark document done", "session.done"),
    _b("Session", "ctrl+k", "status('skipped')", "Mark document skipped", "session.skip"),
    _b("Session", "ctrl+n", "doc(1)", "Next document", "session.next_doc"),
    _b("Session", "ctrl+u", "doc(-1)", "Previous document", "session.prev_doc"),
    _b("Session", "ctrl+o", "documents", "Documents", "session.documents"),
    _b("Session", "ctrl+l", "toggle_panel", "Side panel / text", "session.panel"),
    _b("Session", "ctrl+t", "toggle_tags", "Label tags in a gutter", "session.tags"),
    _b("Session", "ctrl+q", "app.quit", "Quit (everything is already saved)", "session.quit"),
    _b("Help", "question_mark,f1", "help", "Help", "help.keys", show=True),
    _b("Help", "ctrl+p", "app.command_palette", "Command palette: every action and label by name", "help.palette"),
    _b("Help", "ctrl+g", "guidelines", "Guidelines", "help.guidelines"),
]


def _keys(bindings: list[Binding]) -> set[str]:
    return {k.strip() for b in bindings for k in b.key.split(",")}


def scheme_bindings(scheme: Scheme) -> list[Binding]:
    """Label keys and one-key attribute changes taken from the scheme."""
    used = _keys(FIXED)
    out: list[Binding] = []

    def add(group: str, key: str, action: str, desc: str, ident: str) -> None:
        if key not in used:
            used.add(key)
            out.append(_b(group, key, action, desc, ident))

    for e in scheme.entity_labels:
        if e.key:
            add("Labels", e.key, f"label('{e.label}')", f"Label {e.label}", f"label.{e.label}")
    for spec in scheme.event_attributes:
        if spec.key:
            add(
                "Events",
                spec.key.upper(),
                f"cycle_attr('event', '{spec.name}')",
                f"Event {spec.name}",
                f"event.{spec.name}",
            )
    for spec in scheme.attribution_attributes:
        if spec.key:
            add(
                "Attributions",
                spec.key.upper(),
                f"cycle_attr('attribution', '{spec.name}')",
                f"Attribution {spec.name}",
                f"attr.{spec.name}",
            )
    return out


def load_keymap(path: str | Path | None = None) -> dict[str, str]:
    """``{binding id: keys}`` from ``$ANNOTATOR_KEYMAP`` or ``~/.config/annotator/keymap.toml``.

    The file holds a ``[keys]`` table, e.g. ``"edit.delete" = "backspace"``.
    """
    raw = path or os.environ.get("ANNOTATOR_KEYMAP") or Path.home() / ".config" / "annotator" / "keymap.toml"
    path = Path(raw)
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AnnotatorError(f"{path}: not valid TOML: {exc}") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise AnnotatorError(f"{path}: [keys] must map binding ids to key names")
    unknown = sorted(set(keys) - set(GROUPS))
    if unknown:
        raise AnnotatorError(f"{path}: unknown binding id(s) {', '.join(unknown)}; see the help screen (?)")
    return keys


ENTRIES: list[Binding] = [
    _b("Curation and review", "right_square_bracket,down", "step(1)", "Next item", "entries.next"),
    _b("Curation and review", "left_square_bracket,up", "step(-1)", "Previous item", "entries.prev"),
    _b("Curation and review", "right_curly_bracket,n", "step(1, True)", "Next open", "entries.next_open", True),
    _b("Curation and review", "left_curly_bracket,b", "step(-1, True)", "Previous open", "entries.prev_open"),
    _b("Curation and review", "ctrl+n", "doc(1)", "Next document", "entries.next_doc", True),
    _b("Curation and review", "ctrl+b", "doc(-1)", "Previous document", "entries.prev_doc"),
    _b("Curation and review", "ctrl+q", "app.quit", "Quit", "entries.quit", True),
    _b("Curation and review", "question_mark,f1", "help", "Help: every key", "entries.help", True),
    _b("Curation and review", "v", "details", "The details here in full (long versions)", "entries.details"),
    _b("Curation and review", "slash", "search", "Search the text: the item there is current", "entries.search"),
    _b("Curation and review", "N", "search_next(1)", "Next match", "entries.search_next"),
    _b("Curation and review", "P", "search_next(-1)", "Previous match", "entries.search_prev"),
]
"""Moving in the curation and review screens (``annotator curate``, ``annotator review``)."""

CURATE: list[Binding] = [
    _b("Curation", "y", "accept", "Accept", "curate.accept", True),
    _b("Curation", "x", "reject", "Reject", "curate.reject", True),
    *[_b("Curation", str(n), f"take({n})", f"Take annotator {n}'s version", f"curate.take{n}") for n in range(1, 10)],
    _b("Curation", "R", "reason", "Reason", "curate.reason", True),
    _b("Curation", "r", "relabel", "Edit: label or event type", "curate.relabel", True),
    _b("Curation", "equals_sign", "attributes", "Edit: attributes", "curate.attributes"),
    _b("Curation", "ctrl+l", "reload", "Reload: documents annotators marked done since", "curate.reload"),
    _b("Curation", "S", "send_back", "Send back to an annotator, with a note", "curate.send_back"),
    _b("Curation", "left", "move_token(-1)", "Previous token", "curate.left"),
    _b("Curation", "right", "move_token(1)", "Next token", "curate.right"),
    _b("Curation", "shift+left", "move_token(-1, True)", "Extend selection left", "curate.select_left"),
    _b("Curation", "shift+right", "move_token(1, True)", "Extend selection right", "curate.select_right"),
    _b("Curation", "space,m", "mark", "Mark: start or drop a selection", "curate.mark"),
    _b("Curation", "less_than_sign", "nudge(0, -1)", "Selection start one character left", "curate.start_widen"),
    _b("Curation", "greater_than_sign", "nudge(0, 1)", "Selection start one character right", "curate.start_narrow"),
    _b("Curation", "comma", "nudge(1, -1)", "Selection end one character left", "curate.end_narrow"),
    _b("Curation", "full_stop", "nudge(1, 1)", "Selection end one character right", "curate.end_widen"),
    _b("Curation", "escape", "escape", "Clear the selection, then the active event or attribution", "curate.clear"),
    _b(
        "Curation",
        "B",
        "bounds",
        "Edit: the selection becomes the boundaries of the mention, trigger or cue here",
        "curate.bounds",
    ),
    _b("Curation", "plus", "add_mention", "Add a mention no annotator made (selection, label)", "curate.add"),
    _b(
        "Curation",
        "q",
        "add_attribution",
        "Add an attribution no annotator made (the selection its cue), made active for u",
        "curate.add_attribution",
    ),
    _b(
        "Curation",
        "e",
        "add_event",
        "Add an event no annotator made (the selection its trigger, type picked), made active for a",
        "curate.add_event",
        True,
        "Add event",
    ),
    _b("Curation", "enter", "activate", "Make the event or attribution here active", "curate.activate"),
    _b("Curation", "a", "argument", "Edit: the mention here: argument / role claim of the active", "curate.argument"),
    _b(
        "Curation",
        "u",
        "attribution_part",
        "Edit: a part of the active attribution (content, reports, nested in, source, role claim)",
        "curate.attribution",
    ),
    _b("Curation", "c", "cluster", "Edit: merge the cluster here with another, or leave it", "curate.cluster"),
]

DETAILS: list[Binding] = [
    _b("Curation and review", "escape,q,v", "close", "Close the full details", "entries.details_close"),
]
"""The full details of an entry (``v``)."""

REVIEW: list[Binding] = [
    _b("Review", "l", "filter('layer')", "Layer filter", "review.layer", True),
    _b("Review", "k", "filter('kind')", "Kind filter", "review.kind", True),
    _b("Review", "t", "filter('label')", "Label filter", "review.label"),
    _b("Review", "g", "propose", "Propose as gold", "review.propose", True),
]
