"""Tokens kept on disk by document hash: the same report from the cache, outside gold/, misses when damaged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from annotator.cli import main
from annotator.model import sha256_text
from annotator.tokencache import MAGIC, TokenCache
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


PREPARE = """
import sys
import os
import subprocess
import sys
from pathlib import Path
from annotator.tokencache import MAGIC, TokenCache
TokenCache(Path(sys.argv[1])).prepare(sys.argv[2])
print("spacy" in sys.modules)
"""


def test_spacy_is_loaded_before_the_workers_only_when_the_cache_misses(tmp_path):
    text = "The rebels said the army left Aleppo."
    loads = [sys.executable, "-c", PREPARE, str(tmp_path / "tokens"), text]
    assert subprocess.run(loads, capture_output=True, text=True, check=True).stdout.strip() == "True"
    TokenCache(tmp_path / "tokens").tokens(text)
    assert subprocess.run(loads, capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_a_leftover_temporary_file_does_not_stop_an_entry_being_written(seeds, tmp_path):
    doc = next(iter(seeds))
    digest = sha256_text(doc.text)
    folder = TokenCache(tmp_path).path(digest).parent
    folder.mkdir(parents=True)
    (folder / f".{digest[:16]}-{os.getpid()}.tmp").write_bytes(b"half an entry")
    TokenCache(tmp_path).tokens(doc.text)
    assert [p.name for p in folder.iterdir()] == [f"{digest}.bin"]
    assert (folder / f"{digest}.bin").read_bytes().startswith(MAGIC + digest.encode("ascii"))
