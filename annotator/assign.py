"""``annotator assign``: which annotator annotates which document, with balanced overlap.

Documents are shuffled with the seed, then handed out in turn, ``overlap``
annotators each, cycling through the annotators: every document gets
``overlap`` different annotators and no annotator has more than one document
more than another. The file (``gold/assignments.json``: annotator → documents)
is written atomically and never overwritten without ``--force``.
"""

from __future__ import annotations

import argparse
import random
from typing import Any

from annotator.errors import AnnotatorError


def assign(docs: list[str], annotators: list[str], overlap: int, seed: int) -> dict[str, list[str]]:
    """Each of ``docs`` to ``overlap`` distinct annotators, loads balanced to within one document."""
    if not 1 <= overlap <= len(annotators):
        raise AnnotatorError(f"--overlap {overlap} needs between 1 and {len(annotators)} (the annotators given)")
    if len(set(annotators)) != len(annotators):
        raise AnnotatorError("an annotator is named twice in --annotators")
    rng = random.Random(seed)
    order = sorted(docs)
    rng.shuffle(order)
    people = list(annotators)
    rng.shuffle(people)
    out: dict[str, list[str]] = {a: [] for a in annotators}
    slot = 0
    for doc in order:
        for _ in range(overlap):
            out[people[slot % len(people)]].append(doc)
            slot += 1
    return {a: sorted(d) for a, d in out.items()}


def cmd_assign(args: argparse.Namespace) -> int:
    from annotator.durable import write_json_atomic
    from annotator.project import Project

    project = Project.find(args.project)
    names = [n.strip() for n in args.annotators.split(",") if n.strip()]
    docs = args.docs.split(",") if args.docs else project.corpus.ids()
    unknown = [d for d in docs if d not in set(project.corpus.ids())]
    if unknown:
        raise AnnotatorError(f"not in the corpus: {', '.join(unknown)}")
    path = project.gold_dir / "assignments.json"
    if path.exists() and not args.force:
        raise AnnotatorError(f"{path} exists; --force replaces it")
    plan = assign(docs, names, args.overlap, args.seed)
    write_json_atomic(path, {"overlap": args.overlap, "seed": args.seed, "assignments": plan})
    print(f"{path}: " + ", ".join(f"{a} {len(d)}" for a, d in plan.items()))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("assign", help="assign documents to annotators (gold/assignments.json), with overlap")
    p.add_argument("--annotators", required=True, help="comma-separated names")
    p.add_argument("--overlap", type=int, default=2, help="annotators per document (default 2)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--docs", help="comma-separated document ids (default: the whole corpus)")
    p.add_argument("--force", action="store_true", help="replace an existing assignments file")
    p.set_defaults(func=cmd_assign)
