"""HTML for the print PDF: the Jinja2 templates of ``templates/print`` and their renderer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup, escape

from ... import anchors
from ... import model as m
from ...layout.facts import LayoutFacts
from ...layout.weasy import Cut, Word
from ...present import AppView, DocView, Locator, Views
from ...resolve import Resolved
from ...resolve.index import IndexEntry
from ...visit import Visitor, walk
from ..html import HtmlRenderer, SpacedEdges, list_class
from ..templates import environment
from .pieces import grouped, note_pieces
from .split import keep_whole, split_paragraph

NoteKey = tuple[str, str]  # (document id, note id, apparatus anchor or SOURCE_NOTE)
SOURCE_NOTE = "@source"  # the key of a document's source note set at the head (no note id
# has an '@')

@cache
def templates(source_dir: Path) -> Environment:
    return environment("print", source_dir)


@dataclass
class Repairs:
    """What the layout loop asks of a re-render of a chunk."""

    breaks: set[NoteKey] = field(default_factory=set)  # break before the call's paragraph
    # or, where a cut is given, at that place in the body (split.py)
    cuts: dict[NoteKey, Cut | None] = field(default_factory=dict)
    # words not to hyphenate: each would be cut across a page turn
    whole: frozenset[Word] = frozenset()

    def cut_at(self, block: str, para: int) -> int | None:
        """Where a repair cuts the paragraph ``para`` of ``block`` (0: before it)."""
        return min((c.count for k, c in self.cuts.items() if c is not None and
                    k in self.breaks and (c.block, c.para) == (block, para)), default=None)
    demoted: set[NoteKey] = field(default_factory=set)  # set at the document's end instead
    # continued at the foot of the next pages: the pieces (pieces.py) that begin a page,
    # None while each piece is laid out on its own to see where the pages turn
    continued: dict[NoteKey, tuple[int, ...] | None] = field(default_factory=dict)


class _FootnoteBlocks(Visitor[str]):
    """A note's blocks as spans, for a footnote that sits inside a paragraph."""

    def __init__(self, renderer: HtmlRenderer):
        self.r = renderer

    def join(self, parts: list[str]) -> str:
        return "".join(parts)

    def paragraph(self, node: m.Paragraph) -> str:
        return f'<span class="fn-p">{self.r.inlines(node.children)}</span>'

    def quote(self, node: m.BlockQuote) -> str:
        return f'<span class="fn-quote">{self.blocks(node.blocks)}</span>'

    def list_block(self, node: m.ListBlock) -> str:
        return "".join(f'<span class="fn-li">{f"{i}." if node.ordered else "•"} '
                       f"{self.blocks(item)}</span>"
                       for i, item in enumerate(node.items, node.start))


