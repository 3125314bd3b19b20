"""Token boundaries kept on disk by document hash, so a document is tokenised once, not once per run.

Token-level agreement needs every document's tokens; a second run over the
same corpus then reads them back instead of starting spaCy at all (its import
costs more than reading every document's tokens). The key is the SHA-256 of
the text, so an edited document misses the cache and nothing else does.

The folder is the project's ``.cache/tokens`` (git-ignored, outside
``gold/``). An entry is its text's hash, then the counts and the offsets as
64-bit integers; it is written to a temporary file and renamed into place
(no fsync: a lost entry is only recomputed), and one that does not read back
whole, or names another text, counts as a miss. A cache that cannot be
written (read-only folder, full disk) is skipped silently: it only saves time.
"""

from __future__ import annotations

import os
from array import array
from pathlib import Path

from annotator.model import sha256_text
from annotator.tokens import TokenIndex, paragraph_starts, prepare, tokenize

MAGIC = b"annotator-tokens/1\n"


class TokenCache:
    """:func:`annotator.tokens.tokenize` through a folder of entries (``root`` None: no disk, tokenise)."""

    def __init__(self, root: Path | None, inside: Path | None = None) -> None:
        """``inside``: the project folder the cache must stay in; a cache folder a link sends elsewhere is not used."""
        if root is not None and inside is not None and not root.resolve().is_relative_to(inside.resolve()):
            root = None
        self.root = root
        self.inside = inside
        self._last: tuple[str, TokenIndex] | None = None
        """The latest document's tokens: its layers ask for them one after the other."""
        self._folders: set[Path] = set()
        """Entry folders made and found inside the project during this run."""
        self._absent: bool | None = None
        """Whether the folder did not exist when first looked at: a first run then reads nothing back."""

    def prepare(self, text: str) -> None:
        """Load spaCy now if ``text`` (a first document) is not in the cache: processes forked after this
        share one import (about a second of processor time each) and a warm cache still never loads it."""
        if self.root is None or self._read(sha256_text(text), text) is None:
            prepare()

    def path(self, digest: str) -> Path:
        assert self.root is not None
        return self.root / digest[:2] / f"{digest}.bin"

    def tokens(self, text: str) -> TokenIndex:
        """The tokens of ``text``, from the disk when they are there, else tokenised and stored."""
        if self.root is None:
            return tokenize(text)
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        digest = sha256_text(text)
        index = self._read(digest, text)
        if index is None:
            index = tokenize(text)
            self._write(digest, index)
        self._last = (text, index)
        return index

    def _read(self, digest: str, text: str) -> TokenIndex | None:
        """The stored tokens of ``text``; None (a miss) when the entry is absent, damaged or foreign.

        When the folder did not exist at the first look, every entry is one this
        run writes after tokenising its text, so nothing is looked up: on a cold
        run a lookup per document costs more than the rest of the cache.
        """
        if self._absent is None:
            self._absent = self.root is None or not self.root.is_dir()
        if self._absent:
            return None
        try:
            data = self.path(digest).read_bytes()
        except OSError:
            return None
        head = len(MAGIC) + 64
        if not data.startswith(MAGIC) or data[len(MAGIC) : head] != digest.encode("ascii"):
            return None
        numbers = array("q")
        try:
            numbers.frombytes(data[head:])
        except ValueError:
            return None
        if len(numbers) < 2:
            return None
        n_tokens, n_sentences = numbers[0], numbers[1]
        if len(numbers) != 2 + 2 * n_tokens + n_sentences:
            return None
        starts = tuple(numbers[2 : 2 + n_tokens])
        ends = tuple(numbers[2 + n_tokens : 2 + 2 * n_tokens])
        sentences = tuple(numbers[2 + 2 * n_tokens :])
        return TokenIndex(text, starts, ends, sentences, paragraph_starts(text))

    def _write(self, digest: str, index: TokenIndex) -> None:
        """Store ``index`` under a name of this process's own, then rename it into place.

        A cold run writes an entry per document, so the folder is made and
        checked once per run, not once per entry.
        """
        numbers = array("q", [len(index.starts), len(index.sentence_starts)])
        numbers.extend(index.starts)
        numbers.extend(index.ends)
        numbers.extend(index.sentence_starts)
        path = self.path(digest)
        folder = path.parent
        tmp = folder / f".{digest[:16]}-{os.getpid()}.tmp"
        try:
            if folder not in self._folders:
                folder.mkdir(parents=True, exist_ok=True)
                if self.inside is not None and not folder.resolve().is_relative_to(self.inside.resolve()):
                    return
                self._folders.add(folder)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(MAGIC + digest.encode("ascii") + numbers.tobytes())
                os.replace(tmp, path)
            except OSError:
                tmp.unlink(missing_ok=True)
        except OSError:
            return
