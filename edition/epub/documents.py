"""The content documents of the EPUB, from the Jinja2 templates of ``templates/epub``:
title page, navigation document, front matter, persons, one file per document, indexes.

Every file is complete XHTML as the templates write it (head, ``body`` with its
``epub:type``); the package step stores it unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import model as m
from ..resolve import Resolved
from ..typography import Cleaner
from .indexes import IndexView, index_views
from .pagebreaks import Marker, PageBreaks
from .render import EpubRenderer, Files

ENV = Environment(loader=PackageLoader("edition", "templates/epub"), autoescape=True,
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                  keep_trailing_newline=True)

CSS = "css/epub.css"
FONTS_CSS = "css/fonts.css"
MARKS = {"symbols": "symbols (* † ‡ § ‖ ¶)", "arabic": "numbers", "alpha": "letters",
         "roman": "roman numerals"}


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
    indexes: list[IndexView]


def doc_label(doc: m.Document) -> str:
    return f"{doc.number}. {m.plain(doc.title)} ({doc.date.display()})"


class Writer:
    """Renders every content document of one build."""

    def __init__(self, res: Resolved, breaks: PageBreaks | None, built: dt.datetime,
                 fonts: bool):
        self.res = res
        self.ed = res.edition
        self.breaks = breaks
        self.files = Files(self.ed)
        self.built = built
        self.fonts = fonts
        self.indexes = index_views(res, self.files, breaks.folio if breaks else None)

    def _render(self, template: str, here: str, title: str, **kwargs) -> str:
        styles = [CSS] + ([FONTS_CSS] if self.fonts else [])
        return ENV.get_template(template).render(ed=self.ed, title=title, styles=styles,
                                                 here=here, **kwargs)

    def renderer(self, here: str, doc: m.Document | None = None) -> EpubRenderer:
        return EpubRenderer(self.res, self.files, here, doc,
                            self.breaks.by_block if self.breaks else None)

    # -- the files -------------------------------------------------------------------

    def book(self) -> Book:
        ed = self.ed
        markers: list[Marker] = []
        docs = []
        for doc in ed.documents:
            page, placed = self.document(doc)
            docs.append(page)
            markers += placed
        front = [self.front_section(s, i == 0) for i, s in enumerate(ed.front_matter)]
        if ed.abbreviations:
            front.append(Page("abbreviations", "abbreviations.xhtml", "Abbreviations",
                              self._render("abbreviations.xhtml", "abbreviations.xhtml",
                                           "Abbreviations")))
        if ed.persons:
            front.append(self.persons())
        back = [self.index(v) for v in self.indexes]
        toc = self.toc(front, back)
        pages = [self.title_page(), self.nav(toc, markers, docs, back), *front, *docs, *back]
        return Book(pages, toc, markers, self.indexes)

    def title_page(self) -> Page:
        built = f"{self.built.day} {self.built:%B %Y}"
        return Page("title", "title.xhtml", self.ed.title,
                    self._render("title.xhtml", "title.xhtml", self.ed.title, built=built,
                                 fonts=self.fonts))

    def front_section(self, section: m.Section, first: bool) -> Page:
        file = f"front-{section.id}.xhtml"
        r = self.renderer(file)
        return Page(f"front-{section.id}", file, section.title, self._render(
            "front.xhtml", file, section.title, section=section,
            blocks=r.plain_blocks(section.blocks), first=first,
            series=list(self.ed.note_series.values()), marks=MARKS,
            typography=Cleaner(self.ed.typography).statement()))

    def persons(self) -> Page:
        r = self.renderer("persons.xhtml")
        persons = sorted(self.ed.persons.values(), key=lambda a: a.sort.casefold())
        glosses = [(p, r.inlines(p.gloss)) for p in persons]
        return Page("persons", "persons.xhtml", "Persons",
                    self._render("persons.xhtml", "persons.xhtml", "Persons", persons=glosses))

    def document(self, doc: m.Document) -> tuple[Page, list[Marker]]:
        file = self.files.doc[doc.id]
        r = self.renderer(file, doc)
        title_lead, title = r.top_inlines(f"title-{doc.id}", doc.title)
        parts = {
            "opener": r.top_block(f"opener-{doc.id}", m.Paragraph(doc.opener), "opener"),
            "body": Markup("").join(r.top_block(f"b-{doc.id}-{i}", block)
                                   for i, block in enumerate(doc.body, 1)),
            "closer": r.top_block(f"closer-{doc.id}", m.Paragraph(doc.closer), "closer"),
            "source": r.top_block(f"source-{doc.id}", m.Paragraph(doc.source), "source-note"),
        }
        footnotes, endnotes = [], []
        for series in self.ed.note_series.values():
            notes = [(n, r.note_body(doc, n)) for n in self.res.notes_in_order(doc, series.id)]
            if not notes:
                continue
            if series.placement == "page":
                footnotes += notes
            else:
                endnotes.append((series, f"notes-{series.id}-{doc.id}", notes))
        html = self._render(
            "document.xhtml", file, f"{doc.number}. {m.plain(doc.title)}", doc=doc,
            title_lead=title_lead, doc_title=title, dateline=doc.dateline(), parts=parts,
            footnotes=footnotes, endnotes=endnotes,
            apparatus=self.res.apparatus.get(doc.id, []))
        return Page(f"doc-{doc.id}", file, doc_label(doc), html), r.placed

    def index(self, view: IndexView) -> Page:
        return Page(view.anchor, view.file, view.title,
                    self._render("index.xhtml", view.file, view.title, index=view))

    # -- navigation ------------------------------------------------------------------

    def toc(self, front: list[Page], back: list[Page]) -> list[TocEntry]:
        """Front matter, the documents (each with its notes and apparatus), indexes."""
        out = [TocEntry("Title page", "title.xhtml")]
        out += [TocEntry(p.title, p.file) for p in front]
        docs = []
        for doc in self.ed.documents:
            file = self.files.doc[doc.id]
            children = [TocEntry(s.name, f"{file}#notes-{s.id}-{doc.id}")
                        for s in self.ed.note_series.values()
                        if s.placement != "page" and self.res.notes_in_order(doc, s.id)]
            if self.res.apparatus.get(doc.id):
                children.append(TocEntry("Textual apparatus", f"{file}#apparatus-{doc.id}"))
            docs.append(TocEntry(doc_label(doc), file, children))
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


def content_documents(res: Resolved, breaks: PageBreaks | None, built: dt.datetime,
                      fonts: bool) -> Book:
    return Writer(res, breaks, built, fonts).book()
