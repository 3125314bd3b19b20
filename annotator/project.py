"""A project on disk: its corpus, scheme and ``gold/`` folder.

Settings live in ``pyproject.toml`` under ``[tool.annotator]`` (``corpus``,
``scheme``, ``gold``, each relative to the project root). A folder without that
table uses the defaults of a cloned repository: ``seeds/``,
``guidelines/schema.toml`` and ``gold/``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from annotator.corpus import Corpus
from annotator.errors import AnnotatorError, OutputError, StoreError
from annotator.scheme import Scheme, load_scheme
from annotator.store import AnnotationStore

DEFAULTS = {"corpus": "seeds", "scheme": "guidelines/schema.toml", "gold": "gold"}


@dataclass
class Project:
    root: Path
    corpus_path: Path
    scheme_path: Path
    gold_dir: Path

    @classmethod
    def find(cls, start: str | Path = ".") -> Project:
        """The project whose ``pyproject.toml`` has ``[tool.annotator]``, at or above ``start``."""
        start = Path(start).resolve()
        for folder in (start, *start.parents):
            pyproject = folder / "pyproject.toml"
            if pyproject.is_file():
                try:
                    conf = tomllib.loads(pyproject.read_text(encoding="utf-8"))
                except tomllib.TOMLDecodeError as exc:
                    raise AnnotatorError(f"{pyproject}: not valid TOML: {exc}") from None
                settings = conf.get("tool", {}).get("annotator")
                if settings is not None:
                    return cls.at(folder, settings)
        return cls.at(start, {})

    @classmethod
    def at(cls, root: Path, settings: dict[str, str]) -> Project:
        merged = {**DEFAULTS, **settings}
        return cls(
            root=root,
            corpus_path=cls._inside(root, merged["corpus"]),
            scheme_path=cls._inside(root, merged["scheme"]),
            gold_dir=cls._inside(root, merged["gold"]),
        )

    @staticmethod
    def _inside(root: Path, rel: str) -> Path:
        path = (root / rel).resolve()
        if not path.is_relative_to(root.resolve()):
            raise AnnotatorError(f"project setting {rel!r} points outside the project folder {root}")
        return path

    @cached_property
    def scheme(self) -> Scheme:
        return load_scheme(self.scheme_path)

    @cached_property
    def corpus(self) -> Corpus:
        return Corpus.load(self.corpus_path)

    def annotation_files(self) -> list[Path]:
        if not self.gold_dir.is_dir():
            return []
        return sorted(p for p in self.gold_dir.glob("*.jsonl") if p.is_file())

    def annotators(self) -> list[str]:
        return [p.stem for p in self.annotation_files()]

    def check_output(self, path: str | Path, what: str = "--out", *, folder: bool = False) -> Path:
        """``path`` if a command may write its output there, else :class:`OutputError`.

        The one rule for every output path (reports, predictions, unresolved
        items, exports, suggestions): an output never lands in the annotation
        folder itself (it would overwrite an annotator's file, or a new ``.jsonl``
        there would be read as one), nor in its ``.locks``/``.state``, nor in the
        corpus; and a symbolic link inside the project never sends it outside.
        Subfolders of the annotation folder (``gold/reports/``) are fine;
        ``folder=True`` checks an output folder (brat export) itself.
        """
        path = Path(path)
        literal = Path(os.path.abspath(path))
        targets = {path.resolve(), literal.parent.resolve() / literal.name}
        gold = self.gold_dir.resolve()
        guarded = {gold, gold / ".locks", gold / ".state"}
        for target in targets:
            if (target if folder else target.parent) in guarded:
                raise OutputError(
                    f"{what} {path}: refusing to write a report into the annotation folder {self.gold_dir} "
                    f"(it would overwrite or add an annotation file; use a subfolder such as "
                    f"{self.gold_dir.name}/reports/)"
                )
            if target.is_relative_to(self.corpus_path.resolve()):
                raise OutputError(f"{what} {path}: refusing to write into the corpus folder {self.corpus_path}")
        root = self.root.resolve()
        if literal.is_relative_to(root) and not all(t.is_relative_to(root) for t in targets):
            raise OutputError(
                f"{what} {path}: refusing to write: a symbolic link in the project leads it outside {self.root}"
            )
        return path

    def store(self, annotator: str, *, writable: bool = True) -> AnnotationStore:
        store = AnnotationStore(self.gold_dir, annotator, writable=writable)
        if not store.path.resolve().is_relative_to(self.root.resolve()):
            raise StoreError(f"{store.path} is outside the project folder {self.root}")
        return store
