"""Line numbers, read off the layout (:func:`.weasy.read_lines`), and where to draw them.

The lines of the kinds the edition counts (``line_numbers.count``) are numbered in reading
order, from 1 in each document or on each page. Every ``every``-th line gets its number
in the margin, and every apparatus entry keyed to lines gets the number of the line (or
lines) where its lemma landed, in the box its template keeps for it. Nothing here changes
the layout: the writers draw the numbers over the laid-out pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .. import anchors
from .. import model as m
from .weasy import Line, Point


@dataclass(frozen=True, slots=True)
class Stamp:
    """Text drawn over a page of a chunk after its layout."""

    page: int  # index in the chunk
    kind: Literal["number", "apparatus"]
    baseline: float  # CSS px from the top of the page
    x: float  # CSS px from the left of the page (apparatus; margin numbers ignore it)
    label: str
    size: float = 0.0  # font size, CSS px (apparatus; 0: the margin numbers' own)
    lemma_page: int = -1  # page of the lemma's first line (apparatus)


@dataclass(frozen=True, slots=True)
class Span:
    """The lines an anchor's text runs over: first and last number, first and last page
    (indexes in the chunk)."""

    first: int
    last: int
    first_page: int
    last_page: int


@dataclass
class Numbered:
    stamps: list[Stamp] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)  # anchor -> its lines


def number_lines(lines: list[Line], config: m.LineNumbers) -> Numbered:
    """Number the counted lines of a laid-out chunk; stamp every ``every``-th."""
    out = Numbered()
    if not config.every:
        return out
    n, doc, page = 0, None, None
    for line in lines:
        if line.foot or line.kind not in config.count:
            continue
        if (config.restart == "document" and line.doc != doc) or \
                (config.restart == "page" and line.page != page):
            n = 0
        doc, page = line.doc, line.page
        n += 1
        if n % config.every == 0:
            out.stamps.append(Stamp(line.page, "number", line.baseline, 0.0, str(n)))
        for name in line.ids:
            span = out.spans.get(name)
            out.spans[name] = Span(span.first if span else n, n,
                                   span.first_page if span else line.page, line.page)
    return out


def span_label(span: Span, restart: str, folio: int | None = None) -> str:
    """'12', '12–13'; with lines counted per page and a folio, '23.12', '23.12–14'."""
    text = str(span.first) if span.first == span.last else f"{span.first}–{span.last}"
    if restart == "page" and folio is not None:
        return f"{folio}.{text}"
    return text


def apparatus_stamps(lemmata: list[str], numbered: Numbered, points: dict[str, Point],
                     restart: str) -> tuple[list[Stamp], list[str]]:
    """The line labels of one document's apparatus entries keyed to lines (their lemmata's
    anchors, in order), in the boxes their template keeps (an entry on the same line as
    the one before it gets none), and the lemmata that are on no counted line."""
    stamps: list[Stamp] = []
    lost: list[str] = []
    previous = ""
    for lemma in lemmata:
        box = points.get(anchors.apparatus_line(lemma))
        span = numbered.spans.get(lemma)
        if span is None:
            lost.append(lemma)
            continue
        label = span_label(span, restart)
        if box is not None and label != previous:
            stamps.append(Stamp(box.page, "apparatus", box.baseline, box.x, label, box.size,
                                span.first_page))
        previous = label
    return stamps, lost
