"""Model nodes to XHTML for the EPUB: linked notes, page-break markers, cross-file links.

:class:`EpubRenderer` extends the shared :class:`~edition.writers.html.HtmlRenderer` (all
source text escaped). A note call is a ``noteref`` link in ``sup`` (a superscript even
without the stylesheet) with the call's anchor as its id; the note links back to exactly
that call. While it writes a top-level block the renderer
counts characters the way :func:`edition.visit.block_text` does and sets each
page-break marker of the block at its offset: between characters of a text node, or
before a sign the edition generates (brackets, the omission sign, '[sic]') when the
offset falls inside one.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ... import anchors
from ... import model as m
from ...layout.facts import LayoutFacts
from ...present import Views
from ...visit import paragraphs, plain, walk
from ..html import HtmlRenderer, list_class, list_start
from .pagebreaks import Marker


class Files:
    """Which content document holds each document, and each anchor that links point at."""

    def __init__(self, edition: m.Edition):
        self.doc = {d.id: f"{anchors.document(d.id)}.xhtml" for d in edition.documents}
        self.anchor: dict[str, str] = {}
        for doc in edition.documents:
            self.anchor[anchors.document(doc.id)] = self.doc[doc.id]
            for note in doc.notes.values():
                if note.anchor:
                    self.anchor[note.anchor] = self.doc[doc.id]
            for name in doc.targets:
                self.anchor[anchors.target(doc.id, name)] = self.doc[doc.id]

    def href(self, anchor: str, here: str) -> str | None:
        """A link to ``anchor`` from the content document ``here`` (None if unknown)."""
        where = self.anchor.get(anchor)
        if where is None:
            return None
        return f"#{anchor}" if where == here else f"{where}#{anchor}"


def marker_html(marker: Marker) -> str:
    """The invisible page-break marker (EPUB 3 ``pagebreak``, DPUB-ARIA ``doc-pagebreak``)."""
    label = escape(marker.label)
    return (f'<span epub:type="pagebreak" role="doc-pagebreak" id="{marker.id}" '
            f'aria-label="{label}"></span>')


class EpubRenderer(HtmlRenderer):
    """Renders one content document (``here``); ``doc`` is set for a document's file."""

    def __init__(self, views: Views, files: Files, here: str, doc: m.Document | None = None,
                 breaks: dict[str, list[Marker]] | None = None,
                 facts: LayoutFacts | None = None):
        super().__init__(views, doc, facts)
        self.res = views.res
        self.files = files
        self.here = here
        self.breaks = breaks or {}
        self.placed: list[Marker] = []
        self._queue: list[Marker] = []
        self._pos = 0
        self._paras_left = 0
        self._line: list[Marker] = []

    # -- hooks -----------------------------------------------------------------------

    def note_ref(self, node: m.NoteRef) -> str:
        note = self.doc.notes.get(node.note_id) if self.doc else None
        if note is None or not node.anchor:
            return ""
        return (f'<sup class="call"><a class="noteref" epub:type="noteref" role="doc-noteref" '
                f'id="{node.anchor}" href="#{note.anchor}">{escape(node.mark)}</a></sup>')

    def mention(self, node: m.Mention) -> str:
        """A name; a page that begins with it has its marker before the name's element, so
        that the element (an index locator's target) is on the page it is printed on."""
        lead = self._due(self._pos + 1)
        anchor = f' id="{node.anchor}"' if node.anchor else ""
        return f'{lead}<span class="name {node.kind}"{anchor}>{self.children(node)}</span>'

    def crossref(self, node: m.CrossRef) -> str:
        inner = self.xref_inner(node)
        href = None if node.external else self.files.href(self.crossref_target(node.target),
                                                          self.here)
        if href is None:
            return f'<span class="xref external">{inner}</span>'
        return f'<a class="xref" href="{escape(href)}">{inner}</a>'

    def lang_extra(self, node: m.Lang) -> str:
        return f' xml:lang="{escape(node.lang)}"'

    def lemma(self, node: m.Editorial, content: str) -> str:
        """A lemma links to its apparatus entry (unless it holds a link itself)."""
        if not node.anchor or any(isinstance(n, m.CrossRef) for n in walk(node.children)):
            return content
        label = "" if plain(node.children).strip() else ' aria-label="apparatus entry"'
        return (f'<a class="lemma" href="#{anchors.apparatus_item(node.anchor)}"{label}>'
                f"{content}</a>")

    def sign_text(self, text: str) -> str:
        """Count a sign the renderer generates; markers inside it go before it."""
        markers = self._due(self._pos + len(text))
        self._pos += len(text)
        return markers

    # -- page-break markers ----------------------------------------------------------

    def _marker(self, marker: Marker) -> str:
        self.placed.append(marker)
        return marker_html(marker)

    def _due(self, limit: int) -> str:
        """Markers of offsets before ``limit``, in order."""
        out = []
        while self._queue and self._queue[0].offset < limit:
            out.append(self._marker(self._queue.pop(0)))
        return "".join(out)

    def _flush(self) -> str:
        return self._due(10**12)

    def text(self, node: m.Text) -> str:
        text = node.text
        end = self._pos + len(text)
        out: list[str] = []
        cut = 0
        while self._queue and self._queue[0].offset < end:
            at = max(self._queue[0].offset - self._pos, cut)
            out += [str(escape(text[cut:at])), self._marker(self._queue.pop(0))]
            cut = at
        out.append(str(escape(text[cut:])))
        self._pos = end
        return "".join(out)

    def line_break(self, node: m.LineBreak) -> str:
        return self.sign_text(" ") + "<br/>"

    # -- lines between blocks (signatures, section headings, apparatus entries) ------

    def line_lead(self, anchor: str) -> Markup:
        """The markers of the line ``anchor`` at its start; the others wait for
        :meth:`line_words`."""
        self._line = list(self.breaks.get(anchor, ()))
        lead = [self._marker(mk) for mk in self._line if mk.offset == 0]
        self._line = [mk for mk in self._line if mk.offset > 0]
        return Markup("".join(lead))

    def line_words(self, html: str) -> Markup:
        """``html`` (the line's text, already rendered) with the waiting markers before
        the word each one counts to; those past its last word at its end."""
        out: list[str] = []
        words = 0
        for piece in re.split(r"(<[^>]*>|&[#\w]+;)", str(html)):
            if piece.startswith(("<", "&")):
                out.append(piece)
                continue
            cut = 0
            for word in re.finditer(r"\w+", piece):
                while self._line and self._line[0].offset <= words:
                    out += [piece[cut:word.start()], self._marker(self._line.pop(0))]
                    cut = word.start()
                words += 1
            out.append(piece[cut:])
        out += [self._marker(mk) for mk in self._line]
        self._line = []
        return Markup("".join(out))

    # -- blocks ----------------------------------------------------------------------

    def top_block(self, anchor: str, block: m.Block, cls: str = "", prefix: str = "") -> Markup:
        """A top-level block with the id of :func:`edition.layout.facts.block_anchors` and
        its page-break markers; a marker at offset 0 goes just before the block. ``prefix``
        (a note's backlink) opens the block's first paragraph. An empty paragraph writes
        nothing but its markers."""
        lead = self._begin(anchor, block)
        if isinstance(block, m.Paragraph) and not block.children:
            return Markup(lead + self._flush())
        attrs = f' id="{anchor}"' + (f' class="{cls}"' if cls else "")
        return Markup(lead + self._block(block, attrs, prefix) + self._flush())

    def top_inlines(self, anchor: str, nodes: list[m.Inline]) -> tuple[Markup, Markup]:
        """A one-paragraph block written inside other markup (the title of a document):
        the markers due before it, and its content with the rest of its markers."""
        lead = self._begin(anchor, m.Paragraph(nodes))
        inner = str(self.inlines(nodes))  # plain str: Markup + str would escape the str
        return Markup(lead), Markup(inner + self._flush())

    def _begin(self, anchor: str, block: m.Block) -> str:
        self._queue = list(self.breaks.get(anchor, ()))
        self._pos = 0
        self._paras_left = sum(1 for _ in paragraphs([block]))
        return self._due(1)

    def paragraph(self, node: m.Paragraph) -> str:
        return self._block(node)

    def quote(self, node: m.BlockQuote) -> str:
        return self._block(node)

    def list_block(self, node: m.ListBlock) -> str:
        return self._block(node)

    def _block(self, block: m.Block, attrs: str = "", prefix: str = "") -> str:
        if isinstance(block, m.Paragraph):
            start = self._due(self._pos + 1)
            inner = self.inlines(block.children)
            self._paras_left -= 1
            tail = self._flush() if self._paras_left == 0 else ""
            return f"<p{attrs}>{prefix}{start}{inner}{tail}</p>"
        if isinstance(block, m.BlockQuote):
            return f"<blockquote{attrs}>{self._sequence([block.blocks])}</blockquote>"
        tag = "ol" if block.ordered else "ul"
        if list_class(block):  # one class attribute, with the block's own class if any
            attrs = attrs.replace(' class="', ' class="labelled ', 1) \
                if ' class="' in attrs else attrs + list_class(block)
        return (f"<{tag}{attrs}{list_start(block)}>"
                f"{self._sequence(block.items, '<li>', '</li>')}</{tag}>")

    def _sequence(self, groups: list[list[m.Block]], open_: str = "", close: str = "") -> str:
        """Blocks whose texts ``block_text`` joins with '\\n' (one character each)."""
        out = []
        first = True
        for group in groups:
            parts = []
            for block in group:
                if not first:
                    self._pos += 1
                first = False
                parts.append(self._block(block))
            out.append(open_ + "".join(parts) + close)
        return "".join(out)

    def plain_blocks(self, blocks: list[m.Block]) -> Markup:
        """Blocks without ids or markers (front matter, glosses)."""
        self._queue = []
        return Markup("".join(self._block(b) for b in blocks))

    def note_body(self, doc: m.Document, note: m.Note) -> Markup:
        """A note's blocks with their anchors; the backlink to its call opens the first
        paragraph (or stands alone before a note that opens with a quotation or list)."""
        backlink = (f'<a class="backlink" epub:type="backlink" role="doc-backlink" '
                    f'href="#{anchors.call(doc.id, note.id)}">{escape(note.mark)}</a> ')
        out = []
        if not note.blocks or not isinstance(note.blocks[0], m.Paragraph):
            out.append(f'<p class="note-mark">{backlink}</p>')
            backlink = ""
        for i, block in enumerate(note.blocks, 1):
            out.append(self.top_block(anchors.note_block(doc.id, note.id, i), block,
                                      prefix=backlink if i == 1 else ""))
        return Markup("".join(out))
