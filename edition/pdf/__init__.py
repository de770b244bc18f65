"""The print writer: ``build/<slug>.pdf`` from the resolved edition.

Order of work: lay out every document (folio 1 onwards, each on a new page), read the
page of every anchor, then lay out the back matter (indexes, whose numbers come from
those pages) and the front matter (roman folios; its contents list needs the pages of
both). Neither can shift the body's pages, so every number is right after one pass.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from weasyprint.document import DocumentMetadata

from ..diagnostics import Diagnostic, EditionError, Loc
from ..index import entries, locators
from ..model import Document, plain
from ..pagemap import PageMap, map_path
from ..resolve import Resolved, note_mark
from ..typography import Cleaner
from .fonts import FAMILY, missing_glyphs
from .layout import Chunk, Layout
from .pages import page_starts
from .render import IndexView, TocEntry, render_back, render_front

INDEX_TITLES = {"persons": ("Index of Names", "index-persons", "person"),
                "places": ("Index of Places", "index-places", "place")}


@dataclass
class Volume:
    """The laid-out volume: every chunk in page order, and the documents' chunks."""

    chunks: list[Chunk]
    body: list[tuple[Document, Chunk]]
    page_of: dict[str, int]  # anchor of the documents -> folio


def lay_out(res: Resolved) -> Volume:
    """Lay out the whole volume."""
    layout = Layout(res)
    ed = res.edition
    body: list[Chunk] = []
    folio = 1
    for doc in ed.documents:
        chunk = layout.document(doc, folio)
        body.append(chunk)
        folio = chunk.end + 1
    page_of = {a: p for chunk in body for a, p in chunk.anchors.items()}

    back: list[Chunk] = []
    views = []
    for key in ed.indexes:
        title, anchor, kind = INDEX_TITLES[key]
        views.append(IndexView(title, anchor, [(e, locators(e.occurrences, page_of))
                                               for e in entries(res, kind)]))
    if views:
        if folio % 2 == 0:  # the back matter opens on a recto
            back.append(layout.blank(folio))
            folio += 1
        back.append(layout.render(render_back(res, views),
                                  layout.page_css(folio, verso=layout.running_title,
                                                  recto="Index"), "back", folio))

    toc = [TocEntry(doc_label(d), f"doc-{d.id}", str(page_of.get(f"doc-{d.id}", "")),
                    number=d.number) for d in ed.documents]
    toc += [TocEntry(v.title, v.anchor, str(back[-1].anchors.get(v.anchor, "")))
            for v in views]
    front_toc = [TocEntry(s.title, f"front-{s.id}", "") for s in ed.front_matter]
    if ed.abbreviations:
        front_toc.append(TocEntry("Abbreviations", "abbreviations", ""))
    if ed.persons:
        front_toc.append(TocEntry("Persons", "persons", ""))
    statement = Cleaner(ed.typography).statement()
    front = None
    for _ in range(3):  # the contents list shows the front matter's own roman folios
        html = render_front(res, front_toc + toc, statement)
        front = layout.render(html, layout.page_css(1, roman=True), "front", 1)
        labels = [_roman(front.anchors.get(e.anchor, 0)) for e in front_toc]
        if labels == [e.page for e in front_toc]:
            break
        for entry, label in zip(front_toc, labels, strict=True):
            entry.page = label
    assert front is not None
    chunks = [front]
    if len(front.pages) % 2:
        chunks.append(layout.blank(len(front.pages) + 1))
    refused = layout.fetcher.refused
    if refused:
        raise EditionError([Diagnostic(Loc("print"), f"refused to fetch {u}",
                                       "only files inside the edition folder may be used")
                            for u in refused])
    return Volume(chunks + body + back, list(zip(ed.documents, body, strict=True)), page_of)


def doc_label(doc: Document) -> str:
    return f"{plain(doc.title)} ({doc.date.display()})"


def _roman(n: int) -> str:
    return note_mark("roman", n) if n else ""


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def check_glyphs(html: list[str]) -> list[Diagnostic]:
    """A warning for every character the book face lacks (WeasyPrint would substitute)."""
    parser = _TextOf()
    for text in html:
        parser.feed(text)
    return [Diagnostic(Loc("print"), f"the font {FAMILY} has no glyph for U+{ord(ch):04X} "
                       f"{unicodedata.name(ch, '')} '{ch}'",
                       "WeasyPrint sets it in a fallback font; use another character or "
                       "another font", "warning")
            for ch in sorted(missing_glyphs("".join(parser.parts)))]


def write_pdf(res: Resolved, out_dir: Path) -> tuple[Path, list[Diagnostic]]:
    """Write the PDF atomically: a failed build leaves the previous file untouched."""
    ed = res.edition
    volume = lay_out(res)
    chunks = volume.chunks
    pages = [p for c in chunks for p in c.pages]
    doc = chunks[0].document.copy(pages)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = (dt.datetime.fromtimestamp(int(epoch), dt.UTC).isoformat(timespec="seconds")
             if epoch else None)
    doc.metadata = DocumentMetadata(
        title=ed.title, authors=[name for name, _ in ed.editors],
        description=ed.subtitle or None, lang=ed.language, generator="edition",
        created=stamp, modified=stamp,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{ed.slug}.pdf"
    with atomic(target) as tmp:
        doc.write_pdf(tmp, pdf_tags=True)
    page_map = PageMap(ed.slug, [start for d, c in volume.body for start in page_starts(res, d, c)],
                       {a: str(p) for a, p in volume.page_of.items()})
    with atomic(map_path(out_dir, ed.slug)) as tmp:
        page_map.save(tmp)
    return target, check_glyphs([c.html for c in chunks])


@contextmanager
def atomic(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it only when the block succeeds."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; outputs are ordinary files
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