class PrintRenderer(SpacedEdges, HtmlRenderer):
    """Page-series notes become WeasyPrint footnote floats at their call, and so do the
    apparatus entries when the apparatus sits at the page foot; the blocks of a document
    say which top-level block they belong to (``data-block``) and their place in it
    (``data-para``), so the layout can tell where each page begins."""

    def __init__(self, views: Views, doc: m.Document | None = None,
                 repairs: Repairs | None = None, facts: LayoutFacts | None = None):
        super().__init__(views, doc, facts)
        self.res = views.res
        self.repairs = repairs or Repairs()
        self._block: str | None = None  # the top-level block being written
        self._para = 0
        self._lines = ""  # the kind of lines being written (body, notes)
        self._broken: set[str] = set()  # first blocks whose heading breaks before them
        self._entries = {v.entry.anchor: v for v in views.apparatus.get(doc.id, [])} \
            if doc and self.edition.apparatus_placement == "page" else {}

    def is_footnote(self, note: m.Note) -> bool:
        return self.edition.note_series[note.series].placement == "page"

    def note_ref(self, node: m.NoteRef) -> str:
        note = self.doc.notes.get(node.note_id) if self.doc else None
        if note is None:
            return ""
        mark = escape(node.mark)
        if not self.is_footnote(note):
            return (f'<sup class="call" id="{node.anchor}">'
                    f'<a href="#{note.anchor}">{mark}</a></sup>')
        key = (note.doc_id, note.id)
        if key in self.repairs.demoted:
            body = Markup('See the note marked {} at the end of this document.').format(mark)
            note_id = anchors.note_pointer(note.doc_id, note.id)
        elif key in self.repairs.continued:
            return f'<a class="call-anchor" id="{node.anchor}"></a>' + self._pieces(note, mark)
        else:
            body = Markup(_FootnoteBlocks(self).blocks(note.blocks))
            note_id = note.anchor
        return (f'<a class="call-anchor" id="{node.anchor}"></a>'
                f'<span class="footnote" id="{note_id}" data-mark="{mark}">{body}</span>')

    def _pieces(self, note: m.Note, mark: str) -> str:
        """A long note as footnotes called at one place: its first piece with the mark,
        then the pieces that continue it on the following pages, labelled so."""
        starts = self.repairs.continued[(note.doc_id, note.id)]
        pieces = note_pieces(note, self.edition.signs)
        out = []
        for k, piece in enumerate(pieces if starts is None else grouped(pieces, starts)):
            body = _FootnoteBlocks(self).blocks(piece.blocks)
            if k == 0:
                out.append(f'<span class="footnote" id="{note.anchor}" data-mark="{mark}">'
                           f"{body}</span>")
                continue
            label = "" if starts is None else \
                f'<span class="fn-continued">{mark} (continued)</span> '
            piece_id = anchors.note_piece(note.doc_id, note.id, k)
            out.append(f'<span class="footnote fn-piece" id="{piece_id}">{label}{body}</span>')
        return "".join(out)

    def editorial(self, node: m.Editorial) -> str:
        """A lemma; at the page foot, its apparatus entry floats after it."""
        html = super().editorial(node)
        view = self._entries.get(node.anchor)
        if view is None or (self.doc.id, node.anchor) in self.repairs.demoted:
            return html
        return html + str(apparatus_entry(self.edition.source_dir, view, "span",
                                          "app-entry app-foot"))

    def list_attrs(self, node: m.ListBlock) -> str:
        """WeasyPrint ignores ``start``: an ordered list begins at its number by resetting
        the list-item counter (an integer of the source, so nothing else reaches CSS)."""
        if node.ordered and node.start != 1:
            return f' style="counter-reset: list-item {int(node.start) - 1}"'
        return list_class(node)

    def source_note_foot(self) -> Markup:
        """The document's source note as FRUS prints it: an unnumbered page-foot note
        called from the heading."""
        doc = self.doc
        if doc is None or not doc.source_note or self.edition.source_notes != "head" \
                or (doc.id, SOURCE_NOTE) in self.repairs.demoted:
            return Markup("")
        return Markup(f'<span class="footnote source-foot" id="{anchors.source_note(doc.id)}">'
                      f"{self.inlines(doc.source_note)}</span>")

    def source_note_under(self) -> Markup:
        """The source note as a line under the heading, where a repair put it when at the
        page foot it would not stay on the heading's page."""
        doc = self.doc
        if doc is None or (doc.id, SOURCE_NOTE) not in self.repairs.demoted:
            return Markup("")
        return Markup(f'<p class="doc-source-note" id="{anchors.source_note(doc.id)}" '
                      f'data-lines="source">{self.inlines(doc.source_note)}</p>')

    def quote(self, node: m.BlockQuote) -> str:
        if self._lines != "body":
            return super().quote(node)
        return f'<blockquote data-lines="quotes">{self.blocks(node.blocks)}</blockquote>'

    def _breaks_before(self, *fields: list[m.Inline]) -> bool:
        """Whether a repair asks for a page break before these inline fields (not one
        that cuts the body elsewhere)."""
        doc_id = self.doc.id if self.doc else ""
        keys = [(doc_id, n.note_id) if isinstance(n, m.NoteRef) else (doc_id, n.anchor)
                for nodes in fields for n in walk(nodes)
                if isinstance(n, m.NoteRef | m.Editorial)]
        return any(k in self.repairs.breaks and self.repairs.cuts.get(k) is None
                   for k in keys)

    def _classes(self, children: list[m.Inline], brk: bool = False,
                 heading: bool = False, calls: bool = True) -> str:
        """A paragraph's classes: ``force-break`` (a repair, or with ``calls`` one for a
        note it calls, unless it goes before the ``heading`` above), ``fn-flow`` when it
        calls a continued note (whose pieces WeasyPrint carries over to the next pages
        only under ``footnote-policy: auto``)."""
        doc_id = self.doc.id if self.doc else ""
        flow = any(isinstance(n, m.NoteRef) and (doc_id, n.note_id) in self.repairs.continued
                   for n in walk(children))
        brk = not heading and (brk or (calls and self._breaks_before(children)))
        return " ".join(c for c, on in (("force-break", brk), ("fn-flow", flow)) if on)

    def _cut(self, children: list[m.Inline], block: str, para: int,
             markup: Callable[[str], str], calls: bool = True) -> str:
        """A paragraph (``markup`` of its classes), broken or split where a repair cuts
        the body (``calls``: or breaks before a note it calls)."""
        count = self.repairs.cut_at(block, para)
        words = [w.count for w in self.repairs.whole if (w.block, w.para) == (block, para)]

        def whole(cls: str) -> str:
            return keep_whole(markup(cls), words) if words else markup(cls)

        if count and (parts := split_paragraph(whole(self._classes(children, calls=calls)),
                                               count)):
            return "".join(parts)
        if para == 0 and block in self._broken:  # the heading above breaks instead
            return whole(self._classes(children, brk=False, heading=True))
        return whole(self._classes(children, brk=count is not None, calls=calls))

    def part_paragraph(self, cls: str, anchor: str, nodes: list[m.Inline],
                       kind: str) -> Markup:
        """A one-paragraph part (salutation, complimentary close, an attachment's title)
        named ``anchor``, broken or split where a repair cuts it; a break for a note
        it calls goes before it, or (in a heading, ``kind`` opener or heading) before
        the heading (:meth:`heading_break`)."""
        body = self.inlines(nodes)

        def markup(extra: str) -> str:
            return (f'<p class="{" ".join(c for c in (cls, extra) if c)}" data-lines="{kind}"'
                    f' id="{anchor}" data-block="{anchor}" data-para="0">{body}</p>')

        return Markup(self._cut(nodes, anchor, 0, markup,
                                calls=kind not in ("opener", "heading")))

    def heading_break(self, owner: m.Document | m.Attachment, first: str) -> str:
        """`` force-break`` when a note called in the heading of a document or attachment
        (title, labels, dateline, opener) or in its first paragraph (``first`` names the
        body's first block), or its source note set at the head, is repaired: the break
        goes before the heading, which stays with its text."""
        body = owner.body[0] if owner.body else None
        fields = [owner.title, owner.opener]
        fields += owner.labels if isinstance(owner, m.Document) else [owner.label]
        if owner.dateline:
            fields += [owner.dateline.text, owner.dateline.received]
        if isinstance(body, m.Paragraph) and self.repairs.cut_at(first, 0) is None:
            fields.append(body.children)
        if (isinstance(owner, m.Document) and (owner.id, SOURCE_NOTE) in self.repairs.breaks) \
                or self._breaks_before(*fields) or self.repairs.cut_at(first, 0) == 0:
            self._broken.add(first)
            return " force-break"
        return ""

    def list_block(self, node: m.ListBlock) -> str:
        """A break asked for in an item's first paragraph goes before the item (WeasyPrint
        does not break before the first block of a list item)."""
        tag = "ol" if node.ordered else "ul"
        brk = ' class="force-break"'
        items = "".join(f"<li{brk if self._item_breaks(item) else ''}>{self.blocks(item)}</li>"
                        for item in node.items)
        return f"<{tag}{self.list_attrs(node)}>{items}</{tag}>"

    def _item_breaks(self, item: list[m.Block]) -> bool:
        return bool(item) and isinstance(item[0], m.Paragraph) and \
            self._breaks_before(item[0].children)

    def paragraph(self, node: m.Paragraph) -> str:
        attrs, block, para = "", self._block or "", self._para
        if self._block is not None:
            self._para += 1
            attrs = f' data-block="{block}" data-para="{para}"'
        body = self.inlines(node.children)

        def markup(cls: str) -> str:
            named = f' class="{cls}"' if cls else ""
            return f"<p{named}{attrs}>{body}</p>"

        return self._cut(node.children, block, para, markup)

    def anchored_blocks(self, blocks: list[m.Block], anchor: Callable[[str, int], str],
                        *extra: str, lines: str = "body") -> Markup:
        """Top-level blocks with the ids of :func:`edition.layout.facts.block_anchors`:
        ``anchor(doc_id, *extra, n)`` names the ``n``-th; ``lines`` is their kind."""
        assert self.doc is not None
        self._lines = lines
        out = []
        for i, block in enumerate(blocks, 1):
            name = anchor(self.doc.id, *extra, i)
            if isinstance(block, m.Paragraph):
                out.append(self._cut(block.children, name, 0, partial(
                    _block_paragraph, name, self.inlines(block.children))))
                continue
            self._block, self._para = name, 0
            try:
                out.append(f'<div id="{name}" class="block">{self.block(block)}</div>')
            finally:
                self._block = None
        return Markup("".join(out))

    def front_blocks(self, section: m.Section) -> Markup:
        """A front section's blocks, each paragraph named by the section and its place in
        it (``data-block``, ``data-para``), as the words kept whole are."""
        self._block, self._para = anchors.front_section(section.id), 0
        try:
            return Markup(self.blocks(section.blocks))
        finally:
            self._block = None

    def note_blocks(self, note: m.Note) -> Markup:
        return self.anchored_blocks(note.blocks, anchors.note_block, note.id, lines="notes")


