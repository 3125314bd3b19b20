"""Durable file primitives: atomic replacement, appends written whole, and write locks.

Every write that must survive a crash goes through here: :func:`atomic_write`
(temporary file, fsync, rename, fsync of the folder) and :class:`FileLock`
(an ``flock`` the kernel releases if its holder dies). Failures are
:class:`StoreError` naming the file, never a bare ``OSError``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from annotator.errors import LockedError, StoreError
from annotator.model import utc_now


def atomic_write(path: Path, data: bytes, *, inside: Path | None = None) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file.

    Temporary file in the same folder, write, flush, fsync, rename, fsync of the
    folder (so the rename itself is durable). The rename replaces a symbolic
    link at ``path`` instead of writing through it; ``inside`` also refuses a
    folder that a symbolic link leads out of that folder (:func:`check_inside`).
    A failure (full disk, read-only folder) is a :class:`StoreError` naming the
    file, and leaves the old file and no temporary file behind.
    """
    with atomic_writer(path, inside=inside) as fh:
        fh.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path, *, inside: Path | None = None) -> Iterator[BinaryIO]:
    """:func:`atomic_write` for data written piece by piece, so a large file is never held whole.

    ``path`` is replaced only when the ``with`` block ends normally; an
    exception in it (bad input found halfway) leaves the old file, or none,
    and no temporary file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if inside is not None:
            check_inside(path, inside)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as fh:
            yield fh
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


def write_tree(folder: Path, files: Mapping[Path, bytes] | Iterable[tuple[Path, bytes]]) -> None:
    """Write many files under ``folder`` (paths relative to it) with one fsync per folder, not per file.

    The files go to a temporary folder beside ``folder`` first; a new
    ``folder`` appears whole by one rename, and into an existing one each file
    is moved by a rename, so no file is ever seen half-written. ``files`` may
    be a lazy stream of (path, data) pairs: each is written as it comes, so an
    export never holds them all, and an exception raised while they are made
    leaves ``folder`` as it was.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    pairs = files.items() if isinstance(files, Mapping) else files
    written: list[Path] = []
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for rel, data in pairs:
            written.append(rel)
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
        for rel in written:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp / rel, folder / rel)
        for sub in {(folder / rel).parent for rel in written}:
            fsync_dir(sub)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_inside(path: Path, root: Path) -> None:
    """Refuse to write ``path`` when a symbolic link sends it out of ``root``.

    A cloned repository can carry symbolic links (``gold/.locks`` pointing at a
    folder elsewhere): a write that followed them would change files outside
    the project. The folder holding ``path`` must resolve inside ``root``; the
    file itself is opened without following a link (:func:`open_nofollow`).
    """
    folder = path.parent.resolve()
    if not folder.is_relative_to(root.resolve()):
        raise StoreError(
            f"{path}: refusing to write: a symbolic link leads it outside {root} (to {folder}); remove the link"
        )


def open_nofollow(path: Path, flags: int, root: Path | None = None) -> int:
    """``os.open`` that refuses a symbolic link as the file itself (and, with ``root``, in its folders)."""
    if root is not None:
        check_inside(path, root)
    try:
        return os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(f"{path}: refusing to write through a symbolic link; remove the link") from None
        raise


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
    """An exclusive, non-blocking ``flock``; the kernel drops it if the holder dies.

    The lock file names its holder (``pid N on HOST since …``) so that a refusal
    can say who holds it. The holder overwrites the old text in place (the file
    is never empty while it holds the lock) and empties it on release; a refused
    opener that reads it empty or naming a dead process (the holder is between
    taking the lock and writing its name) reads again briefly.
    """

    def __init__(self, path: Path, what: str, inside: Path | None = None) -> None:
        self.path = path
        self.what = what
        self.inside = inside
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = open_nofollow(self.path, os.O_RDWR | os.O_CREAT, self.inside)
        except OSError as exc:
            raise StoreError(f"{self.what} cannot be opened for writing: {self.path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise LockedError(
                f"{self.what} is already open for writing ({holder}); close the other session first"
            ) from None
        me = f"pid {os.getpid()} on {socket.gethostname()} since {utc_now()}".encode()
        os.pwrite(fd, me, 0)
        os.ftruncate(fd, len(me))
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def _holder(fd: int, tries: int = 100) -> str:
    """Who holds the lock, as its file says; read again (up to a second) while it names no live process."""
    host = socket.gethostname()
    text = ""
    for _ in range(tries):
        text = os.pread(fd, 4096, 0).decode("utf-8", errors="replace").strip()
        words = text.split()
        named = len(words) >= 4 and words[0] == "pid" and words[1].isdigit()
        if named and (words[3] != host or _alive(int(words[1]))):
            return text
        time.sleep(0.01)
    return text or "another process"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_json_atomic(path: Path, obj: Any, *, inside: Path | None = None) -> None:
    """``obj`` as indented JSON, replacing ``path`` atomically (``inside``: see :func:`atomic_write`)."""
    atomic_write(path, (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), inside=inside)
