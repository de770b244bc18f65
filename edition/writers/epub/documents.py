"""The content documents of the EPUB, from the Jinja2 templates of ``templates/epub``:
title page, navigation document, front matter, persons, one file per document, indexes.

Every file is complete XHTML as the templates write it (head, ``body`` with its
``epub:type``); the package step stores it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from ... import anchors
from ... import model as m
from ...present import DocView, Views
from ...visit import block_text, plain
from ..templates import environment
from .indexes import EpubIndex, index_views
from .pagebreaks import Marker, PageBreaks
from .render import EpubRenderer, Files

CSS = "css/epub.css"
POPUP_MAX = 5000  # characters of the longest note written as a pop-up footnote
FONTS_CSS = "css/fonts.css"


@cache
def templates(source_dir: Path) -> Environment:
    return environment("epub", source_dir, keep_trailing_newline=True)


@dataclass
class Page:
    """One content document: its manifest id, file name (inside EPUB/) and XHTML."""

    uid: str
    file: str
    title: str
    html: str
    properties: list[str] = field(default_factory=list)


@dataclass
class TocEntry:
    label: str
    href: str
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class Book:
    """Everything the package step needs besides the edition."""

    pages: list[Page]
    toc: list[TocEntry]
    markers: list[Marker]  # page-break markers set in the text, in reading order
    indexes: list[EpubIndex]


class Writer:
    """Renders every content document of one build."""

    def __init__(self, views: Views, breaks: PageBreaks | None, fonts: bool):
        self.views = views
        self.res = views.res
        self.ed = views.res.edition
        self.breaks = breaks
        self.files = Files(self.ed)
        self.fonts = fonts
        self.indexes = index_views(views, self.files, breaks.folio if breaks else None)
        self.depth = 1  # heading level of the next document: under the parts open before it

    def _render(self, template: str, here: str, title: str, **kwargs) -> str:
        styles = [CSS] + ([FONTS_CSS] if self.fonts else [])
        return templates(self.ed.source_dir).get_template(template).render(
            ed=self.ed, a=anchors, views=self.views, title=title, styles=styles, here=here,
            **kwargs)

    def renderer(self, here: str, doc: m.Document | None = None) -> EpubRenderer:
        return EpubRenderer(self.views, self.files, here, doc,
                            self.breaks.by_block if self.breaks else None,
                            self.breaks.facts if self.breaks else None)

    # -- the files -------------------------------------------------------------------

    def book(self) -> Book:
        ed = self.ed
        markers: list[Marker] = []
        docs = []
        for view in self.views.documents:
            page, placed = self.document(view)
            docs.append(page)
            markers += placed
        front = []
        for entry in self.views.front:
            if entry.section is not None:
                front.append(self.front_section(entry.section, entry.section is
                                                ed.front_matter[0]))
            elif entry.anchor == anchors.ABBREVIATIONS:
                front.append(Page(entry.anchor, f"{entry.anchor}.xhtml", entry.title,
                                  self._render("abbreviations.xhtml", f"{entry.anchor}.xhtml",
                                               entry.title)))
            else:
                front.append(self.persons())
        back = [self.index(v) for v in self.indexes]
        toc = self.toc(front, back)
        pages = [self.title_page(), self.nav(toc, markers, docs, back), *front, *docs, *back]
        return Book(pages, toc, markers, self.indexes)

    def title_page(self) -> Page:
        return Page("title", "title.xhtml", self.ed.title,
                    self._render("title.xhtml", "title.xhtml", self.ed.title,
                                 fonts=self.fonts))

    def front_section(self, section: m.Section, first: bool) -> Page:
        uid = anchors.front_section(section.id)
        file = f"{uid}.xhtml"
        r = self.renderer(file)
        return Page(uid, file, section.title, self._render(
            "front.xhtml", file, section.title, section=section,
            blocks=r.plain_blocks(section.blocks), first=first))

    def persons(self) -> Page:
        r = self.renderer("persons.xhtml")
        glosses = [(p, r.inlines(p.gloss)) for p in self.views.persons]
        return Page("persons", "persons.xhtml", "Persons",
                    self._render("persons.xhtml", "persons.xhtml", "Persons", persons=glosses))

    def document(self, view: DocView) -> tuple[Page, list[Marker]]:
        doc = view.doc
        file = self.files.doc[doc.id]
        r = self.renderer(file, doc)
        title_lead, title = r.top_inlines(anchors.title(doc.id), doc.title)
        # rendered in reading order: the page-break markers are listed as they are set
        parts = {
            "opener": r.top_block(anchors.opener(doc.id), m.Paragraph(doc.opener), "opener"),
            "body": Markup("").join(r.top_block(anchors.body_block(doc.id, i), block)
                                   for i, block in enumerate(doc.body, 1)),
            "closer": r.top_block(anchors.closer(doc.id), m.Paragraph(doc.closer), "closer"),
            "postscript": self.blocks(r, doc, "postscript", doc.postscript),
        }
        attachments = []
        for k, att in enumerate(doc.attachments, 1):
            line = lambda name, cls, k=k, att=att: r.top_block(  # noqa: E731
                anchors.part_line(doc.id, f"a{k}-{name}"), m.Paragraph(getattr(att, name)), cls)
            attachments.append({
                "att": att, "title": line("title", "att-title"), "opener": line("opener", "opener"),
                "body": self.blocks(r, doc, f"a{k}-body", att.body),
                "closer": line("closer", "closer"),
                "postscript": self.blocks(r, doc, f"a{k}-postscript", att.postscript)})
        parts["source"] = r.top_block(anchors.source(doc.id), m.Paragraph(doc.source),
                                      "source-note")
        footnotes, endnotes = [], []
        for series in self.ed.note_series.values():
            notes = [(n, r.note_body(doc, n)) for n in self.res.notes_in_order(doc, series.id)]
            section = anchors.notes_section(series.id, doc.id)
            if series.placement == "page":
                footnotes += [(n, body) for n, body in notes if not self.too_long(doc, n)]
                notes = [(n, body) for n, body in notes if self.too_long(doc, n)]
            if notes:
                endnotes.append((series, section, notes))
        for _part, level in self.views.part_headings.get(doc.id, []):
            self.depth = min(level + 1, 5)
        html = self._render(
            "document.xhtml", file, f"{doc.number}. {view.title}", doc=doc, view=view,
            title_lead=title_lead, doc_title=title, parts=parts, attachments=attachments,
            r=r, part_headings=self.views.part_headings.get(doc.id, []),
            footnotes=footnotes, endnotes=endnotes, depth=self.depth,
            apparatus=self.views.apparatus.get(doc.id, []),
            lines=self.breaks.facts.lines if self.breaks else {})
        order = {mk.id: i for i, mk in enumerate(self.breaks.markers)} if self.breaks else {}
        return Page(view.anchor, file, view.numbered, html), sorted(r.placed,
                                                                   key=lambda mk: order[mk.id])

    def too_long(self, doc: m.Document, note: m.Note) -> bool:
        """Whether a page-foot note is written as an endnote: longer than pop-ups show
        (Kobo: 5,000 characters), set by print at the document's end (its pointer is in
        the layout facts), or holding the start of a print page."""
        if sum(len(block_text(b, self.ed.signs)) for b in note.blocks) > POPUP_MAX:
            return True
        if self.breaks is None:
            return False
        return anchors.note_pointer(doc.id, note.id) in self.breaks.folio or any(
            anchors.note_block(doc.id, note.id, i) in self.breaks.by_block
            for i in range(1, len(note.blocks) + 1))

    @staticmethod
    def blocks(r: EpubRenderer, doc: m.Document, key: str, blocks: list[m.Block]) -> Markup:
        """The blocks of a postscript or an attachment's body, with their anchors."""
        return Markup("").join(r.top_block(anchors.part_block(doc.id, key, i), block)
                               for i, block in enumerate(blocks, 1))

    def index(self, view: EpubIndex) -> Page:
        return Page(view.anchor, view.file, view.title,
                    self._render("index.xhtml", view.file, view.title, index=view))

    # -- navigation ------------------------------------------------------------------

    def toc(self, front: list[Page], back: list[Page]) -> list[TocEntry]:
        """Front matter, the documents under the parts of the volume, indexes. Documents
        are listed without their note sections: reading systems that flatten the
        contents would show those as rows of bare 'Notes'."""
        out = [TocEntry("Title page", "title.xhtml")]
        out += [TocEntry(p.title, p.file) for p in front]
        docs: list[TocEntry] = []
        open_parts: list[TocEntry] = []  # the part entries the next document goes under
        for view in self.views.documents:
            file = self.files.doc[view.doc.id]
            for part, level in self.views.part_headings.get(view.doc.id, []):
                entry = TocEntry(plain(part.title), f"{file}#{anchors.part_heading(part.id)}")
                del open_parts[level - 1:]
                (open_parts[-1].children if open_parts else docs).append(entry)
                open_parts.append(entry)
            href = f"{file}#{view.anchor}" if self.views.part_headings.get(view.doc.id) \
                else file  # after the part headings that open the file
            (open_parts[-1].children if open_parts else docs).append(
                TocEntry(view.numbered, href))
        if docs:
            out.append(TocEntry("Documents", docs[0].href, docs))
        out += [TocEntry(p.title, p.file) for p in back]
        return out

    def nav(self, toc: list[TocEntry], markers: list[Marker], docs: list[Page],
            back: list[Page]) -> Page:
        landmarks = [("titlepage", "title.xhtml", "Title page"),
                     ("toc", "nav.xhtml#toc", "Contents")]
        if docs:
            landmarks.append(("bodymatter", docs[0].file, "Documents"))
        if back:
            landmarks.append(("index", back[0].file, back[0].title))
        pages = [(mk.label, f"{self.files.doc[mk.doc_id]}#{mk.id}") for mk in markers]
        return Page("nav", "nav.xhtml", "Contents",
                    self._render("nav.xhtml", "nav.xhtml", "Contents", toc=toc,
                                 landmarks=landmarks, pages=pages), ["nav"])


def content_documents(views: Views, breaks: PageBreaks | None, fonts: bool) -> Book:
    return Writer(views, breaks, fonts).book()
