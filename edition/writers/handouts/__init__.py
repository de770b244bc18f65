"""The handouts writer: ``handouts/<id>.pdf`` and ``handouts/<id>-teacher.pdf`` for every
handout of the edition (or the one asked for).

A handout is laid out in one pass with WeasyPrint (templates/handouts, assets/handouts.css);
its lines are read off the layout and numbered within the handout, and the numbers (in
the left margin, and in the boxes of the textual notes) are drawn afterwards on an
overlay, so they never move a line. The teacher's version adds the answers and the notes
for the teacher after the questions, so its text has the same line numbers as the
students' version.
"""

from __future__ import annotations

import io

import pikepdf
from markupsafe import Markup, escape

from ... import anchors
from ... import model as m
from ...assets import stylesheet
from ...assets.face import baseline_shift
from ...clock import build_time
from ...diagnostics import Diagnostic
from ...layout.facts import LayoutFacts, saved_facts
from ...layout.lines import apparatus_stamps, number_lines
from ...layout.weasy import Engine, Laid, read_lines
from ...present import AppView, HandoutView, Views, handout_view
from ...visit import paragraphs, plain
from .. import Job, Written
from ..html import HtmlRenderer, SpacedEdges
from ..templates import environment

PAPER = {"a4": "A4", "letter": "letter"}
MARGINS = {"top": 24, "bottom": 26, "left": 28, "right": 52}  # mm: room to write on
PX = 96 / 25.4
NUMBER_SIZE = 11.0  # CSS px of the margin line numbers (8.25 pt)


class HandoutRenderer(SpacedEdges, HtmlRenderer):
    """Notes at the page foot, after the excerpt (``endnotes``: those the page foot could
    not hold), or none; block quotes counted as lines of the text."""

    def __init__(self, views: Views, doc: m.Document | None, notes: set[str],
                 facts: LayoutFacts | None, endnotes: set[str] = frozenset()):
        super().__init__(views, doc, facts)
        self.notes = notes  # the notes this handout prints
        self.endnotes = endnotes

    def note_ref(self, node: m.NoteRef) -> str:
        note = self.doc.notes.get(node.note_id) if self.doc else None
        if note is None or note.id not in self.notes:
            return ""
        mark = escape(node.mark)
        if note.id in self.endnotes:
            return f'<sup class="call">{mark}</sup>'
        return (f'<a class="call-anchor" id="{node.anchor}"></a>'
                f'<span class="footnote" id="{note.anchor}" data-mark="{mark}">'
                f"{self.note_text(note)}</span>")

    def note_text(self, note: m.Note) -> Markup:
        """A note's paragraphs as spans (a footnote sits inside a paragraph)."""
        spans = []
        for block in note.blocks:
            inner = "".join(f'<span class="fn-p">{self.inlines(p.children)}</span>'
                            for p in paragraphs([block]))
            spans.append(inner if isinstance(block, m.Paragraph)
                         else f'<span class="fn-quote">{inner}</span>')
        return Markup("".join(spans))

    def mention(self, node: m.Mention) -> str:
        return self.children(node)  # the glossary lists the names; no anchors needed

    def crossref(self, node: m.CrossRef) -> str:
        return self.xref_inner(node)  # a handout has no links

    def quote(self, node: m.BlockQuote) -> str:
        return f'<blockquote data-lines="quotes">{self.blocks(node.blocks)}</blockquote>'

    def body_block(self, block: m.Block) -> Markup:
        return Markup(self.block(block))


def citation(views: Views, view: HandoutView, facts: LayoutFacts | None) -> dict[str, str]:
    """'From: <edition>, No. 1, pp. 3–5 (paragraphs 6, 9, 11).' for every excerpt."""
    ed = views.res.edition
    out = {}
    for ex in view.excerpts:
        doc = ex.view.doc
        chosen = [n for item in ex.blocks if item for n in [item[0]]]
        pages = sorted({int(facts.anchors[a]) for n in chosen
                        if (a := anchors.body_block(doc.id, n)) in facts.anchors
                        and facts.anchors[a].isdigit()}) if facts else []
        where = f"No. {doc.number}"
        if pages:
            where += f", p. {pages[0]}" if pages[0] == pages[-1] else \
                f", pp. {pages[0]}–{pages[-1]}"
        part = "" if ex.whole else " (paragraph" + ("s " if len(chosen) > 1 else " ") + \
            ", ".join(map(str, chosen)) + ")"
        out[doc.id] = f"From: {ed.title}, {where}{part}."
    return out


def _page_css(handout: m.Handout) -> str:
    g = MARGINS
    return (f"@page {{ size: {PAPER[handout.paper]}; "
            f"margin: {g['top']}mm {g['right']}mm {g['bottom']}mm {g['left']}mm; }}")


def _overlay_css(handout: m.Handout) -> str:
    none = ("@top-left { content: none; } @top-right { content: none; } "
            "@bottom-right { content: none; } @top-center { content: none; } "
            "@bottom-center { content: none; } @bottom-left { content: none; }")
    g = MARGINS
    return (f"@page {{ size: {PAPER[handout.paper]}; margin: {g['top']}mm {g['right']}mm "
            f"{g['bottom']}mm {g['left']}mm; {none} }}\n"
            "html, body { margin: 0; } .fp { break-before: page; height: 1px; "
            "position: relative; } .fp:first-child { break-before: auto; }\n"
            ".ln, .al { position: absolute; line-height: 0; white-space: nowrap; "
            "font-variant-numeric: lining-nums tabular-nums; }\n"
            f".ln {{ font-size: {NUMBER_SIZE}px; right: calc(100% + 5mm); text-align: right; }}")


