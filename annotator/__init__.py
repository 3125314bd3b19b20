"""annotator: a terminal-first tool that turns news articles into a gold standard."""

__version__ = "0.1.0"
