"""The layout cache: chunk results keyed by a hash of everything that shapes them.

The key covers the chunk's HTML, the stylesheets, and the versions of the builder,
WeasyPrint and the font, so a hit is a chunk that would be laid out the same. Entries
live in ``<out>/.cache/pdf/`` as a PDF and a JSON file each.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

from ...assets.face import FACES
from ...layout.facts import PageStart
from ...layout.lines import Span, Stamp
from .chunks import ChunkResult

VERSIONS = "|".join(version(p) for p in ("edition", "weasyprint", "fontpkg-eb-garamond"))


class ChunkCache:
    def __init__(self, root: Path, css: str):
        self.root = root
        fonts = "|".join(f"{p.name}:{p.stat().st_size}" for p in FACES.values())
        self.salt = hashlib.sha256(f"{VERSIONS}|{fonts}|{css}".encode()).hexdigest()

    def key(self, kind: str, html: str) -> str:
        return hashlib.sha256(f"{self.salt}|{kind}|{html}".encode()).hexdigest()[:32]

    def has(self, key: str) -> bool:
        return (self.root / f"{key}.json").is_file() and (self.root / f"{key}.pdf").is_file()

    def get(self, key: str) -> ChunkResult | None:
        meta, pdf = self.root / f"{key}.json", self.root / f"{key}.pdf"
        if not (meta.is_file() and pdf.is_file()):
            return None
        data = json.loads(meta.read_text(encoding="utf-8"))
        return ChunkResult(pdf.read_bytes(), data["pages"], data["anchors"],
                           [PageStart(**s) for s in data["starts"]], data["chars"],
                           blank=data["blank"], stamps=[Stamp(**s) for s in data["stamps"]],
                           spans={a: Span(**s) for a, s in data["spans"].items()})

    def put(self, key: str, result: ChunkResult) -> None:
        if result.errors:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / f"{key}.pdf").write_bytes(result.pdf)
        data = {"pages": result.pages, "anchors": result.anchors, "chars": result.chars,
                "starts": [asdict(s) for s in result.starts], "blank": result.blank,
                "stamps": [asdict(s) for s in result.stamps],
                "spans": {a: asdict(s) for a, s in result.spans.items()}}
        (self.root / f"{key}.json").write_text(json.dumps(data), encoding="utf-8")
