"""Curation and review views: a document's items as entries on the text, one decided or inspected at a time."""
