"""The WeasyPrint adapter: the only module that knows WeasyPrint's laid-out boxes.

:class:`Engine` lays out HTML with one stylesheet, the book face and the safe fetcher.
The functions below read facts off a laid-out document: which pages are blank, where
each page of a document begins (for the layout facts). They use WeasyPrint internals
(``page._page_box`` and its boxes), which a WeasyPrint upgrade may change; the page-map
tests catch that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import weasyprint
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from .. import anchors
from .. import model as m
from ..assets import ASSETS
from ..assets.face import FONT_DIR, font_face_css
from ..visit import block_text
from .facts import PageStart, block_anchors
from .fetcher import SafeFetcher


@dataclass
class Laid:
    """A laid-out piece of HTML: the WeasyPrint document and the page of every anchor."""

    document: weasyprint.Document
    html: str = ""
    anchors: dict[str, int] = field(default_factory=dict)  # anchor -> page index

    @property
    def pages(self) -> list:
        return self.document.pages


class Engine:
    """WeasyPrint with a stylesheet, the book face and a fetcher confined to the edition
    folder and the builder's assets."""

    def __init__(self, source_dir: Path, stylesheet: str, styles_dir: Path):
        self.source_dir = source_dir
        self.font_config = FontConfiguration()
        self.fetcher = SafeFetcher([source_dir, styles_dir, ASSETS, FONT_DIR])
        self.css = CSS(string=font_face_css() + "\n" + stylesheet, base_url=str(styles_dir),
                       url_fetcher=self.fetcher, font_config=self.font_config)

    def render(self, html: str, page_css: str) -> Laid:
        doc = HTML(string=html, base_url=str(self.source_dir),
                   url_fetcher=self.fetcher).render(
            stylesheets=[self.css, CSS(string=page_css, url_fetcher=self.fetcher,
                                       font_config=self.font_config)],
            font_config=self.font_config)
        laid = Laid(doc, html)
        for i, page in enumerate(doc.pages):
            for anchor in page.anchors:
                laid.anchors.setdefault(anchor, i)
        return laid


def blank_pages(laid: Laid) -> list[int]:
    """Pages WeasyPrint left empty to start the next content on a recto."""
    return [i for i, page in enumerate(laid.pages) if page._page_box.page_type.blank]


def _first_line(box: boxes.Box) -> boxes.LineBox | None:
    """The first line of the page's main flow (running heads and footnotes skipped)."""
    for child in getattr(box, "children", []):
        if isinstance(child, boxes.MarginBox):
            continue
        if isinstance(child, boxes.LineBox):
            return child
        found = _first_line(child)
        if found is not None:
            return found
    return None


def _words_pattern(line: str) -> re.Pattern[str] | None:
    words = re.findall(r"\w+", line)[:5]
    if len(words) > 1 and line.rstrip().endswith(("-", "\u2010", "\u00ad")):
        words = words[:-1]  # a word hyphenated at the end of the line
    if not words:
        return None
    return re.compile(r"\W+".join(re.escape(w) for w in words))


def page_starts(doc: m.Document, notes: list[m.Note], signs: m.Signs, pages: list,
                first: int) -> list[PageStart]:
    """One :class:`PageStart` per page of ``doc`` (its ``pages`` in a laid-out chunk, the
    first at index ``first``; ``notes`` are those set after its text). Labels are page
    indexes in the chunk until the volume numbers them.

    The first line box of a page belongs to a paragraph that names its block
    (``data-block``) and its place in the block (``data-para``); the line's first words
    are found in that paragraph's reading text to give the offset where the page begins.
    """
    texts = {anchor: block_text(block, signs).split("\n")
             for anchor, block in block_anchors(doc, notes)}
    starts = [PageStart(str(first), doc.id, anchors.title(doc.id), 0)]
    for i, page in enumerate(pages[1:], first + 1):
        prev = starts[-1]
        line = _first_line(page._page_box)
        element = getattr(line, "element", None)
        anchor = element.get("data-block") if element is not None else None
        if anchor not in texts:  # a line outside the blocks (dateline, apparatus):
            following = next((a for a in texts if a in page.anchors), None)  # the next
            if following is not None:  # block that starts on this page, else the end
                starts.append(PageStart(str(i), doc.id, following, 0))  # of the last one
            else:
                paras = texts[prev.block]
                starts.append(PageStart(str(i), doc.id, prev.block, len("\n".join(paras))))
            continue
        para = int(element.get("data-para", "0"))
        paras = texts[anchor]
        base = sum(len(p) + 1 for p in paras[:para])
        text = "".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox))
        pattern = _words_pattern(text)
        after = prev.offset - base if prev.block == anchor and prev.offset > base else 0
        found = pattern.search(paras[para], after) if pattern else None
        starts.append(PageStart(str(i), doc.id, anchor, base + (found.start() if found else 0)))
    return starts
