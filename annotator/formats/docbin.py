"""spaCy DocBin (``.spacy``): training data for spaCy pipelines.

Each record is one ``Doc`` built on the project's tokenization
(:mod:`annotator.tokens`; the gaps between tokens become spaCy's trailing
whitespace and whitespace tokens, so ``doc.text`` is the document text
exactly). ``doc.ents`` holds the outermost mentions (entities may not overlap
in spaCy); every mention is in the span group ``mentions``, zones in
``zones`` and event triggers (labelled with the event type) in ``events``,
groups named after the layers. ``doc.user_data`` keeps the document id and
the annotator. A mention off token boundaries is widened to the tokens it
touches. Arguments, coreference, attributions, attributes and notes are not
held.

Reading takes mentions from the ``mentions`` group (or ``doc.ents`` when a
file has no such group), zones and triggers from their groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.corpus import Document
from annotator.formats.base import Draft, Ids, Losses, ReadOptions, ReadResult, WriteOptions, outermost
from annotator.model import AnnotationRecord, Event, Mention, Span, Zone
from annotator.scheme import Scheme
from annotator.store import atomic_write
from annotator.tokens import tokenize

NAME = "docbin"
SUFFIX = ".spacy"


def _vocab() -> Any:
    from spacy.vocab import Vocab

    return Vocab()


@contextmanager
def entry_points_read_once() -> Iterator[None]:
    """srsly's msgpack encoders and decoders, with other packages' entry points looked up once, not per call.

    spaCy serialises each document's user data and span groups with
    ``srsly.msgpack_dumps``, whose ``Packer`` asks the catalogue registry for
    every encoder, and the registry scans the installed packages' entry points
    (``importlib.metadata``, which caches nothing) on each call: about 2 ms a
    document, most of a DocBin export. The entry points found are registered
    like the built-in ones and the scan is switched off while the block runs,
    so the encoders used are the same.
    """
    from srsly.msgpack import msgpack_decoders, msgpack_encoders

    registries = [r for r in (msgpack_encoders, msgpack_decoders) if r.entry_points]
    for registry in registries:
        for name, func in registry.get_entry_points().items():
            registry.register(name, func=func)
        registry.entry_points = False
    try:
        yield
    finally:
        for registry in registries:
            registry.entry_points = True


def make_doc(vocab: Any, text: str) -> Any:
    """A spaCy ``Doc`` whose tokens are the project's tokens and whose text is ``text`` exactly."""
    from spacy.tokens import Doc

    index = tokenize(text)
    words: list[str] = []
    spaces: list[bool] = []

    def gap(g: str) -> None:
        if not g:
            return
        if words and not spaces[-1] and g[0] == " ":
            spaces[-1] = True
            g = g[1:]
        if g:
            words.append(g)
            spaces.append(False)

    pos = 0
    for s, e in zip(index.starts, index.ends, strict=True):
        gap(text[pos:s])
        words.append(text[s:e])
        spaces.append(False)
        pos = e
    gap(text[pos:])
    return Doc(vocab, words=words, spaces=spaces)


def _span(doc: Any, start: int, end: int, label: str, losses: Losses) -> Any:
    span = doc.char_span(start, end, label=label, alignment_mode="strict")
    if span is None:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        losses.add("spans widened to token boundaries")
    return span


def write(
    records: Iterable[AnnotationRecord], docs: Mapping[str, Document], out: Path, options: WriteOptions
) -> Losses:
    from spacy.tokens import DocBin

    with entry_points_read_once():
        return _write(DocBin(store_user_data=True), records, docs, out)


