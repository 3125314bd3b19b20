"""What the article view highlights, derived from a record, the scheme and open suggestions."""

from __future__ import annotations

from itertools import chain

from annotator.model import AnnotationRecord, Mention
from annotator.scheme import Scheme
from annotator.tui.layout import Mark, nest_depths
from annotator.tui.suggestions import Suggestion


def suggestion_marks(suggestions: list[Suggestion]) -> list[Mark]:
    """Suggestions drawn over everything else; a mark's ident is the suggestion's key (for display only)."""
    return [Mark(s.start, s.end, "suggest", s.label, s.key, 0, 3) for s in suggestions]


class MentionMarks:
    """Mention marks with nesting depths, updated in O(n) when one mention is added last or removed.

    A discontinuous mention is drawn as its fragments (one mark each, the depth of its extent).

    Labelling appends one mention, undoing it drops the last one and deleting drops any one; recomputing every
    depth from scratch would sort all mentions on every such key press, and building
    every mark again would make 2,000 of them for the one that changed. So the marks
    of each mention are kept, and only those of the added or removed mention and of
    the mentions whose depth it changed are built again. Depths follow
    :func:`nest_depths` exactly (a property test checks it).
    """

    def __init__(self) -> None:
        self.mentions: tuple[Mention, ...] | None = None
        self.depths: list[int] = []
        self.built: list[tuple[Mark, ...]] = []
        """The marks of each mention, in the order of :attr:`mentions`."""

    def __call__(self, mentions: tuple[Mention, ...]) -> list[Mark]:
        old = self.mentions
        if old is not None and len(mentions) == len(old) + 1 and mentions[:-1] == old:
            for k in self._add(old, mentions[-1]):
                self.built[k] = _mention_marks(mentions[k], self.depths[k])
            self.built.append(_mention_marks(mentions[-1], self.depths[-1]))
        elif old is not None and len(mentions) == len(old) - 1 and (gone := _removed(old, mentions)) is not None:
            del self.built[gone]
            for k in self._drop(mentions, old[gone], gone):
                self.built[k] = _mention_marks(mentions[k], self.depths[k])
        elif old is None or mentions != old:
            self.depths = nest_depths([(m.start, m.end) for m in mentions])
            self.built = [_mention_marks(m, d) for m, d in zip(mentions, self.depths, strict=True)]
        self.mentions = mentions
        return list(chain.from_iterable(self.built))

    def _add(self, old: tuple[Mention, ...], x: Mention) -> list[int]:
        """Depths with ``x`` appended; returns the indices of the mentions whose depth changed."""
        depth = 0
        changed = []
        for k, m in enumerate(old):
            if m.start <= x.start and x.end <= m.end:
                depth += 1
            elif x.start <= m.start and m.end <= x.end:
                self.depths[k] += 1
                changed.append(k)
        self.depths.append(depth)
        return changed

    def _drop(self, rest: tuple[Mention, ...], x: Mention, at: int) -> list[int]:
        """Depths with mention ``x`` gone from index ``at``; returns the indices of the mentions whose depth
        changed. Of identical spans the later is inside the earlier, so ``x`` contained those after it."""
        del self.depths[at]
        changed = []
        for k, m in enumerate(rest):
            inside = x.start <= m.start and m.end <= x.end
            if inside and (k >= at or not (m.start == x.start and m.end == x.end)):
                self.depths[k] -= 1
                changed.append(k)
        return changed


def _removed(old: tuple[Mention, ...], new: tuple[Mention, ...]) -> int | None:
    """The index of the one mention of ``old`` missing from ``new`` (one shorter), if that is the only change."""
    k = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a is not b), len(new))
    return k if old[:k] == new[:k] and old[k + 1 :] == new[k:] else None


def _mention_marks(m: Mention, depth: int) -> tuple[Mark, ...]:
    return tuple(Mark(p.start, p.end, "mention", m.label, m.id, depth, 2) for p in (m.fragments or (m,)))


def marks_for(
    record: AnnotationRecord,
    scheme: Scheme,
    suggestions: list[Suggestion] | None = None,
    mention_marks: MentionMarks | None = None,
) -> list[Mark]:
    """Every highlighted stretch: zones, mentions (with nesting depth), triggers, attribution parts."""
    marks: list[Mark] = []
    for z in record.zones:
        spec = scheme.zone_by_label.get(z.label)
        kind = "closed" if spec is not None and not spec.annotate else "zone"
        marks.append(Mark(z.start, z.end, kind, z.label, z.id))
    for a in record.attributions:
        for s in a.content:
            marks.append(Mark(s.start, s.end, "content", "content", a.id, 0, 1))
        for s in a.supplement:
            marks.append(Mark(s.start, s.end, "supplement", "supplement", a.id, 0, 1))
    marks += (mention_marks or MentionMarks())(record.mentions)
    for v in record.events:
        marks.append(Mark(v.trigger.start, v.trigger.end, "event", v.type, v.id, 0, 8))
    for a in record.attributions:
        if a.cue is not None:
            marks.append(Mark(a.cue.start, a.cue.end, "cue", "cue", a.id, 0, 9))
    marks += suggestion_marks(suggestions or [])
    return marks
