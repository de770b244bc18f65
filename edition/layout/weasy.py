"""The WeasyPrint adapter: the only module that knows WeasyPrint's laid-out boxes.

:class:`Engine` lays out HTML with one stylesheet, the book face and the safe fetcher.
The functions below read facts off a laid-out document: which pages are blank, where
each page of a document begins (for the layout facts). They use WeasyPrint internals
(``page._page_box`` and its boxes), which a WeasyPrint upgrade may change; the page-map
tests catch that.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path

import weasyprint
from weasyprint import CSS, HTML
from weasyprint.document import gather_anchors
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from .. import model as m
from ..assets import ASSETS
from ..assets.face import FONT_DIR, font_face_css
from ..visit import block_text
from .facts import PageStart, page_anchors
from .fetcher import SafeFetcher
from .flowtext import HYPHENS, align, flow, hyphenated
from .footnote_area import install_footnote_area_cache


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


@dataclass(frozen=True, slots=True)
class Line:
    """A laid-out line: its page, baseline and horizontal extent (CSS px from the page's
    top left), what it belongs to, and the ids of the elements that have a box on it."""

    page: int
    baseline: float
    left: float
    right: float
    kind: str  # the nearest ``data-lines`` of its ancestors ('' if none)
    doc: str  # the nearest ``data-doc`` of its ancestors
    foot: bool  # in the footnote area
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Point:
    """Where an element's first box is: its page, left edge and the baseline of its line."""

    page: int
    x: float
    baseline: float
    size: float  # font size, CSS px


def read_lines(laid: Laid) -> tuple[list[Line], dict[str, Point]]:
    """Every line of the main flow and of the footnote area, page by page in reading
    order, and the first box of every element with an id found on a line."""
    lines: list[Line] = []
    points: dict[str, Point] = {}
    for number, page in enumerate(laid.pages):
        for child in page._page_box.children:
            if isinstance(child, boxes.MarginBox):
                continue
            foot = isinstance(child, boxes.FootnoteAreaBox)
            _walk(child, number, "", "", foot, lines, points)
    return lines, points


def _walk(box: boxes.Box, page: int, kind: str, doc: str, foot: bool, lines: list[Line],
          points: dict[str, Point]) -> None:
    element = box.element
    if element is not None:
        kind = element.get("data-lines", kind)
        doc = element.get("data-doc", doc)
    if isinstance(box, boxes.LineBox):
        baseline = box.position_y + box.baseline
        ids: list[str] = []
        for inner in box.descendants():
            name = inner.element.get("id") if inner.element is not None else None
            if name and (not ids or ids[-1] != name):
                ids.append(name)
                points.setdefault(name, Point(page, inner.position_x, baseline,
                                              inner.style["font_size"]))
        lines.append(Line(page, baseline, box.position_x, box.position_x + box.width, kind,
                          doc, foot, tuple(ids)))
        return
    for child in getattr(box, "children", ()):
        _walk(child, page, kind, doc, foot, lines, points)


def footnotes_last(laid: Laid, last: str) -> None:
    """Move the footnotes whose element has the class ``last`` to the bottom of each
    page's footnote area, keeping the order of each group (the area keeps its height)."""
    for page in laid.pages:
        area = next((c for c in page._page_box.children
                     if isinstance(c, boxes.FootnoteAreaBox)), None)
        if area is None or len(area.children) < 2:
            continue
        notes = list(area.children)
        moved = sorted(notes, key=lambda b: last in (b.element.get("class") or "").split()
                       if b.element is not None else False)
        if moved == notes:
            continue
        y = notes[0].position_y
        for box in moved:
            box.translate(dy=y - box.position_y)
            y += box.margin_height()
        area.children = moved
        page.anchors.clear()
        page.links.clear()
        page.bookmarks.clear()
        page.forms = {None: []}
        gather_anchors(page._page_box, page.anchors, page.links, page.bookmarks, page.forms)