def _write(docbin: Any, records: Iterable[AnnotationRecord], docs: Mapping[str, Document], out: Path) -> Losses:
    """Each record is made a spaCy Doc as it is read: the DocBin keeps arrays, no record is held."""
    losses = Losses()
    vocab = _vocab()
    for r in records:
        doc = make_doc(vocab, docs[r.doc].text)
        kept, _rest = outermost(r.mentions)
        ents = [s for m in kept if (s := _span(doc, m.start, m.end, m.label, losses)) is not None]
        ents.sort(key=lambda s: s.start)
        clean = [s for i, s in enumerate(ents) if i == 0 or s.start >= ents[i - 1].end]
        doc.ents = clean
        for group, items in (
            ("mentions", [(m.start, m.end, m.label) for m in r.mentions]),
            ("zones", [(z.start, z.end, z.label) for z in r.zones]),
            ("events", [(e.trigger.start, e.trigger.end, e.type) for e in r.events]),
        ):
            if items:
                doc.spans[group] = [s for a, b, label in items if (s := _span(doc, a, b, label, losses)) is not None]
        doc.user_data["doc_id"] = r.doc
        doc.user_data["annotator"] = r.annotator
        docbin.add(doc)
        losses.add("event arguments", sum(len(e.args) for e in r.events))
        losses.add("entities (coreference)", len(r.entities))
        losses.add("attributions", len(r.attributions))
        losses.add("mentions with attributes", sum(1 for m in r.mentions if m.attrs))
    atomic_write(out, docbin.to_bytes())
    return losses


def iter_drafts(paths: Sequence[Path], options: ReadOptions, result: ReadResult) -> Iterator[Draft]:
    """The drafts of the documents in ``paths``, one ``Doc`` at a time, problems into ``result``.

    spaCy loads a DocBin file whole (``DocBin.from_bytes``: its token arrays,
    strings and each document's packed span groups and user data), so that
    much of one file stays in memory while it is read; the ``Doc`` objects,
    the drafts and the records are made one at a time (``DocBin.get_docs``
    is a generator), and ``result.drafts`` stays empty.
    """
    vocab = _vocab()
    with entry_points_read_once():
        for path in paths:
            for n, doc in enumerate(_docs(path, vocab, result), 1):
                yield _draft(f"{path}:{n}", f"{path.stem}-{n}", doc, options.scheme, result)


def _docs(path: Path, vocab: Any, result: ReadResult) -> Iterator[Any]:
    """The ``Doc`` objects of one file as spaCy decodes them; where it fails, a problem and no more of the file."""
    from spacy.tokens import DocBin

    def not_docbin(exc: Exception) -> None:
        result.problems.append(f"{path}:1: not a spaCy DocBin file ({type(exc).__name__})")

    try:
        docs = DocBin().from_bytes(path.read_bytes()).get_docs(vocab)
    except Exception as exc:  # spaCy raises many kinds on a file that is no DocBin
        not_docbin(exc)
        return
    while True:
        try:
            doc = next(docs)
        except StopIteration:
            return
        except Exception as exc:
            not_docbin(exc)
            return
        yield doc


def read(paths: Sequence[Path], options: ReadOptions) -> ReadResult:
    result = ReadResult()
    result.drafts.extend(iter_drafts(paths, options, result))
    return result


def _draft(where: str, fallback_id: str, doc: Any, scheme: Scheme, result: ReadResult) -> Draft:
    """The draft of one ``Doc``: mentions from its ``mentions`` group (else ``doc.ents``), zones, triggers."""
    stored_id = doc.user_data.get("doc_id")
    doc_id = stored_id if isinstance(stored_id, str) else fallback_id
    annotator = doc.user_data.get("annotator")
    draft = Draft(where=where, doc=doc_id, text=doc.text)
    if isinstance(annotator, str):
        draft.annotator, draft.named = annotator, True
    ids = Ids()
    mentions = doc.spans.get("mentions", doc.ents)
    for s in mentions:
        if s.label_ not in scheme.entity_by_label:
            result.unknown("entity label", s.label_)
            continue
        span = Span.of(doc.text, s.start_char, s.end_char)
        draft.mentions.append(Mention(id=ids.new("m"), label=s.label_, **span.model_dump()))
    for s in doc.spans.get("zones", ()):
        if s.label_ not in scheme.zone_by_label:
            result.unknown("zone label", s.label_)
            continue
        span = Span.of(doc.text, s.start_char, s.end_char)
        draft.zones.append(Zone(id=ids.new("z"), label=s.label_, **span.model_dump()))
    for s in doc.spans.get("events", ()):
        if s.label_ not in scheme.event_by_type:
            result.unknown("event type", s.label_)
            continue
        draft.events.append(Event(id=ids.new("v"), type=s.label_, trigger=Span.of(doc.text, s.start_char, s.end_char)))
    return draft
