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

import ctypes
import hashlib
import itertools
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from copy import deepcopy
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

from ... import anchors
from ... import model as m
from ...assets import stylesheet
from ...diagnostics import Diagnostic, Loc
from ...layout.facts import LayoutFacts, PageStart
from ...layout.lines import Span, Stamp, apparatus_stamps, number_lines
from ...layout.weasy import (
    Cut,
    Engine,
    Laid,
    Word,
    blank_pages,
    footnotes_last,
    page_cut,
    page_fill,
    page_starts,
    read_lines,
    turned_words,
)
from ...present import DocView, Views
from ...visit import block_text, plain
from .geometry import content_css
from .pieces import group_starts, note_pieces
from .render import (
    SOURCE_NOTE,
    NoteKey,
    Repairs,
    document_apparatus,
    printed_endnotes,
    render_documents,
)
from .split import FLOATS
from .verify import check_layout, continued_pages

GROUP = 6  # documents per chunk on average
MAX_GROUP = 3 * GROUP
PR_SET_PDEATHSIG = 1  # linux/prctl.h
MAX_REPAIRS = 10
LAST_ROUNDS = 4  # the last rounds make no cut that depends on where a page ends
TURNS = 2  # layouts again at most to keep words whole that a page turn would cut
REFITS = 2  # layouts again at most to drop breaks that leave a page short
SHORT = 0.7  # a page inside a document filled less than this is short


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
    stamps: list[Stamp] = field(default_factory=list)  # line numbers drawn afterwards
    spans: dict[str, Span] = field(default_factory=dict)  # lines of lemmata and targets


def group_documents(doc_ids: list[str], run_on: bool = False,
                    new_pages: frozenset[str] = frozenset()) -> list[list[str]]:
    """Consecutive documents in groups whose boundaries depend only on the documents.
    Documents that run on (not each on a new page) are grouped from one that begins a
    new page (``new_pages``: those that begin a part of the volume) to the next."""
    if run_on:
        runs: list[list[str]] = []
        for doc_id in doc_ids:
            if not runs or doc_id in new_pages:
                runs.append([])
            runs[-1].append(doc_id)
        return runs
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
        self.size = ed.page_size.css
        self.page_css = content_css(self.size)

    def render(self, html: str, page_css: str | None = None) -> Laid:
        return self.engine.render(html, self.page_css if page_css is None else page_css)


def local_layout() -> PrintLayout:
    """This process's layout (each worker makes its own after the fork)."""
    if "layout" not in _STATE:
        _STATE["layout"] = PrintLayout(_STATE["views"])
    return _STATE["layout"]


def lay_out_group(doc_ids: list[str], facts: LayoutFacts | None = None) -> ChunkResult:
    """Lay out a group of documents as one PDF: each on its own with its repairs, or, when
    documents run on, all together. ``facts`` are the pages and lines cross-references
    cite."""
    views: Views = _STATE["views"]
    ed = views.res.edition
    runs = [[d] for d in doc_ids] if ed.documents_start == "new-page" else \
        group_documents(doc_ids, True, frozenset(d for d in doc_ids if views.part_headings[d]))
    parts, errors = [], []
    for run in runs:
        docs = [views.doc(d) for d in run]
        laid, repairs, problems = _lay_out_run(views, docs, facts)
        parts.append((docs, laid, repairs))
        errors += problems
    errors += _refused()
    if errors:
        return ChunkResult(b"", 0, {}, errors=errors)
    result = ChunkResult(b"", 0, {})
    pages = []
    for docs, laid, repairs in parts:
        offset = len(pages)
        pages += laid.pages
        for anchor, index in laid.anchors.items():
            result.anchors.setdefault(anchor, offset + index)
        run = [(v.doc, [(s.id, ns) for s, ns in printed_endnotes(views.res, v.doc, repairs)],
                [e.entry.anchor for e in document_apparatus(views, v.doc, repairs)],
                [p.id for p, _ in views.part_headings[v.doc.id]])
               for v in docs]
        result.starts += page_starts(run, ed.signs, laid.pages, offset)
        result.blank += [offset + i for i in blank_pages(laid)]
        stamps, spans, lost = _numbers(views, docs, laid)
        errors += [Diagnostic(docs[0].doc.loc, f"the lemma '{a}' is on no numbered line",
                              "report this as a bug") for a in lost]
        result.stamps += [replace(s, page=s.page + offset,
                                  lemma_page=s.lemma_page + offset if s.lemma_page >= 0 else -1)
                          for s in stamps]
        result.spans |= {a: replace(s, first_page=s.first_page + offset,
                                    last_page=s.last_page + offset) for a, s in spans.items()}
    if errors:
        return ChunkResult(b"", 0, {}, errors=errors)
    result.pages = len(pages)
    result.pdf = parts[0][1].document.copy(pages).write_pdf(pdf_tags=True)
    result.chars = "".join(sorted({ch for _, c, _ in parts for ch in distinct_chars(c.html)}))
    return result


