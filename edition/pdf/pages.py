"""Where each printed page of a document begins, read from the layout (for the page map).

The first line box of a page belongs to a paragraph that names its block (data-block)
and its place in the block (data-para); the line's first words are found in that
paragraph's reading text to give the character offset at which the page begins.
"""

from __future__ import annotations

import re

from weasyprint.formatting_structure import boxes

from .. import model as m
from ..pagemap import PageStart, block_anchors, block_text
from ..resolve import Resolved
from .render import Repairs, printed_endnotes


def first_line(box: boxes.Box) -> boxes.LineBox | None:
    """The first line of the page's main flow (running heads and footnotes skipped)."""
    for child in getattr(box, "children", []):
        if isinstance(child, boxes.MarginBox):
            continue
        if isinstance(child, boxes.LineBox):
            return child
        found = first_line(child)
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


def page_starts(res: Resolved, doc: m.Document, pages: list, first: int,
                repairs: Repairs) -> list[PageStart]:
    """One :class:`PageStart` per page of ``doc`` (its ``pages`` in a chunk, the first at
    index ``first``); labels are page indexes in the chunk until the volume numbers them."""
    notes = [n for _, ns in printed_endnotes(res, doc, repairs) for n in ns]
    texts = {anchor: block_text(block, res.edition.signs).split("\n")
             for anchor, block in block_anchors(doc, notes)}
    starts = [PageStart(str(first), doc.id, f"title-{doc.id}", 0)]
    for i, page in enumerate(pages[1:], first + 1):
        prev = starts[-1]
        line = first_line(page._page_box)  # WeasyPrint's laid-out boxes of this page
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
