"""One way to walk the document model, and how every editorial sign prints.

:class:`Visitor` dispatches each block and inline node to a method named for its kind
and, by default, visits children and joins the results; the reading text (:func:`plain`),
the HTML of every writer and the page-map offsets are visitors. :func:`walk` and
:func:`walk_blocks` iterate over nodes for readers and the resolver. The text of an
editorial sign (brackets, the omission sign, '[sic]') comes from :func:`sign_pieces` only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from . import model as m

T = TypeVar("T")

# -- iteration -------------------------------------------------------------------------


def walk(nodes: list[m.Inline]) -> Iterator[m.Inline]:
    """Every inline node, depth first."""
    for node in nodes:
        yield node
        if isinstance(node, m.Container):
            yield from walk(node.children)


def paragraphs(blocks: list[m.Block]) -> Iterator[m.Paragraph]:
    """Every paragraph inside ``blocks``, in reading order."""
    for block in blocks:
        if isinstance(block, m.Paragraph):
            yield block
        elif isinstance(block, m.BlockQuote):
            yield from paragraphs(block.blocks)
        else:
            for item in block.items:
                yield from paragraphs(item)


def walk_blocks(blocks: list[m.Block]) -> Iterator[m.Inline]:
    """Every inline node inside ``blocks``."""
    for para in paragraphs(blocks):
        yield from walk(para.children)


# -- editorial signs -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lit:
    """Text the edition adds around or instead of the source's words."""

    text: str
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Children:
    """The node's own text (its children)."""

    italic: bool = False


Piece = Lit | Children

CSS_CLASS = {m.Supplied: "supplied", m.Omission: "omission", m.Gap: "gap",
             m.Illegible: "illegible", m.Sic: "sic", m.Emendation: "emendation"}


def sign_pieces(node: m.Editorial, signs: m.Signs) -> list[Piece]:
    """How an editorial node prints: literal text and its own text, in order."""
    if isinstance(node, m.Supplied):
        return [Lit("["), Children(), Lit("]")]
    if isinstance(node, m.Omission):
        return [Lit(signs.omission)]
    if isinstance(node, m.Gap):
        inner: Piece = Children(italic=True) if plain(node.children, signs) \
            else Lit(signs.gap, italic=True)
        return [Lit("["), inner, Lit("]")]
    if isinstance(node, m.Illegible):
        return [Lit("["), Lit(f"{node.extent} {signs.illegible}".strip(), italic=True), Lit("]")]
    if isinstance(node, m.Sic):
        return [Children(), Lit(" ["), Lit(signs.sic, italic=True), Lit("]")]
    return [Children()]


def split_pieces(pieces: list[Piece]) -> tuple[list[Lit], Children | None, list[Lit]]:
    """Literal pieces before the node's own text, that text (if shown), literals after."""
    for i, piece in enumerate(pieces):
        if isinstance(piece, Children):
            return pieces[:i], piece, pieces[i + 1:]  # type: ignore[return-value]
    return pieces, None, []  # type: ignore[return-value]


# -- the visitor -----------------------------------------------------------------------

_INLINE = {m.Text: "text", m.LineBreak: "line_break", m.NoteRef: "note_ref", m.Emph: "emph",
           m.Strong: "strong", m.SmallCaps: "small_caps", m.Underline: "underline",
           m.Superscript: "superscript", m.Label: "label", m.Lang: "lang",
           m.NoIndex: "no_index",
           m.Mention: "mention", m.CrossRef: "crossref", m.Target: "target",
           m.Container: "container"}
_INLINE.update(dict.fromkeys(CSS_CLASS, "editorial"))
_BLOCK = {m.Paragraph: "paragraph", m.BlockQuote: "quote", m.ListBlock: "list_block"}


class Visitor(Generic[T]):
    """Visits blocks and inline nodes; every method may be overridden.

    The defaults visit the children of a node and :meth:`join` the results, so a
    subclass only writes the kinds of node it treats differently. Leaves default to
    :meth:`empty`.
    """

    def join(self, parts: list[T]) -> T:
        raise NotImplementedError

    def empty(self) -> T:
        return self.join([])

    # blocks
    def blocks(self, blocks: list[m.Block]) -> T:
        return self.join([self.block(b) for b in blocks])

    def block(self, block: m.Block) -> T:
        return getattr(self, _BLOCK[type(block)])(block)

    def paragraph(self, node: m.Paragraph) -> T:
        return self.inlines(node.children)

    def quote(self, node: m.BlockQuote) -> T:
        return self.blocks(node.blocks)

    def list_block(self, node: m.ListBlock) -> T:
        return self.join([self.blocks(item) for item in node.items])

    # inline nodes
    def inlines(self, nodes: list[m.Inline]) -> T:
        return self.join([self.inline(n) for n in nodes])

    def inline(self, node: m.Inline) -> T:
        return getattr(self, _INLINE[type(node)])(node)

    def children(self, node: m.Container) -> T:
        return self.inlines(node.children)

    def text(self, node: m.Text) -> T:
        return self.empty()

    def line_break(self, node: m.LineBreak) -> T:
        return self.empty()

    def note_ref(self, node: m.NoteRef) -> T:
        return self.empty()

    def container(self, node: m.Container) -> T:
        """Every container a subclass does not treat on its own."""
        return self.children(node)

    def emph(self, node: m.Emph) -> T:
        return self.container(node)

    def strong(self, node: m.Strong) -> T:
        return self.container(node)

    def small_caps(self, node: m.SmallCaps) -> T:
        return self.container(node)

    def underline(self, node: m.Underline) -> T:
        return self.container(node)

    def superscript(self, node: m.Superscript) -> T:
        return self.container(node)

    def label(self, node: m.Label) -> T:
        return self.container(node)

    def lang(self, node: m.Lang) -> T:
        return self.container(node)

    def no_index(self, node: m.NoIndex) -> T:
        return self.container(node)

    def mention(self, node: m.Mention) -> T:
        return self.container(node)

    def crossref(self, node: m.CrossRef) -> T:
        return self.container(node)

    def target(self, node: m.Target) -> T:
        return self.container(node)

    def editorial(self, node: m.Editorial) -> T:
        return self.container(node)


class PlainText(Visitor[str]):
    """The reading text, notes left out; with ``signs``, editorial signs as they print
    (without, only the brackets of supplied text). Paragraphs of a block are joined
    by '\\n'."""

    def __init__(self, signs: m.Signs | None = None):
        self.signs = signs

    def join(self, parts: list[str]) -> str:
        return "".join(parts)

    def blocks(self, blocks: list[m.Block]) -> str:
        return "\n".join(self.block(b) for b in blocks)

    def list_block(self, node: m.ListBlock) -> str:
        return "\n".join(self.block(b) for item in node.items for b in item)

    def text(self, node: m.Text) -> str:
        return node.text

    def line_break(self, node: m.LineBreak) -> str:
        return " "

    def editorial(self, node: m.Editorial) -> str:
        if self.signs is None:
            inner = self.children(node)
            return f"[{inner}]" if isinstance(node, m.Supplied) else inner
        return "".join(p.text if isinstance(p, Lit) else self.children(node)
                       for p in sign_pieces(node, self.signs))


def plain(nodes: list[m.Inline], signs: m.Signs | None = None) -> str:
    """The reading text of inline nodes (see :class:`PlainText`)."""
    return PlainText(signs).inlines(nodes)


def block_text(block: m.Block, signs: m.Signs) -> str:
    """The reading text of a block with signs as printed, paragraphs joined by '\\n'."""
    return PlainText(signs).block(block)