def _numbers(views: Views, docs: list[DocView],
             laid: Laid) -> tuple[list[Stamp], dict[str, Span], list[str]]:
    """The line numbers of a laid-out run, the lines of its lemmata and targets, and the
    keyed lemmata found on no numbered line."""
    config = views.res.edition.line_numbers
    lines, points = read_lines(laid)
    numbered = number_lines(lines, config)
    stamps = list(numbered.stamps)
    wanted: set[str] = set()
    lost: list[str] = []
    for view in docs:
        entries = views.apparatus.get(view.doc.id, [])
        keyed = [e.entry.anchor for e in entries if e.line_keyed]
        app, missing = apparatus_stamps(keyed, numbered, points, config.restart)
        stamps += app
        lost += missing
        wanted |= {e.entry.anchor for e in entries}
        wanted |= {anchors.target(view.doc.id, t) for t in view.doc.targets}
    return stamps, {a: s for a, s in numbered.spans.items() if a in wanted}, lost


def _lay_out_run(views: Views, docs: list[DocView], facts: LayoutFacts | None):
    """Documents laid out together, their page-foot notes (and apparatus entries) repaired
    until each is on the page of its call (or lemma), and no word hyphenated across a
    page turn where another layout can help."""
    layout = local_layout()
    repairs = Repairs()
    turns = 0  # the layouts asked for to keep words whole; each adds a round
    refits = 0  # the layouts asked for to drop breaks that left a page short; each adds one
    refitted: set[NoteKey] = set()  # the breaks so dropped
    best: tuple[Laid, Repairs] | None = None  # the last layout with every note in place
    since: dict[NoteKey, int] = {}  # the round in which each break was asked for
    for round_ in itertools.count():
        rounds = MAX_REPAIRS + turns + refits
        if round_ >= rounds:
            break
        laid = layout.render(render_documents(views, docs, repairs, facts))
        footnotes_last(laid, "app-foot")
        missing: list[str] = []
        misplaced: list[tuple[str, str, Loc]] = []  # (document, note id or lemma, place)
        for view in docs:
            gone, wrong = check_layout(views, view.doc, laid, repairs)
            missing += gone
            misplaced += wrong
        if missing and not misplaced:
            return laid, repairs, [
                Diagnostic(_loc(docs, a), f"'{a}' is missing from the laid-out PDF",
                           "report this as a bug") for a in missing]
        if not misplaced:
            if _settle(views, docs, laid, repairs):
                continue
            short = [k for k in _short_breaks(laid, repairs) if k not in refitted]
            if short and refits < REFITS:
                best = laid, deepcopy(repairs)
                refits += 1
                refitted |= set(short)
                for key in short:  # found again, if still needed, where the page now ends
                    del since[key]
                    repairs.cuts.pop(key, None)
                repairs.breaks = set(since)
                continue
            words = _turned(laid, repairs.whole)
            if words and turns < TURNS:
                best = laid, deepcopy(repairs)
                repairs.whole |= words  # set whole: the page ends a line sooner
                turns += 1
                continue
            return laid, repairs, []
        # A misplaced note first gets a break before its paragraph. When a break was not
        # enough, the longest such note of the document moves to its end, and the breaks
        # asked for with it (perhaps its doing alone) are dropped and tried again.
        late = round_ < rounds - LAST_ROUNDS
        changed: list[int] = []  # the pages (of the calls) whose repairs change
        by_doc: dict[str, list[NoteKey]] = {}
        for doc_id, key, _ in misplaced:
            by_doc.setdefault(doc_id, []).append((doc_id, key))
        for doc_id, keys in by_doc.items():
            retried = [k for k in keys if k in since and k not in repairs.demoted]
            for key in [k for k in retried if repairs.cuts.get(k) is not None]:
                repairs.cuts[key] = None  # the cut was not enough: break before the
                since[key] = round_  # whole paragraph
                retried.remove(key)
                changed.append(_page_of(laid, key))
            stuck = [k for k in keys if k in since and k in repairs.demoted]
            if not retried and stuck and \
                    (other := _sharing(views, docs, laid, repairs, stuck[0])) is not None:
                repairs.demoted.add(other)  # the pointer of a note moved to the end found
                changed.append(_page_of(laid, other))  # no room: another note makes it,
                for key in stuck:  # and the breaks that did not help go
                    del since[key]
                    repairs.cuts.pop(key, None)
                continue
            if not retried:
                for key in keys:
                    if key not in since:
                        since[key] = round_
                        if key not in repairs.cuts:
                            repairs.cuts[key] = _cut(laid, key, late)
                        changed.append(_page_of(laid, key))
                continue
            crowding = [k for k in repairs.continued if k[0] == doc_id and k not in retried]
            if crowding:  # the pieces of a continued note leave no room for other notes:
                changed.append(_page_of(laid, crowding[0]))
                repairs.continued.pop(crowding[0])  # it moves to the end after all
                repairs.demoted.add(crowding[0])
                for other in [k for k in since if k[0] == doc_id]:
                    del since[other]
                continue
            worst = max(retried, key=lambda k: _length(views, docs, k))
            changed.append(_page_of(laid, worst))
            note = _note(docs, worst)
            if worst not in repairs.continued and note is not None and \
                    len(note_pieces(note, views.res.edition.signs)) > 1:
                repairs.continued[worst] = None  # continued on the next pages
            else:
                repairs.continued.pop(worst, None)
                repairs.demoted.add(worst)
            first = since[worst]
            for other, asked in list(since.items()):
                if other[0] == doc_id and asked >= first:
                    del since[other]
        # A cut low on a page holds only while the pages before it stay as they are:
        # those below the first change are dropped, to be found again on the new pages.
        for key, cut in list(repairs.cuts.items()):
            if late and cut is not None and cut.late and key in since and changed \
                    and _page_of(laid, key) > min(changed):
                del since[key], repairs.cuts[key]
        repairs.breaks = set(since)
    if best is not None:  # a later step displaced notes past repair: it is undone
        return best[0], best[1], []
    return laid, repairs, [
        Diagnostic(loc, f"footnote '{key}' could not be set on the page of its call"
                   if not key.startswith("app-") else
                   "an apparatus entry could not be set on the page of its lemma",
                   "shorten the note or move it to a document-end series")
        for _, key, loc in misplaced]