class _Handout:
    """One handout of one build: its HTML, layout, line numbers and PDF."""

    def __init__(self, job: Job, handout: m.Handout, facts: LayoutFacts | None):
        self.job, self.handout, self.facts = job, handout, facts
        self.views = job.views
        ed = self.views.res.edition
        css, styles_dir = stylesheet("handouts", ed.source_dir)
        self.engine = Engine(ed.source_dir, css, styles_dir)
        self.env = environment("handouts", ed.source_dir)
        self.view = handout_view(self.views, handout)

    def keyed(self, entry: AppView) -> bool:
        return bool(self.handout.line_numbers) and entry.entry.place.kind in ("body", "quotes")

    def html(self, teacher: bool, endnotes: set[str]) -> str:
        notes = {n.id for ex in self.view.excerpts for n in ex.notes}
        items = [(ex, HandoutRenderer(self.views, ex.view.doc, notes, self.facts, endnotes))
                 for ex in self.view.excerpts]
        return self.env.get_template("handout.html").render(
            ed=self.views.res.edition, h=self.handout, view=self.view, items=items,
            teacher=teacher, r=HandoutRenderer(self.views, None, notes, self.facts),
            endnotes=endnotes, a=anchors, keyed=self.keyed,
            citations=citation(self.views, self.view, self.facts))

    def layout(self, teacher: bool) -> Laid:
        """The handout laid out with every footnote on the page of its call: a note the
        page foot cannot hold there is set after its excerpt instead."""
        notes = [(ex.view.doc, n) for ex in self.view.excerpts for n in ex.notes]
        endnotes: set[str] = set()
        while True:  # one more note after the text each time, the longest misplaced first
            laid = self.engine.render(self.html(teacher, endnotes), _page_css(self.handout))
            found = laid.anchors
            wrong = [n for doc, n in notes if n.id not in endnotes
                     and found.get(n.anchor) != found.get(anchors.call(doc.id, n.id))]
            if not wrong:
                return laid
            endnotes.add(max(wrong, key=lambda n: len(block_text_of(n))).id)

    def pdf(self, teacher: bool) -> tuple[bytes, int]:
        laid = self.layout(teacher)
        lines, points = read_lines(laid)
        config = m.LineNumbers(self.handout.line_numbers, "document", ["body", "quotes"], "left")
        numbered = number_lines(lines, config)
        keyed = [e.entry.anchor for ex in self.view.excerpts for e in ex.apparatus
                 if self.keyed(e)]
        stamps, _ = apparatus_stamps(keyed, numbered, points, "document")
        pages = [[] for _ in laid.pages]
        top, left = MARGINS["top"] * PX, MARGINS["left"] * PX
        for stamp in numbered.stamps:
            y = stamp.baseline - top - baseline_shift() * NUMBER_SIZE
            pages[stamp.page].append(f'<span class="ln" style="top: {y:.3f}px">'
                                     f"{escape(stamp.label)}</span>")
        for stamp in stamps:
            y = stamp.baseline - top - baseline_shift() * stamp.size
            pages[stamp.page].append(
                f'<span class="al" style="top: {y:.3f}px; left: {stamp.x - left:.3f}px; '
                f'font-size: {stamp.size:.3f}px">{escape(stamp.label)}</span>')
        overlay = self.engine.render(
            "<!DOCTYPE html><html><body>" + "".join(f'<div class="fp">{"".join(p)}</div>'
                                                    for p in pages) + "</body></html>",
            _overlay_css(self.handout))
        return _merge(laid.document.write_pdf(pdf_tags=True), overlay.document.write_pdf(),
                      self.handout, teacher), len(laid.pages)


def block_text_of(note: m.Note) -> str:
    return " ".join(plain(p.children) for p in paragraphs(note.blocks))


def _merge(content: bytes, overlay: bytes, handout: m.Handout, teacher: bool) -> bytes:
    """The content pages with the line numbers drawn over them, reproducibly."""
    pdf = pikepdf.open(io.BytesIO(content))
    numbers = pikepdf.open(io.BytesIO(overlay))
    for page, over in zip(pdf.pages, numbers.pages, strict=True):
        page.add_overlay(pdf.copy_foreign(over.as_form_xobject()))
    stamp = build_time().strftime("D:%Y%m%d%H%M%SZ")
    pdf.docinfo.Title = handout.title + (" (teacher’s version)" if teacher else "")
    pdf.docinfo.Producer = "edition (WeasyPrint, pikepdf)"
    pdf.docinfo.CreationDate = pdf.docinfo.ModDate = stamp
    out = io.BytesIO()
    pdf.save(out, compress_streams=True, deterministic_id=True)
    return out.getvalue()


def write(job: Job) -> Written:
    """Every handout (or ``job.options.handout`` only), students' and teacher's versions."""
    ed = job.views.res.edition
    facts = job.facts or saved_facts(job.out_dir, job.views.res.edition.slug)
    files: dict = {}
    warnings: list[Diagnostic] = []
    wanted = job.options.handout
    for handout in ed.handouts:
        if wanted and handout.id != wanted:
            continue
        one = _Handout(job, handout, facts)
        for teacher in (False, True):
            if job.options.teacher is not None and teacher != job.options.teacher:
                continue
            data, pages = one.pdf(teacher)
            name = f"{handout.id}-teacher.pdf" if teacher else f"{handout.id}.pdf"
            files[job.out_dir / "handouts" / name] = data
            if handout.pages and pages > handout.pages and not teacher:
                warnings.append(Diagnostic(handout.loc, f"handout '{handout.id}' has {pages} "
                                           f"pages, more than the {handout.pages} asked for",
                                           "choose fewer paragraphs or fewer questions, or "
                                           "raise 'pages'", "warning"))
    return Written(files, warnings)
