"""Text digests of a folder corpus kept on disk by file status, so an unchanged document is not hashed again.

Every record names the SHA-256 of the text it was made on, and every check
of a record against the corpus compares it with the text's. On a large
corpus the digests cost more than the comparison; a file whose size,
modification time (in nanoseconds), inode and name are those recorded last
time still has the recorded digest, as ``git status`` trusts its index. Any
change of status (an edit, even one keeping the size; a file replaced by
another) misses, and the file is read and hashed again, so drift is caught
exactly as without the cache.

A file modified within :data:`RACY_NS` of the moment its status is taken is
not recorded: a second edit in the same clock tick would keep its status
(git's "racily clean" case). The cache is one file in the project's
``.cache/``, written atomically (:func:`annotator.durable.atomic_write`) and
only when something changed; one that a symbolic link places outside the
project is neither read nor written, and one that does not decode counts
as empty. A cache that cannot be written is skipped: it only saves time.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import msgspec

from annotator.durable import atomic_write
from annotator.errors import StoreError

FORMAT = "annotator-text-hashes/1"
RACY_NS = 2_000_000_000
"""Files modified this recently (nanoseconds) are hashed but not remembered."""

Entry = tuple[int, int, int, str]
"""(size, mtime_ns, inode, sha256 hex digest)."""


class Stored(msgspec.Struct, frozen=True):
    format: str
    folder: str
    entries: dict[str, Entry]


class TextHashes:
    """Digests of the files of one corpus folder, by file name and status (``path`` None: nothing remembered)."""

    def __init__(self, path: Path | None, folder: Path, inside: Path | None = None) -> None:
        """``path``: the cache file; ``inside``: the project folder it must stay in (else it is not used)."""
        self.folder = folder.resolve()
        if path is not None and inside is not None and not _within(path, inside):
            path = None
        self.path = path
        self.inside = inside
        self.entries: dict[str, Entry] = self._load()
        self.changed = False

    def _load(self) -> dict[str, Entry]:
        if self.path is None:
            return {}
        try:
            stored = msgspec.json.decode(self.path.read_bytes(), type=Stored)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            return {}
        if stored.format != FORMAT or stored.folder != str(self.folder):
            return {}
        return stored.entries

    def lookup(self, name: str, status: os.stat_result) -> str | None:
        """The digest recorded for file ``name`` when its status is still ``status``, else None."""
        entry = self.entries.get(name)
        if entry is None or entry[:3] != (status.st_size, status.st_mtime_ns, status.st_ino):
            return None
        return entry[3]

    def remember(self, name: str, status: os.stat_result, digest: str) -> None:
        """Record the digest of file ``name`` read at ``status`` (unless modified too recently to trust)."""
        if self.path is None or time.time_ns() - status.st_mtime_ns < RACY_NS:
            return
        entry = (status.st_size, status.st_mtime_ns, status.st_ino, digest)
        if self.entries.get(name) != entry:
            self.entries[name] = entry
            self.changed = True

    def save(self) -> None:
        """Write the cache when something changed; a failure is ignored (the next run hashes again)."""
        if self.path is None or not self.changed:
            return
        data = msgspec.json.encode(Stored(FORMAT, str(self.folder), self.entries))
        try:
            if self.inside is not None and not _within(self.path, self.inside):
                return
            atomic_write(self.path, data, inside=self.inside)
        except StoreError:
            return
        self.changed = False


def cache_file(project_root: Path, folder: Path) -> Path:
    """The cache file of corpus ``folder`` in the project at ``project_root``.

    One file per folder, so two corpora of a project do not evict each other.
    """
    name = hashlib.blake2b(str(folder.resolve()).encode(), digest_size=8).hexdigest()
    return project_root / ".cache" / "text-hashes" / f"{name}.json"


def _within(path: Path, root: Path) -> bool:
    """Whether ``path`` (followed through any link, the file itself included) stays inside ``root``."""
    return path.resolve().is_relative_to(root.resolve())
