"""Resolve what depends on the whole edition: note marks, anchors, name mentions, apparatus.

The result is a :class:`Resolved` edition that every writer reads. Resolution mutates the
model in place (marks and anchors on its nodes) and is done once per build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import model as m

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


@dataclass(slots=True)
class Occurrence:
    """One mention of a person or place, with the anchor that marks it in every output."""

    kind: str
    key: str
    doc_id: str
    anchor: str
    note_id: str | None = None  # set when the mention is inside a note

    @property
    def in_note(self) -> bool:
        return self.note_id is not None


@dataclass(slots=True)
class ApparatusEntry:
    """A textual intervention of the editors, keyed by its lemma and place."""

    doc_id: str
    anchor: str
    kind: str  # class name of the editorial node, lower case
    lemma: str  # the edited reading ('' when the emendation deletes)
    source: str  # the source's reading, where the node keeps one
    reason: str
    where: str  # e.g. '¶ 3', 'title', 'note a'


@dataclass
class Resolved:
    edition: m.Edition
    occurrences: list[Occurrence] = field(default_factory=list)
    apparatus: dict[str, list[ApparatusEntry]] = field(default_factory=dict)

    def notes_in_order(self, doc: m.Document, series: str | None = None) -> list[m.Note]:
        """The document's notes in the order of their calls, optionally of one series."""
        order = [ref.note_id for ref in _calls(doc)]
        notes = [doc.notes[i] for i in order if i in doc.notes]
        return [n for n in notes if series is None or n.series == series]

    def series_for(self, placement: str) -> list[m.NoteSeries]:
        return [s for s in self.edition.note_series.values() if s.placement == placement]

    def occurrences_of(self, kind: str) -> dict[str, list[Occurrence]]:
        out: dict[str, list[Occurrence]] = {}
        for occ in self.occurrences:
            if occ.kind == kind:
                out.setdefault(occ.key, []).append(occ)
        return out


def resolve(edition: m.Edition) -> Resolved:
    res = Resolved(edition)
    finder = MentionFinder(edition)
    volume_counters: dict[str, int] = {}
    for doc in edition.documents:
        _number_notes(edition, doc, volume_counters)
        mentions = _Anchors(doc.id)
        for attr in ("title", "opener", "closer", "source"):
            setattr(doc, attr, _detect_inlines(getattr(doc, attr), finder))
        _detect(doc.body, finder)
        for _, blocks in doc.parts():
            _collect(res, doc, blocks, mentions, note_id=None)
        for note in res.notes_in_order(doc):
            _detect(note.blocks, finder)
            _collect(res, doc, note.blocks, mentions, note_id=note.id)
        if doc.signed and doc.signed.person:
            res.occurrences.append(
                Occurrence("person", doc.signed.person, doc.id, f"sig-{doc.id}"))
        res.apparatus[doc.id] = _apparatus(res, doc)
    return res


def _calls(doc: m.Document) -> Iterator[m.NoteRef]:
    for _, blocks in doc.parts():
        for node in m.walk_blocks(blocks):
            if isinstance(node, m.NoteRef):
                yield node


def _number_notes(edition: m.Edition, doc: m.Document, volume: dict[str, int]) -> None:
    per_doc: dict[str, int] = {}
    for ref in _calls(doc):
        note = doc.notes.get(ref.note_id)
        if note is None:
            continue
        series = edition.note_series[note.series]
        counter = volume if series.restart == "volume" else per_doc
        counter[series.id] = counter.get(series.id, 0) + 1
        note.mark = ref.mark = note_mark(series.marks, counter[series.id])
        note.anchor = f"note-{doc.id}-{note.id}"
        ref.anchor = f"call-{doc.id}-{note.id}"


class _Anchors:
    def __init__(self, doc_id: str):
        self.doc_id = doc_id
        self.count = 0

    def next(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}-{self.doc_id}-{self.count}"


class MentionFinder:
    """Finds the forms of the authority files in plain text (longest form first)."""

    def __init__(self, edition: m.Edition):
        self.forms: dict[str, tuple[str, str]] = {}
        for kind, table in (("person", edition.persons), ("place", edition.places)):
            for auth in table.values():
                for form in auth.forms:
                    self.forms.setdefault(_norm(form), (kind, auth.id))
        parts = sorted(self.forms, key=len, reverse=True)
        body = "|".join(re.escape(f).replace(r"\ ", "[ \u00a0]") for f in parts)
        self.pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if parts else None

    def split(self, text: str) -> list[m.Inline]:
        if self.pattern is None:
            return [m.Text(text)]
        out: list[m.Inline] = []
        pos = 0
        for match in self.pattern.finditer(text):
            kind, key = self.forms[_norm(match.group())]
            if match.start() > pos:
                out.append(m.Text(text[pos : match.start()]))
            out.append(m.Mention([m.Text(match.group())], kind=kind, target=key))
            pos = match.end()
        if pos < len(text):
            out.append(m.Text(text[pos:]))
        return out


def _norm(text: str) -> str:
    return text.replace("\u00a0", " ")


def _detect(blocks: list[m.Block], finder: MentionFinder) -> None:
    for block in blocks:
        if isinstance(block, m.Paragraph):
            block.children = _detect_inlines(block.children, finder)
        elif isinstance(block, m.BlockQuote):
            _detect(block.blocks, finder)
        else:
            for item in block.items:
                _detect(item, finder)


def _detect_inlines(nodes: list[m.Inline], finder: MentionFinder) -> list[m.Inline]:
    out: list[m.Inline] = []
    for node in nodes:
        if isinstance(node, m.Text):
            out.extend(finder.split(node.text))
        elif isinstance(node, m.Mention | m.NoIndex | m.CrossRef):
            out.append(node)
        elif isinstance(node, m.Container):
            node.children = _detect_inlines(node.children, finder)
            out.append(node)
        else:
            out.append(node)
    return out


def _collect(res: Resolved, doc: m.Document, blocks: list[m.Block], anchors: _Anchors,
             note_id: str | None) -> None:
    for node in m.walk_blocks(blocks):
        if isinstance(node, m.Mention):
            node.anchor = anchors.next("m")
            res.occurrences.append(Occurrence(node.kind, node.target, doc.id, node.anchor,
                                              note_id))


def _apparatus(res: Resolved, doc: m.Document) -> list[ApparatusEntry]:
    out: list[ApparatusEntry] = []
    counter = _Anchors(doc.id)

    def visit(blocks: list[m.Block], where: str) -> None:
        for node in m.walk_blocks(blocks):
            if not isinstance(node, m.Editorial):
                continue
            source = getattr(node, "orig", "") or getattr(node, "mark", "")
            if not (isinstance(node, m.Emendation | m.Gap) or node.reason or source):
                continue
            node.anchor = counter.next("app")
            signs = res.edition.signs
            lemma = (m.plain(node.children, signs) if isinstance(node, m.Emendation)
                     else m.plain([node], signs))
            out.append(ApparatusEntry(doc.id, node.anchor, type(node).__name__.lower(),
                                      lemma, source, node.reason, where))

    for part, blocks in doc.parts():
        if part == "body":
            for i, block in enumerate(blocks, 1):
                visit([block], f"¶ {i}")
        else:
            visit(blocks, part)
    for note in res.notes_in_order(doc):
        visit(note.blocks, f"note {note.mark}")
    return out