def _block_paragraph(name: str, body: str, cls: str) -> str:
    """A top-level paragraph named ``name`` (see anchored_blocks)."""
    return f'<p id="{name}" class="{cls}" data-block="{name}" data-para="0">{body}</p>'


def apparatus_entry(source_dir: Path, view: AppView, tag: str, cls: str) -> Markup:
    """One apparatus entry, as the shared template partial writes it."""
    macros = templates(source_dir).get_template("_apparatus.html").module
    return macros.print_entry(view, tag, cls, anchors)


def document_apparatus(views: Views, doc: m.Document, repairs: Repairs) -> list[AppView]:
    """The entries set after the document: all, or at the page foot those that could not
    be set on the page of their lemma."""
    entries = views.apparatus.get(doc.id, [])
    if views.res.edition.apparatus_placement == "document-end":
        return entries
    return [v for v in entries if (doc.id, v.entry.anchor) in repairs.demoted]


def printed_endnotes(res: Resolved, doc: m.Document,
                     repairs: Repairs) -> list[tuple[m.NoteSeries, list[m.Note]]]:
    """The notes set after the document, by series (demoted page notes included)."""
    out = []
    for series in res.edition.note_series.values():
        notes = [n for n in res.notes_in_order(doc, series.id)
                 if series.placement == "document-end" or (doc.id, n.id) in repairs.demoted]
        if notes:
            out.append((series, notes))
    return out


