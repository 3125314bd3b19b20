"""A project on disk: its corpus, scheme and ``gold/`` folder.

Settings live in ``pyproject.toml`` under ``[tool.annotator]`` (``corpus``,
``scheme``, ``gold`` and the optional ``gazetteer`` of knowledge-base entries,
each relative to the project root). A folder without that
table uses the defaults of a cloned repository: ``seeds/``,
``guidelines/schema.toml`` and ``gold/``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from annotator.corpus import Corpus
from annotator.errors import AnnotatorError, StoreError
from annotator.gazetteer import Gazetteer, load_gazetteer
from annotator.scheme import Scheme, load_scheme
from annotator.store import AnnotationStore

DEFAULTS = {"corpus": "seeds", "scheme": "guidelines/schema.toml", "gold": "gold"}


@dataclass
class Project:
    root: Path
    corpus_path: Path
    scheme_path: Path
    gold_dir: Path
    gazetteer_path: Path | None = None

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
            gazetteer_path=cls._inside(root, merged["gazetteer"]) if merged.get("gazetteer") else None,
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
    def gazetteer(self) -> Gazetteer | None:
        """The knowledge-base entries of the ``gazetteer`` setting; None when the project names none."""
        return load_gazetteer(self.gazetteer_path) if self.gazetteer_path is not None else None

    @cached_property
    def corpus(self) -> Corpus:
        return Corpus.load(self.corpus_path)

    def annotation_files(self) -> list[Path]:
        if not self.gold_dir.is_dir():
            return []
        return sorted(p for p in self.gold_dir.glob("*.jsonl") if p.is_file())

    def annotators(self) -> list[str]:
        return [p.stem for p in self.annotation_files()]

    def store(self, annotator: str, *, writable: bool = True) -> AnnotationStore:
        store = AnnotationStore(self.gold_dir, annotator, writable=writable)
        if not store.path.resolve().is_relative_to(self.root.resolve()):
            raise StoreError(f"{store.path} is outside the project folder {self.root}")
        return store
