"""Checks of a laid-out document: every anchor present, every page-foot note on the page
of its call.

WeasyPrint 70 can drop a footnote or push it to a later page; chunks.py re-lays out such
a note's paragraph after a forced page break, and a note that still does not fit (one
longer than a page) is set at the end of its document with a pointer at the foot of the
page.
"""

from __future__ import annotations

from ... import anchors
from ... import model as m
from ...layout.weasy import Laid
from ...resolve import Resolved
from .render import Repairs


def check_layout(res: Resolved, doc: m.Document, laid: Laid,
                 repairs: Repairs) -> tuple[list[str], list[m.Note]]:
    """Anchors of ``doc`` missing from the layout, and its page-foot notes that are not on
    their call's page."""
    found = laid.anchors
    missing: list[str] = []
    misplaced: list[m.Note] = []
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
        elif where not in found or found[where] != found[call]:
            misplaced.append(note)
        if demoted and note.anchor not in found:
            missing.append(note.anchor)
    wanted = [o.anchor for o in res.occurrences if o.doc_id == doc.id]
    wanted += [e.anchor for e in res.apparatus.get(doc.id, [])]
    missing += [a for a in wanted if a not in found]
    return missing, misplaced
