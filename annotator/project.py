"""A project on disk: its corpus, scheme and ``gold/`` folder.

Settings live in ``pyproject.toml`` under ``[tool.annotator]`` (``corpus``,
``scheme``, ``gold`` each relative to the project root, the optional ``gazetteer`` of
knowledge-base entries, and ``annotators``, the team whose files agreement and
adjudication compare). A folder without that
table uses the defaults of a cloned repository: ``seeds/``,
``guidelines/schema.toml`` and ``gold/``, and no team.

Anyone outside a declared team (a new user trying the app under their login
name) works in ``gold/practice/``, which no team command reads, so practice can
never change the team's figures or the adjudicated gold.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from annotator.corpus import Corpus
from annotator.errors import AnnotatorError, OutputError, StoreError
from annotator.gazetteer import Gazetteer, load_gazetteer
from annotator.scheme import Scheme, load_scheme
from annotator.store import AnnotationStore

DEFAULTS = {"corpus": "seeds", "scheme": "guidelines/schema.toml", "gold": "gold"}
ADJUDICATED = "gold"
"""The adjudicated file's annotator name: never a team member, never practice."""


@dataclass
class Project:
    root: Path
    corpus_path: Path
    scheme_path: Path
    gold_dir: Path
    team: tuple[str, ...] | None = None
    """The ``annotators`` setting: whose files agreement and adjudication compare (None: not declared)."""
    gazetteer_path: Path | None = None

    @classmethod
    def find(cls, start: str | Path | Project = ".", corpus_set: str | None = None) -> Project:
        """The project whose ``pyproject.toml`` has ``[tool.annotator]``, at or above ``start``.

        ``corpus_set`` names a table ``[tool.annotator.sets.NAME]`` whose settings
        (``corpus``, ``gold``, ``scheme``) replace the project's: a second corpus
        with its own annotations (a held-out set) in the same project. A
        :class:`Project` is returned as it is, so the command line resolves the
        project once and every command reads the same one.
        """
        if isinstance(start, Project):
            return start
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
                    return cls.at(folder, cls._with_set(settings, corpus_set, pyproject))
        if corpus_set is not None:
            raise AnnotatorError(f"no project settings at or above {start}: corpus set {corpus_set!r} is not defined")
        return cls.at(start, {})

    @staticmethod
    def _with_set(settings: dict[str, Any], corpus_set: str | None, pyproject: Path) -> dict[str, str]:
        sets = settings.get("sets", {})
        base = {k: v for k, v in settings.items() if k != "sets"}
        if corpus_set is None:
            return base
        if corpus_set not in sets:
            known = ", ".join(sorted(sets)) or "none"
            raise AnnotatorError(
                f"{pyproject}: no corpus set {corpus_set!r} ([tool.annotator.sets.{corpus_set}]); defined: {known}"
            )
        return {**base, **sets[corpus_set]}

    @classmethod
    def at(cls, root: Path, settings: dict[str, Any]) -> Project:
        merged = {**DEFAULTS, **settings}
        team = merged.get("annotators")
        if team is not None and (not isinstance(team, list) or not all(isinstance(a, str) for a in team)):
            raise AnnotatorError(f"{root / 'pyproject.toml'}: [tool.annotator] annotators must be a list of names")
        return cls(
            root=root,
            corpus_path=cls._inside(root, merged["corpus"]),
            scheme_path=cls._inside(root, merged["scheme"]),
            gold_dir=cls._inside(root, merged["gold"]),
            team=tuple(team) if team is not None else None,
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

    def is_practice(self, annotator: str) -> bool:
        """True for someone outside the declared team: their work goes to ``gold/practice/``."""
        return self.team is not None and annotator != ADJUDICATED and annotator not in self.team

    @property
    def practice_dir(self) -> Path:
        return self.gold_dir / "practice"

    def compared(self, named: Sequence[str] | None) -> tuple[list[str] | None, list[str]]:
        """Whose files agreement and adjudication compare, and a note for each file left out and why.

        ``named`` (``--annotators``) wins; else the project's ``annotators``
        setting; else None (every file in ``gold/``), which the notes say too,
        so a report never hides whose work it folded in.
        """
        present = [a for a in self.annotators() if a != ADJUDICATED]
        if named is not None:
            return list(named), [f"{a}: not named in --annotators: left out" for a in present if a not in named]
        if self.team is not None:
            setting = "the project's annotators ([tool.annotator] annotators in pyproject.toml)"
            notes = [f"{a}: not one of {setting}: left out" for a in present if a not in self.team]
            return list(self.team), notes
        return None, [
            "no annotator set declared: every file in "
            f"{self.gold_dir.name}/ is compared (set [tool.annotator] annotators or pass --annotators)"
        ]

    def annotation_folder(self, annotator: str) -> Path:
        """Where ``annotator``'s file lives: ``gold/``, or ``gold/practice/`` for someone outside the team."""
        return self.practice_dir if self.is_practice(annotator) else self.gold_dir

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
        store = AnnotationStore(self.annotation_folder(annotator), annotator, writable=writable)
        if not store.path.resolve().is_relative_to(self.root.resolve()):
            raise StoreError(f"{store.path} is outside the project folder {self.root}")
        return store
