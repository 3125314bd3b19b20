"""How adjudication settles an item no decision rules on, the same way for every layer.

Zones, mentions, events, attributions, relations (by the pair they relate) and
document labels (a document's label set is one item) all go through :func:`settle`, so
that ``--strategy`` means one thing whatever is adjudicated: an item every
annotator made alike is ``agreed``; else ``majority`` keeps the version more
than half the annotators made (absence counts as a version) and ``unanimous``
drops it; what no strategy settles is listed as unresolved and, under
``prefer`` or on a tie, the preferred annotator's version stands meanwhile.
Kept apart from :mod:`annotator.adjudicate` so that the modules adjudicating
relations and document labels use the rule without importing the merge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Strategy = Literal["prefer", "majority", "unanimous"]
STRATEGIES: tuple[Strategy, ...] = ("prefer", "majority", "unanimous")

Rule = Literal["agreed", "majority", "preferred", "dropped"]


@dataclass(frozen=True)
class Outcome:
    """What happens to one undecided item: whose version the gold takes (None: no version), by which rule."""

    rule: Rule
    take: str | None
    by: list[str]
    """The annotators whose version is the one kept (for ``dropped``, none)."""
    unresolved: bool
    """Whether an adjudicator still has to look at it (listed by ``adjudicate``)."""


def majority(sigs: dict[str, Any], annotators: list[str]) -> list[str] | None:
    """The annotators of the version more than half of ``annotators`` made ([] when most made none);
    None on a tie."""
    votes: dict[str, list[str]] = {}
    for name in annotators:
        votes.setdefault(repr(sigs[name]) if name in sigs else "", []).append(name)
    best, names = max(votes.items(), key=lambda kv: len(kv[1]))
    if 2 * len(names) <= len(annotators):
        return None
    return [] if best == "" else names


def settle(sigs: dict[str, Any], annotators: list[str], prefer: str, strategy: Strategy) -> Outcome:
    """The outcome of an item without a decision, from each annotator's version of it (``sigs``: what must be
    equal for two versions to agree, for the annotators who have one) among all ``annotators``."""
    if len(sigs) == len(annotators) and len({repr(s) for s in sigs.values()}) == 1:
        return Outcome("agreed", prefer, sorted(sigs), unresolved=False)
    if strategy == "majority" and (winners := majority(sigs, sorted(annotators))) is not None:
        return Outcome("majority", winners[0] if winners else None, winners, unresolved=False)
    if prefer not in sigs or strategy == "unanimous":
        return Outcome("dropped", None, [], unresolved=True)
    agreeing = sorted(n for n in sigs if sigs[n] == sigs[prefer])
    return Outcome("preferred", prefer, agreeing, unresolved=True)
