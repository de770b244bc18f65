"""The print writer: ``<slug>.pdf`` and its page map from the presented edition.

The volume is laid out in chunks (groups of documents, the indexes, the front matter)
that know nothing of their place in it (chunks.py), taken from the cache when unchanged
(cache.py), in worker processes when ``jobs`` > 1. The documents come first: their page
counts give every folio, so the indexes and the contents list are laid out once with
true numbers, and neither can shift a page they point to. One furniture pass sets the
running heads and folios (furniture.py); pikepdf assembles the pages (assemble.py). The
layout facts (where pages begin, the page of every anchor) go to the other writers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ... import anchors
from ...assets.face import FAMILY, baseline_shift, missing_glyphs
from ...clock import build_time
from ...diagnostics import Diagnostic, EditionError, Loc
from ...layout.facts import LayoutFacts, PageStart, facts_path, saved_facts
from ...layout.lines import Stamp, span_label
from ...layout.weasy import Word
from ...present import Views, locators
from ...resolve import note_mark
from ...visit import plain
from .. import Job, Progress, Written
from . import assemble
from .cache import ChunkCache
from .chunks import (
    ChunkResult,
    PrintLayout,
    Workers,
    group_documents,
    lay_out_group,
    lay_out_static,
    local_layout,
)
from .furniture import NUMBER_SIZE, RUN, Mark, Slot, furniture_css, furniture_html
from .geometry import MARGINS, MM, PX
from .render import (
    PrintedIndex,
    Repairs,
    TocEntry,
    render_back,
    render_documents,
    render_front,
)

MAX_XREF_PASSES = 3


@dataclass
class Part:
    """A laid-out chunk and the folio (or front-matter page) of its first page."""

    result: ChunkResult
    first: int


def write(job: Job) -> Written:
    """The PDF and its page map, with the layout facts of this build."""
    views = job.views
    ed = views.res.edition
    report = job.options.progress or (lambda *_: None)
    with Workers(views, job.options.jobs) as workers:
        layout = local_layout()
        cache = ChunkCache(job.out_dir / ".cache" / "pdf", layout.stylesheet + layout.page_css)
        cited = saved_facts(job.out_dir, job.views.res.edition.slug)
        for _ in range(MAX_XREF_PASSES):  # until every cross-reference cites its real page
            body = _body(views, workers, cache, report, cited)
            page_of = {a: part.first + i for part in body
                       for a, i in part.result.anchors.items()}
            lines = _line_labels(ed, body)
            now = LayoutFacts(ed.slug, [], {a: str(p) for a, p in page_of.items()}, lines)
            if _xref_texts(views, cited) == _xref_texts(views, now):
                break
            cited = now
        body_pages = sum(p.result.pages for p in body)
        back, back_first = _back(views, cache, page_of, body_pages + 1)
        front = _front(views, cache, page_of, back)
    report("assemble", 0, 1, 0)
    data = _assemble(views, layout, cache, front, body, back, back_first)
    starts = [PageStart(str(part.first + int(s.label)), s.doc_id, s.block, s.offset)
              for part in body for s in part.result.starts]
    facts = LayoutFacts(ed.slug, starts, {a: str(p) for a, p in page_of.items()}, lines)
    report("assemble", 1, 1, 0)
    chars = "".join(p.result.chars for p in [front, *body, back] if p)
    files = {job.out_dir / f"{ed.slug}.pdf": data,
             facts_path(job.out_dir, ed.slug): facts.dumps().encode("utf-8")}
    return Written(files, check_glyphs(chars), facts)


def _xref_texts(views: Views, facts: LayoutFacts | None) -> list[str]:
    """What every cross-reference without its own words prints with these facts."""
    return [views.xref_text(doc, node, facts) for doc, node in views.generated_xrefs]


def _cited(views: Views, facts: LayoutFacts | None) -> LayoutFacts | None:
    """Only the pages and lines that generated cross-references cite (sent to workers)."""
    if facts is None or not views.generated_xrefs:
        return None
    ed = views.res.edition
    names = set()
    for doc, node in views.generated_xrefs:
        ref = ed.target(doc, node.target)
        if ref is not None:
            names |= {anchors.document(ref.doc_id), anchors.note(ref.doc_id, ref.note_id),
                      anchors.target(ref.doc_id, ref.target)}
    return LayoutFacts(facts.edition, [], {a: p for a, p in facts.anchors.items() if a in names},
                       {a: line for a, line in facts.lines.items() if a in names})


def _line_labels(ed, body: list[Part]) -> dict[str, str]:
    """The line label of every lemma and target ('12', '12–13', per page '23.12')."""
    out = {}
    for part in body:
        for anchor, span in part.result.spans.items():
            out[anchor] = span_label(span, ed.line_numbers.restart, part.first + span.first_page)
    return out


def _body(views: Views, workers: Workers, cache: ChunkCache, report: Progress,
          facts: LayoutFacts | None) -> list[Part]:
    facts = _cited(views, facts)
    groups = group_documents([v.doc.id for v in views.documents],
                             views.res.edition.documents_start == "run-on",
                             frozenset(d for d, parts in views.part_headings.items() if parts))
    keys = [cache.key("documents", render_documents(views, [views.doc(d) for d in g],
                                                    Repairs(), facts))
            for g in groups]
    hits = {i: r for i, k in enumerate(keys) if (r := cache.get(k)) is not None}
    pending = {i: workers.submit(lay_out_group, g, facts)
               for i, g in enumerate(groups) if i not in hits}
    results: list[ChunkResult] = []
    errors: list[Diagnostic] = []
    done = pages = 0
    for i, key in enumerate(keys):
        result = hits[i] if i in hits else pending[i].result()
        if i in pending:
            cache.put(key, result)
        errors += result.errors
        results.append(result)
        done += len(groups[i])
        pages += result.pages
        report("documents", done, len(views.documents), pages)
    if errors:
        raise EditionError(errors)
    parts, folio = [], 1
    for result in results:
        parts.append(Part(result, folio))
        folio += result.pages
    return parts


def _static(cache: ChunkCache, kind: str, html: str,
            again: Callable[[frozenset[Word]], str] | None = None) -> ChunkResult:
    key = cache.key(kind, html)
    result = cache.get(key)
    if result is None:
        result = lay_out_static(html, again)
        if result.errors:
            raise EditionError(result.errors)
        cache.put(key, result)
    return result


def _back(views: Views, cache: ChunkCache, page_of: dict[str, int],
          folio: int) -> tuple[Part | None, int]:
    printed = [PrintedIndex(v.title, v.anchor, [(e, locators(e.occurrences, page_of))
                                                 for e in v.entries])
               for v in views.indexes]
    if not printed:
        return None, folio
    if folio % 2 == 0:  # the back matter opens on a recto
        folio += 1
    phantoms = sorted({loc.anchors[0] for v in printed for _, locs in v.entries for loc in locs})
    html = render_back(views, printed, phantoms)
    return Part(_static(cache, "back", html), folio), folio


def _front(views: Views, cache: ChunkCache, page_of: dict[str, int],
           back: Part | None) -> Part:
    toc: list[TocEntry] = []
    depth = 0
    for v in views.documents:
        for part, level in views.part_headings.get(v.doc.id, []):
            anchor = anchors.part_heading(part.id)
            toc.append(TocEntry(plain(part.title), anchor, str(page_of.get(anchor, "")),
                                level=level, part=True))
            depth = level
        toc.append(TocEntry(v.label, v.anchor, str(page_of.get(v.anchor, "")),
                            level=depth + 1, number=v.doc.number))
    if back:
        toc += [TocEntry(v.title, v.anchor, str(back.first + back.result.anchors.get(v.anchor, 0)))
                for v in views.indexes]
    own = [TocEntry(f.title, f.anchor, "") for f in views.front]
    phantoms = [e.anchor for e in toc]
    result = None
    for _ in range(3):  # the contents list shows the front matter's own roman folios
        result = _static(cache, "front", render_front(views, own + toc, phantoms),
                         partial(render_front, views, own + toc, phantoms))
        labels = [_roman(result.anchors[e.anchor] + 1) if e.anchor in result.anchors else ""
                  for e in own]
        if labels == [e.page for e in own]:
            break
        for entry, label in zip(own, labels, strict=True):
            entry.page = label
    assert result is not None
    return Part(result, 1)


def _assemble(views: Views, layout: PrintLayout, cache: ChunkCache, front: Part,
              body: list[Part], back: Part | None, back_first: int) -> bytes:
    ed = views.res.edition
    readers = {id(p): assemble.read(p.result.pdf) for p in [front, *body, back] if p}
    placed: list[assemble.Placed] = []
    front_slots: list[Slot] = []
    for i in range(front.result.pages):
        blank = i in front.result.blank
        placed.append(assemble.Placed(readers[id(front)], i, verso=i % 2 == 1))
        front_slots.append(Slot("blank" if blank else "front"))
    if len(placed) % 2:
        placed.append(assemble.Placed(None, 0, True))
        front_slots.append(Slot("blank"))
    front_pages = len(placed)
    slots: list[Slot] = []
    run_on = ed.documents_start == "run-on"
    for part in body:
        openings = {s.label for s in part.result.starts if anchors.opens_document(s.block)
                    and not (run_on and s.label != "0")}
        heads = {int(s.label): views.doc(s.doc_id).runhead for s in part.result.starts}
        stamps: dict[int, list[Stamp]] = {}
        for stamp in part.result.stamps:
            stamps.setdefault(stamp.page, []).append(stamp)
        for i in range(part.result.pages):
            verso = (part.first + i) % 2 == 0
            placed.append(assemble.Placed(readers[id(part)], i, verso))
            kind = ("blank" if i in part.result.blank else
                    "opening" if str(i) in openings else "page")
            slots.append(Slot(kind, heads.get(i, ""), tuple(
                _mark(ed, part, s, verso) for s in stamps.get(i, ()))))
    if back:
        for _ in range(back_first - (len(placed) - front_pages) - 1):
            placed.append(assemble.Placed(None, 0, True))
            slots.append(Slot("blank"))
        firsts = {back.result.anchors[v.anchor] for v in views.indexes}
        for i in range(back.result.pages):
            placed.append(assemble.Placed(readers[id(back)], i, (back.first + i) % 2 == 0))
            kind = "blank" if i in back.result.blank else "opening" if i in firsts else "page"
            slots.append(Slot(kind, "Index"))
    running = ed.running_title or ed.title
    furniture, keep = [], []
    css = furniture_css(layout.size, running)
    for kind, slot_list, folio in (("furniture-front", front_slots, _roman),
                                   ("furniture", slots, str)):
        for start in range(0, len(slot_list), RUN):
            run = slot_list[start:start + RUN]
            html = furniture_html(run, [folio(start + i + 1) for i in range(len(run))])
            key = cache.key(kind, html + css)
            data = cache.root / f"{key}.furniture.pdf"
            if not data.is_file():
                laid = layout.render(html, css)
                cache.root.mkdir(parents=True, exist_ok=True)
                data.write_bytes(laid.document.write_pdf())
            keep.append(assemble.read(data.read_bytes()))
            furniture += list(keep[-1].pages)
    shift = (MARGINS["outer"] - MARGINS["inner"]) * MM
    pdf = assemble.merge(placed, furniture, shift)

    final = {}  # physical index of each chunk page
    for n, slot in enumerate(placed):
        if slot.source is not None:
            final[(id(slot.source), slot.index)] = n
    dests: dict[str, tuple[int, float, float]] = {}
    for part in [*body, back, front]:  # the owners first; phantoms never win
        if part is None:
            continue
        reader = readers[id(part)]
        for name, (page, left, top) in assemble.chunk_destinations(reader).items():
            if name not in dests and name in part.result.anchors:
                dests[name] = (final[(id(reader), page)], left, top)
    assemble.set_destinations(pdf, dests)
    assemble.merge_structure(pdf, [readers[id(p)] for p in [front, *body, back] if p], final)

    marks = [assemble.Bookmark("Contents", dests[anchors.CONTENTS][0])] \
        if anchors.CONTENTS in dests else []
    marks += [assemble.Bookmark(f.title, dests[f.anchor][0]) for f in views.front
              if f.section is not None and f.anchor in dests]
    if views.documents:
        marks.append(assemble.Bookmark("Documents", dests[views.documents[0].anchor][0]))
        depth = 0
        for v in views.documents:
            for part, level in views.part_headings.get(v.doc.id, []):
                anchor = anchors.part_heading(part.id)
                if anchor in dests:
                    marks.append(assemble.Bookmark(plain(part.title), dests[anchor][0], level))
                depth = level
            marks.append(assemble.Bookmark(f"No. {v.doc.number}. {v.label}", dests[v.anchor][0],
                                           depth + 1))
    marks += [assemble.Bookmark(v.title, dests[v.anchor][0])
              for v in views.indexes if v.anchor in dests]
    assemble.add_outline(pdf, marks)
    stamp = build_time().strftime("D:%Y%m%d%H%M%SZ")
    return assemble.finish(pdf, title=ed.title, authors=[n for n, _ in ed.editors],
                           subject=ed.subtitle, lang=ed.language, stamp=stamp,
                           front_pages=front_pages)


def _mark(ed, part: Part, stamp: Stamp, verso: bool) -> Mark:
    """A line number of a chunk's page as the furniture of its page in the volume draws
    it: margin numbers on the side ``line_numbers.position`` asks for."""
    top, left = MARGINS["top"] * PX, MARGINS["inner"] * PX  # the chunk's text area
    config = ed.line_numbers
    if stamp.kind == "number":
        side = {"outer": "left" if verso else "right", "inner": "right" if verso else "left",
                "left": "left"}[config.position]
        return Mark(stamp.baseline - top - baseline_shift() * NUMBER_SIZE, stamp.label, side)
    label = stamp.label
    if config.restart == "page" and ed.apparatus_placement == "document-end":
        label = f"{part.first + stamp.lemma_page}.{label}"  # lines counted per page
    return Mark(stamp.baseline - top - baseline_shift() * stamp.size, label,
                left=stamp.x - left, size=stamp.size)


def _roman(n: int) -> str:
    return note_mark("roman", n) if n else ""


def check_glyphs(chars: str) -> list[Diagnostic]:
    """A warning for every character the book face lacks (WeasyPrint would substitute)."""
    return [Diagnostic(Loc("print"), f"the font {FAMILY} has no glyph for U+{ord(ch):04X} "
                       f"{unicodedata.name(ch, '')} '{ch}'",
                       "WeasyPrint sets it in a fallback font; use another character or "
                       "another font", "warning")
            for ch in sorted(missing_glyphs(chars))]
