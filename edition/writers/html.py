"""Model nodes to HTML, for the Jinja2 templates of every writer.

All source text is escaped: nothing from an edition is ever trusted as HTML. A writer
subclasses :class:`HtmlRenderer` to decide how note calls, names and cross-references
look in its output (a footnote float in print, a linked ``noteref`` in the EPUB).
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup, escape

from .. import anchors
from .. import model as m
from ..layout.facts import LayoutFacts
from ..present import Views
from ..visit import CSS_CLASS, Lit, Visitor, plain, sign_pieces, split_pieces


def lits_html(pieces: list[Lit]) -> str:
    """Literal sign text, italic where the sign is."""
    return "".join(f"<i>{escape(p.text)}</i>" if p.italic else str(escape(p.text))
                   for p in pieces)


class HtmlRenderer(Visitor[str]):
    """Renders inline nodes and blocks; override the hooks for each output."""

    def __init__(self, views: Views, doc: m.Document | None = None,
                 facts: LayoutFacts | None = None):
        self._glue = ("", "")  # text set inside the next element's edges (see take_glue)
        self.views = views
        self.edition = views.res.edition
        self.doc = doc
        self.facts = facts  # pages and lines of the print layout, for cross-references
        self.signs = self.edition.signs

    def join(self, parts: list[str]) -> str:
        return "".join(parts)

    # -- hooks -----------------------------------------------------------------------

    def note_ref(self, node: m.NoteRef) -> str:
        return f'<sup class="call"><a href="#{node.anchor}">{escape(node.mark)}</a></sup>'

    def take_glue(self) -> tuple[str, str]:
        """The characters glued to the element being written, to set inside its edges
        (the print writer's ``inlines``; nothing elsewhere), escaped; taken once."""
        before, after = self._glue
        self._glue = ("", "")
        return str(escape(before)), str(escape(after))

    def mention(self, node: m.Mention) -> str:
        before, after = self.take_glue()
        return (f'<span class="name {node.kind}" id="{node.anchor}">{before}'
                f"{self.children(node)}{after}</span>")

    def xref_inner(self, node: m.CrossRef) -> str:
        """The text of a cross-reference: the editor's, or the words it resolves to."""
        if node.children or self.doc is None:
            return self.children(node)
        return self.text(m.Text(self.views.xref_text(self.doc, node, self.facts)))

    def crossref(self, node: m.CrossRef) -> str:
        before, after = self.take_glue()
        inner = before + self.xref_inner(node) + after
        if node.external:
            return f'<span class="xref external">{inner}</span>'
        return f'<a class="xref" href="#{self.crossref_target(node.target)}">{inner}</a>'

    def crossref_target(self, target: str) -> str:
        """The anchor a cross-reference points to: a document or a note."""
        found = self.edition.target(self.doc, target) if self.doc else None
        if found is None and self.doc is None:
            found = next((self.edition.target(d, target) for d in self.edition.documents
                          if self.edition.target(d, target)), None)
        if found is None:
            return target
        if found.note_id:
            return anchors.note(found.doc_id, found.note_id)
        if found.target:
            return anchors.target(found.doc_id, found.target)
        return anchors.document(found.doc_id)

    def target(self, node: m.Target) -> str:
        before, after = self.take_glue()
        return (f'<span class="target" id="{node.anchor}">{before}{self.children(node)}'
                f"{after}</span>")

    def lemma(self, node: m.Editorial, content: str) -> str:
        """The content of an editorial sign; the EPUB links a lemma to its entry."""
        return content

    def sign_text(self, text: str) -> str:
        """Called with the text of the signs an editorial node adds, in reading order;
        returns markup to set before it (the EPUB's page-break markers)."""
        return ""

    def paragraph_attrs(self, node: m.Paragraph) -> str:
        return ""

    # -- nodes -----------------------------------------------------------------------

    @staticmethod
    def tied(nodes: list[m.Inline]) -> list[m.Inline]:
        """A heading with its last two words tied (:func:`tie_last_word`)."""
        return tie_last_word(nodes)

    def inlines(self, nodes: list[m.Inline]) -> Markup:
        return Markup(super().inlines(nodes))

    def text(self, node: m.Text) -> str:
        return str(escape(node.text))

    def line_break(self, node: m.LineBreak) -> str:
        return "<br/>"

    def emph(self, node: m.Emph) -> str:
        return f"<em>{self.children(node)}</em>"

    def strong(self, node: m.Strong) -> str:
        return f"<strong>{self.children(node)}</strong>"

    def small_caps(self, node: m.SmallCaps) -> str:
        return f'<span class="sc">{self.children(node)}</span>'

    def underline(self, node: m.Underline) -> str:
        return f'<span class="u">{self.children(node)}</span>'

    def superscript(self, node: m.Superscript) -> str:
        return f"<sup>{self.children(node)}</sup>"

    def label(self, node: m.Label) -> str:
        return f'<span class="label">{self.children(node)}</span>'

    def lang(self, node: m.Lang) -> str:
        inner = self.children(node)
        return f'<span lang="{escape(node.lang)}"{self.lang_extra(node)}>{inner}</span>'

    def lang_extra(self, node: m.Lang) -> str:
        """More attributes of a language span (the EPUB's xml:lang)."""
        return ""

    def editorial(self, node: m.Editorial) -> str:
        glue_before, glue_after = self.take_glue()
        lead, own, trail = split_pieces(sign_pieces(node, self.signs))
        attrs = (f' id="{node.anchor}"' if node.anchor else "") + \
            (f' title="{escape(node.reason)}"' if node.reason else "")
        before = self.sign_text("".join(p.text for p in lead)) if lead else ""
        inner = ""
        if own is not None:
            inner = self.children(node)
            inner = f"<i>{inner}</i>" if own.italic else inner
        after = self.sign_text("".join(p.text for p in trail)) if trail else ""
        content = self.lemma(node, f"{lits_html(lead)}{inner}{after}{lits_html(trail)}")
        return (f'{before}<span class="{CSS_CLASS[type(node)]}"{attrs}>{glue_before}{content}'
                f"{glue_after}</span>")

    def blocks(self, blocks: list[m.Block]) -> Markup:
        return Markup(super().blocks(blocks))

    def paragraph(self, node: m.Paragraph) -> str:
        return f"<p{self.paragraph_attrs(node)}>{self.inlines(node.children)}</p>"

    def quote(self, node: m.BlockQuote) -> str:
        return f"<blockquote>{self.blocks(node.blocks)}</blockquote>"

    def list_block(self, node: m.ListBlock) -> str:
        tag = "ol" if node.ordered else "ul"
        items = "".join(f"<li>{self.blocks(item)}</li>" for item in node.items)
        return f"<{tag}{self.list_attrs(node)}>{items}</{tag}>"

    def list_attrs(self, node: m.ListBlock) -> str:
        return list_start(node) + list_class(node)


def tie_last_word(nodes: list[m.Inline], min_words: int = 4) -> list[m.Inline]:
    """A heading's last two words tied by a no-break space, so that no word stands alone
    on its last line; headings of fewer than ``min_words`` words are left as they are."""
    if len(plain(nodes).split()) < min_words:
        return nodes
    tied, _ = _tie(nodes, False)
    return nodes if tied is None else tied


def _tie(nodes: list[m.Inline], after: bool) -> tuple[list[m.Inline] | None, bool]:
    """``nodes`` with their last space before a word made no-break (None if there is
    none), and whether a word has been seen; ``after``: a word follows the nodes."""
    for i in range(len(nodes) - 1, -1, -1):
        node = nodes[i]
        if isinstance(node, m.Text):
            text = node.text
            spaces = [k for k, ch in enumerate(text) if ch == " "
                      and (after or text[k + 1:].strip())]
            if spaces:
                k = spaces[-1]
                tied = m.Text(text[:k] + "\xa0" + text[k + 1:])
                return [*nodes[:i], tied, *nodes[i + 1:]], True
            after = after or bool(text.strip())
        elif isinstance(node, m.Container) and not isinstance(node, m.Editorial):
            inner, after = _tie(node.children, after)
            if inner is not None:
                return [*nodes[:i], replace(node, children=inner), *nodes[i + 1:]], True
    return None, after


def list_start(node: m.ListBlock) -> str:
    return f' start="{node.start}"' if node.ordered and node.start != 1 else ""


def list_class(node: m.ListBlock) -> str:
    """``labelled`` for a bullet list whose every item opens with the label the source
    prints ('(a)', 'I.'): the label is its marker, and no bullet is drawn beside it."""
    def opens_with_label(item: list[m.Block]) -> bool:
        return bool(item) and isinstance(item[0], m.Paragraph) and \
            bool(item[0].children) and isinstance(item[0].children[0], m.Label)
    if node.ordered or not all(opens_with_label(item) for item in node.items):
        return ""
    return ' class="labelled"'


# elements whose edges must fall at spaces (see SpacedEdges)
_WORDY = (m.Mention, m.CrossRef, m.Editorial, m.Target)


def _glued_before(text: str) -> int:
    """Where the characters glued to the end of ``text`` ("(", "“") begin."""
    i = len(text)
    while i and not text[i - 1].isspace():
        i -= 1
    return i


def _glued_after(text: str) -> int:
    """Where the characters glued to the start of ``text`` (",", ")."…) end."""
    i = 0
    while i < len(text) and not text[i].isspace():
        i += 1
    return i


class SpacedEdges:
    """For the outputs laid out by WeasyPrint (print, handouts): element edges at spaces.
    Mixed in before :class:`HtmlRenderer`."""

    def inlines(self, nodes: list[m.Inline]) -> Markup:
        """A name, cross-reference, target or editorial sign takes in the characters
        glued to it ("(" or "“" before; ",", ")." or "’s" after), so that every element
        edge falls at a space or a no-break space. WeasyPrint shapes and breaks each run
        of text apart: an edge inside a word loses the kerning across it and hides the
        word from hyphenation, and the lines would break where the same text without the
        element does not. The element keeps its id; its first glyph is at most a "(" or
        "“" before the word, never on another line."""
        texts = {i: n.text for i, n in enumerate(nodes) if isinstance(n, m.Text)}
        glue: dict[int, tuple[str, str]] = {}
        for i, node in enumerate(nodes):
            if not isinstance(node, _WORDY):
                continue
            before = after = ""
            if i - 1 in texts:
                cut = _glued_before(texts[i - 1])
                before, texts[i - 1] = texts[i - 1][cut:], texts[i - 1][:cut]
            if i + 1 in texts:
                cut = _glued_after(texts[i + 1])
                after, texts[i + 1] = texts[i + 1][:cut], texts[i + 1][cut:]
            glue[i] = (before, after)
        out = []
        for i, node in enumerate(nodes):
            if i in texts:
                out.append(self.text(m.Text(texts[i])) if texts[i] else "")
                continue
            self._glue = glue.get(i, ("", ""))
            html = self.inline(node)
            before, after = self.take_glue()  # left by a hook that writes no element
            out.append(before + html + after)
        return Markup("".join(out))

