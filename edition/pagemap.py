"""Where the print pages begin, for readers of other outputs who cite the print edition.

The print writer records, for every page of the documents, the block of text in which
the page begins and how far into that block: ``offset`` counts characters of
``block_text`` (the block's reading text with editorial signs as printed, note calls
left out). The EPUB writer reads the map to set its ``doc-pagebreak`` markers. The map
travels as a JSON file beside the outputs, so no writer depends on another.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from . import model as m


@dataclass(frozen=True, slots=True)
class PageStart:
    label: str  # the folio as printed
    doc_id: str
    block: str  # anchor of the top-level block (see block_anchors)
    offset: int  # characters of block_text(block) before the page begins


@dataclass
class PageMap:
    edition: str  # slug of the edition the map belongs to
    pages: list[PageStart]
    anchors: dict[str, str]  # every anchor of the documents (names, notes) -> folio

    def save(self, path: Path) -> None:
        data = {"edition": self.edition, "pages": [asdict(p) for p in self.pages],
                "anchors": self.anchors}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True),
                        encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> PageMap:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["edition"], [PageStart(**p) for p in data["pages"]], data["anchors"])


def map_path(out_dir: Path, slug: str) -> Path:
    """Where the print writer leaves the page map of a build."""
    return out_dir / f"{slug}.pages.json"


def block_text(block: m.Block, signs: m.Signs) -> str:
    """The reading text of a block as the offsets count it (paragraphs joined by '\\n')."""
    if isinstance(block, m.Paragraph):
        return m.plain(block.children, signs)
    if isinstance(block, m.BlockQuote):
        return "\n".join(block_text(b, signs) for b in block.blocks)
    return "\n".join(block_text(b, signs) for item in block.items for b in item)


def block_anchors(doc: m.Document, notes: list[m.Note]) -> list[tuple[str, m.Block]]:
    """Every top-level block of a document in print order, with its anchor.

    Title, opener, closer and source are one block each; body blocks are numbered; the
    blocks of document-end notes follow in the order given.
    """
    out: list[tuple[str, m.Block]] = [(f"title-{doc.id}", m.Paragraph(doc.title)),
                                      (f"opener-{doc.id}", m.Paragraph(doc.opener))]
    out += [(f"b-{doc.id}-{i}", block) for i, block in enumerate(doc.body, 1)]
    out += [(f"closer-{doc.id}", m.Paragraph(doc.closer)),
            (f"source-{doc.id}", m.Paragraph(doc.source))]
    for note in notes:
        out += [(f"b-{doc.id}-{note.id}-{i}", block) for i, block in enumerate(note.blocks, 1)]
    return out
