"""The array-based tokenizer gives exactly the boundaries of walking spaCy's token objects."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.tokens import TokenIndex, paragraph_starts, tokenize

NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")


def _by_objects(text: str) -> TokenIndex:
    """The tokenizer as first written: spaCy's sentences and tokens, one Python object each."""
    doc = NLP(text)
    starts: list[int] = []
    ends: list[int] = []
    sentence_starts: list[int] = []
    newline_before = True
    for sent in doc.sents:
        first_in_sentence = True
        for tok in sent:
            if tok.is_space:
                if "\n" in tok.text:
                    newline_before = True
                continue
            if first_in_sentence or newline_before:
                sentence_starts.append(tok.idx)
            first_in_sentence = False
            newline_before = "\n" in tok.whitespace_
            starts.append(tok.idx)
            ends.append(tok.idx + len(tok.text))
    return TokenIndex(text, tuple(starts), tuple(ends), tuple(sorted(set(sentence_starts))), paragraph_starts(text))


PIECES = st.sampled_from(
    [
        "The",
        "army",
        "said",
        "Aleppo",
        ".",
        "!",
        "?",
        ",",
        " ",
        "  ",
        "\n",
        "\n\n",
        " \n",
        "\t",
        "U.S.",
        "“Hi”",
        "é",
        "dog's",
        "3.5",
        "-",
        "(",
        ")",
        "Mr.",
        "e.g.",
        "🙂",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_array_tokenizer_equals_token_objects(text):
    assert tokenize(text) == _by_objects(text)


def test_seed_documents_tokenize_as_before(seeds):
    for doc in seeds:
        assert tokenize(doc.text) == _by_objects(doc.text)


MARKS = st.sampled_from(["The", "said", ".", "!", "?", "...", "?!", "。", "؟", "।", ",", ";", ":", '"', "'", "”",
                         "(", ")", "—", "-", " ", "\n", "e.g.", "3.5", "Mr."])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKS, max_size=60).map("".join))
def test_sentence_starts_are_the_sentencizers_around_any_punctuation(text):
    assert tokenize(text) == _by_objects(text)
