"""Durable file primitives: atomic replacement, appends written whole, and write locks.

Every write that must survive a crash goes through here: :func:`atomic_write`
(temporary file, fsync, rename, fsync of the folder) and :class:`FileLock`
(an ``flock`` the kernel releases if its holder dies). Failures are
:class:`StoreError` naming the file, never a bare ``OSError``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import IO, Any

from annotator.errors import LockedError, StoreError
from annotator.model import utc_now


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file.

    Temporary file in the same folder, write, flush, fsync, rename, fsync of the
    folder (so the rename itself is durable).
    A failure (full disk, read-only folder) is a :class:`StoreError` naming the
    file, and leaves the old file and no temporary file behind.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise StoreError(f"{path}: cannot write: {exc.strerror or exc}; the file is unchanged") from None
        raise
    try:
        fsync_dir(path.parent)
    except OSError as exc:
        raise StoreError(f"{path}: written, but its folder cannot be synced: {exc.strerror or exc}") from None


def write_tree(folder: Path, files: dict[Path, bytes]) -> None:
    """Write many files under ``folder`` (paths relative to it) with one fsync per folder, not per file.

    The files go to a temporary folder beside ``folder`` first; a new
    ``folder`` appears whole by one rename, and into an existing one each file
    is moved by a rename, so no file is ever seen half-written.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for rel, data in files.items():
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(data)
                fh.flush()
        os.sync()
        if not folder.exists():
            os.replace(tmp, folder)
            fsync_dir(folder.parent)
            return
        for rel in files:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp / rel, folder / rel)
        for sub in {(folder / rel).parent for rel in files}:
            fsync_dir(sub)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def temp_prefix(path: Path) -> str:
    """How the temporary files of :func:`atomic_write` for ``path`` begin (so stale ones can be found)."""
    return f".{path.name}."


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a plain ``open`` would give (umask applied)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileLock:
    """An exclusive, non-blocking ``flock``; the kernel drops it if the holder dies."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"{self.what} cannot be opened for writing: {self.path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise LockedError(
                f"{self.what} is already open for writing ({holder}); close the other session first"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} on {socket.gethostname()} since {utc_now()}")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_json_atomic(path: Path, obj: Any) -> None:
    """``obj`` as indented JSON, replacing ``path`` atomically."""
    atomic_write(path, (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
