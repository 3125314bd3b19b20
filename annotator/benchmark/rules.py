"""The rule baseline: a floor any model should beat, written from ``guidelines/*.md``, never tuned on the gold.

- **Mentions.** Capitalised sequences (a name), labelled by their last word
  (*Army*, *Front*, *Council* … give ``ORG``; weekdays and months ``TIME``),
  an all-capitals acronym is ``ORG``, a title before a name gives ``PER``, any
  other single name ``GPE``, longer ones ``PER``. Then the cue words of the
  entity guidelines' decision tree: plural people-nouns (*fighters, rebels,
  civilians*) ``PER``, body nouns (*group, army, regime*) ``ORG``, the place
  words of "GPE vs LOC vs FAC", weapons, vehicles, documents and time words,
  each with the determiner, number or modifier just before it; *he*/*she* are
  ``PER`` pronouns. Overlaps keep the longest.
- **Events.** The "Positive" trigger lists of ``guidelines/event_types/*.md``,
  matched as whole words, without arguments.
- **Attributions.** The reporting cues of ``09_attributions.md``; the source
  is the predicted mention right before the cue ("the monitor said"), right
  after it ("said the monitor") or after *according to*; the content is the
  rest of the sentence after the cue (after *that*), or the clause before it
  when the cue comes last ("…, the monitor said").

The lexicons are the guidelines' own words; nothing here was looked up in, or
adjusted to, the gold. Expect low figures: it finds names and cue words, not
their extents as annotators mark them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

from annotator.benchmark import lexicon
from annotator.benchmark.extractor import Context, Outcome, outcome, source_digest
from annotator.benchmark.lexicon import (
    CONNECT,
    CUES,
    LEFT,
    NOT_NAMES,
    ORG_HEADS,
    PRONOUNS,
    REPORTING,
    TIME_NAMES,
    TITLES,
    TRIGGERS,
)
from annotator.corpus import Document
from annotator.tokens import tokenize

VERSION = "rules/1"


def _phrases(words: Sequence[str] | dict[str, str]) -> re.Pattern[str]:
    alternatives = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alternatives) + r")\b", re.I)


TRIGGER_RE = _phrases(TRIGGERS)
CUE_RE = _phrases(REPORTING)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and any(c.isalpha() for c in word)


def find_mentions(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, level) of every mention the rules find, without overlaps (longest kept)."""
    tok = tokenize(text)
    words = [text[a:b] for a, b in zip(tok.starts, tok.ends, strict=True)]
    sentence_start = {tok.token_at(s) for s in tok.sentence_starts}
    found: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(words):
        w = words[i]
        opening_noun = i in sentence_start and any(w.lower() in nouns for nouns in CUES.values())
        function_word = w.lower() in NOT_NAMES and (i in sentence_start or w.lower() != "mr")
        if _capitalised(w) and not opening_noun and not function_word:
            j = i
            while j + 1 < len(words) and (
                _capitalised(words[j + 1])
                or (words[j + 1].lower() in CONNECT and j + 2 < len(words) and _capitalised(words[j + 2]))
            ):
                j += 1
            if words[j].lower() in CONNECT and j > i:
                j -= 1
            name = [x.lower() for x in words[i : j + 1]]
            if name[-1] in TIME_NAMES:
                label = "TIME"
            elif name[-1] in ORG_HEADS or (len(w) > 1 and w.isupper() and j == i):
                label = "ORG"
            elif (i > 0 and words[i - 1].lower().strip(".") in TITLES) or j > i:
                label = "PER"
            else:
                label = "GPE"
            if not (j == i and w.lower() in NOT_NAMES):
                found.append((tok.starts[i], tok.ends[j], label, "NAM"))
            i = j + 1
            continue
        low = w.lower()
        if low in PRONOUNS:
            found.append((tok.starts[i], tok.ends[i], PRONOUNS[low], "PRO"))
        for label, nouns in CUES.items():
            if low in nouns:
                k = i
                while k > 0 and (words[k - 1].lower() in LEFT or words[k - 1].replace(",", "").isdigit()):
                    k -= 1
                found.append((tok.starts[k], tok.ends[i], label, "NOM"))
                break
        i += 1
    kept: list[tuple[int, int, str, str]] = []
    for m in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
        if all(m[1] <= k[0] or k[1] <= m[0] for k in kept):
            kept.append(m)
    return sorted(kept)


def predict(doc: Document) -> dict[str, Any]:
    """The rule baseline's prediction for one document, as a record dict with offsets."""
    text = doc.text
    mentions: list[dict[str, Any]] = [
        {"start": a, "end": b, "text": text[a:b], "id": f"m{n}", "label": lab, "attrs": {"level": lev}}
        for n, (a, b, lab, lev) in enumerate(find_mentions(text), 1)
    ]
    events = [
        {
            "id": f"v{n}",
            "type": TRIGGERS[" ".join(m.group().lower().split())],
            "trigger": {"start": m.start(), "end": m.end(), "text": m.group()},
        }
        for n, m in enumerate(TRIGGER_RE.finditer(text), 1)
    ]
    tok = tokenize(text)
    attributions = []
    for n, cue in enumerate(CUE_RE.finditer(text), 1):
        s_start, s_end = tok.sentence_bounds(cue.start())
        while s_end > s_start and text[s_end - 1] in ".\"'”’ ":
            s_end -= 1
        before = [
            m
            for m in mentions
            if s_start <= m["start"] and m["end"] <= cue.start() and not text[m["end"] : cue.start()].strip(" ,")
        ]
        after = [m for m in mentions if cue.end() <= m["start"] < s_end and not text[cue.end() : m["start"]].strip()]
        source: dict[str, Any] | None
        if cue.group().lower() == "according to":
            source = next(iter(after or before), None)
        else:
            source = (before or after)[-1] if before or after else None
        fronted = (
            source is not None
            and source["start"] < cue.start()
            and text[s_start : source["start"]].rstrip().endswith((",", '"', "”"))
        )
        if fronted and source is not None:
            content = (s_start, len(text[: source["start"]].rstrip(" ,\"'”’")))
        else:
            rest = cue.end() if source is None or source["start"] < cue.start() else source["end"]
            that = re.match(r"\s*(that\b)?\s*", text[rest:s_end])
            content = (rest + (that.end() if that else 0), s_end)
        attributions.append(
            {
                "id": f"a{n}",
                "source": source["id"] if source else None,
                "cue": {"start": cue.start(), "end": cue.end(), "text": cue.group()},
                "content": [{"start": content[0], "end": content[1], "text": text[content[0] : content[1]]}]
                if content[1] > content[0]
                else [],
            }
        )
    return {
        "mentions": mentions,
        "events": events,
        "attributions": attributions,
        "meta": {"layers": ["mentions", "events", "attributions"]},
    }


class RuleExtractor:
    """The rules as an extractor. Its version digests the rules and the lexicons, so a changed word list
    is a new version and never reuses cached predictions."""

    cacheable = True

    def __init__(self, name: str, ctx: Context) -> None:
        self.name, self.scheme_id = name, ctx.scheme.id
        self.version = f"{VERSION} {source_digest(predict, find_mentions, lexicon)}"

    def run(self, docs: Sequence[Document]) -> Iterator[Outcome]:
        for doc in docs:
            yield outcome(doc, partial(predict, doc), self.name, self.scheme_id)