def page_fill(laid: Laid, index: int) -> float:
    """How far down its text area a page's text reaches (0 to 1; 1 when it has notes at
    its foot)."""
    page = laid.pages[index]._page_box
    if any(isinstance(c, boxes.FootnoteAreaBox) and c.children for c in page.children):
        return 1.0
    bottom = max((line.position_y + line.height for _, line in _flow_lines(page)),
                 default=page.content_box_y())
    return (bottom - page.content_box_y()) / page.height


def blank_pages(laid: Laid) -> list[int]:
    """Pages WeasyPrint left empty to start the next content on a recto."""
    return [i for i, page in enumerate(laid.pages) if page._page_box.page_type.blank]


def _first_line(box: boxes.Box) -> boxes.LineBox | None:
    """The first line of the page's main flow (running heads and footnotes skipped, and
    the line WeasyPrint makes of a list item's bullet or number, which no text owns)."""
    for child in getattr(box, "children", []):
        if isinstance(child, boxes.MarginBox):
            continue
        if isinstance(child, boxes.LineBox):
            if all(t.element_tag.endswith("::marker") for t in child.children):
                continue
            return child
        found = _first_line(child)
        if found is not None:
            return found
    return None


UNREAD = "call"  # the class of the calls of notes set after the document, whose marks
# the reading text leaves out like the page-foot notes' calls WeasyPrint generates


def _line_text(line: boxes.LineBox | None) -> str:
    """The text of a line as the reading text has it: note calls and list markers (most
    of which WeasyPrint generates) left out."""
    out: list[str] = []

    def walk(box: boxes.Box) -> None:
        if box.element_tag.endswith(("::footnote-call", "::marker")) or (
                box.element_tag == "sup" and box.element is not None
                and UNREAD in (box.element.get("class") or "").split()):
            return
        if isinstance(box, boxes.TextBox):
            out.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    if line is not None:
        walk(line)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Cut:
    """A page break inside the body: before the paragraph ``para`` of the block ``block``
    (its ``data-block`` and ``data-para``), ``count`` characters into it (flowtext.py;
    0: before the paragraph); ``late``: low on the call's page, where the page breaks
    well only while the pages before it stay as they are."""

    block: str
    para: int
    count: int
    late: bool = False


