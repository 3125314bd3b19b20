"""``annotator annotate``: the Textual app (imported only when the command runs)."""

from __future__ import annotations

import argparse
import getpass


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("annotate", help="annotate documents in the terminal (the main job)")
    p.add_argument("--annotator", help="whose annotation file to edit (default: your login name)")
    p.add_argument("--corpus", help="corpus folder or JSONL (default: the project's)")
    p.add_argument("--doc", help="document id to open (default: where you left off)")
    p.add_argument("--suggest", metavar="PREDICTIONS.jsonl", help="show an extractor's predictions as suggestions")
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
        from annotator.tui.app import AnnotatorApp

        app = AnnotatorApp(session, args.doc)
        app.run()
        return app.return_code or 0
    finally:
        session.close()
