"""Check the references of a document model, whichever reader made it.

Note calls against notes (each note called once), names against the authority files,
cross-references against documents, notes and declared external references, signatures
against persons. Every problem is reported at the place of the reference.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

from . import model as m
from .diagnostics import Diagnostics
from .visit import walk_blocks


def _did_you_mean(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def check_references(ed: m.Edition, diags: Diagnostics) -> None:
    """Report every reference of ``ed`` that names nothing."""
    for doc in ed.documents:
        calls: dict[str, list[m.NoteRef]] = defaultdict(list)
        text_nodes = [n for _, blocks in doc.parts() for n in walk_blocks(blocks)]
        note_nodes = [n for note in doc.notes.values() for n in walk_blocks(note.blocks)]
        for node in text_nodes:
            if isinstance(node, m.NoteRef):
                calls[node.note_id].append(node)
        for note_id, refs in calls.items():
            if note_id not in doc.notes:
                diags.error(refs[0].loc or doc.loc, f"unknown note id '{note_id}'",
                            _did_you_mean(note_id, list(doc.notes))
                            + "define it under 'notes:' in this document")
            elif len(refs) > 1:
                diags.error(refs[1].loc or doc.loc, f"note '{note_id}' is called twice",
                            f"first call at {refs[0].loc}; each note has one call — "
                            "use a cross-reference [see note](#id) for the second")
        for note in doc.notes.values():
            if note.id not in calls:
                diags.error(note.loc, f"note '{note.id}' is never called",
                            f"put [^{note.id}] where the note belongs, or delete it")
        for node in text_nodes + note_nodes:
            if isinstance(node, m.Mention) and node.explicit:
                table = ed.authorities(node.kind)
                if node.target not in table:
                    diags.error(node.loc or doc.loc, f"unknown {node.kind} id '{node.target}'",
                                _did_you_mean(node.target, list(table))
                                + f"add it to {node.kind}s.yaml")
            elif isinstance(node, m.CrossRef) and node.target not in ed.externals \
                    and ed.target(doc, node.target) is None:
                diags.error(node.loc or doc.loc, f"cross-reference to unknown id '{node.target}'",
                            "name a document id, a note id of this document, 'doc/note', "
                            "or declare it under 'external:' in edition.yaml")
        if doc.signed and doc.signed.person and doc.signed.person not in ed.persons:
            diags.error(doc.loc, f"unknown person id '{doc.signed.person}' in 'signed'",
                        "add the person to persons.yaml")


def check_handouts(ed: m.Edition, diags: Diagnostics) -> None:
    """Every excerpt of a handout names a document of the edition and paragraphs it has."""
    docs = {d.id: d for d in ed.documents}
    for handout in ed.handouts:
        for excerpt in handout.excerpts:
            doc = docs.get(excerpt.doc_id)
            if doc is None:
                diags.error(excerpt.loc, f"handout '{handout.id}': unknown document "
                            f"'{excerpt.doc_id}'",
                            _did_you_mean(excerpt.doc_id, list(docs)) + "name a document id")
                continue
            beyond = [n for n in excerpt.blocks or [] if n > len(doc.body)]
            if beyond:
                diags.error(excerpt.loc, f"handout '{handout.id}': document '{doc.id}' has "
                            f"{len(doc.body)} paragraphs, not {beyond[0]}",
                            f"choose paragraphs from 1 to {len(doc.body)} (block quotes and "
                            "lists count as one each)")
