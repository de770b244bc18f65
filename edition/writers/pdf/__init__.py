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
from dataclasses import dataclass

from ... import anchors
from ...assets.face import FAMILY, missing_glyphs
from ...clock import build_time
from ...diagnostics import Diagnostic, EditionError, Loc
from ...layout.facts import LayoutFacts, PageStart, facts_path
from ...present import Views, locators
from ...resolve import note_mark
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
from .furniture import Slot, furniture_css, furniture_html
from .geometry import MARGINS, MM
from .render import (
    PrintedIndex,
    Repairs,
    TocEntry,
    render_back,
    render_documents,
    render_front,
)


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
        body = _body(views, workers, cache, report)
        page_of = {a: part.first + i for part in body for a, i in part.result.anchors.items()}
        body_pages = sum(p.result.pages for p in body)
        back, back_first = _back(views, cache, page_of, body_pages + 1)
        front = _front(views, cache, page_of, back)
    report("assemble", 0, 1, 0)
    data = _assemble(views, layout, cache, front, body, back, back_first)
    starts = [PageStart(str(part.first + int(s.label)), s.doc_id, s.block, s.offset)
              for part in body for s in part.result.starts]
    facts = LayoutFacts(ed.slug, starts, {a: str(p) for a, p in page_of.items()})
    report("assemble", 1, 1, 0)
    chars = "".join(p.result.chars for p in [front, *body, back] if p)
    files = {job.out_dir / f"{ed.slug}.pdf": data,
             facts_path(job.out_dir, ed.slug): facts.dumps().encode("utf-8")}
    return Written(files, check_glyphs(chars), facts)


def _body(views: Views, workers: Workers, cache: ChunkCache, report: Progress) -> list[Part]:
    groups = group_documents([v.doc.id for v in views.documents])
    keys = [cache.key("documents", render_documents(views, [views.doc(d) for d in g], Repairs()))
            for g in groups]
    pending = {i: workers.submit(lay_out_group, g)
               for i, (g, k) in enumerate(zip(groups, keys, strict=True))
               if not cache.has(k)}
    results: list[ChunkResult] = []
    errors: list[Diagnostic] = []
    done = pages = 0
    for i, key in enumerate(keys):
        result = pending[i].result() if i in pending else cache.get(key)
        assert result is not None
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


def _static(cache: ChunkCache, kind: str, html: str) -> ChunkResult:
    key = cache.key(kind, html)
    result = cache.get(key)
    if result is None:
        result = lay_out_static(html)
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
    toc = [TocEntry(v.label, v.anchor, str(page_of.get(v.anchor, "")), number=v.doc.number)
           for v in views.documents]
    if back:
        toc += [TocEntry(v.title, v.anchor, str(back.first + back.result.anchors.get(v.anchor, 0)))
                for v in views.indexes]
    own = [TocEntry(f.title, f.anchor, "") for f in views.front]
    phantoms = [e.anchor for e in toc]
    result = None
    for _ in range(3):  # the contents list shows the front matter's own roman folios
        result = _static(cache, "front", render_front(views, own + toc, phantoms))
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
    for part in body:
        openings = {s.label for s in part.result.starts if anchors.is_title(s.block)}
        heads = {int(s.label): views.doc(s.doc_id).runhead for s in part.result.starts}
        for i in range(part.result.pages):
            placed.append(assemble.Placed(readers[id(part)], i, (part.first + i) % 2 == 0))
            kind = ("blank" if i in part.result.blank else
                    "opening" if str(i) in openings else "page")
            slots.append(Slot(kind, heads.get(i, "")))
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
    for kind, slot_list, roman in (("furniture-front", front_slots, True),
                                   ("furniture", slots, False)):
        html, css = furniture_html(slot_list), furniture_css(layout.size, running, roman)
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
        marks += [assemble.Bookmark(f"No. {v.doc.number}. {v.label}", dests[v.anchor][0], 1)
                  for v in views.documents]
    marks += [assemble.Bookmark(v.title, dests[v.anchor][0])
              for v in views.indexes if v.anchor in dests]
    assemble.add_outline(pdf, marks)
    stamp = build_time().strftime("D:%Y%m%d%H%M%SZ")
    return assemble.finish(pdf, title=ed.title, authors=[n for n, _ in ed.editors],
                           subject=ed.subtitle, lang=ed.language, stamp=stamp,
                           front_pages=front_pages)


def _roman(n: int) -> str:
    return note_mark("roman", n) if n else ""


def check_glyphs(chars: str) -> list[Diagnostic]:
    """A warning for every character the book face lacks (WeasyPrint would substitute)."""
    return [Diagnostic(Loc("print"), f"the font {FAMILY} has no glyph for U+{ord(ch):04X} "
                       f"{unicodedata.name(ch, '')} '{ch}'",
                       "WeasyPrint sets it in a fallback font; use another character or "
                       "another font", "warning")
            for ch in sorted(missing_glyphs(chars))]
