"""Chunks: pieces of the volume laid out independently, in worker processes.

A chunk's pages carry only their content: no running heads, no folios, and the recto's
margins on every page. So a chunk's layout does not depend on where it lands in the
volume, and it can be laid out in any order, in parallel, and taken from the cache when
its HTML has not changed. The page furniture (heads, folios) is laid out afterwards for
the whole volume in one cheap pass and printed over the pages (see assemble.py).

Documents are grouped into chunks at content-defined boundaries (a document whose id
hashes to 0 modulo ``GROUP``) so that editing one document leaves the other groups, and
their cache entries, as they were.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ... import model as m
from ...assets import stylesheet
from ...diagnostics import Diagnostic, Loc
from ...layout.facts import PageStart
from ...layout.weasy import Engine, Laid, blank_pages, page_starts
from ...present import DocView, Views
from .geometry import content_css, page_size
from .render import Repairs, printed_endnotes, render_documents
from .verify import check_layout

GROUP = 6  # documents per chunk on average
MAX_GROUP = 3 * GROUP
MAX_REPAIRS = 6


@dataclass
class ChunkResult:
    """What a worker sends back: the chunk's PDF and what the volume needs to know."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]  # anchor -> page index in the chunk
    starts: list[PageStart] = field(default_factory=list)  # label = page index in chunk
    chars: str = ""  # the distinct characters set (for the glyph check)
    errors: list[Diagnostic] = field(default_factory=list)
    blank: list[int] = field(default_factory=list)  # pages left empty by a recto break


def group_documents(doc_ids: list[str]) -> list[list[str]]:
    """Consecutive documents in groups whose boundaries depend only on the documents."""
    groups: list[list[str]] = [[]]
    for doc_id in doc_ids:
        groups[-1].append(doc_id)
        digest = hashlib.sha256(doc_id.encode()).digest()
        if digest[0] % GROUP == 0 or len(groups[-1]) >= MAX_GROUP:
            groups.append([])
    return [g for g in groups if g]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()

    def handle_data(self, data: str) -> None:
        self.chars.update(data)


def distinct_chars(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(sorted(parser.chars))


# -- the work a chunk needs; runs in a worker or in-process -----------------------------

_STATE: dict = {}


class PrintLayout:
    """This edition's print stylesheet and page, on the WeasyPrint engine."""

    def __init__(self, views: Views):
        ed = views.res.edition
        css, styles_dir = stylesheet("print", ed.source_dir)
        self.stylesheet = css
        self.engine = Engine(ed.source_dir, css, styles_dir)
        self.size = page_size(ed.page_size)
        self.page_css = content_css(self.size)

    def render(self, html: str, page_css: str | None = None) -> Laid:
        return self.engine.render(html, self.page_css if page_css is None else page_css)


def local_layout() -> PrintLayout:
    """This process's layout (each worker makes its own after the fork)."""
    if "layout" not in _STATE:
        _STATE["layout"] = PrintLayout(_STATE["views"])
    return _STATE["layout"]


def lay_out_group(doc_ids: list[str]) -> ChunkResult:
    """Lay out a group of documents, each on its own with its repairs, as one PDF."""
    views: Views = _STATE["views"]
    parts, errors = [], []
    for doc_id in doc_ids:
        view = views.doc(doc_id)
        laid, repairs, problems = _lay_out_document(views, view)
        parts.append((view.doc, laid, repairs))
        errors += problems
    errors += _refused()
    if errors:
        return ChunkResult(b"", 0, {}, errors=errors)
    pages = [p for _, laid, _ in parts for p in laid.pages]
    found: dict[str, int] = {}
    starts: list[PageStart] = []
    blank: list[int] = []
    offset = 0
    signs = views.res.edition.signs
    for doc, laid, repairs in parts:
        for anchor, index in laid.anchors.items():
            found.setdefault(anchor, offset + index)
        notes = [n for _, ns in printed_endnotes(views.res, doc, repairs) for n in ns]
        starts += page_starts(doc, notes, signs, laid.pages, offset)
        blank += [offset + i for i in blank_pages(laid)]
        offset += len(laid.pages)
    joined = parts[0][1].document.copy(pages)
    chars = "".join(sorted({ch for _, c, _ in parts for ch in distinct_chars(c.html)}))
    return ChunkResult(joined.write_pdf(pdf_tags=True), len(pages), found, starts, chars,
                       blank=blank)


def _lay_out_document(views: Views, view: DocView):
    """One document, its page-foot notes repaired until each is on its call's page."""
    layout = local_layout()
    res, doc = views.res, view.doc
    repairs = Repairs()
    for _ in range(MAX_REPAIRS):
        laid = layout.render(render_documents(views, [view], repairs))
        missing, misplaced = check_layout(res, doc, laid, repairs)
        if missing and not misplaced:
            return laid, repairs, [
                Diagnostic(_loc(doc, a), f"'{a}' is missing from the laid-out PDF",
                           "report this as a bug") for a in missing]
        if not misplaced:
            return laid, repairs, []
        for note in misplaced:  # break first; a note that still fails moves to the end
            key = (note.doc_id, note.id)  # with a pointer, the break undone
            if key in repairs.demoted:
                repairs.breaks.add(key)
            elif key in repairs.breaks:
                repairs.demoted.add(key)
                repairs.breaks.discard(key)
            else:
                repairs.breaks.add(key)
    return laid, repairs, [
        Diagnostic(note.loc, f"footnote '{note.id}' could not be set on the page of its call",
                   "shorten the note or move it to a document-end series")
        for note in misplaced]


def lay_out_static(html: str) -> ChunkResult:
    """Lay out a chunk that needs no repairs (front matter, indexes)."""
    laid = local_layout().render(html)
    if errors := _refused():
        return ChunkResult(b"", 0, {}, errors=errors)
    return ChunkResult(laid.document.write_pdf(pdf_tags=True), len(laid.pages),
                       dict(laid.anchors), chars=distinct_chars(html), blank=blank_pages(laid))


def _refused() -> list[Diagnostic]:
    """Every fetch the safe fetcher refused in this process since the last call."""
    refused = local_layout().engine.fetcher.refused
    errors = [Diagnostic(Loc("print"), f"refused to fetch {url}",
                         "only files inside the edition folder may be used") for url in refused]
    refused.clear()
    return errors


def _loc(doc: m.Document, anchor: str):
    for note in doc.notes.values():
        if anchor.endswith(f"-{note.id}"):
            return note.loc
    return doc.loc


class Workers:
    """A pool of forked worker processes that already hold the resolved edition, or,
    with one job, the same functions called in this process."""

    def __init__(self, views: Views, jobs: int):
        _STATE.clear()
        _STATE["views"] = views
        self.pool = None
        if jobs > 1:  # fork before this process lays anything out
            ctx = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)

    def submit(self, fn: Callable, *args) -> Future:
        if self.pool is not None:
            return self.pool.submit(fn, *args)
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

