"""Interchange formats: one module per format, each with ``read`` and ``write`` over the model.

The modules are imported only when a command asks for their format, so the
command line starts without spaCy or any other format's machinery.
"""

from __future__ import annotations

import importlib
from typing import cast

from annotator.formats.base import Format

FORMATS: dict[str, str] = {
    "brat": "annotator.formats.brat",
    "conll": "annotator.formats.conll",
    "docbin": "annotator.formats.docbin",
    "prodigy": "annotator.formats.prodigy",
    "doccano": "annotator.formats.doccano",
    "labelstudio": "annotator.formats.labelstudio",
}
"""Format name (as typed after ``--format``) to its module."""


def get_format(name: str) -> Format:
    return cast(Format, importlib.import_module(FORMATS[name]))
