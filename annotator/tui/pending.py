"""What a two-key edit remembers between its keys (Textual-free, held by the controller)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Pending:
    """A relation waiting for its second argument, and the mention that ``s`` adds fragments to."""

    relation: tuple[str, str] | None = None
    fragments_of: str | None = None

    def clear(self) -> None:
        self.relation = None
        self.fragments_of = None

    def ids(self) -> set[str]:
        """What the article highlights while the edit waits: the first argument, the mention being extended."""
        return {x for x in (self.relation[1] if self.relation else None, self.fragments_of) if x}

    def note(self) -> str:
        parts = []
        if self.relation is not None:
            parts.append(f"{self.relation[0]} from {self.relation[1]}: i on the second argument")
        if self.fragments_of is not None:
            parts.append(f"fragments of {self.fragments_of}: select, then s")
        return " · ".join(parts)
