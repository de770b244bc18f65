"""Check the references of a document model, whichever reader made it.

Note calls against notes (each note called once), names against the authority files,
cross-references against documents, notes and declared external references, signatures
against persons. Every problem is reported at the place of the reference.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator

from . import anchors
from . import model as m
from .diagnostics import Diagnostics, Loc
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
        signatures = doc.signed + [s for att in doc.attachments for s in att.signed]
        for sig in signatures:
            if sig.person and sig.person not in ed.persons:
                diags.error(doc.loc, f"unknown person id '{sig.person}' in 'signed'",
                            _did_you_mean(sig.person, list(ed.persons))
                            + "add the person to persons.yaml")
        parts = {p.id for p in ed.parts}
        if doc.part is not None and doc.part not in parts:
            diags.error(doc.loc, f"unknown part '{doc.part}'",
                        _did_you_mean(doc.part, list(parts)) + "declare it under 'parts:' "
                        "in edition.yaml")
        _check_source_marks(ed, doc, diags)


def _check_source_marks(ed: m.Edition, doc: m.Document, diags: Diagnostics) -> None:
    """Notes of a series that prints the source's own marks: each needs one, and a mark
    used twice in a document is reported (the source may repeat it; readers cannot tell
    the notes apart)."""
    seen: dict[tuple[str, str], m.Note] = {}
    for note in doc.notes.values():
        series = ed.note_series.get(note.series)
        if series is None or series.marks != "source":
            continue
        if not note.n:
            diags.error(note.loc, f"note '{note.id}' has no mark of its own",
                        f"give it 'n:' (its series '{note.series}' prints the source's marks)")
            continue
        first = seen.setdefault((note.series, note.n), note)
        if first is not note:
            diags.warning(note.loc, f"notes '{first.id}' and '{note.id}' both print the mark "
                          f"'{note.n}'", "keep it if the source repeats the mark; otherwise "
                          "correct 'n:'")


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


def check_parts(ed: m.Edition, diags: Diagnostics) -> None:
    """Part ids are unique, and a part's parent is a part declared before it."""
    seen: set[str] = set()
    for part in ed.parts:
        if part.id in seen:
            diags.error(part.loc, f"duplicate part id '{part.id}'", "part ids must be unique")
        if part.parent is not None and part.parent not in seen:
            diags.error(part.loc, f"the parent '{part.parent}' of part '{part.id}' is not "
                        "declared before it", "list a part after its parent")
        seen.add(part.id)


def check_anchors(ed: m.Edition, diags: Diagnostics) -> None:
    """No two things of different documents, notes or targets get the same id in the
    outputs ('note-d-n-x' would be note 'n-x' of 'd' and note 'x' of 'd-n')."""
    owners: dict[str, str] = {}
    reported: set[tuple[str, str]] = set()
    for doc in ed.documents:
        for anchor, what, loc in _anchors(ed, doc):
            first = owners.setdefault(anchor, what)
            if first != what and (first, what) not in reported:
                reported.add((first, what))
                diags.error(loc, f"{what} would have the same id '{anchor}' in the outputs "
                            f"as {first}", "rename one of them (ids joined by '-' collide)")


def _anchors(ed: m.Edition, doc: m.Document) -> Iterator[tuple[str, str, Loc]]:
    """The ids the outputs give to a document, its blocks, notes and targets."""
    what = f"document '{doc.id}'"
    yield anchors.document(doc.id), what, doc.loc
    for k in range(1, len(doc.body) + 1):
        yield anchors.body_block(doc.id, k), what, doc.loc
    for series in ed.note_series:
        yield anchors.notes_section(series, doc.id), what, doc.loc
    for note in doc.notes.values():
        what = f"note '{note.id}' of document '{doc.id}'"
        yield anchors.note(doc.id, note.id), what, note.loc
        yield anchors.call(doc.id, note.id), what, note.loc
        yield anchors.note_pointer(doc.id, note.id), what, note.loc
        for k in range(1, len(note.blocks) + 1):
            yield anchors.note_block(doc.id, note.id, k), what, note.loc
    for name, loc in doc.targets.items():
        yield anchors.target(doc.id, name), f"target '{name}' of document '{doc.id}'", loc
