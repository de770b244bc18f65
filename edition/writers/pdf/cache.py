"""The layout cache: chunk results keyed by a hash of everything that shapes them.

The key covers the chunk's HTML, the stylesheets, and the versions of the builder,
WeasyPrint and the font, so a hit is a chunk that would be laid out the same. Entries
live in ``<out>/.cache/pdf/`` as a PDF and a JSON file each.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

from ...assets.face import STATIC
from ...layout.facts import PageStart
from ...layout.lines import Span, Stamp
from .chunks import ChunkResult

VERSIONS = "|".join(version(p) for p in ("edition", "weasyprint", "fontpkg-eb-garamond"))


class ChunkCache:
    """Entries are written atomically (a temporary file renamed) and carry the SHA-256 of
    their PDF; an entry that cannot be read, parsed or verified is a miss, and an entry
    that cannot be written (a full disk) is skipped: the cache only ever saves time."""

    def __init__(self, root: Path, css: str):
        self.root = root
        fonts = "|".join(f"{p.name}:{p.stat().st_size}" for p in STATIC.values())
        self.salt = hashlib.sha256(f"{VERSIONS}|{fonts}|{css}".encode()).hexdigest()

    def key(self, kind: str, html: str) -> str:
        return hashlib.sha256(f"{self.salt}|{kind}|{html}".encode()).hexdigest()[:32]

    def get(self, key: str) -> ChunkResult | None:
        try:
            data = json.loads((self.root / f"{key}.json").read_bytes())
            pdf = (self.root / f"{key}.pdf").read_bytes()
            if data["sha256"] != hashlib.sha256(pdf).hexdigest():
                return None
            return ChunkResult(pdf, int(data["pages"]), dict(data["anchors"]),
                               [PageStart(**s) for s in data["starts"]], str(data["chars"]),
                               blank=list(data["blank"]),
                               stamps=[Stamp(**s) for s in data["stamps"]],
                               spans={a: Span(**s) for a, s in data["spans"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, result: ChunkResult) -> None:
        if result.errors:
            return
        data = {"pages": result.pages, "anchors": result.anchors, "chars": result.chars,
                "starts": [asdict(s) for s in result.starts], "blank": result.blank,
                "stamps": [asdict(s) for s in result.stamps],
                "spans": {a: asdict(s) for a, s in result.spans.items()},
                "sha256": hashlib.sha256(result.pdf).hexdigest()}
        with contextlib.suppress(OSError):
            self.root.mkdir(parents=True, exist_ok=True)
            _write(self.root / f"{key}.pdf", result.pdf)
            _write(self.root / f"{key}.json", json.dumps(data).encode())


def _write(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