def _short_breaks(laid: Laid, repairs: Repairs) -> list[NoteKey]:
    """The breaks inside a document that leave the page before them short: asked for
    where a page ended before a repair above moved it, they no longer fall where one
    ends (the pages where the heading went over too end the document before)."""
    out = []
    for key in sorted(k for k in repairs.breaks if k[1] != SOURCE_NOTE):
        page = _page_of(laid, key)
        if laid.anchors.get(anchors.title(key[0]), 0) < page and \
                page_fill(laid, page - 1) < SHORT:
            out.append(key)
    return out


def _cut(laid: Laid, key: NoteKey, late: bool) -> Cut | None:
    """Where a page break inside the body lets a note (or apparatus entry) stand on the
    page of its call (or lemma), ``late`` on the page if need be; None: before the call's
    paragraph or heading."""
    doc_id, name = key
    if name == SOURCE_NOTE:
        return None
    if name.startswith("app-"):
        return page_cut(laid, name, anchors.apparatus_item(name), FLOATS, late)
    return page_cut(laid, anchors.call(doc_id, name), anchors.note(doc_id, name), FLOATS,
                    late)


def _page_of(laid: Laid, key: NoteKey) -> int:
    """The page of a repair's call, lemma or heading."""
    doc_id, name = key
    anchor = anchors.title(doc_id) if name == SOURCE_NOTE else \
        name if name.startswith("app-") else anchors.call(doc_id, name)
    return laid.anchors.get(anchor, 0)


def _note(docs: list[DocView], key: NoteKey) -> m.Note | None:
    """The note of a repair key (None for an apparatus entry)."""
    return _doc(docs, key[0]).notes.get(key[1])


def _doc(docs: list[DocView], doc_id: str) -> m.Document:
    return next(v for v in docs if v.doc.id == doc_id).doc


def _length(views: Views, docs: list[DocView], key: NoteKey) -> int:
    """The length of a note's text (or the source note's; 0 for an apparatus entry), to
    choose which moves."""
    if key[1] == SOURCE_NOTE:
        return len(plain(_doc(docs, key[0]).source_note, views.res.edition.signs))
    note = _note(docs, key)
    return 0 if note is None else \
        sum(len(block_text(b, views.res.edition.signs)) for b in note.blocks)


