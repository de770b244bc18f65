"""Layout facts: where the print pages begin and on which page every anchor landed.

The print writer reads them off its layout (:mod:`.weasy`) and hands them in-process to
the writers that cite the print edition (the EPUB's page-list and index). They are also
saved beside the outputs as ``<slug>.pages.json`` (the page map), so that an EPUB built
alone (``--only epub``) still has them.

A page begins in a top-level block of a document (:func:`block_anchors`), ``offset``
characters into its reading text (:func:`edition.visit.block_text`: editorial signs as
printed, note calls left out), always at the start of a word; or in one of the lines
between blocks (:func:`page_anchors`: a part heading, a label or dateline, a signature, the
heading of a note section or of the apparatus, an apparatus entry), ``offset`` words into
it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import anchors
from .. import model as m


@dataclass(frozen=True, slots=True)
class PageStart:
    label: str  # the folio as printed
    doc_id: str
    block: str  # anchor of the top-level block (see block_anchors)
    offset: int  # characters of block_text(block) (words of a line) before the page begins


@dataclass
class LayoutFacts:
    edition: str  # slug of the edition the facts belong to
    pages: list[PageStart]
    anchors: dict[str, str]  # every anchor of the documents (names, notes) -> folio
    lines: dict[str, str] = field(default_factory=dict)  # lemma or target -> '12', '12–13'

    def save(self, path: Path) -> None:
        path.write_text(self.dumps(), encoding="utf-8")

    def dumps(self) -> str:
        data = {"edition": self.edition, "pages": [asdict(p) for p in self.pages],
                "anchors": self.anchors, "lines": self.lines}
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def load(cls, path: Path) -> LayoutFacts:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["edition"], [PageStart(**p) for p in data["pages"]], data["anchors"],
                   dict(data.get("lines", {})))


def facts_path(out_dir: Path, slug: str) -> Path:
    """Where a build leaves its page map."""
    return out_dir / f"{slug}.pages.json"


def saved_facts(out_dir: Path, slug: str) -> LayoutFacts | None:
    """The page map the last build of this edition left in ``out_dir``, if it is sound."""
    path = facts_path(out_dir, slug)
    try:
        facts = LayoutFacts.load(path) if path.is_file() else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return facts if facts and facts.edition == slug else None


def block_anchors(doc: m.Document, notes: list[m.Note]) -> list[tuple[str, m.Block]]:
    """Every top-level block of a document's main text in print order, with its anchor.

    Title, opener, closer and source are one block each; the blocks of the body, the
    postscript and each attachment (title, opener, body, closer, postscript) follow in
    print order; the blocks of document-end notes come last, in the order given. Short
    lines (datelines, labels, signatures) are not blocks: a page that begins with one
    begins at the next block.
    """
    out: list[tuple[str, m.Block]] = [(anchors.title(doc.id), m.Paragraph(doc.title)),
                                      (anchors.opener(doc.id), m.Paragraph(doc.opener))]
    out += [(anchors.body_block(doc.id, i), block) for i, block in enumerate(doc.body, 1)]
    out.append((anchors.closer(doc.id), m.Paragraph(doc.closer)))
    out += [(anchors.part_block(doc.id, "postscript", i), block)
            for i, block in enumerate(doc.postscript, 1)]
    for k, att in enumerate(doc.attachments, 1):
        for name in ("title", "opener"):
            out.append((anchors.part_line(doc.id, f"a{k}-{name}"),
                        m.Paragraph(getattr(att, name))))
        out += [(anchors.part_block(doc.id, f"a{k}-body", i), block)
                for i, block in enumerate(att.body, 1)]
        out.append((anchors.part_line(doc.id, f"a{k}-closer"), m.Paragraph(att.closer)))
        out += [(anchors.part_block(doc.id, f"a{k}-postscript", i), block)
                for i, block in enumerate(att.postscript, 1)]
    out.append((anchors.source(doc.id), m.Paragraph(doc.source)))
    for note in notes:
        out += [(anchors.note_block(doc.id, note.id, i), block)
                for i, block in enumerate(note.blocks, 1)]
    return out


def page_anchors(doc: m.Document, endnotes: list[tuple[str, list[m.Note]]],
                 entries: list[str], parts: list[str] = ()) -> list[tuple[str, m.Block | None]]:
    """Every place a print page can begin in a document, in print order: the blocks of
    :func:`block_anchors`, and the lines between them (block None) that a page begins
    with as well: the headings of the parts the document opens (``parts``: their ids;
    :func:`edition.anchors.part_opening`), the lines of its heading and of its
    attachments' headings (labels, datelines, lines of receipt:
    :func:`edition.anchors.heading_line`), signatures after their closer, the heading of
    each series of notes set after the document (``endnotes``: series id and notes), the
    heading of the apparatus and its entries (``entries``: the anchors of their
    lemmata)."""
    def heading(dateline: m.Dateline | None, key: str = "") -> list[tuple[str, None]]:
        keys = [f"{key}dateline"] + ([f"{key}received"] if dateline and dateline.received
                                     else [])
        return [(anchors.heading_line(doc.id, k), None) for k in keys]

    before: dict[str, list[tuple[str, None]]] = {
        anchors.title(doc.id): [(anchors.part_opening(doc.id, p), None) for p in parts]}
    after: dict[str, list[tuple[str, None]]] = {anchors.title(doc.id): [
        (anchors.heading_line(doc.id, f"label-{n}"), None)
        for n in range(1, len(doc.labels) + 1)] + heading(doc.dateline)}
    for k, att in enumerate(doc.attachments, 1):
        title = anchors.part_line(doc.id, f"a{k}-title")
        before[title] = [(anchors.heading_line(doc.id, f"a{k}-label"), None)] if att.label \
            else []
        after[title] = heading(att.dateline, f"a{k}-")
    signatures = iter(anchors.signature(doc.id, n) for n in
                      range(len(doc.signed) + sum(len(a.signed) for a in doc.attachments)))
    counts = [len(doc.signed)] + [len(a.signed) for a in doc.attachments]
    closers = [anchors.closer(doc.id)] + [anchors.part_line(doc.id, f"a{k}-closer")
                                          for k in range(1, len(doc.attachments) + 1)]
    for closer, count in zip(closers, counts, strict=True):
        after[closer] = [(next(signatures), None) for _ in range(count)]
    out: list[tuple[str, m.Block | None]] = []
    for anchor, block in block_anchors(doc, []):
        out += before.get(anchor, [])
        out.append((anchor, block))
        out += after.get(anchor, [])
    for series_id, notes in endnotes:
        out.append((anchors.notes_section(series_id, doc.id), None))
        out += [(anchors.note_block(doc.id, note.id, i), block)
                for note in notes for i, block in enumerate(note.blocks, 1)]
    if entries:
        out.append((anchors.apparatus_section(doc.id), None))
        out += [(anchors.apparatus_item(e), None) for e in entries]
    return out
