"""Reading annotators' files a document at a time gives the report of reading them whole, on one process,
on several and on a Dask cluster; files not in the store's form are read whole."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import LocalCluster

from annotator.agreement import accumulate
from annotator.agreement.collect import select
from annotator.agreement.compute import compute
from annotator.agreement.records import index_files
from annotator.cli import main
from annotator.store import dumps_record, write_records
from tests.agreement.test_accumulate import generated_corpus


def _files(folder: Path, docs: int = 40) -> tuple[list[Path], dict, dict[str, str]]:
    by_annotator, texts = generated_corpus(docs)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, records in by_annotator.items():
        write_records(folder / f"{name}.jsonl", list(records.values()))
        paths.append(folder / f"{name}.jsonl")
    return paths, by_annotator, texts


@pytest.mark.parametrize("jobs", [1, 3])
def test_streamed_report_equals_the_report_from_records_in_memory(tmp_path, monkeypatch, jobs) -> None:
    paths, by_annotator, texts = _files(tmp_path)
    monkeypatch.setattr(accumulate, "MIN_DOCS_PER_PROCESS", 10)
    whole = compute(select(by_annotator, texts), disagreements=True, jobs=1)
    indexed = index_files(paths)
    assert indexed is not None
    heads, source = indexed
    streamed = compute(select(heads, texts), disagreements=True, jobs=jobs, source=source)
    assert streamed.model_dump() == whole.model_dump()
    assert whole.span_layer("mentions").measures[0].summary.mean is not None


def test_shares_cover_the_files_end_to_end() -> None:
    docs = [f"d{i}" for i in range(7)]
    cut = accumulate.shares(docs, 3)
    assert [d for part, _, _ in cut for d in part] == docs
    assert cut[0][1] is None and cut[-1][2] is None
    assert all(a[2] == b[1] == b[0][0] for a, b in itertools.pairwise(cut))


def test_files_not_in_the_store_form_are_read_whole(tmp_path) -> None:
    paths, by_annotator, _ = _files(tmp_path, 5)
    first = paths[0]
    assert index_files(paths) is not None
    record = next(iter(by_annotator["a"].values()))
    with open(first, "a", encoding="utf-8") as fh:  # an appended newer version of a document: an append log
        fh.write(dumps_record(record) + "\n")
    assert index_files(paths) is None


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as local:
        yield local.scheduler_address


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    _, _, texts = _files(root / "gold", 12)
    (root / "corpus").mkdir()
    for doc, text in texts.items():
        (root / "corpus" / f"{doc}.txt").write_text(text, encoding="utf-8")
    schema = Path(__file__).resolve().parents[2] / "guidelines"
    (root / "pyproject.toml").write_text(
        f'[tool.annotator]\ncorpus = "corpus"\nscheme = "{schema.name}/schema.toml"\n', encoding="utf-8"
    )
    (root / schema.name).mkdir()
    (root / schema.name / "schema.toml").write_bytes((schema / "schema.toml").read_bytes())
    return root


def test_agreement_on_a_dask_cluster_is_the_local_report(tmp_path, cluster, capsys) -> None:
    root = _project(tmp_path)
    args = ["--project", str(root), "agreement", "--format", "json", "--disagreements"]
    assert main(args) == 0
    local = capsys.readouterr().out
    assert main([*args, "--dask", cluster]) == 0
    assert capsys.readouterr().out == local
    assert '"mentions"' in local


def test_a_bad_line_is_still_reported_with_its_place(tmp_path, capsys) -> None:
    root = _project(tmp_path)
    path = root / "gold" / "b.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace('"start":', '"start":-', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--project", str(root), "agreement", "--format", "json"]) == 1
    assert f"{path}:4:" in " ".join(capsys.readouterr().err.split())
