"""Tokens kept on disk by document hash: the same report from the cache, outside gold/, misses when damaged."""

from __future__ import annotations

from pathlib import Path

from annotator.cli import main
from annotator.model import sha256_text
from annotator.tokencache import TokenCache
from annotator.tokens import tokenize
from tests.agreement.test_command import team  # noqa: F401 - the fixture


def test_cached_tokens_are_the_tokens(seeds, tmp_path):
    cache = TokenCache(tmp_path / "tokens")
    for doc in seeds:
        first = cache.tokens(doc.text)
        again = TokenCache(tmp_path / "tokens").tokens(doc.text)
        assert first == again == tokenize(doc.text)
    assert len(list((tmp_path / "tokens").rglob("*.bin"))) == len(seeds)


def test_a_damaged_or_foreign_entry_is_a_miss(seeds, tmp_path):
    doc = next(iter(seeds))
    cache = TokenCache(tmp_path)
    cache.tokens(doc.text)
    (entry,) = tmp_path.rglob("*.bin")
    whole = entry.read_bytes()
    entry.write_bytes(whole[:-5])
    assert TokenCache(tmp_path).tokens(doc.text) == tokenize(doc.text)
    other = next(d for d in seeds if d.text != doc.text)
    foreign = cache.path(sha256_text(other.text))
    foreign.parent.mkdir(parents=True, exist_ok=True)
    foreign.write_bytes(whole)
    assert TokenCache(tmp_path).tokens(other.text) == tokenize(other.text)


def test_report_is_the_same_from_the_cache_which_lives_outside_gold(team, capsys):  # noqa: F811
    args = ["--project", str(team.root), "agreement", "--format", "json"]
    assert main(args) == 0
    cold = capsys.readouterr().out
    cache = Path(team.root) / ".cache" / "tokens"
    entries = sorted(cache.rglob("*.bin"))
    assert entries and not list(team.gold_dir.rglob("*.bin"))
    assert main(args) == 0
    assert capsys.readouterr().out == cold
    assert sorted(cache.rglob("*.bin")) == entries
