"""Each built-in adapter on small documents, the joint attribution aligner, and scores on predicted items."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from pydantic import ValidationError

from annotator.benchmark.rules import RuleExtractor
from annotator.benchmark.spacy_ner import SpacyExtractor
from annotator.benchmark.specs import LLMExtractor, build
from annotator.benchmark.trained import TrainedExtractor, training_examples
from annotator.evaluate.align import Aligner, align_attribution
from annotator.evaluate.extractors import ExtractorError
from annotator.model import AnnotationRecord, Mention
from annotator.store import dumps_record


def test_a_changed_lexicon_is_a_new_rule_baseline_version(small, tmp_path, monkeypatch):
    """Cached predictions are keyed by version: editing a word list must not reuse the old ones."""
    import importlib.util

    from annotator.benchmark import lexicon, rules

    before = RuleExtractor("rules", small).version
    edited = tmp_path / "lexicon.py"
    edited.write_text(Path(lexicon.__file__).read_text(encoding="utf-8") + "\nEXTRA = {'militiamen'}\n")
    spec = importlib.util.spec_from_file_location("edited_lexicon", edited)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(rules, "lexicon", module)
    assert RuleExtractor("rules", small).version != before


def test_rule_baseline_finds_names_cue_words_triggers_and_attributions(small):
    (out,) = RuleExtractor("rules", small).run(small.documents[:1])
    assert out.failure is None and out.record is not None
    rec = out.record
    assert {(m.text, m.label) for m in rec.mentions} >= {
        ("Aleppo", "GPE"),
        ("Monday", "TIME"),
        ("the army", "ORG"),
        ("Rebels", "PER"),
    }
    assert [(e.trigger.text, e.type) for e in rec.events] == [("attacked", "ATTACK")]
    (a,) = rec.attributions
    assert a.cue is not None and a.cue.text == "said"
    assert [c.text for c in a.content] == ["on Monday that the army attacked the town"]
    assert next(m.text for m in rec.mentions if m.id == a.source) == "Aleppo"
    (fronted,) = next(RuleExtractor("rules", small).run(small.documents[2:])).record.attributions  # type: ignore[union-attr]
    assert [c.text for c in fronted.content] == ["Fighting erupted in Idlib on Friday"]


def test_spacy_adapter_maps_labels_of_any_pipeline(small, tmp_path):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "GPE", "pattern": "Aleppo"},
            {"label": "DATE", "pattern": "Monday"},
            {"label": "MISC", "pattern": "army"},
        ]
    )
    mapping = tmp_path / "labels.toml"
    mapping.write_text('[labels]\nDATE = "TIME"\nMISC = ""\n', encoding="utf-8")
    ex = SpacyExtractor("ruler", nlp, small, mapping=mapping)
    (out,) = ex.run(small.documents[:1])
    assert out.record is not None
    assert [(m.text, m.label) for m in out.record.mentions] == [("Aleppo", "GPE"), ("Monday", "TIME")]
    assert out.record.meta["layers"] == ["mentions"]
    mapping.write_text('[labels]\nDATE = "TIME"\n', encoding="utf-8")
    assert SpacyExtractor("ruler", nlp, small, mapping=mapping).version != ex.version
    with pytest.raises(ExtractorError, match="cannot load spaCy pipeline"):
        build("x", "spacy:no_such_pipeline_here", small)


def test_trained_baseline_holds_each_document_out_and_versions_the_gold(small):
    ex = TrainedExtractor("trained", small, iterations=1)
    outs = {o.doc: o for o in ex.run(small.documents)}
    assert sorted(outs) == ["d1", "d2", "d3"]
    assert all(o.failure is None and o.record is not None for o in outs.values())
    assert all(o.record.meta["layers"] == ["mentions"] for o in outs.values() if o.record)
    edited = small.gold[0].model_copy(update={"mentions": small.gold[0].mentions[:1]})
    other = TrainedExtractor(
        "trained", type(small)(small.scheme, (edited, *small.gold[1:]), small.documents, small.root), iterations=1
    )
    assert other.version != ex.version
    assert TrainedExtractor("trained", small, iterations=2).version != ex.version


def test_training_leaves_out_paragraphs_in_unscored_zones(small):
    d = small.documents[0]
    boiler = AnnotationRecord.model_validate(
        {
            **small.gold[0].model_dump(),
            "zones": [{"start": 0, "end": len(d.text) - 1, "text": d.text[:-1], "id": "z1", "label": "BOILERPLATE"}],
        }
    )
    nlp = spacy.blank("en")
    texts = {d.id: d.text}
    assert len(training_examples(nlp, [small.gold[0]], texts, small.scheme)) == 1
    assert training_examples(nlp, [boiler], texts, small.scheme) == []


def test_llm_answers_are_aligned_and_what_is_not_found_is_reported(small, tmp_path):
    answers = tmp_path / "answers.jsonl"
    answers.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "doc": "d2",
                        "mentions": [{"text": "Officials", "label": "PER"}, {"text": "Atlantis", "label": "GPE"}],
                        "events": [{"type": "TERRITORY_CHANGE", "trigger": "captured"}],
                        "attributions": [
                            {"cue": "denied", "source": "Officials in Damascus", "content": ["it"]},
                            {
                                "cue": "said",
                                "source": {"text": "The regime", "label": "ORG"},
                                "content": ["government forces captured Homs"],
                                "score": 0.9,
                            },
                        ],
                    }
                ),
                '{"doc": "d3", "mentions": [',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    outs = {o.doc: o for o in LLMExtractor("llm", str(answers), small).run(small.documents)}
    assert outs["d1"].failure == f"no answer in {answers}"
    assert "not valid JSON" in (outs["d3"].failure or "")
    rec = outs["d2"].record
    assert rec is not None
    text = small.documents[1].text
    assert [(m.text, m.label) for m in rec.mentions] == [("Officials", "PER"), ("The regime", "ORG")]
    denied, said = rec.attributions
    assert denied.source is None and said.score == 0.9
    assert said.cue is not None and said.cue.start == text.index("said")
    assert next(m for m in rec.mentions if m.id == said.source).text == "The regime"
    assert outs["d2"].unaligned == [
        "doc d2: mention 'Atlantis' not found in the text",
        "doc d2: source 'Officials in Damascus' of attribution a1 is no predicted mention and has no label",
    ]


def test_an_attribution_cue_that_occurs_twice_goes_with_its_content():
    text = (
        "The army said the town fell. Rebels, however, said the army was lying; "
        "the monitor said nothing. Aid workers said convoys were stuck at the crossing."
    )
    aligner = Aligner(text)
    place = align_attribution(aligner, "said", "Aid workers", ["convoys were stuck at the crossing"])
    assert place.cue is not None and text[: place.cue[0]].count("said") == 3
    assert place.source == (text.index("Aid workers"), text.index("Aid workers") + len("Aid workers"))
    assert place.content == [(text.index("convoys"), len(text) - 1)]
    first = align_attribution(Aligner(text), "said", "Rebels", ["the army was lying"])
    assert first.cue == (text.index("said", text.index("Rebels")), text.index("said", text.index("Rebels")) + 4)
    assert first.source is not None and text[slice(*first.source)] == "Rebels"
    missing = align_attribution(Aligner(text), "claimed", None, ["the town fell"])
    assert missing.cue is None and missing.content == [(text.index("the town"), text.index("fell") + 4)]


def test_items_may_carry_a_score_between_0_and_1_and_none_is_not_written(small):
    d = small.documents[0]
    m = Mention(start=10, end=16, text="Aleppo", id="m1", label="GPE", score=0.25)
    rec = small.gold[0].model_copy(update={"mentions": (m,)})
    assert '"score":0.25' in dumps_record(rec)
    assert "score" not in dumps_record(small.gold[0])
    assert AnnotationRecord.model_validate_json(dumps_record(rec)).mentions[0].score == 0.25
    with pytest.raises(ValidationError, match="less than or equal to 1"):
        Mention(start=10, end=16, text=d.text[10:16], id="m1", label="GPE", score=1.5)
