"""Quality checks of a built PDF's pages, read back with pdfplumber: bad lines in justified
paragraphs, widows and orphans, pages filled too little, headings left at the foot of a
page.

Lines are the characters of the text column (line numbers and furniture set apart) that
share a baseline. A line of body text is *full* when it reaches the column's right edge
(justified); a line that is not full must end its paragraph: the next line is indented,
further away, in another size, or on another page, or it is the last line of the page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from .pdfcheck import MM, in_margin

BODY = 10.5  # pt: the size of the documents' text


@dataclass
class Row:
    page: int
    baseline: float  # PDF points from the page's foot
    size: float
    x0: float
    x1: float
    words: list[tuple[float, float]]  # (x0, x1) of each word
    text: str


def rows(path: Path) -> tuple[list[list[Row]], float]:
    """The lines of every page's text column, top to bottom, and the page height."""
    out: list[list[Row]] = []
    height = 0.0
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            height = page.height
            low, high = 21 * MM, page.height - 18 * MM  # the text area: no heads, folios
            lines: dict[float, list[dict]] = {}
            for ch in page.chars:
                if not in_margin(ch, page.width) and low < ch["matrix"][5] < high:
                    lines.setdefault(round(ch["matrix"][5], 1), []).append(ch)
            page_rows = []
            for base in sorted(lines, reverse=True):
                chars = sorted(lines[base], key=lambda c: c["x0"])
                size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
                words, start, prev = [], None, None
                for c in chars:
                    if c["text"].isspace():
                        if start is not None:
                            words.append((start, prev))
                        start = None
                        continue
                    if start is None or (prev is not None and c["x0"] - prev > size * 0.2):
                        if start is not None:
                            words.append((start, prev))
                        start = c["x0"]
                    prev = c["x1"]
                if start is not None:
                    words.append((start, prev))
                page_rows.append(Row(number, base, size, chars[0]["x0"], chars[-1]["x1"],
                                     words, "".join(c["text"] for c in chars)))
            out.append(_attach_calls(page_rows))
    return out, height


def _attach_calls(page: list[Row]) -> list[Row]:
    """Note calls (small type raised above a line) belong to the line below them."""
    out: list[Row] = []
    for k, row in enumerate(page):
        below = page[k + 1] if k + 1 < len(page) else None
        if row.size < 8 and below is not None and below.size >= 9 \
                and 0 < row.baseline - below.baseline < 7:
            below.x0, below.x1 = min(below.x0, row.x0), max(below.x1, row.x1)
            continue
        out.append(row)
    return out


def bad_lines(pages: list[list[Row]], skip: set[int] = frozenset()) -> list[str]:
    """Lines of justified body text that end short inside a paragraph, hold fewer than
    three words, or stretch a gap between words over 2.5 times the type size."""
    problems = []
    for number, page in enumerate(pages):
        body = [r for r in page if abs(r.size - BODY) < 0.2]
        if number in skip or len(body) < 3:
            continue
        left = min(r.x0 for r in body)
        right = Counter(round(r.x1) for r in body).most_common(1)[0][0]
        for k, row in enumerate(page):
            if abs(row.size - BODY) >= 0.2 or row.x0 > left + BODY * 3:
                continue  # not body text, or a centred or right-aligned line
            nxt = page[k + 1] if k + 1 < len(page) else None
            ends = (nxt is None or abs(nxt.size - row.size) > 0.2
                    or nxt.x0 > left + 2  # the next line is indented: a new paragraph
                    or nxt.x0 < row.x0 - 2  # it starts further left: a new item
                    or row.baseline - nxt.baseline > row.size * 1.6  # space after it
                    or _closes(row.text, nxt.text))  # a line the source breaks itself
            full = row.x1 >= right - 1.5
            gaps = [b[0] - a[1] for a, b in zip(row.words, row.words[1:], strict=False)]
            if not ends and not full:
                problems.append(f"p. {number + 1}: short line inside a paragraph: {row.text!r}")
            elif not ends and len(row.words) < 3:
                problems.append(f"p. {number + 1}: a line of {len(row.words)} word(s): "
                                f"{row.text!r}")
            elif not ends and gaps and max(gaps) > 2.5 * row.size:
                problems.append(f"p. {number + 1}: a stretched line: {row.text!r}")
    return problems


def _closes(text: str, following: str) -> bool:
    """Whether a short line ends where its source breaks the line (a heading or a list
    item set as a paragraph, a line of an address, a row): it ends a sentence or a clause
    and the next line opens with a capital, a number, a bracket or a list marker. A line
    broken by the typesetter mid-sentence ('14),' / 'a' / 'memor-') does neither."""
    last, first = text.rstrip()[-1:], following.lstrip()[:1]
    return last in ".:;!?)]" or first.isupper() or first.isdigit() or first in "([•–—◦*†‡§"


def fill(page: list[Row], height: float) -> float:
    """How far down the text area a page's text reaches (0 to 1)."""
    top, bottom = height - 19 * MM, 22 * MM
    if not page:
        return 0.0
    return (top - min(r.baseline for r in page)) / (top - bottom)


