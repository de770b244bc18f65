"""Model nodes to HTML, for the Jinja2 templates of every writer.

All source text is escaped: nothing from an edition is ever trusted as HTML. A writer
subclasses :class:`HtmlRenderer` to decide how note calls, names and cross-references
look in its output (a footnote float in print, a linked ``noteref`` in the EPUB).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from . import model as m


class HtmlRenderer:
    """Renders inline nodes and blocks; override the hooks for each output."""

    def __init__(self, edition: m.Edition):
        self.edition = edition
        self.signs = edition.signs

    # -- hooks -----------------------------------------------------------------------

    def note_ref(self, ref: m.NoteRef) -> str:
        return f'<sup class="call"><a href="#{ref.anchor}">{escape(ref.mark)}</a></sup>'

    def mention(self, node: m.Mention, inner: str) -> str:
        return f'<span class="name {node.kind}" id="{node.anchor}">{inner}</span>'

    def crossref(self, node: m.CrossRef, inner: str) -> str:
        if node.external:
            return f'<span class="xref external">{inner}</span>'
        return f'<a class="xref" href="#{self.crossref_target(node.target)}">{inner}</a>'

    def crossref_target(self, target: str) -> str:
        """The anchor a cross-reference points to: a document, or 'doc/note'."""
        if "/" in target:
            doc, _, note = target.partition("/")
            return f"note-{doc}-{note}"
        for doc in self.edition.documents:
            if doc.id == target:
                return f"doc-{doc.id}"
            if target in doc.notes:
                return doc.notes[target].anchor
        return target

    def editorial(self, node: m.Editorial, inner: str) -> str:
        anchor = f' id="{node.anchor}"' if node.anchor else ""
        title = f' title="{escape(node.reason)}"' if node.reason else ""
        if isinstance(node, m.Supplied):
            return f'<span class="supplied"{anchor}{title}>[{inner}]</span>'
        if isinstance(node, m.Omission):
            return f'<span class="omission"{anchor}{title}>{escape(self.signs.omission)}</span>'
        if isinstance(node, m.Gap):
            text = inner or escape(self.signs.gap)
            return f'<span class="gap"{anchor}{title}>[<i>{text}</i>]</span>'
        if isinstance(node, m.Illegible):
            text = escape(f"{node.extent} {self.signs.illegible}".strip())
            return f'<span class="illegible"{anchor}{title}>[<i>{text}</i>]</span>'
        if isinstance(node, m.Sic):
            return (f'<span class="sic"{anchor}{title}>{inner}'
                    f' [<i>{escape(self.signs.sic)}</i>]</span>')
        return f'<span class="emendation"{anchor}{title}>{inner}</span>'

    # -- walking ---------------------------------------------------------------------

    def inlines(self, nodes: list[m.Inline]) -> Markup:
        return Markup("".join(self._inline(n) for n in nodes))

    def _inline(self, node: m.Inline) -> str:
        if isinstance(node, m.Text):
            return str(escape(node.text))
        if isinstance(node, m.LineBreak):
            return "<br/>"
        if isinstance(node, m.NoteRef):
            return self.note_ref(node)
        inner = self.inlines(node.children)
        if isinstance(node, m.Emph):
            return f"<em>{inner}</em>"
        if isinstance(node, m.Strong):
            return f"<strong>{inner}</strong>"
        if isinstance(node, m.SmallCaps):
            return f'<span class="sc">{inner}</span>'
        if isinstance(node, m.Mention):
            return self.mention(node, inner)
        if isinstance(node, m.CrossRef):
            return self.crossref(node, inner)
        if isinstance(node, m.Editorial):
            return self.editorial(node, inner)
        return str(inner)

    def blocks(self, blocks: list[m.Block], p_class: str = "") -> Markup:
        cls = f' class="{p_class}"' if p_class else ""
        out = []
        for block in blocks:
            if isinstance(block, m.Paragraph):
                out.append(f"<p{cls}>{self.inlines(block.children)}</p>")
            elif isinstance(block, m.BlockQuote):
                out.append(f"<blockquote>{self.blocks(block.blocks)}</blockquote>")
            else:
                tag = "ol" if block.ordered else "ul"
                start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
                items = "".join(f"<li>{self.blocks(item)}</li>" for item in block.items)
                out.append(f"<{tag}{start}>{items}</{tag}>")
        return Markup("".join(out))
