"""The print pages in the EPUB: take the layout facts of this build (or the page map an
earlier build left), check that they fit this edition, and hand every block of text the
page-break markers that fall inside it.

A marker sits at the exact character offset the facts give (offsets count the characters
of :func:`edition.visit.block_text`), or that many words into a line between blocks
(:func:`edition.layout.facts.page_anchors`); :class:`.render.EpubRenderer` places them
while it writes the text. Facts that are missing or do not fit the edition (a page map left over
from an earlier build) are not used: the EPUB then has no page-list, and the writer says
so in a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ... import anchors
from ... import model as m
from ...diagnostics import Diagnostic, Loc
from ...layout.facts import LayoutFacts, block_anchors, facts_path, page_anchors
from ...present import part_headings
from ...resolve import Resolved
from ...visit import block_text


@dataclass(frozen=True, slots=True)
class Marker:
    """One print page: where it begins (block anchor, offset) and the marker's id."""

    label: str
    doc_id: str
    block: str
    offset: int
    id: str


@dataclass
class PageBreaks:
    """The page map, ready for the renderer: markers by block, labels by anchor."""

    markers: list[Marker]
    facts: LayoutFacts  # the print layout: folio of every anchor, lines of lemmata
    by_block: dict[str, list[Marker]] = field(default_factory=dict)

    @property
    def folio(self) -> dict[str, str]:
        return self.facts.anchors

    def __post_init__(self) -> None:
        for marker in self.markers:
            self.by_block.setdefault(marker.block, []).append(marker)
        for markers in self.by_block.values():
            markers.sort(key=lambda mk: mk.offset)


def note_order(res: Resolved, doc: m.Document) -> list[m.Note]:
    """The document's notes as both outputs set them after the text: series by series, in
    the order the edition declares its series, each in the order of its calls."""
    return [n for s in res.edition.note_series for n in res.notes_in_order(doc, s)]


def epub_blocks(res: Resolved, doc: m.Document) -> list[tuple[str, m.Block]]:
    """Every top-level block of a document with its anchor, notes of all series included
    (a page-foot note that print moved to the document's end can hold a page start)."""
    return block_anchors(doc, note_order(res, doc))


def epub_anchors(res: Resolved, doc: m.Document,
                 parts: list[m.Part]) -> list[tuple[str, m.Block | None]]:
    """Every place a print page can begin in a document (blocks, and lines with block
    None), notes of every series under their series' heading, after the headings of the
    ``parts`` it opens."""
    endnotes = [(s, ns) for s in res.edition.note_series
                if (ns := res.notes_in_order(doc, s))]
    return page_anchors(doc, endnotes, [e.anchor for e in res.apparatus.get(doc.id, [])],
                        [p.id for p in parts])


def _warning(where: Path | str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(Loc(str(where)), message, hint, "warning")


REBUILD = "build the PDF and the EPUB together (edition build, without --only epub)"


def load_breaks(res: Resolved, facts: LayoutFacts | None,
                out_dir: Path) -> tuple[PageBreaks | None, list[Diagnostic]]:
    """The page breaks of this build's print layout (``facts``, else the page map beside
    the outputs), or None with a warning saying why there are none."""
    if facts is not None:
        return from_map(res, facts)
    path = facts_path(out_dir, res.edition.slug)
    if not path.is_file():
        return None, [_warning(path, "no page map of the print edition; the EPUB has no "
                               "page-list and its index cites documents, not pages", REBUILD)]
    try:
        page_map = LayoutFacts.load(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return None, [_warning(path, f"the page map cannot be read ({exc}); the EPUB has no "
                               "page-list", REBUILD)]
    return from_map(res, page_map, path)


def from_map(res: Resolved, page_map: LayoutFacts,
             where: Path | str = "page map") -> tuple[PageBreaks | None, list[Diagnostic]]:
    """Check ``page_map`` against the edition and turn it into markers.

    A map of another edition, or one naming blocks, offsets or anchors this edition does
    not have, was left by an earlier build: it is refused as a whole. A page that begins
    before the previous one in the same block (the print layout could not find the first
    words of the page) is moved to where the previous page begins, with a warning.
    """
    ed = res.edition
    problems: list[str] = []
    if page_map.edition != ed.slug:
        problems.append(f"it belongs to the edition '{page_map.edition}'")
    texts: dict[str, str | None] = {}
    order: dict[str, int] = {}
    owner: dict[str, str] = {}
    headings = part_headings(ed)
    for doc in ed.documents:
        for anchor, block in epub_anchors(res, doc, [p for p, _ in headings[doc.id]]):
            order[anchor] = len(order)
            owner[anchor] = doc.id
            texts[anchor] = None if block is None else block_text(block, ed.signs)
    missing = [o.anchor for o in res.occurrences if o.anchor not in page_map.anchors]
    if missing:
        problems.append(f"{len(missing)} name anchors are not in it (e.g. '{missing[0]}')")
    warnings: list[Diagnostic] = []
    markers: list[Marker] = []
    ids: set[str] = set()
    for page in page_map.pages:
        if owner.get(page.block) != page.doc_id:
            problems.append(f"page {page.label} begins in '{page.block}', which is not a "
                            f"block of document '{page.doc_id}'")
            continue
        text = texts[page.block]
        if page.offset < 0 or (text is not None and page.offset > len(text)):
            problems.append(f"page {page.label} begins at offset {page.offset} of "
                            f"'{page.block}', which has {len(text or '')} characters")
            continue
        offset = page.offset
        prev = markers[-1] if markers else None
        if prev and (order[page.block], offset) < (order[prev.block], prev.offset):
            if prev.block != page.block:
                problems.append(f"page {page.label} begins before page {prev.label}")
                continue
            warnings.append(_warning(where, f"page {page.label} begins before page "
                                     f"{prev.label} in '{page.block}'; its marker is set "
                                     "where that page begins", "report this as a bug"))
            offset = prev.offset
        uid = anchors.page(page.label)
        while uid in ids:
            uid += "_"
        ids.add(uid)
        markers.append(Marker(page.label, page.doc_id, page.block, offset, uid))
    if problems:
        return None, [_warning(where, "the page map does not fit this edition ("
                               + "; ".join(problems[:3]) + "); the EPUB has no page-list",
                               REBUILD)]
    return PageBreaks(markers, page_map), warnings
