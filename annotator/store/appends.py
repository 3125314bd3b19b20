"""An annotation file appended to one whole line at a time, never left with half a line.

The app saves an edit by appending the document's whole new record and
fsyncing it: the cost is one record, whatever the size of the corpus. What
makes that safe lives here: the length of the file after the last save that
returned is its saved state, and a save that fails partway (full disk, I/O
error) is cut back to it at once or, if even that fails, before anything else
is appended. So a retry never lands after half a line.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from annotator.durable import file_size, fsync_dir, open_nofollow, write_all
from annotator.errors import StoreError


class AppendFile:
    """``path`` opened for appending on first use; ``root`` is the folder it must stay in."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        self.saved_size = 0
        self._existed = True
        self._fd: int | None = None

    def mark_saved(self) -> None:
        """Take the file as it is now (just read, or just rewritten) as its saved state."""
        self.saved_size = file_size(self.path)
        self._existed = self.path.exists()

    def append(self, data: bytes) -> None:
        """Append ``data`` and fsync it; on ``OSError`` the file is left at its saved state and the error goes up."""
        try:
            fd = self._open()
            write_all(fd, data)
            os.fsync(fd)
        except OSError:
            self._drop_unsaved_tail()
            raise
        self.saved_size += len(data)

    def _open(self) -> int:
        """The file opened for appending, cut back to its saved length if a failed save left more."""
        if self._fd is not None:
            return self._fd
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = open_nofollow(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, self.root)
        size = os.fstat(self._fd).st_size
        if size < self.saved_size:
            self.close()
            raise StoreError(
                f"{self.path} is shorter than its saved state ({size} < {self.saved_size} bytes): "
                "another program changed it; nothing was written"
            )
        if size > self.saved_size:
            os.ftruncate(self._fd, self.saved_size)
            os.fsync(self._fd)
        fsync_dir(self.path.parent)
        return self._fd

    def _drop_unsaved_tail(self) -> None:
        """Undo a failed append now if the disk lets us; :meth:`_open` retries it otherwise.

        A file this object created and never saved a line in is removed again.
        """
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            if os.fstat(fd).st_size > self.saved_size:
                os.ftruncate(fd, self.saved_size)
                os.fsync(fd)
        with contextlib.suppress(OSError):
            os.close(fd)
        if not self._existed and self.saved_size == 0:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
