"""The prediction cache: one file per (extractor, version, document), so a re-run recomputes only what changed.

The key is the system's name, a digest of its version string and the
document's id and text digest: editing a document, or changing the model (its
code, settings or training data, whatever its adapter folds into the version),
misses the cache; nothing else does. Only successful predictions are kept, so
a document the extractor failed on is tried again next time. Entries are
written atomically and one that cannot be read counts as a miss.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import ValidationError

from annotator.corpus import Document
from annotator.model import AnnotationRecord
from annotator.store import write_json_atomic

CACHE_FOLDER = Path(".cache") / "benchmark"
"""Where a project keeps its predictions, relative to its root (``benchmark`` and ``annotate --model`` share it)."""


def digest(text: str, length: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


class PredictionCache:
    """Predictions on disk under ``root``; ``root`` None disables the cache (every lookup misses)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def path(self, system: str, version: str, doc: Document) -> Path:
        assert self.root is not None
        return self.root / system / digest(version) / f"{doc.id}-{doc.sha256[:16]}.json"

    def get(self, system: str, version: str, doc: Document) -> tuple[AnnotationRecord, list[str]] | None:
        """The cached record and its unaligned strings, or None."""
        if self.root is None:
            return None
        path = self.path(system, version, doc)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != version or data.get("doc_sha256") != doc.sha256:
                return None
            record = AnnotationRecord.model_validate(data["record"])
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None
        if record.doc != doc.id or record.doc_sha256 != doc.sha256:
            return None
        return record, [str(u) for u in data.get("unaligned", [])]

    def put(self, system: str, version: str, doc: Document, record: AnnotationRecord, unaligned: list[str]) -> None:
        if self.root is None:
            return
        write_json_atomic(
            self.path(system, version, doc),
            {"version": version, "doc_sha256": doc.sha256, "record": record.to_json_dict(), "unaligned": unaligned},
        )
