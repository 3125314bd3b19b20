"""Whose queue holds which documents, and how far each annotator is through it.

The queue is ``gold/assignments.json`` as ``annotator assign`` writes it
(``{"assignments": {annotator: [document, …]}}``), in the file's order. The
app opens an annotator's own queue from it and ``annotator stats`` counts
progress against it, so both read it here, with the same checks: a file that
is not JSON, not that shape, or names a document the corpus lacks is refused
with the file and what is wrong, never half-read.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.sendback import load_sent_back
from annotator.store import read_records

ASSIGNMENTS = "assignments.json"
PROGRESS_COLUMNS = ("assigned", "done", "in_progress", "not_started", "sent_back", "skipped")


def assignments_path(project: Project) -> Path:
    return project.gold_dir / ASSIGNMENTS


def load_assignments(project: Project) -> dict[str, list[str]] | None:
    """Annotator → assigned documents in assignment order; None when the project has no assignment file."""
    path = assignments_path(project)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise AnnotatorError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotatorError(f"{path}: cannot be read: {exc}") from None
    plan = data.get("assignments") if isinstance(data, dict) else None
    if not isinstance(plan, dict) or not all(
        isinstance(docs, list) and all(isinstance(d, str) for d in docs) for docs in plan.values()
    ):
        raise AnnotatorError(f'{path}: expected {{"assignments": {{annotator: [document id, …]}}}}')
    known = set(project.corpus.ids())
    unknown = sorted({d for docs in plan.values() for d in docs if d not in known})
    if unknown:
        raise AnnotatorError(f"{path}: documents not in the corpus: {', '.join(unknown)}")
    return {name: list(dict.fromkeys(docs)) for name, docs in plan.items()}


def queue_of(project: Project, annotator: str) -> list[str] | None:
    """``annotator``'s assigned documents in order; None without an assignment file or when it names them not."""
    plan = load_assignments(project)
    if plan is None or annotator not in plan:
        return None
    return plan[annotator]


@dataclass(frozen=True)
class Progress:
    """One annotator's assigned documents by state; the five states add up to ``assigned``."""

    assigned: int
    done: int
    in_progress: int
    not_started: int
    sent_back: int
    skipped: int


def progress(project: Project, records: dict[str, dict[str, AnnotationRecord]] | None = None) -> dict[str, Progress]:
    """Progress of every annotator in the assignment file (empty without one).

    ``records`` (annotator → document → record) are the checked records the
    caller already read; an annotator missing from it is read from their file.
    A sent-back document counts as sent back whatever its record says, until
    the annotator marks it done again.
    """
    plan = load_assignments(project) or {}
    out = {}
    for name, docs in plan.items():
        if records is not None and name in records:
            mine = records[name]
        else:
            path = project.annotation_folder(name) / f"{name}.jsonl"
            mine = read_records(path).by_doc() if path.exists() else {}
        back = load_sent_back(project, name)
        states = []
        for doc in docs:
            rec = mine.get(doc)
            states.append("sent_back" if doc in back else "not_started" if rec is None else rec.status)
        out[name] = Progress(
            len(docs),
            states.count("done"),
            states.count("in_progress"),
            states.count("not_started"),
            states.count("sent_back"),
            states.count("skipped"),
        )
    return out


def progress_json(table: dict[str, Progress]) -> dict[str, dict[str, int]]:
    return {name: asdict(p) for name, p in table.items()}
