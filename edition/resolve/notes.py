"""Note marks: each series numbered in the order of its calls, per document or volume."""

from __future__ import annotations

from collections.abc import Iterator

from .. import anchors
from .. import model as m
from ..visit import walk_blocks

SYMBOLS = "*†‡§‖¶"


def note_mark(style: str, n: int) -> str:
    """The mark of the ``n``-th note (1-based) in a series of the given style."""
    if style == "symbols":
        return SYMBOLS[(n - 1) % len(SYMBOLS)] * ((n - 1) // len(SYMBOLS) + 1)
    if style == "alpha":
        letters = ""
        while n:
            n, rem = divmod(n - 1, 26)
            letters = chr(97 + rem) + letters
        return letters
    if style == "roman":
        out = ""
        for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                               (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                               (5, "v"), (4, "iv"), (1, "i")):
            count, n = divmod(n, value)
            out += numeral * count
        return out
    return str(n)


def calls(doc: m.Document) -> Iterator[m.NoteRef]:
    """The note calls of a document's text, in reading order."""
    for _, blocks in doc.parts():
        for node in walk_blocks(blocks):
            if isinstance(node, m.NoteRef):
                yield node


SYMBOLS_AT_MOST = 2 * len(SYMBOLS)  # * … ¶, then doubled; past that, numbers


def number_notes(edition: m.Edition, doc: m.Document, volume: dict[str, int]) -> list[str]:
    """Give every note of ``doc`` and its call their mark and anchors; ``volume`` holds
    the counters of the series that run through the volume. A series of symbols with more
    notes in the document than the doubled symbols is numbered there instead; the ids of
    those series are returned."""
    per_doc: dict[str, int] = {}
    refs = [(ref, doc.notes[ref.note_id]) for ref in calls(doc) if ref.note_id in doc.notes]
    counts: dict[str, int] = {}
    for _, note in refs:
        counts[note.series] = counts.get(note.series, 0) + 1
    numbered = [s for s, n in counts.items() if edition.note_series[s].marks == "symbols"
                and edition.note_series[s].restart == "document" and n > SYMBOLS_AT_MOST]
    for ref, note in refs:
        series = edition.note_series[note.series]
        counter = volume if series.restart == "volume" else per_doc
        counter[series.id] = counter.get(series.id, 0) + 1
        marks = "arabic" if series.id in numbered else series.marks
        note.mark = ref.mark = note.n if marks == "source" else \
            note_mark(marks, counter[series.id])
        note.anchor = anchors.note(doc.id, note.id)
        ref.anchor = anchors.call(doc.id, note.id)
    return numbered
