"""WeasyPrint with the edition's styles, fonts and safe fetcher; checks of a laid-out chunk.

After every layout the anchors of each page are checked: every note, name and apparatus
anchor must exist, and every page-foot note must sit on the page of its call. WeasyPrint
70 can drop a footnote or push it to a later page; chunks.py re-lays out such a note's
paragraph after a forced page break, and a note that still does not fit (one longer than
a page) is set at the end of its document with a pointer at the foot of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import weasyprint
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .. import model as m
from ..resolve import Resolved
from .fetcher import SafeFetcher
from .fonts import FONT_DIR, font_face_css
from .render import Repairs

STYLES = Path(__file__).resolve().parents[2] / "styles"
MARGINS = {"top": 19, "bottom": 22, "inner": 17, "outer": 20}  # mm; mirrored on versos
MM = 72 / 25.4
PAGE_SIZES = {"a4": "A4", "letter": "letter", "us-letter": "letter", "trim": "156mm 234mm"}


def css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


@dataclass
class Chunk:
    """One laid-out piece of the volume."""

    document: weasyprint.Document
    html: str = ""
    anchors: dict[str, int] = field(default_factory=dict)  # anchor -> page index

    @property
    def pages(self) -> list:
        return self.document.pages


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

    def margins(self, side: str) -> str:
        g = MARGINS
        left, right = (g["inner"], g["outer"]) if side == "right" else (g["outer"], g["inner"])
        return f"margin: {g['top']}mm {right}mm {g['bottom']}mm {left}mm;"

    def content_css(self) -> str:
        """Pages of a chunk: no furniture, the recto's margins on every page."""
        return (f"@page {{ size: {self.size}; {self.margins('right')} "
                "@top-left { content: none; } @top-center { content: none; } "
                "@top-right { content: none; } @bottom-center { content: none; } }\n"
                f"@page :left {{ {self.margins('right')} }}")

    def render(self, html: str, page_css: str) -> Chunk:
        doc = HTML(string=html, base_url=str(self.res.edition.source_dir),
                   url_fetcher=self.fetcher).render(
            stylesheets=[self.css, CSS(string=page_css, font_config=self.font_config)],
            font_config=self.font_config)
        chunk = Chunk(doc, html)
        for i, page in enumerate(doc.pages):
            for anchor in page.anchors:
                chunk.anchors.setdefault(anchor, i)
        return chunk


def check_chunk(res: Resolved, doc: m.Document, chunk: Chunk,
                repairs: Repairs) -> tuple[list[str], list[m.Note]]:
    """Anchors of ``doc`` missing from the chunk, and its page-foot notes that are not on
    their call's page."""
    anchors = chunk.anchors
    missing: list[str] = []
    misplaced: list[m.Note] = []
    for note in res.notes_in_order(doc):
        series = res.edition.note_series[note.series]
        call = f"call-{doc.id}-{note.id}"
        if series.placement != "page":
            missing += [a for a in (call, note.anchor) if a not in anchors]
            continue
        demoted = (doc.id, note.id) in repairs.demoted
        where = note.anchor + ("-pointer" if demoted else "")
        if call not in anchors:
            missing.append(call)
        elif where not in anchors or anchors[where] != anchors[call]:
            misplaced.append(note)
        if demoted and note.anchor not in anchors:
            missing.append(note.anchor)
    wanted = [o.anchor for o in res.occurrences if o.doc_id == doc.id]
    wanted += [e.anchor for e in res.apparatus.get(doc.id, [])]
    missing += [a for a in wanted if a not in anchors]
    return missing, misplaced
