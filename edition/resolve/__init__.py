"""Resolve what depends on the whole edition: note marks, anchors, name mentions,
cross-reference targets, the apparatus and the indexes' occurrences.

:func:`resolve` works on a copy: the model a reader made is never changed, so it can be
checked, resolved or exported again. The result, :class:`Resolved`, is what the
presentation layer and every writer read.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .. import anchors
from .. import model as m
from ..diagnostics import Diagnostic
from ..visit import walk_blocks
from .apparatus import ApparatusEntry, Place, apparatus
from .mentions import Detector, MentionFinder, Occurrence, collect
from .notes import calls, note_mark, number_notes

__all__ = ["ApparatusEntry", "Occurrence", "Place", "Resolved", "note_mark", "resolve"]


@dataclass
class Resolved:
    edition: m.Edition
    occurrences: list[Occurrence] = field(default_factory=list)
    apparatus: dict[str, list[ApparatusEntry]] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)

    def notes_in_order(self, doc: m.Document, series: str | None = None) -> list[m.Note]:
        """The document's notes in the order of their calls, optionally of one series."""
        notes = [doc.notes[ref.note_id] for ref in calls(doc) if ref.note_id in doc.notes]
        return [n for n in notes if series is None or n.series == series]

    def occurrences_of(self, kind: str) -> dict[str, list[Occurrence]]:
        out: dict[str, list[Occurrence]] = {}
        for occ in self.occurrences:
            if occ.kind == kind:
                out.setdefault(occ.key, []).append(occ)
        return out


def resolve(edition: m.Edition) -> Resolved:
    """An annotated copy of ``edition`` with everything the outputs need."""
    edition = copy.deepcopy(edition)
    res = Resolved(edition)
    detect = Detector(MentionFinder(edition))
    volume_counters: dict[str, int] = {}
    for doc in edition.documents:
        for series in number_notes(edition, doc, volume_counters):
            res.warnings.append(Diagnostic(
                doc.loc, f"document '{doc.id}' has more notes of the series '{series}' than "
                f"its symbols can mark (* † ‡ § ‖ ¶, then doubled): they are numbered",
                "use a numbered series for this document's notes if you prefer", "warning"))
        for _, owner, attr in doc.inline_fields():
            setattr(owner, attr, detect.inlines(getattr(owner, attr)))
        for blocks in (doc.body, doc.postscript, *(a.body for a in doc.attachments),
                       *(a.postscript for a in doc.attachments)):
            detect.blocks(blocks)
        counter = [0]
        for _, blocks in doc.parts():
            res.occurrences += collect(blocks, doc, counter, note_id=None)
        notes = res.notes_in_order(doc)
        for note in notes:
            detect.blocks(note.blocks)
            res.occurrences += collect(note.blocks, doc, counter, note_id=note.id)
        for n, sig in enumerate(doc.signed + [s for a in doc.attachments for s in a.signed]):
            if sig.person:
                res.occurrences.append(Occurrence("person", sig.person, doc.id,
                                                  anchors.signature(doc.id, n)))
        _annotate(edition, doc)
        res.apparatus[doc.id] = apparatus(doc, notes, edition.signs, edition.note_series)
    return res


def _annotate(edition: m.Edition, doc: m.Document) -> None:
    """Cross-references to declared external references, and the anchors of targets."""
    nodes = [n for _, blocks in doc.parts() for n in walk_blocks(blocks)]
    nodes += [n for note in doc.notes.values() for n in walk_blocks(note.blocks)]
    for node in nodes:
        if isinstance(node, m.CrossRef) and node.target in edition.externals:
            node.external = True
        elif isinstance(node, m.Target):
            node.anchor = anchors.target(doc.id, node.name)
