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
(git's "racily clean" case).

Only files of at least :data:`WORTH_FROM_BYTES` are looked up: hashing a
news article of a few KiB is cheaper than one SQLite lookup.

The cache is one SQLite database (:mod:`sqlite3`) in the project's
``.cache/``, so memory does not grow with the corpus: a lookup is one
indexed ``SELECT`` of one file's row, and what is remembered waits in a
queue of at most :data:`BATCH` rows, written in one transaction when it is
full and by :meth:`TextHashes.save`. The database records its format and
corpus folder; a mismatch counts as empty (its rows are dropped). The
connection is opened lazily, by each process for itself (a forked worker
never uses its parent's), with a busy timeout, so workers scoring shares of
one corpus wait for each other instead of failing, and each saves what it
remembered. A cache that a symbolic link places outside the project is
neither read nor written; one that cannot be read counts as empty (a damaged
file is replaced), and one that cannot be written is skipped: it only saves
time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

FORMAT = "annotator-text-hashes/2"
RACY_NS = 2_000_000_000
"""Files modified this recently (nanoseconds) are hashed but not remembered."""
WORTH_FROM_BYTES = 32 * 1024
"""Smaller files are hashed, never looked up nor remembered: SHA-256 takes about 1 µs per KiB, a lookup
about 9 µs and a remembered row about 20 µs (measured on the 2-core CI machine), so below this size
the cache would cost more than it saves."""
BATCH = 1000
"""At most this many remembered rows wait in memory; then they are written in one transaction."""
BUSY_TIMEOUT_S = 30.0
"""How long a process waits for another one writing the database before giving up (the rows are skipped)."""

Row = tuple[str, int, int, int, str]
"""(file name, size, mtime_ns, inode, sha256 hex digest); integers as SQLite's signed 64 bits."""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS entries (name TEXT PRIMARY KEY, size INTEGER NOT NULL, "
    "mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, digest TEXT NOT NULL) WITHOUT ROWID",
)

_INHERITED: list[sqlite3.Connection] = []
"""Connections a forked process inherited from its parent: kept, never used nor closed (closing one in
the child could act on the parent's files)."""


class TextHashes:
    """Digests of the files of one corpus folder, by file name and status (``path`` None: nothing remembered)."""

    def __init__(self, path: Path | None, folder: Path, inside: Path | None = None) -> None:
        """``path``: the cache file; ``inside``: the project folder it must stay in (else it is not used)."""
        self.folder = folder.resolve()
        if path is not None and inside is not None and not _within(path, inside):
            path = None
        self.path = path
        self.inside = inside
        self._pid = os.getpid()
        self._conn: sqlite3.Connection | None = None
        self._opened = False
        self._queue: list[Row] = []
        self.worth_from_bytes = WORTH_FROM_BYTES
        """Files smaller than this are hashed without the cache (:data:`WORTH_FROM_BYTES`)."""

    def _own(self) -> None:
        """In a forked copy, let go of the parent's connection and queued rows: they are the parent's to use
        and write, and this process starts with none of its own."""
        if self._pid != os.getpid():
            if self._conn is not None:
                _INHERITED.append(self._conn)
            self._pid, self._conn, self._opened, self._queue = os.getpid(), None, False, []

    def _connection(self) -> sqlite3.Connection | None:
        """This process's connection, opened on first use (None: the cache is not usable)."""
        self._own()
        if not self._opened:
            self._opened = True
            self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        try:
            if self.inside is not None and not _within(self.path, self.inside):
                return None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.inside is not None and not _within(self.path, self.inside):
                return None
        except OSError:
            return None
        try:
            return self._connect()
        except sqlite3.OperationalError:
            return None  # cannot open, locked too long, read-only: not used this time
        except sqlite3.DatabaseError:
            return self._replace_damaged()
        except sqlite3.Error:
            return None

    def _replace_damaged(self) -> sqlite3.Connection | None:
        """A file that is not a database, or a damaged one, is replaced by an empty one: it only saved time."""
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")
        try:
            return self._connect()
        except sqlite3.Error:
            return None

    def _connect(self) -> sqlite3.Connection:
        """A connection to a database of this format and folder (emptied if it was another's)."""
        assert self.path is not None
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            expected = {"format": FORMAT, "folder": str(self.folder)}
            if self._recorded(conn) != expected:
                with _transaction(conn):
                    if self._recorded(conn) == expected:  # another process has just made it
                        return conn
                    conn.execute("DROP TABLE IF EXISTS entries")
                    conn.execute("DROP TABLE IF EXISTS meta")
                    for statement in _SCHEMA:
                        conn.execute(statement)
                    conn.executemany(
                        "INSERT INTO meta (key, value) VALUES (?, ?)",
                        [("format", FORMAT), ("folder", str(self.folder))],
                    )
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _recorded(conn: sqlite3.Connection) -> dict[str, str]:
        try:
            return dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('format', 'folder')").fetchall())
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return {}
            raise

    def lookup(self, name: str, status: os.stat_result) -> str | None:
        """The digest recorded for file ``name`` when its status is still ``status``, else None."""
        conn = self._connection()
        if conn is None:
            return None
        try:
            rows = conn.execute(
                "SELECT digest FROM entries WHERE name = ? AND size = ? AND mtime_ns = ? AND inode = ?",
                (name, _signed(status.st_size), _signed(status.st_mtime_ns), _signed(status.st_ino)),
            ).fetchall()
        except sqlite3.Error:
            return None
        return rows[0][0] if rows else None

    def remember(self, name: str, status: os.stat_result, digest: str) -> None:
        """Record the digest of file ``name`` read at ``status`` (unless modified too recently to trust)."""
        if self.path is None or time.time_ns() - status.st_mtime_ns < RACY_NS:
            return
        self._own()
        self._queue.append((name, _signed(status.st_size), _signed(status.st_mtime_ns), _signed(status.st_ino), digest))
        if len(self._queue) >= BATCH:
            self.save()

    def save(self) -> None:
        """Write the queued rows in one transaction; a failure drops them (the next run hashes again).

        With nothing queued by this process, the database is not even opened: a corpus of small files
        (never looked up, see :data:`WORTH_FROM_BYTES`) leaves no cache behind."""
        self._own()
        if not self._queue:
            return
        conn = self._connection()
        rows, self._queue = self._queue, []
        if conn is None or not rows:
            return
        try:
            if self.inside is not None and self.path is not None and not _within(self.path, self.inside):
                return
            with _transaction(conn):
                conn.executemany(
                    "INSERT OR REPLACE INTO entries (name, size, mtime_ns, inode, digest) VALUES (?, ?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.Error:
            return


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (``IMMEDIATE``) so that a busy database is waited for."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _signed(value: int) -> int:
    """``value`` (an unsigned 64-bit status field) as SQLite's signed 64-bit integer, the same bits."""
    return value - (1 << 64) if value >= 1 << 63 else value


def cache_file(project_root: Path, folder: Path) -> Path:
    """The cache file of corpus ``folder`` in the project at ``project_root``.

    One file per folder, so two corpora of a project do not evict each other.
    """
    name = hashlib.blake2b(str(folder.resolve()).encode(), digest_size=8).hexdigest()
    return project_root / ".cache" / "text-hashes" / f"{name}.sqlite"


def _within(path: Path, root: Path) -> bool:
    """Whether ``path`` (followed through any link, the file itself included) stays inside ``root``."""
    return path.resolve().is_relative_to(root.resolve())
