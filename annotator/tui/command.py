"""``annotator annotate``: the Textual app (imported only when the command runs)."""

from __future__ import annotations

import argparse
import getpass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.corpus import Corpus
    from annotator.project import Project
    from annotator.tui.model_worker import ModelSuggester


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("annotate", help="annotate documents in the terminal (the main job)")
    p.add_argument("--annotator", help="whose annotation file to edit (default: your login name)")
    p.add_argument("--corpus", help="corpus folder or JSONL (default: the project's)")
    p.add_argument("--doc", help="document id to open (default: where you left off)")
    p.add_argument("--suggest", metavar="PREDICTIONS.jsonl", help="show an extractor's predictions as suggestions")
    p.add_argument(
        "--model",
        metavar="[NAME=]SPEC",
        help="run an extractor on each document opened and show its items as suggestions (specs as in "
        "`annotator benchmark`: rules, spacy:PIPELINE[,MAP], module:function, …; cached)",
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=None,
        metavar="SCORE",
        help="the score from which ctrl+f accepts a sentence's suggestions (default 0.8)",
    )
    p.set_defaults(func=cmd_annotate)


def cmd_annotate(args: argparse.Namespace) -> int:
    """Open the session (refused with a message if another app holds the lock), run the app, close.

    Every refusal is an :class:`AnnotatorError`, which the CLI prints without a traceback.
    """
    from pathlib import Path

    from annotator.corpus import Corpus, check_id
    from annotator.errors import AnnotatorError, CorpusError
    from annotator.project import Project
    from annotator.tui.session import Session
    from annotator.validate import read_checked

    if args.suggest is not None and not Path(args.suggest).is_file():
        raise AnnotatorError(f"--suggest {args.suggest}: no such file (nothing would be suggested)")
    project = Project.find(args.project)
    annotator = check_id(getpass.getuser() if args.annotator is None else args.annotator, "annotator name")
    own = project.annotation_folder(annotator) / f"{annotator}.jsonl"
    if own.exists():
        corpus = Corpus.load(args.corpus) if args.corpus else project.corpus
        read_checked([own], corpus, project.scheme, strict=False, gold_dir=project.gold_dir, torn_ok=True)
    session = Session.open(project, annotator, args.corpus, args.suggest)
    try:
        if args.doc is not None and args.doc not in session.corpus:
            raise CorpusError(f"document {args.doc!r} is not in the corpus {session.corpus.source}")
        if not session.doc_ids():
            raise CorpusError(f"the corpus {session.corpus.source} has no documents")
        if args.model is not None or args.threshold is not None:
            session.model = _model(args, project, session.corpus)
        from annotator.tui.app import AnnotatorApp

        app = AnnotatorApp(session, args.doc)
        app.run()
        return app.return_code or 0
    finally:
        session.close()


def _model(args: argparse.Namespace, project: Project, corpus: Corpus) -> ModelSuggester:
    """The ``--model`` extractor, set up before the app starts so that a bad spec is an error, not a blank screen."""
    from annotator.errors import AnnotatorError
    from annotator.tui.model_worker import DEFAULT_THRESHOLD, build_model

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    if not 0.0 <= threshold <= 1.0:
        raise AnnotatorError(f"--threshold {args.threshold}: a score between 0 and 1")
    if args.model is None:
        raise AnnotatorError("--threshold needs --model (the model whose scores it compares)")
    return build_model(project, corpus, args.model, threshold=threshold)