def render_documents(views: Views, docs: list[DocView], repairs: Repairs,
                     facts: LayoutFacts | None = None) -> str:
    """One chunk of documents; ``facts`` give the pages and lines cross-references cite."""
    res = views.res
    items = [dict(view=v, r=PrintRenderer(views, v.doc, repairs, facts),
                  endnotes=printed_endnotes(res, v.doc, repairs),
                  apparatus=document_apparatus(views, v.doc, repairs),
                  part_headings=views.part_headings.get(v.doc.id, [])) for v in docs]
    return templates(res.edition.source_dir).get_template("document.html").render(
        ed=res.edition, a=anchors, items=items)


@dataclass
class TocEntry:
    label: str
    anchor: str
    page: str
    level: int = 1
    number: str = ""
    part: bool = False  # the heading of a part of the volume

    @property
    def label_end(self) -> tuple[str, str]:
        """The label and its last word apart: the word is set with the leader dots, so
        that they never stand alone on a line."""
        head, _, last = self.label.rpartition(" ")
        return (f"{head} " if head else "", last)


def render_front(views: Views, toc: list[TocEntry], phantoms: list[str],
                 whole: frozenset[Word] = frozenset()) -> str:
    """The front matter; ``phantoms`` are the anchors its contents link to elsewhere,
    ``whole`` the words of its sections not to hyphenate."""
    res = views.res
    return templates(res.edition.source_dir).get_template("front.html").render(
        ed=res.edition, a=anchors, views=views, r=PrintRenderer(views, repairs=Repairs(
            whole=whole)), toc=toc, phantoms=phantoms)


@dataclass
class PrintedIndex:
    title: str
    anchor: str
    entries: list[tuple[IndexEntry, list[Locator]]]


def render_back(views: Views, indexes: list[PrintedIndex], phantoms: list[str]) -> str:
    """The indexes; ``phantoms`` are the anchors they link to in other chunks."""
    res = views.res
    return templates(res.edition.source_dir).get_template("back.html").render(
        ed=res.edition, r=PrintRenderer(views), indexes=indexes, phantoms=phantoms)
