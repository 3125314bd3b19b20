"""Extractors for the model-in-the-loop tests, named as ``loop_models:predict`` (``module:function`` specs)."""

from __future__ import annotations

import threading
from typing import Any

from annotator.corpus import Document

CALLS: list[str] = []
"""Every document the model was run on, in order (a cache hit does not run it)."""

GATE = threading.Event()
"""Cleared, the model waits until the test sets it (to show the app does not wait for the model)."""
GATE.set()

DOC_SCORES: dict[str, float] = {}
"""The score every item of a document gets (0.5 when the test does not say)."""

FIRST = "A U.N.-sponsored deal"


def first(text: str, word: str, **more: Any) -> dict[str, Any]:
    """``word`` where it first occurs, with offsets (a quoted string alone is placed by the aligner)."""
    start = text.index(word)
    return {"start": start, "end": start + len(word), "text": word, **more}


def predict(doc: Document) -> dict[str, Any]:
    """A scored record: for the ISIL article every layer, for the others one capitalised word."""
    CALLS.append(doc.id)
    GATE.wait(60)
    if not doc.text.startswith(FIRST):
        score = DOC_SCORES.get(doc.id, 0.5)
        word = next(w for w in doc.text.split() if w.isalpha() and w[0].isupper())
        return {"mentions": [{"text": word, "label": "ORG", "score": score}]}
    t = doc.text
    return {
        "mentions": [
            first(t, "rebel commander", label="PER", score=0.95),
            first(t, "a monitor", label="ORG", score=0.9),
            first(t, "Saturday", label="TIME", score=0.6),
            first(t, "ISIL", label="ORG", score=0.85),
            first(t, "Bashar al-Assad", label="PER", score=0.4),
        ],
        "events": [
            {"type": "DIE", "trigger": first(t, "killed"), "score": 0.9, "args": [{"role": "Victim", "ref": "m1"}]}
        ],
        "attributions": [{"cue": "said", "source": "m2", "content": ["a rebel commander was killed"], "score": 0.85}],
    }


predict.version = "1"  # type: ignore[attr-defined]


def broken(doc: Document) -> dict[str, Any]:
    """A model that fails on every document."""
    raise RuntimeError(f"no weights for {doc.id}")


def with_relation(doc: Document) -> dict[str, Any]:
    """:func:`predict` and a scored relation between two of its mentions (ids as the adapter numbers them)."""
    out = predict(doc)
    if doc.text.startswith(FIRST):
        out["relations"] = [
            {
                "type": "MEMBER_OF",
                "args": [{"role": "Member", "ref": "m1"}, {"role": "Group", "ref": "m4"}],
                "score": 0.3,
            }
        ]
    return out


with_relation.version = "1"  # type: ignore[attr-defined]