def page_cut(laid: Laid, call_id: str, note_id: str, floats: frozenset[str],
             late: bool = True, least: int = 2) -> Cut | None:
    """Where a page break lets the footnote ``note_id`` stand on the page of its call
    ``call_id`` while moving as few lines as may be: (if ``late``) as low on the call's
    page as frees the note's height, else at the call's line. The break never cuts a
    word and leaves at least ``least`` lines of a paragraph on each side (None: no such
    place; the repair breaks before the call's paragraph)."""
    lines = [(number, block, line) for number, page in enumerate(laid.pages)
             for block, line in _flow_lines(page._page_box)]
    at = next((i for i, (_, _, line) in enumerate(lines) if any(
        b.element is not None and b.element.get("id") == call_id
        for b in line.descendants())), None)
    if at is None:
        return None
    page = lines[at][0]
    on_page = [i for i, (number, _, _) in enumerate(lines) if number == page]
    root = laid.pages[0]._page_box.children[0].element
    parents = {child: parent for parent in root.iter() for child in parent}

    def cut_at(i: int) -> Cut | None:
        element = lines[i][1].element
        parent = parents.get(element)
        first = parent is not None and parent.tag == "li" and parent[0] is element
        return _cut_at(lines, i, page, floats, least, first)

    need = _footnote_height(laid, note_id) if late else None
    if need is not None:
        bottom = lines[on_page[-1]][2]
        bottom_y = bottom.position_y + bottom.height
        for i in reversed(on_page):
            if i <= at:
                break
            if bottom_y - lines[i][2].position_y >= need and (cut := cut_at(i)) is not None:
                return replace(cut, late=True)
    paragraph = lines[at][1].element
    for i in range(at, on_page[0] - 1, -1):
        if lines[i][1].element is not paragraph:
            break
        if (cut := cut_at(i)) is not None:
            return cut if cut.count else None  # before the paragraph: what a break does
    return None


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the body: ``count`` characters into the paragraph ``para`` of the block
    ``block`` (see :class:`Cut`)."""

    block: str
    para: int
    count: int


def turned_words(laid: Laid, floats: frozenset[str]) -> list[tuple[int, Word]]:
    """The words hyphenated across a page turn: (the page whose last line ends with the
    word's first part, the word)."""
    lines = [(number, block, line) for number, page in enumerate(laid.pages)
             for block, line in _flow_lines(page._page_box)]
    out = []
    for i, (number, block, line) in enumerate(lines[:-1]):
        element = block.element
        if lines[i + 1][0] == number or lines[i + 1][1].element is not element \
                or element is None or element.get("data-block") is None \
                or not _line_text(line).rstrip().endswith(HYPHENS):
            continue
        texts = [_line_text(ln) for _, b, ln in lines[:i + 1] if b.element is element]
        count = hyphenated(flow(element, floats), texts[:-1], texts[-1])
        if count is not None:
            out.append((number, Word(element.get("data-block"),
                                     int(element.get("data-para", "0")), count)))
    return out


def _footnote_height(laid: Laid, note_id: str) -> float | None:
    """The height a footnote takes in a footnote area (with the area's own, as if it
    were the only note there), None when it is not laid out."""
    for page in laid.pages:
        for area in page._page_box.children:
            if not isinstance(area, boxes.FootnoteAreaBox):
                continue
            for note in area.children:
                if note.element is not None and note.element.get("id") == note_id:
                    own = area.margin_height() - sum(c.margin_height() for c in area.children)
                    return note.margin_height() + own
    return None


def _cut_at(lines: list, i: int, page: int, floats: frozenset[str], least: int,
            first_in_item: bool) -> Cut | None:
    """A page break before line ``i`` (on ``page``), if it cuts no word and leaves its
    paragraph's lines in groups of at least ``least`` (``first_in_item``: the line's
    paragraph opens a list item, where WeasyPrint does not break before it)."""
    block = lines[i][1]
    element = block.element
    if element is None or element.get("data-block") is None \
            or block.style["text_align_all"] != "justify":
        return None
    own = [k for k, (_, b, _) in enumerate(lines) if b.element is element]
    k = own.index(i)
    if k == 0:  # before the paragraph (not the first of a list item: no break there)
        if first_in_item:
            return None
        return Cut(element.get("data-block"), int(element.get("data-para", "0")), 0)
    texts = [_line_text(lines[j][2]) for j in own]
    if texts[k - 1].rstrip().endswith(HYPHENS) or len(own) - k < least or \
            sum(1 for j in own[:k] if lines[j][0] == page) < least:
        return None
    count = align(flow(element, floats), texts[:k], texts[k])
    return None if count is None else \
        Cut(element.get("data-block"), int(element.get("data-para", "0")), count)


def _flow_lines(box: boxes.Box):
    """The (parent box, line) pairs of a page's main flow (not its footnotes or margins)."""
    for child in getattr(box, "children", []):
        if isinstance(child, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            continue
        if isinstance(child, boxes.LineBox):
            yield box, child
        else:
            yield from _flow_lines(child)


def _owner(element, parents: dict) -> object | None:
    """The element that names the place a line belongs to (``data-block`` or
    ``data-start``): the line's own, or the nearest ancestor's (a signature's title set
    as a block of its own)."""
    while element is not None and element.get("data-block") is None \
            and element.get("data-start") is None:
        element = parents.get(element)
    return element


PREFIXES = (10, 5, 3)  # words of a line sought in the reading text, the most first: a
# line's later words may be set only in print (the text of a cross-reference)


def _words_pattern(line: str, count: int = 10) -> re.Pattern[str] | None:
    """The first words of a line (ten: enough to tell a phrase from its repetition in the
    same paragraph), as a pattern over the reading text."""
    words = re.findall(r"\w+", line)[:count]
    if len(words) > 1 and line.rstrip().endswith(HYPHENS):
        words = words[:-1]  # a word hyphenated at the end of the line
    if not words:
        return None
    return re.compile(r"\W+".join(re.escape(w) for w in words))


def _line_words(element, before: re.Pattern[str] | None) -> int:
    """Words of a line element (a signature, an apparatus entry; its place in the text
    left out) before the first match of ``before``; 0 when it is not found."""
    parts: list[str] = []

    def walk(el) -> None:
        if "app-where" not in (el.get("class") or "").split():
            parts.append(el.text or "")
            for child in el:
                walk(child)
                parts.append(child.tail or "")

    walk(element)
    text = "".join(parts)
    found = before.search(text) if before else None
    return len(re.findall(r"\w+", text[:found.start()])) if found else 0


def _word_start(text: str, at: int) -> int:
    """The start of the word ``at`` falls in (a page that begins with the second half of
    a hyphenated word begins with the word)."""
    while at > 0 and (text[at - 1].isalnum() or text[at - 1] == "\u00ad"):
        at -= 1
    return at


def page_starts(run: list[tuple[m.Document, list[tuple[str, list[m.Note]]], list[str],
                               list[str]]],
                signs: m.Signs, pages: list, first: int) -> list[PageStart]:
    """One :class:`PageStart` per page of a run of documents laid out together (its
    ``pages`` in a chunk, the first at index ``first``; each document with the notes set
    after its text, by series, the lemmata of the apparatus after it, and the ids of the
    parts whose headings print before it). Labels are page indexes in the chunk until the volume
    numbers them.

    The first line box of a page belongs to a paragraph that names its block
    (``data-block``) and its place in the block (``data-para``); the line's first words
    are found in that paragraph's reading text to give the offset where the page begins,
    moved back to the start of its word. A line between blocks names itself
    (``data-start``: see :func:`edition.layout.facts.page_anchors`) and the page begins
    that many words into it.
    """
    texts: dict[str, list[str] | None] = {}
    owner: dict[str, str] = {}
    for doc, endnotes, entries, parts in run:
        for anchor, block in page_anchors(doc, endnotes, entries, parts):
            texts[anchor] = block_text(block, signs).split("\n") if block is not None else None
            owner[anchor] = doc.id
    head = next(iter(texts))  # the first part heading, else the title
    starts = [PageStart(str(first), owner[head], head, 0)]
    root = pages[0]._page_box.children[0].element
    parents = {child: parent for parent in root.iter() for child in parent}
    for i, page in enumerate(pages[1:], first + 1):
        prev = starts[-1]
        line = _first_line(page._page_box)
        element = _owner(getattr(line, "element", None), parents)
        anchor = element.get("data-block") if element is not None else None
        pattern = _words_pattern(_line_text(line))
        start = element.get("data-start") if element is not None else None
        if anchor not in texts and start in texts:
            starts.append(PageStart(str(i), owner[start], start, _line_words(element, pattern)))
            continue
        if anchor not in texts:  # a line outside the blocks (dateline, label):
            following = next((a for a in texts if a in page.anchors), None)  # the next
            if following is not None:  # place that starts on this page, else the end
                starts.append(PageStart(str(i), owner[following], following, 0))
            elif texts[prev.block] is None:  # of the last one
                starts.append(PageStart(str(i), prev.doc_id, prev.block, prev.offset))
            else:
                paras = texts[prev.block]
                starts.append(PageStart(str(i), prev.doc_id, prev.block,
                                        len("\n".join(paras))))
            continue
        para = int(element.get("data-para", "0"))
        paras = texts[anchor]
        base = sum(len(p) + 1 for p in paras[:para])
        after = prev.offset - base if prev.block == anchor and prev.offset > base else 0
        found = next((f for n in PREFIXES if (p := _words_pattern(_line_text(line), n))
                      and (f := p.search(paras[para], after))), None)
        starts.append(PageStart(str(i), owner[anchor], anchor,
                                base + (_word_start(paras[para], found.start()) if found else 0)))
    return starts


# -- WeasyPrint 70's line breaking at the edges of inline elements -------------------------
#
# WeasyPrint lays out each text run (the text between two element edges) with
# ``weasyprint.text.line_break.split_first_line``. When a run ends in white space (every
# run before a name, a cross-reference, an editorial sign or a note call that follows a
# space or a no-break space) and fits the line only without it, Pango keeps the run on one
# line but measures it wider than the line, and split_first_line takes the branch meant
# for "a first word longer than the line": it returns the run's first word alone. The
# result is a one-word line ("in-", "a", "14),") or, when the run starts mid-line, a line
# justified word by word across the measure. WeasyPrint 52-63 had a guard (issue #1051,
# commits bea6cef5, 92dca05f); 64.0 dropped it (1f76d025); upstream main still lacks it.
# ``install_line_break_fix`` adds, after "Step #2", the decision running text would make:
# trailing collapsible spaces hang (CSS Text 3 §4.1.3); a trailing no-break space does
# not, so the run breaks at its last break opportunity. The function is rebuilt from
# WeasyPrint's own source with one exact-match edit, so an upgrade that changes it makes
# the fix raise instead of silently doing something else. It is installed when this
# module is imported, before any layout; forked workers inherit it.

TESTED_VERSIONS = {"70.0"}

_ANCHOR = """\
    if resume_index is None and first_line_width <= max_width:
        # The first line fits in the available width.
        return first_line_metrics(
            first_line, text, layout, resume_index, space_collapse, style)
"""
_ADDED = """\
    if resume_index is None and text.rstrip(' \\u00a0') != text:
        # edition: Pango kept the whole run on one line and measured it too wide: only
        # its trailing white space can overflow (see edition/layout/weasy.py).
        hanging = text.rstrip(' ') if space_collapse else text
        core = hanging.rstrip(' \\u00a0')
        if core and _edition_width(hanging, style, context, justification_spacing) <= max_width:
            # Collapsible trailing spaces hang: the run fits.
            return first_line_metrics(
                first_line, text, layout, resume_index, space_collapse, style)
        if core and _edition_width(core, style, context, justification_spacing) <= max_width:
            # A trailing no-break space does not hang: break at the last opportunity.
            attrs = get_log_attrs(text, style['lang'])
            cut = max((i for i in range(1, len(core)) if attrs[i].is_line_break),
                      default=None)
            if cut is not None:
                _edition_cut_layout = create_layout(
                    text[:cut], style, context, None, justification_spacing)
                first_line, _ = _edition_cut_layout.get_first_line()
                first_line_width, _ = line_size(first_line, style)
                resume_index = len(text[:cut].encode())
"""


def _edition_width(text, style, context, justification_spacing):
    """Natural width of ``text`` set on one line."""
    from weasyprint.text.line_break import create_layout, line_size
    layout = create_layout(text, style, context, None, justification_spacing)
    width, _ = line_size(layout.get_first_line()[0], style)
    layout.deactivate()
    return width


_installed = False


def install_line_break_fix() -> None:
    """Replace split_first_line wherever WeasyPrint imported it (idempotent)."""
    global _installed
    if _installed:
        return
    if weasyprint.__version__ not in TESTED_VERSIONS:
        raise RuntimeError(f"the line-break fix was checked against WeasyPrint "
                           f"{sorted(TESTED_VERSIONS)}, not {weasyprint.__version__}: "
                           "check whether the bug is still there, then update it")
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    original = line_break.split_first_line
    source = textwrap.dedent(inspect.getsource(original))
    if source.count(_ANCHOR) != 1:
        raise RuntimeError("the line-break fix: split_first_line is not the expected one")
    namespace = dict(original.__globals__, _edition_width=_edition_width)
    exec(compile(source.replace(_ANCHOR, _ANCHOR + _ADDED),
                 "<edition: weasyprint.text.line_break.split_first_line>", "exec"),
         namespace)
    patched = namespace["split_first_line"]
    patched.__wrapped_original__ = original
    # line_break is the home; inline and preferred imported the name at import time
    # (svg/text.py and preferred.trailing_whitespace_size import it when called).
    for module in (line_break, inline, preferred):
        module.split_first_line = patched
    _installed = True


install_line_break_fix()
install_footnote_area_cache()
