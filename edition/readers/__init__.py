"""Readers: sources to the document model, every problem located (file:line:column).

One reader: an edition folder of YAML files (:mod:`.folder`), whose text fields are
Markdown with editorial spans (:mod:`.markdown`) cleaned typographically
(:mod:`.typography`) and validated against :mod:`.schema`. The importers write such a
folder from a TEI volume (:mod:`.tei`) or a plain-text page (:mod:`.plaintext`).
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics
from ..model import Edition
from .folder import DocumentCache, read_folder


def read(source_dir: Path | str, diags: Diagnostics,
         cache: DocumentCache | None = None) -> Edition | None:
    """The edition in ``source_dir`` as far as it can be read; problems go to ``diags``
    (``cache``: see :func:`.folder.read_folder`)."""
    return read_folder(Path(source_dir), diags, cache)
