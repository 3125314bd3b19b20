"""Head match: the heuristic on hand-picked mentions, and the extra ``head`` row of the report."""

from __future__ import annotations

import json

import pytest

from annotator.evaluate.api import evaluate_records
from annotator.evaluate.heads import head_offsets
from tests.evaluate.build import mention, rec


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("Aleppo", "Aleppo"),
        ("the commander of the army", "commander"),
        ("Syria's army", "army"),
        ("the army’s", "army"),
        ("the town, which fell on Monday", "town"),
        ("fighters who fled", "fighters"),
        ("the convoy (trucks)", "convoy"),
        ("President Bashar al-Assad", "Assad"),
        ("the U.S.-backed forces", "forces"),
        ("the claim that rebels fled", "claim"),
        ("of the army", "army"),
        ('"the rebels"', "rebels"),
        ("...", "..."),
    ],
)
def test_head_is_the_last_word_before_a_comma_preposition_or_relative_clause(text, head):
    start, end = head_offsets(text)
    assert text[start:end] == head


def test_head_row_credits_mentions_whose_heads_agree(scheme):
    gold = rec(
        mentions=[
            mention("m1", "Rebels", "ORG"),
            mention("m2", "the base on Monday", "FAC"),
            mention("m3", "a monitor", "PER"),
            mention("m4", "fighters near the base", "PER"),
            mention("m5", "our newsletter", "ORG"),
        ]
    )
    pred = rec(
        "sys",
        mentions=[
            mention("p1", "Rebels", "PER"),
            mention("p2", "the base", "FAC"),
            mention("p3", "monitor", "PER"),
            mention("p4", "near the base", "PER", nth=0),
            mention("p5", "Rebels news", "ORG"),
        ],
    )
    report = evaluate_records([gold], [pred], scheme, resamples=0, heads=True)
    schemes = report.main.mentions.schemes
    head = schemes["head"]
    # base, monitor: same head and label; Rebels: same head, other label; fighters/base and
    # newsletter/news: different heads, so missed and spurious.
    assert (head.cor, head.inc, head.par, head.mis, head.spu) == (2, 1, 0, 2, 2)
    assert (schemes["strict"].cor, schemes["strict"].inc) == (0, 4)
    assert head.precision == pytest.approx(2 / 5) and head.recall == pytest.approx(2 / 5)
    plain = evaluate_records([gold], [pred], scheme, resamples=0)
    assert "head" not in plain.main.mentions.schemes
    assert plain.main.mentions.schemes["strict"] == schemes["strict"]


def test_cli_head_row_in_json_and_table_on_one_or_two_processes(project, seeds, capsys, monkeypatch):
    from annotator.cli import main
    from annotator.store import write_records
    from tests.factories import sample_record

    monkeypatch.setenv("COLUMNS", "1000")
    doc = seeds.get("000_d246c74b127eef68")
    gold = sample_record(doc, "gold")
    write_records(project.gold_dir / "gold.jsonl", [gold])
    first = gold.mentions[0]
    wider = first.model_copy(update={"end": first.end + 1, "text": doc.text[first.start : first.end + 1]})
    pred = gold.model_copy(update={"annotator": "sys", "mentions": (wider, *gold.mentions[1:])})
    write_records(project.root / "pred.jsonl", [pred])
    outs = []
    for workers in ("1", "2"):
        assert (
            main(
                [
                    "--project",
                    str(project.root),
                    "evaluate",
                    "--pred",
                    str(project.root / "pred.jsonl"),
                    "--head",
                    "--format",
                    "json",
                    "--bootstrap",
                    "20",
                    "--workers",
                    workers,
                ]
            )
            == 0
        )
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1]
    schemes = json.loads(outs[0])["main"]["mentions"]["schemes"]
    assert schemes["head"]["ci"] is not None
    assert schemes["head"]["cor"] + schemes["head"]["inc"] == len(gold.mentions)
    assert schemes["strict"]["cor"] == len(gold.mentions) - 1
    assert (
        main(
            [
                "--project",
                str(project.root),
                "evaluate",
                "--pred",
                str(project.root / "pred.jsonl"),
                "--head",
                "--bootstrap",
                "0",
            ]
        )
        == 0
    )
    rows = [line.strip("│ ").split() for line in capsys.readouterr().out.splitlines()]
    assert [r[0] for r in rows if r and r[0] in ("strict", "exact", "partial", "type", "head")] == [
        "strict",
        "exact",
        "partial",
        "type",
        "head",
    ]
