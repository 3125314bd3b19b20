"""Annotation files: reading, atomic writing, locking.

Layout: one JSONL file per annotator, ``gold/<annotator>.jsonl``, one line per
document, sorted by document id, keys in a fixed order; adjudicated gold is
the annotator ``gold`` (``gold/gold.jsonl``). Git diffs stay one line per
edited document and merges by line work.

While an annotator works, a save appends the whole new record for the edited
document as one line and fsyncs it; a later line for a document supersedes
the earlier ones. Closing the store (and ``annotator compact``) rewrites the
file atomically in its canonical one-line-per-document form. A kill at any
moment leaves either the old or the new state: an interrupted append leaves
a torn last line without its newline, which the reader detects, reports and
ignores.

The parts, each importable from here as before:

- :mod:`annotator.store.lines`: one record as one canonical JSON line and
  back (strict JSON, problems worded ``file:line: reason``);
- :mod:`annotator.store.files`: whole files, streamed or read at once, and
  their atomic rewrite;
- :mod:`annotator.store.appends`: the append of one whole line per save;
- :mod:`annotator.store.annotation_store`: :class:`AnnotationStore`, the one
  writer of an annotator's file, under its lock.

The atomic writes and the lock themselves live in :mod:`annotator.durable`.
"""

from __future__ import annotations

from annotator.durable import FileLock, atomic_write, temp_prefix, write_json_atomic
from annotator.store.annotation_store import AnnotationStore
from annotator.store.files import ReadResult, iter_records, load_records, read_records, write_lines, write_records
from annotator.store.lines import NotStrictJSON, dumps_record, parse_line, strict_json

__all__ = [
    "AnnotationStore",
    "FileLock",
    "NotStrictJSON",
    "ReadResult",
    "atomic_write",
    "dumps_record",
    "iter_records",
    "load_records",
    "parse_line",
    "read_records",
    "strict_json",
    "temp_prefix",
    "write_json_atomic",
    "write_lines",
    "write_records",
]
