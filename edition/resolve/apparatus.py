"""The textual apparatus: every intervention of the editors, with its lemma and place."""

from __future__ import annotations

from dataclasses import dataclass

from .. import anchors
from .. import model as m
from ..visit import plain, walk_blocks


@dataclass(frozen=True, slots=True)
class Place:
    """Where a lemma stands: a part of the document ('title', 'opener', 'body', 'closer',
    'source') or a note; ``block`` is the 1-based top-level block of the body."""

    part: str
    block: int = 0
    note_id: str = ""
    note_mark: str = ""
    kind: str = ""  # the kind of lines it stands on (see edition.yaml line_numbers.count)


@dataclass(slots=True)
class ApparatusEntry:
    """A textual intervention of the editors, keyed by its lemma and place."""

    doc_id: str
    anchor: str
    kind: str  # class name of the editorial node, lower case
    lemma: str  # the edited reading ('' when the emendation deletes)
    source: str  # the source's reading, where the node keeps one
    reason: str
    place: Place


def listed(node: m.Editorial) -> bool:
    """Whether an editorial sign has an apparatus entry: emendations and gaps always,
    other signs when they give a reason or keep the source's own mark."""
    source = getattr(node, "orig", "") or getattr(node, "mark", "")
    return isinstance(node, m.Emendation | m.Gap) or bool(node.reason or source)


def apparatus(doc: m.Document, notes: list[m.Note], signs: m.Signs,
              series: dict[str, m.NoteSeries]) -> list[ApparatusEntry]:
    """The entries of ``doc`` in reading order (text, then ``notes``); sets each lemma's
    anchor."""
    out: list[ApparatusEntry] = []

    def visit(blocks: list[m.Block], place: Place) -> None:
        for node in walk_blocks(blocks):
            if not isinstance(node, m.Editorial) or not listed(node):
                continue
            node.anchor = anchors.apparatus_entry(doc.id, len(out) + 1)
            lemma = (plain(node.children, signs) if isinstance(node, m.Emendation)
                     else plain([node], signs))
            source = getattr(node, "orig", "") or getattr(node, "mark", "")
            out.append(ApparatusEntry(doc.id, node.anchor, type(node).__name__.lower(),
                                      lemma, source, node.reason, place))

    for part, blocks in doc.parts():
        if part_kind(part) == "body":
            for i, block in enumerate(blocks, 1):
                kind = "quotes" if isinstance(block, m.BlockQuote) else "body"
                visit([block], Place(part, i, kind=kind))
        else:
            visit(blocks, Place(part, kind=part_kind(part)))
    for note in notes:
        placement = series[note.series].placement
        visit(note.blocks, Place("note", note_id=note.id, note_mark=note.mark,
                                 kind="notes" if placement == "document-end" else "footnotes"))
    return out


PART_KINDS = {"title": "heading", "label": "heading", "opener": "opener", "closer": "closer",
              "source": "source", "source_note": "source", "dateline": "dateline",
              "received": "dateline", "signed": "signature", "body": "body",
              "postscript": "body"}


def part_kind(part: str) -> str:
    """The kind of lines a part of a document is set in ('a2-body' -> 'body')."""
    name = part.split("-", 1)[1] if part.startswith("a") and "-" in part else part
    return PART_KINDS[name.rstrip("0123456789")]
