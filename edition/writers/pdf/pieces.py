"""A page-foot note too long for its call's page, cut into pieces that continue it at the
foot of the following pages.

WeasyPrint cannot split a footnote (its issue #1833), but it carries a footnote that does
not fit over to the next page's foot. A long note is therefore set as several footnotes
called at the same place: the first holds the note's mark, the others continue it. Cuts
fall between the note's blocks and, inside a long paragraph, after a sentence; the
layout loop (chunks.py) checks that the pieces follow each other from the call's page on
and labels the first piece of each later page "continued".
"""

from __future__ import annotations

from dataclasses import dataclass

from ... import model as m
from ...visit import plain

PIECE = 450  # characters: about four lines of a note


@dataclass
class Piece:
    blocks: list[m.Block]
    runs_on: bool = False  # its first paragraph continues the previous piece's last


def note_pieces(note: m.Note, signs: m.Signs) -> list[Piece]:
    """The pieces of a note, each about :data:`PIECE` characters (a block longer than
    that, other than a paragraph, is a piece of its own)."""
    cuts: list[Piece] = []
    for block in note.blocks:
        if isinstance(block, m.Paragraph):
            parts = _sentences(block.children, signs)
            cuts += [Piece([m.Paragraph(part)], runs_on=i > 0) for i, part in enumerate(parts)]
        else:
            cuts.append(Piece([block]))
    starts, size = [], PIECE
    for k, cut in enumerate(cuts):
        if size >= PIECE:
            starts.append(k)
            size = 0
        size += sum(len(plain(b.children, signs)) if isinstance(b, m.Paragraph) else PIECE
                    for b in cut.blocks)
    return grouped(cuts, tuple(starts))


def _sentences(children: list[m.Inline], signs: m.Signs) -> list[list[m.Inline]]:
    """A paragraph's inline nodes cut after sentences (in its own text nodes, never
    inside a name, link or sign), each part at least :data:`PIECE` characters."""
    parts: list[list[m.Inline]] = [[]]
    size = 0
    for node in children:
        if not isinstance(node, m.Text):
            parts[-1].append(node)
            size += len(plain([node], signs))
            continue
        text = node.text
        while True:
            need = max(PIECE - size, 0)
            at = text.find(". ", need)
            if at < 0:
                break
            parts[-1].append(m.Text(text[:at + 2]))
            parts.append([])
            text, size = text[at + 2:], 0
        if text:
            parts[-1].append(m.Text(text))
            size += len(text)
    if len(parts) > 1 and size < PIECE // 2:  # a short tail stays with the part before
        tail = parts.pop()
        parts[-1] += tail
    return [p for p in parts if p]


def grouped(pieces: list[Piece], starts: tuple[int, ...]) -> list[Piece]:
    """The pieces joined into groups that begin at the indices ``starts`` (one group per
    page once the layout has settled), a paragraph cut between two pieces made whole."""
    groups: list[Piece] = []
    for k, piece in enumerate(pieces):
        if k in starts or not groups:
            groups.append(Piece(list(piece.blocks), piece.runs_on))
            continue
        last = groups[-1]
        if piece.runs_on:
            paragraph = last.blocks[-1]
            assert isinstance(paragraph, m.Paragraph)
            last.blocks[-1] = m.Paragraph(paragraph.children + piece.blocks[0].children)
            last.blocks += piece.blocks[1:]
        else:
            last.blocks += piece.blocks
    return groups


def group_starts(note: m.Note, signs: m.Signs, starts: tuple[int, ...] | None) -> list[int]:
    """The index of the first piece of each footnote a continued note is set as."""
    if starts is None:
        return list(range(len(note_pieces(note, signs))))
    return [0, *starts]
