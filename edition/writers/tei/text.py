"""Model text → TEI: every block and inline node, and each note where its call stands.

One :class:`~edition.visit.Visitor` whose results are lists of text and lxml elements;
docs/tei-export.md gives the mapping as a table.
"""

from __future__ import annotations

from ... import model as m
from ...diagnostics import Diagnostic
from ...visit import Visitor
from .context import Context, note_id, target_id
from .xml import Pieces, tei

HI = {m.Emph: "italic", m.Strong: "strong", m.SmallCaps: "smallcaps",
      m.Underline: "underline", m.Superscript: "superscript"}


def leading_label(item: list[m.Block]) -> tuple[m.Label | None, list[m.Block]]:
    """The label that opens a list item, and the item without it."""
    first = item[0] if item else None
    if not isinstance(first, m.Paragraph) or not first.children \
            or not isinstance(first.children[0], m.Label):
        return None, item
    return first.children[0], [m.Paragraph(first.children[1:]), *item[1:]]


class TeiText(Visitor[Pieces]):
    """The TEI of the text of ``doc`` (None: text outside the documents)."""

    def __init__(self, ctx: Context, doc: m.Document | None = None):
        self.ctx = ctx
        self.doc = doc

    def join(self, parts: list[Pieces]) -> Pieces:
        return [piece for part in parts for piece in part]

    # -- blocks ----------------------------------------------------------------------

    def paragraph(self, node: m.Paragraph) -> Pieces:
        return [tei("p", None, self.inlines(node.children))]

    def quote(self, node: m.BlockQuote) -> Pieces:
        return [tei("quote", {"rend": "blockquote"}, self.blocks(node.blocks))]

    def list_block(self, node: m.ListBlock) -> Pieces:
        """An ordered list numbers its items (@n); in another, the label that opens an
        item stands before it, as FRUS encodes its lists ('(a)', 'I.')."""
        content: Pieces = []
        for i, item in enumerate(node.items):
            label, rest = (None, item) if node.ordered else leading_label(item)
            if label is not None:
                content.append(tei("label", None, self.children(label)))
            content.append(tei("item", {"n": str(node.start + i)} if node.ordered else None,
                               self.special(rest)))
        return [tei("list", {"rend": "numbered"} if node.ordered else None, content)]

    def special(self, blocks: list[m.Block]) -> Pieces:
        """The content of an item or a note: one paragraph as its text alone (as FRUS
        encodes short notes and items), anything else as blocks."""
        if len(blocks) == 1 and isinstance(blocks[0], m.Paragraph):
            return self.inlines(blocks[0].children)
        return self.blocks(blocks)

    # -- inline nodes ----------------------------------------------------------------

    def text(self, node: m.Text) -> Pieces:
        return [node.text]

    def line_break(self, node: m.LineBreak) -> Pieces:
        return [tei("lb")]

    def note_ref(self, node: m.NoteRef) -> Pieces:
        """The note itself, where its call stands (TEI notes sit at their call). A call
        outside the documents (front matter, a part's title) names no note: an error."""
        if self.doc is None:
            self.ctx.problems.append(Diagnostic(
                node.loc or self.ctx.edition_file,
                f"a note call outside the documents ([^{node.note_id}])",
                "notes belong to documents; remove the call or move it into a document"))
            return []
        note = self.doc.notes[node.note_id]
        xml_id = self.ctx.claim(note_id(self.doc.id, note.id),
                                f"note '{note.id}' of document '{self.doc.id}'", note.loc)
        return [tei("note", {"n": note.n or None, "xml:id": xml_id, "type": note.series},
                    self.special(note.blocks))]

    def container(self, node: m.Container) -> Pieces:
        if type(node) in HI:
            return [tei("hi", {"rend": HI[type(node)]}, self.children(node))]
        return self.children(node)

    def label(self, node: m.Label) -> Pieces:
        return [tei("label", None, self.children(node))]

    def lang(self, node: m.Lang) -> Pieces:
        return [tei("foreign", {"xml:lang": node.lang}, self.children(node))]

    def no_index(self, node: m.NoIndex) -> Pieces:
        return [tei("seg", {"type": "noindex"}, self.children(node))]

    def mention(self, node: m.Mention) -> Pieces:
        name = "persName" if node.kind == "person" else "placeName"
        return [tei(name, {"corresp": f"#{node.target}"}, self.children(node))]

    def crossref(self, node: m.CrossRef) -> Pieces:
        """``ref``: FRUS's pointer to another volume ('frus1918v01#pg_5') for an external
        reference that was one (its id the pointer's, its description the pointer);
        other external references point to their ``bibl``."""
        ext = self.ctx.edition.externals.get(node.target)
        if ext is not None and ext.description.replace("#", ".") == ext.id \
                and ext.description.count("#") == 1:
            return [tei("ref", {"target": ext.description}, self.children(node))]
        return [tei("ref", {"target": f"#{self.pointer(node.target)}",
                            "type": "external" if ext is not None else None},
                    self.children(node))]

    def pointer(self, target: str) -> str:
        """The xml:id a cross-reference names: an external reference, a document, or a
        note or target of a document (text outside documents may name any document's)."""
        ed = self.ctx.edition
        if target in ed.externals:
            return target
        docs = [self.doc] if self.doc else ed.documents
        ref = next((r for d in docs if (r := ed.target(d, target))), None)
        if ref is None:  # only text outside the documents is left unchecked
            return target
        if ref.note_id:
            return note_id(ref.doc_id, ref.note_id)
        if ref.target in self.ctx.pages:
            return ref.target
        return target_id(ref.doc_id, ref.target) if ref.target else ref.doc_id

    def target(self, node: m.Target) -> Pieces:
        if self.doc is None:  # in the front matter: its name is its id
            xml_id = self.ctx.claim(node.name, f"target '{node.name}'", node.loc)
        elif node.name in self.ctx.pages:  # FRUS: a page break, named as in the volume
            xml_id = self.ctx.claim(node.name, f"page target '{node.name}' of document "
                                    f"'{self.doc.id}'", self.doc.targets[node.name])
            if not node.children:
                page = node.name.removeprefix("pg_") if node.name.startswith("pg_") else None
                return [tei("pb", {"n": page, "xml:id": xml_id})]
        else:
            where = self.doc.targets.get(node.name, self.doc.loc)
            xml_id = self.ctx.claim(target_id(self.doc.id, node.name),
                                    f"target '{node.name}' of document '{self.doc.id}'", where)
        return [tei("seg" if node.children else "anchor", {"xml:id": xml_id},
                    self.children(node))]

    def editorial(self, node: m.Editorial) -> Pieces:
        """An editorial sign as TEI encodes it, its reason a pointer (@ana) to a category
        of the header; the signs' own printed text ('[', '[…]', 'sic') is left out."""
        ana = self.ctx.reason(node.reason)
        inner = self.children(node)
        if isinstance(node, m.Emendation):
            return [tei("choice", None, [tei("sic", None, [node.orig]),
                                         tei("corr", {"ana": ana}, inner)])]
        if isinstance(node, m.Supplied | m.Sic):
            return [tei("supplied" if isinstance(node, m.Supplied) else "sic",
                        {"ana": ana}, inner)]
        if isinstance(node, m.Illegible) and inner:
            return [tei("unclear", {"reason": "illegible", "extent": node.extent or None,
                                    "ana": ana}, inner)]
        descs = [tei("desc", None, inner)] if inner else []
        if isinstance(node, m.Omission):
            attrs = {"reason": "omission", "ana": ana}
            descs = ([tei("desc", {"type": "mark"}, [node.mark])] if node.mark else []) + descs
        elif isinstance(node, m.Illegible):
            attrs = {"reason": "illegible", "extent": node.extent or None, "ana": ana}
        else:
            attrs = {"reason": "lacuna", "ana": ana}
        return [tei("gap", attrs, descs)]
