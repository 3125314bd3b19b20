"""Benchmarking extraction models end to end: run extractors over the gold, cache, score, rank.

``annotator benchmark --gold gold/gold.jsonl --extractor NAME=SPEC ...``
(:mod:`annotator.benchmark.command`); the specs and the built-in adapters are in
:mod:`annotator.benchmark.specs`.
"""