def headings_at_foot(pages: list[list[Row]], heading_sizes: set[float]) -> list[str]:
    """Pages whose last line of main text is a heading."""
    out = []
    for number, page in enumerate(pages):
        main = [r for r in page if r.size >= 9.4]
        if main and round(main[-1].size, 1) in heading_sizes and len(main) > 1:
            out.append(f"p. {number + 1}: ends with the heading {main[-1].text!r}")
    return out


def underfull_pages(pages: list[list[Row]], height: float, exempt: set[int],
                    least: float = 0.7) -> list[str]:
    """Pages (other than ``exempt``: the last page of a document or part, blank pages,
    front and back matter) whose text reaches less than ``least`` of the text area."""
    return [f"p. {n + 1}: filled {fill(page, height):.0%}" for n, page in enumerate(pages)
            if n not in exempt and page and fill(page, height) < least]


def exempt_pages(dests: dict[str, int], doc_ids: list[str], total: int) -> set[int]:
    """The pages a document may leave short: its last, the blank pages before the next
    document, and everything before the first document and after the last."""
    starts = sorted(dests[f"doc-{d}"] for d in doc_ids)
    out = set(range(starts[0])) if starts else set()
    end = dests.get("index-persons", dests.get("index-places", total))
    out |= set(range(end - 2, total))  # the last document's end, a blank, the indexes
    for start in starts:
        out |= {start - 1, start - 2}  # the last page of the one before, and a blank
    return out


def turned_from_rectos(pages: list[list[Row]], skip: set[int] = frozenset()) -> list[str]:
    """Rectos (odd pages) whose last line of main text ends with a word hyphenated by the
    typesetter (U+2010; a hyphen of the text is U+002D), to be read overleaf."""
    out = []
    for number, page in enumerate(pages):
        main = [r for r in page if r.size >= 9.4]
        if number % 2 == 0 and number not in skip and main and \
                main[-1].text.rstrip().endswith("\u2010"):
            out.append(f"p. {number + 1}: {main[-1].text[-30:]!r}")
    return out


def headings_apart(dests: dict[str, int], doc_ids: list[str]) -> list[str]:
    """Documents whose heading is on one page and the first block of their text on a
    later one."""
    return [f"{d}: heading p. {dests[f'title-{d}'] + 1}, text p. {dests[f'b-{d}-1'] + 1}"
            for d in doc_ids if f"b-{d}-1" in dests and f"title-{d}" in dests
            and dests[f"b-{d}-1"] > dests[f"title-{d}"]]



MAIN = 8.9  # pt: main text, block quotations, notes after a document; not page-foot notes
INLINE = ("m-", "call-", "t-", "note-", "srcnote-", "idx-", "person-")


def block_tops(points: dict[str, tuple[int, float]]) -> dict[int, list[float]]:
    """The tops of the blocks (paragraphs, headings, apparatus entries) that begin on each
    page, from the named destinations of their ids; inline anchors left out."""
    out: dict[int, list[float]] = {}
    for name, (page, top) in points.items():
        inline = name.startswith(INLINE) or (name.startswith("app-")
                                             and not name.endswith("-entry"))
        if not inline:
            out.setdefault(page, []).append(top)
    return out


def widows_and_orphans(pages: list[list[Row]], points: dict[str, tuple[int, float]],
                       skip: set[int] = frozenset()) -> list[str]:
    """Paragraphs that leave one line alone at the foot of a page (an orphan) or at the
    head of the next (a widow). A paragraph begins where a block's id is; it goes on
    overleaf when its last line on a page reaches the column's right edge and the next
    page's text begins above every block begun there."""
    tops = block_tops(points)
    groups: list[list[list[Row]]] = []  # per page: the rows before the first block begun
    ends: list[bool] = []  # on it, then those of each block begun; whether the page's
    for number, page in enumerate(pages):  # last line goes on overleaf
        main = [r for r in page if r.size >= MAIN]
        starts = sorted(tops.get(number, []), reverse=True)
        page_groups: list[list[Row]] = [[] for _ in range(len(starts) + 1)]
        for row in main:
            page_groups[sum(1 for t in starts if t >= row.baseline)].append(row)
        groups.append(page_groups)
        right = Counter(round(r.x1) for r in main).most_common(1)[0][0] if main else 0
        ends.append(bool(main) and main[-1].x1 >= right - 1.5
                    and not main[-1].text.rstrip().endswith((".", ":", "”")))
    out = []
    for number in range(len(pages) - 1):
        if number in skip or number + 1 in skip or not ends[number]:
            continue
        here, there = groups[number], groups[number + 1]
        if not there[0]:
            continue  # nothing runs over
        last = next((g for g in reversed(here) if g), [])
        if len(last) == 1 and len(here) > 1 and last is here[-1]:
            out.append(f"p. {number + 1}: an orphan: {last[0].text!r}")
        if len(there[0]) == 1:
            out.append(f"p. {number + 2}: a widow: {there[0][0].text!r}")
    return out
