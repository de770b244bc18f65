"""Lay out HTML chunks with WeasyPrint, then verify and repair the notes of each chunk.

A volume is laid out in independent chunks (the front matter, each document, the back
matter), each starting at a given folio on the right side of the spread. After every
layout the anchors of each page are checked: every note, name and apparatus anchor must
exist, and every page-foot note must sit on the page of its call. WeasyPrint 70 can
drop a footnote or push it to a later page; such a note's paragraph is re-laid out
after a forced page break, and a note that still does not fit (a note longer than a
page) is set at the end of its document with a pointer at the foot of the page. A note
that cannot be placed fails the build with its source location.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import weasyprint
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .. import model as m
from ..diagnostics import Diagnostic, EditionError
from ..resolve import Resolved
from .fetcher import SafeFetcher
from .fonts import FONT_DIR, font_face_css
from .render import Repairs, render_document, runhead

STYLES = Path(__file__).resolve().parents[2] / "styles"
MAX_REPAIRS = 6
PAGE_SIZES = {"a4": "A4", "letter": "letter", "us-letter": "letter", "trim": "156mm 234mm"}


def css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


@dataclass
class Chunk:
    """One laid-out piece of the volume and where its pages go."""

    name: str
    document: weasyprint.Document
    start: int  # folio of its first page
    html: str = ""
    repairs: Repairs = field(default_factory=Repairs)
    anchors: dict[str, int] = field(default_factory=dict)  # anchor -> folio

    @property
    def pages(self) -> list:
        return self.document.pages

    @property
    def end(self) -> int:
        return self.start + len(self.pages) - 1


class Layout:
    """WeasyPrint with the edition's styles, fonts and safe fetcher, shared by all chunks."""

    def __init__(self, res: Resolved):
        self.res = res
        ed = res.edition
        self.font_config = FontConfiguration()
        self.fetcher = SafeFetcher([ed.source_dir, STYLES, FONT_DIR])
        self.size = PAGE_SIZES.get(ed.page_size.lower(), ed.page_size)
        base = font_face_css() + "\n" + (STYLES / "print.css").read_text(encoding="utf-8")
        self.css = CSS(string=base, base_url=str(STYLES), url_fetcher=self.fetcher,
                       font_config=self.font_config)
        self.running_title = ed.running_title or ed.title

    def page_css(self, start: int, *, roman: bool = False, recto: str = "",
                 verso: str = "") -> str:
        style = ", lower-roman" if roman else ""
        side = "right" if start % 2 else "left"
        rules = [
            f"@page {{ size: {self.size}; }}",
            f"@page :first {{ counter-reset: page {start}; }}",
            f"html {{ break-before: {side}; }}",
        ]
        if roman:
            rules += [
                f"@page :left {{ @top-left {{ content: counter(page{style}); }} }}",
                f"@page :right {{ @top-right {{ content: counter(page{style}); }} }}",
                f"@page :first {{ @bottom-center {{ content: counter(page{style}); }} }}",
            ]
        if verso:
            rules.append(f"@page :left {{ @top-center {{ content: {css_string(verso)}; }} }}")
        if recto:
            rules.append(f"@page :right {{ @top-center {{ content: {css_string(recto)}; }} }}")
        return "\n".join(rules)

    def render(self, html: str, page_css: str, name: str, start: int) -> Chunk:
        doc = HTML(string=html, base_url=str(self.res.edition.source_dir),
                   url_fetcher=self.fetcher).render(
            stylesheets=[self.css, CSS(string=page_css, font_config=self.font_config)],
            font_config=self.font_config)
        chunk = Chunk(name, doc, start, html)
        for i, page in enumerate(doc.pages):
            for anchor in page.anchors:
                chunk.anchors.setdefault(anchor, start + i)
        return chunk

    def blank(self, folio: int) -> Chunk:
        """One empty page (to start a part on a recto)."""
        return self.render("<html><body></body></html>",
                           self.page_css(folio) + "@page { @bottom-center { content: none; } }",
                           "blank", folio)

    # -- documents -------------------------------------------------------------------

    def document(self, doc: m.Document, start: int) -> Chunk:
        """Lay out one document from folio ``start``, repairing its notes until all pass."""
        repairs = Repairs()
        css = self.page_css(start, recto=runhead(doc), verso=self.running_title)
        for _ in range(MAX_REPAIRS):
            chunk = self.render(render_document(self.res, doc, repairs), css, doc.id, start)
            missing, misplaced = check_chunk(self.res, doc, chunk, repairs)
            if missing and not misplaced:
                raise EditionError([Diagnostic(_loc(doc, a), f"'{a}' is missing from the "
                                               "laid-out PDF", "report this as a bug")
                                    for a in missing])
            if not misplaced:
                chunk.repairs = repairs
                return chunk
            for note in misplaced:  # break first; a note that still fails moves to the
                if note.id in repairs.demoted:  # end with a pointer, the break undone
                    repairs.breaks.add(note.id)
                elif note.id in repairs.breaks:
                    repairs.demoted.add(note.id)
                    repairs.breaks.discard(note.id)
                else:
                    repairs.breaks.add(note.id)
        raise EditionError([
            Diagnostic(note.loc, f"footnote '{note.id}' could not be set on the page of its "
                       "call", "shorten the note or move it to a document-end series")
            for note in misplaced])


def check_chunk(res: Resolved, doc: m.Document, chunk: Chunk,
                repairs: Repairs) -> tuple[list[str], list[m.Note]]:
    """Anchors that are missing, and page-foot notes not on their call's page."""
    anchors = chunk.anchors
    missing: list[str] = []
    misplaced: list[m.Note] = []
    for note in res.notes_in_order(doc):
        series = res.edition.note_series[note.series]
        call = f"call-{doc.id}-{note.id}"
        if series.placement != "page":
            missing += [a for a in (call, note.anchor) if a not in anchors]
            continue
        where = note.anchor + ("-pointer" if note.id in repairs.demoted else "")
        if call not in anchors:
            missing.append(call)
        elif where not in anchors or anchors[where] != anchors[call]:
            misplaced.append(note)
        if note.id in repairs.demoted and note.anchor not in anchors:
            missing.append(note.anchor)
    wanted = [o.anchor for o in res.occurrences if o.doc_id == doc.id]
    wanted += [e.anchor for e in res.apparatus.get(doc.id, [])]
    missing += [a for a in wanted if a not in anchors]
    return missing, misplaced


def _loc(doc: m.Document, anchor: str):
    for note in doc.notes.values():
        if anchor.endswith(f"-{note.id}"):
            return note.loc
    return doc.loc
