"""Curation: the annotators' items of a document as decisions to make, and the decisions log."""
