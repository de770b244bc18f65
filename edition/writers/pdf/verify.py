"""Checks of a laid-out document: every anchor present, every page-foot note on the page
of its call, the source note set at the head on the page of the heading, and at the page
foot every apparatus entry on the page of its lemma.

WeasyPrint 70 can drop a footnote or push it to a later page; chunks.py re-lays out such
a note's paragraph after a forced page break, and a note that still does not fit (one
longer than a page) is set at the end of its document with a pointer at the foot of the
page (an apparatus entry, in the apparatus after the document).
"""

from __future__ import annotations

from ... import anchors
from ... import model as m
from ...diagnostics import Loc
from ...layout.weasy import Laid
from ...present import Views
from .pieces import group_starts
from .render import SOURCE_NOTE, Repairs

Misplaced = tuple[str, str, Loc]  # document id, note id or lemma anchor, source place


def continued_pages(signs: m.Signs, note: m.Note, found: dict[str, int],
                    repairs: Repairs) -> list[int | None]:
    """The page of each footnote a continued note is set as (None: not found)."""
    starts = repairs.continued[(note.doc_id, note.id)]
    groups = group_starts(note, signs, starts)
    names = [note.anchor] + [anchors.note_piece(note.doc_id, note.id, k)
                             for k in range(1, len(groups))]
    return [found.get(name) for name in names]


def check_layout(views: Views, doc: m.Document, laid: Laid,
                 repairs: Repairs) -> tuple[list[str], list[Misplaced]]:
    """Anchors of ``doc`` missing from the layout, and what is not on the page it must
    share with its call or lemma."""
    res = views.res
    found = laid.anchors
    missing: list[str] = []
    misplaced: list[Misplaced] = []
    for note in res.notes_in_order(doc):
        series = res.edition.note_series[note.series]
        call = anchors.call(doc.id, note.id)
        if series.placement != "page":
            missing += [a for a in (call, note.anchor) if a not in found]
            continue
        demoted = (doc.id, note.id) in repairs.demoted
        where = anchors.note_pointer(doc.id, note.id) if demoted else note.anchor
        if call not in found:
            missing.append(call)
        elif not demoted and (doc.id, note.id) in repairs.continued:
            pages = continued_pages(res.edition.signs, note, found, repairs)
            if None in pages or pages[0] != found[call] or pages != sorted(pages):
                misplaced.append((doc.id, note.id, note.loc))
        elif where not in found or found[where] != found[call]:
            misplaced.append((doc.id, note.id, note.loc))
        if demoted and note.anchor not in found:
            missing.append(note.anchor)
    source = anchors.source_note(doc.id)
    if doc.source_note and res.edition.source_notes == "head" \
            and (doc.id, SOURCE_NOTE) not in repairs.demoted:
        if source not in found:
            missing.append(source)
        elif found[source] != found.get(anchors.title(doc.id)):
            misplaced.append((doc.id, SOURCE_NOTE, doc.loc))
    if res.edition.apparatus_placement == "page":
        for view in views.apparatus.get(doc.id, []):
            lemma, entry = view.entry.anchor, anchors.apparatus_item(view.entry.anchor)
            if (doc.id, lemma) in repairs.demoted or lemma not in found:
                continue
            if found.get(entry) != found[lemma]:
                misplaced.append((doc.id, lemma, doc.loc))
    wanted = [o.anchor for o in res.occurrences if o.doc_id == doc.id]
    wanted += [e.anchor for e in res.apparatus.get(doc.id, [])]
    missing += [a for a in wanted if a not in found]
    return missing, misplaced
