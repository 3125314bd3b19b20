"""``annotator curate`` and ``annotator review``: the Textual apps (imported only when a command runs)."""

from __future__ import annotations

import argparse

DECISIONS = "adjudication/decisions.jsonl"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "curate",
        help="curate annotators' finished documents into gold, decision by decision",
        description=(
            "Shows the union of the annotators' items on each document they all marked done: agreed, "
            "proposed by some, or in conflict. Every decision is appended at once to the decisions file "
            "that `annotator adjudicate --decisions` reads, so both give the same gold."
        ),
    )
    p.add_argument("--annotators", required=True, help="comma-separated names, two or more")
    p.add_argument("--decisions", help=f"decisions file (default: gold/{DECISIONS})")
    p.add_argument("--prefer", help="annotator whose version stands where no decision exists (default: the first)")
    p.add_argument("--doc", help="document to open first")
    p.set_defaults(func=cmd_curate)

    p = subparsers.add_parser(
        "review",
        help="an extractor's errors on the text: correct, missed, spurious, boundary and type errors",
    )
    p.add_argument("--gold", required=True, help="gold annotation file")
    p.add_argument("--pred", required=True, help="predictions file")
    p.add_argument("--decisions", help=f"where proposed gold corrections go (default: gold/{DECISIONS})")
    p.add_argument("--doc", help="document to open first")
    p.set_defaults(func=cmd_review)


def cmd_curate(args: argparse.Namespace) -> int:
    import getpass
    from pathlib import Path

    from annotator.curation.session import Curation
    from annotator.project import Project
    from annotator.tui.curation.app import EntriesApp
    from annotator.tui.curation.controller import CurationController
    from annotator.tui.curation.curate_screen import CurationScreen

    project = Project.find(args.project)
    path = Path(args.decisions) if args.decisions else project.gold_dir / DECISIONS
    curation = Curation(project, [n.strip() for n in args.annotators.split(",") if n.strip()], path, args.prefer)
    controller = CurationController(curation, args.doc, getpass.getuser())
    app = EntriesApp(lambda mono: CurationScreen(controller, mono))
    app.run()
    return app.return_code or 0


def cmd_review(args: argparse.Namespace) -> int:
    from pathlib import Path

    from annotator.curation.review import Review
    from annotator.project import Project
    from annotator.tui.curation.app import EntriesApp
    from annotator.tui.curation.review_screen import ReviewController, ReviewScreen

    project = Project.find(args.project)
    path = Path(args.decisions) if args.decisions else project.gold_dir / DECISIONS
    review = Review.of_files(project, Path(args.gold), Path(args.pred), path)
    controller = ReviewController(review, args.doc)
    app = EntriesApp(lambda mono: ReviewScreen(controller, mono))
    app.run()
    return app.return_code or 0
