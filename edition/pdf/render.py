"""HTML for the print PDF: the Jinja2 templates of ``templates/print`` and their renderer."""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import model as m
from ..clock import build_time
from ..htmlrender import HtmlRenderer
from ..index import IndexEntry, Locator
from ..resolve import Resolved

ENV = Environment(loader=PackageLoader("edition", "templates/print"), autoescape=True,
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


NoteKey = tuple[str, str]  # (document id, note id)


@dataclass
class Repairs:
    """What the layout loop asks of a re-render of a chunk."""

    breaks: set[NoteKey] = field(default_factory=set)  # break before the call's paragraph
    demoted: set[NoteKey] = field(default_factory=set)  # page notes set at the document's end


class PrintRenderer(HtmlRenderer):
    """Page-series notes become WeasyPrint footnote floats at their call."""

    def __init__(self, res: Resolved, doc: m.Document | None = None,
                 repairs: Repairs | None = None):
        super().__init__(res.edition)
        self.res = res
        self.doc = doc
        self.repairs = repairs or Repairs()

    def note(self, ref: m.NoteRef) -> m.Note | None:
        return self.doc.notes.get(ref.note_id) if self.doc else None

    def is_footnote(self, note: m.Note) -> bool:
        return self.edition.note_series[note.series].placement == "page"

    def note_ref(self, ref: m.NoteRef) -> str:
        note = self.note(ref)
        if note is None:
            return ""
        mark = escape(ref.mark)
        if not self.is_footnote(note):
            return (f'<sup class="call" id="{ref.anchor}">'
                    f'<a href="#{note.anchor}">{mark}</a></sup>')
        if (note.doc_id, note.id) in self.repairs.demoted:
            body = Markup('See the note marked {} at the end of this document.').format(mark)
            note_id = f"{note.anchor}-pointer"
        else:
            body = self.blocks_inline(note.blocks)
            note_id = note.anchor
        return (f'<a class="call-anchor" id="{ref.anchor}"></a>'
                f'<span class="footnote" id="{note_id}" data-mark="{mark}">{body}</span>')

    def blocks_inline(self, blocks: list[m.Block]) -> Markup:
        """Blocks as spans, for a footnote that sits inside a paragraph."""
        out = []
        for block in blocks:
            if isinstance(block, m.Paragraph):
                out.append(f'<span class="fn-p">{self.inlines(block.children)}</span>')
            elif isinstance(block, m.BlockQuote):
                out.append(f'<span class="fn-quote">{self.blocks_inline(block.blocks)}</span>')
            else:
                for i, item in enumerate(block.items, block.start):
                    label = f"{i}." if block.ordered else "•"
                    out.append(f'<span class="fn-li">{label} {self.blocks_inline(item)}</span>')
        return Markup("".join(out))

    def blocks(self, blocks: list[m.Block], p_class: str = "") -> Markup:
        out = []
        for block in blocks:
            cls = p_class
            if isinstance(block, m.Paragraph) and self._breaks_before(block):
                cls = f"{cls} force-break".strip()
            out.append(super().blocks([block], cls))
        return Markup("".join(out))

    def anchored_blocks(self, blocks: list[m.Block], prefix: str) -> Markup:
        """Top-level blocks with the ids of :func:`pagemap.block_anchors`; every paragraph
        inside says which block it belongs to (data-block) and its place in it
        (data-para), so the layout can tell where each page begins."""
        out = []
        for i, block in enumerate(blocks, 1):
            anchor = f"{prefix}-{i}"
            if isinstance(block, m.Paragraph):
                cls = " force-break" if self._breaks_before(block) else ""
                out.append(f'<p id="{anchor}" class="{cls.strip()}" data-block="{anchor}" '
                           f'data-para="0">{self.inlines(block.children)}</p>')
            else:
                counter = iter(range(10**6))
                out.append(f'<div id="{anchor}" class="block">'
                           f"{self._nested(block, anchor, counter)}</div>")
        return Markup("".join(out))

    def _nested(self, block: m.Block, anchor: str, counter) -> str:
        if isinstance(block, m.Paragraph):
            cls = ' class="force-break"' if self._breaks_before(block) else ""
            return (f'<p{cls} data-block="{anchor}" data-para="{next(counter)}">'
                    f"{self.inlines(block.children)}</p>")
        if isinstance(block, m.BlockQuote):
            inner = "".join(self._nested(b, anchor, counter) for b in block.blocks)
            return f"<blockquote>{inner}</blockquote>"
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        items = "".join("<li>" + "".join(self._nested(b, anchor, counter) for b in item)
                        + "</li>" for item in block.items)
        return f"<{tag}{start}>{items}</{tag}>"

    def _breaks_before(self, block: m.Paragraph) -> bool:
        doc_id = self.doc.id if self.doc else ""
        return any(isinstance(n, m.NoteRef) and (doc_id, n.note_id) in self.repairs.breaks
                   for n in m.walk(block.children))


def build_date() -> str:
    """The build date for the imprint (SOURCE_DATE_EPOCH when set)."""
    return build_time().strftime("%-d %B %Y")


def runhead(doc: m.Document) -> str:
    return f"No. {doc.number} · {doc.date.display()}"


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


def render_documents(res: Resolved, docs: list[m.Document], repairs: Repairs) -> str:
    """One chunk of documents, each starting on a new page."""
    items = [dict(doc=doc, r=PrintRenderer(res, doc, repairs), dateline=doc.dateline(),
                  endnotes=printed_endnotes(res, doc, repairs),
                  apparatus=res.apparatus.get(doc.id, [])) for doc in docs]
    return ENV.get_template("document.html").render(ed=res.edition, items=items)


@dataclass
class TocEntry:
    label: str
    anchor: str
    page: str
    level: int = 1
    number: str = ""


def render_front(res: Resolved, toc: list[TocEntry], typography: list[str],
                 phantoms: list[str]) -> str:
    """The front matter; ``phantoms`` are the anchors its contents link to elsewhere."""
    r = PrintRenderer(res)
    ed = res.edition
    persons = sorted(ed.persons.values(), key=lambda a: a.sort.casefold())
    return ENV.get_template("front.html").render(
        ed=ed, r=r, toc=toc, typography=typography, persons=persons,
        built=build_date(), series=list(ed.note_series.values()), phantoms=phantoms,
    )


@dataclass
class IndexView:
    title: str
    anchor: str
    entries: list[tuple[IndexEntry, list[Locator]]]


def render_back(res: Resolved, indexes: list[IndexView], phantoms: list[str]) -> str:
    """The indexes; ``phantoms`` are the anchors they link to in other chunks."""
    return ENV.get_template("back.html").render(ed=res.edition, r=PrintRenderer(res),
                                                indexes=indexes, phantoms=phantoms)