def _sharing(views: Views, docs: list[DocView], laid: Laid, repairs: Repairs,
             key: NoteKey) -> NoteKey | None:
    """The longest other page-foot note (or source note at the head) of ``key``'s
    document on the page of its call, still there: when even the pointer of a note moved
    to the end finds no room on that page (its call in a heading that fills it), this
    one moves to the end too. None: no such note."""
    doc = _doc(docs, key[0])
    series = views.res.edition.note_series
    others = [(doc.id, n.id) for n in views.res.notes_in_order(doc)
              if series[n.series].placement == "page" and n.id != key[1]]
    if doc.source_note and views.res.edition.source_notes == "head":
        others.append((doc.id, SOURCE_NOTE))
    others = [k for k in others if k not in repairs.demoted and k not in repairs.continued
              and _page_of(laid, k) == _page_of(laid, key)]
    return max(others, key=lambda k: _length(views, docs, k), default=None)


def _settle(views: Views, docs: list[DocView], laid: Laid, repairs: Repairs) -> bool:
    """Join the pieces of each continued note that fell on one page into one footnote,
    the first of each later page labelled; whether that changed anything."""
    changed = False
    signs = views.res.edition.signs
    for key, starts in list(repairs.continued.items()):
        note = _note(docs, key)
        assert note is not None
        pages = continued_pages(signs, note, laid.anchors, repairs)
        groups = group_starts(note, signs, starts)
        new = tuple(groups[g] for g in range(1, len(groups)) if pages[g] > pages[g - 1])
        if new != starts:
            repairs.continued[key] = new
            changed = True
    return changed


def lay_out_static(html: str,
                   again: Callable[[frozenset[Word]], str] | None = None) -> ChunkResult:
    """Lay out a chunk that needs no note repairs (front matter, indexes); ``again``
    renders it with words kept whole, for those a page turn would cut."""
    laid = local_layout().render(html)
    whole: frozenset[Word] = frozenset()
    for _ in range(TURNS if again is not None else 0):
        words = _turned(laid, whole)
        if not words:
            break
        whole |= words
        laid = local_layout().render(again(whole))
    if errors := _refused():
        return ChunkResult(b"", 0, {}, errors=errors)
    return ChunkResult(laid.document.write_pdf(pdf_tags=True), len(laid.pages),
                       dict(laid.anchors), chars=distinct_chars(html), blank=blank_pages(laid))


def _turned(laid: Laid, whole: frozenset[Word]) -> frozenset[Word]:
    """The words a page turn cuts in ``laid`` that are not yet kept whole."""
    return frozenset(w for _, w in turned_words(laid, FLOATS)) - whole


def _refused() -> list[Diagnostic]:
    """Every fetch the safe fetcher refused in this process since the last call."""
    refused = local_layout().engine.fetcher.refused
    errors = [Diagnostic(Loc("print"), f"refused to fetch {url}",
                         "only files inside the edition folder may be used") for url in refused]
    refused.clear()
    return errors


def _loc(docs: list[DocView], anchor: str) -> Loc:
    for view in docs:
        for note in view.doc.notes.values():
            if anchor.endswith(f"-{note.id}"):
                return note.loc
    return docs[0].doc.loc


class Workers:
    """A pool of forked worker processes that already hold the resolved edition, or,
    with one job, the same functions called in this process."""

    def __init__(self, views: Views, jobs: int):
        _STATE.clear()
        _STATE["views"] = views
        self.pool = None
        self.futures: list[Future] = []
        if jobs > 1:  # fork before this process lays anything out
            ctx = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx,
                                            initializer=_worker_init, initargs=(os.getpid(),))
            # The workers are forked now, Ctrl-C held back meanwhile: a KeyboardInterrupt
            # raised in an at-fork hook is only printed ("Exception ignored in
            # _releaseLock"), and the build went on to the end.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                self.pool.submit(int).result()
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def submit(self, fn: Callable, *args) -> Future:
        if self.pool is not None:
            self.futures.append(self.pool.submit(fn, *args))
            return self.futures[-1]
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def close(self, abort: bool = False) -> None:
        """Wait for the workers; with ``abort`` (an error, Ctrl-C), kill them at once if
        they are at work (idle ones are let go). Either way the pool's manager thread is
        waited for: left running at exit, it races Python's own shutdown of the pool
        (``concurrent.futures.process._python_exit``), which then prints a traceback."""
        if self.pool is None:
            return
        abort = abort and not all(f.done() for f in self.futures)
        if abort:  # Python 3.14 has terminate_workers(); before, only this attribute
            for proc in list((getattr(self.pool, "_processes", None) or {}).values()):
                proc.kill()
        self.pool.shutdown(wait=True, cancel_futures=abort)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, *exc) -> None:
        self.close(abort=kind is not None)


def _worker_init(parent: int) -> None:
    """In each worker: die with the parent (SIGKILL on its death, Linux), and leave
    Ctrl-C to the parent, which stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

