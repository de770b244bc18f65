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

from .. import model as m
from ..diagnostics import Diagnostic, Loc
from ..pagemap import PageStart
from ..resolve import Resolved
from .layout import Layout, check_chunk
from .pages import page_starts
from .render import Repairs, render_documents

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


def group_documents(docs: list[m.Document]) -> list[list[m.Document]]:
    """Consecutive documents in groups whose boundaries depend only on the documents."""
    groups: list[list[m.Document]] = [[]]
    for doc in docs:
        groups[-1].append(doc)
        digest = hashlib.sha256(doc.id.encode()).digest()
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


def local_layout() -> Layout:
    """This process's layout engine (each worker makes its own after the fork)."""
    if "layout" not in _STATE:
        _STATE["layout"] = Layout(_STATE["res"])
    return _STATE["layout"]


def lay_out_group(doc_ids: list[str]) -> ChunkResult:
    """Lay out a group of documents, each on its own with its repairs, as one PDF."""
    res: Resolved = _STATE["res"]
    parts, errors = [], []
    for doc_id in doc_ids:
        doc = res.edition.document(doc_id)
        chunk, repairs, problems = _lay_out_document(res, doc)
        parts.append((doc, chunk, repairs))
        errors += problems
    errors += _refused()
    if errors:
        return ChunkResult(b"", 0, {}, errors=errors)
    pages = [p for _, chunk, _ in parts for p in chunk.pages]
    anchors: dict[str, int] = {}
    starts: list[PageStart] = []
    blank: list[int] = []
    offset = 0
    for doc, chunk, repairs in parts:
        for anchor, index in chunk.anchors.items():
            anchors.setdefault(anchor, offset + index)
        starts += page_starts(res, doc, chunk.pages, offset, repairs)
        blank += [offset + i for i in _blank(chunk)]
        offset += len(chunk.pages)
    joined = parts[0][1].document.copy(pages)
    chars = "".join(sorted({ch for _, c, _ in parts for ch in distinct_chars(c.html)}))
    return ChunkResult(joined.write_pdf(pdf_tags=True), len(pages), anchors, starts, chars,
                       blank=blank)


def _lay_out_document(res: Resolved, doc: m.Document):
    """One document, its page-foot notes repaired until each is on its call's page."""
    layout = local_layout()
    css = layout.content_css()
    repairs = Repairs()
    for _ in range(MAX_REPAIRS):
        chunk = layout.render(render_documents(res, [doc], repairs), css)
        missing, misplaced = check_chunk(res, doc, chunk, repairs)
        if missing and not misplaced:
            return chunk, repairs, [
                Diagnostic(_loc(doc, a), f"'{a}' is missing from the laid-out PDF",
                           "report this as a bug") for a in missing]
        if not misplaced:
            return chunk, repairs, []
        for note in misplaced:  # break first; a note that still fails moves to the end
            key = (note.doc_id, note.id)  # with a pointer, the break undone
            if key in repairs.demoted:
                repairs.breaks.add(key)
            elif key in repairs.breaks:
                repairs.demoted.add(key)
                repairs.breaks.discard(key)
            else:
                repairs.breaks.add(key)
    return chunk, repairs, [
        Diagnostic(note.loc, f"footnote '{note.id}' could not be set on the page of its call",
                   "shorten the note or move it to a document-end series")
        for note in misplaced]


def lay_out_static(html: str) -> ChunkResult:
    """Lay out a chunk that needs no repairs (front matter, indexes)."""
    layout = local_layout()
    chunk = layout.render(html, layout.content_css())
    if errors := _refused():
        return ChunkResult(b"", 0, {}, errors=errors)
    return ChunkResult(chunk.document.write_pdf(pdf_tags=True), len(chunk.pages),
                       dict(chunk.anchors), chars=distinct_chars(html), blank=_blank(chunk))


def _refused() -> list[Diagnostic]:
    """Every fetch the safe fetcher refused in this process since the last call."""
    refused = local_layout().fetcher.refused
    errors = [Diagnostic(Loc("print"), f"refused to fetch {url}",
                         "only files inside the edition folder may be used") for url in refused]
    refused.clear()
    return errors


def _blank(chunk) -> list[int]:
    return [i for i, page in enumerate(chunk.pages) if page._page_box.page_type.blank]


def _loc(doc: m.Document, anchor: str):
    for note in doc.notes.values():
        if anchor.endswith(f"-{note.id}"):
            return note.loc
    return doc.loc


class Workers:
    """A pool of forked worker processes that already hold the resolved edition, or,
    with one job, the same functions called in this process."""

    def __init__(self, res: Resolved, jobs: int):
        _STATE.clear()
        _STATE["res"] = res
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

