"""The presentation layer: what every output shows, built once from the resolved edition.

Labels of documents, the contents, the front matter's statements (table of signs, note
series, typography), the list of persons, the index views and the places of apparatus
entries. Writers lay these out; they do not derive them again.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from . import anchors
from . import model as m
from .clock import build_time
from .layout.facts import LayoutFacts
from .resolve import ApparatusEntry, Place, Resolved
from .resolve.index import COLLATOR, IndexEntry, Locator, entries, locators
from .visit import Children, Lit, plain, sign_pieces, walk_blocks

__all__ = ["Locator", "Views", "locators", "present"]

MARKS = {"symbols": "symbols (* † ‡ § ‖ ¶)", "arabic": "numbers", "alpha": "letters",
         "source": "the marks of the original",
         "roman": "roman numerals"}
COUNTED = {"document": "per document", "volume": "through the volume"}
INDEXES = {"persons": ("Index of Names", "person"), "places": ("Index of Places", "place")}
SIGN_MEANINGS: list[tuple[m.Editorial, str]] = [
    (m.Supplied([m.Text("Moscow")]), "text supplied by the editors"),
    (m.Omission(), "an omission in the source"),
    (m.Gap(), "a break or lacuna in the source, described in italics"),
    (m.Illegible(), "illegible in the source"),
    (m.Sic(), "thus in the source"),
]


@dataclass(frozen=True, slots=True)
class DocView:
    """How a document is named in headings, contents, running heads and bookmarks."""

    doc: m.Document
    anchor: str
    title: str  # plain title
    date: str
    dateline: str  # place (bracketed when supplied) and date
    label: str  # 'Title (date)'
    numbered: str  # 'N. Title (date)'
    runhead: str  # 'No. N · date'


@dataclass(frozen=True, slots=True)
class FrontEntry:
    """A section of the edition's own front matter, in order."""

    anchor: str
    title: str
    section: m.Section | None = None  # None for the abbreviations and the persons


@dataclass(frozen=True, slots=True)
class SignRow:
    sample: list[Lit]
    meaning: str


@dataclass(frozen=True, slots=True)
class SeriesView:
    series: m.NoteSeries
    marks: str  # 'symbols (* † ‡ § ‖ ¶)'
    counted: str  # 'per document'


@dataclass(frozen=True, slots=True)
class IndexView:
    key: str  # 'persons', 'places'
    title: str
    anchor: str
    kind: str  # 'person', 'place'
    entries: list[IndexEntry]


@dataclass(frozen=True, slots=True)
class AppView:
    """An apparatus entry as it prints: its place in words ('¶ 3', 'title', 'note a'),
    whether the print edition keys it to line numbers instead, and its lemma, long ones
    abbreviated to their first and last words (reledmac's 'first … last')."""

    entry: ApparatusEntry
    where: str
    line_keyed: bool
    lemma: str


@dataclass
class Views:
    res: Resolved
    built: str  # the build date, '10 October 2026'
    documents: list[DocView]
    front: list[FrontEntry]
    persons: list[m.Authority]
    signs: list[SignRow]
    series: list[SeriesView]
    typography: list[str]
    indexes: list[IndexView]
    apparatus: dict[str, list[AppView]]
    externals: list[tuple[str, str]] = field(default_factory=list)  # label, description
    by_id: dict[str, DocView] = field(default_factory=dict)

    generated_xrefs: list[tuple[m.Document, m.CrossRef]] = field(default_factory=list)
    part_headings: dict[str, list[tuple[m.Part, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {v.doc.id: v for v in self.documents}
        self.part_headings = part_headings(self.res.edition)
        for view in self.documents:
            doc = view.doc
            blocks = [b for _, bs in doc.parts() for b in bs]
            blocks += [b for note in doc.notes.values() for b in note.blocks]
            self.generated_xrefs += [(doc, n) for n in walk_blocks(blocks)
                                     if isinstance(n, m.CrossRef) and not n.children]

    def doc(self, doc_id: str) -> DocView:
        return self.by_id[doc_id]

    def xref_text(self, doc: m.Document, node: m.CrossRef,
                  facts: LayoutFacts | None) -> str:
        """The words a cross-reference without its own text prints: 'No. 7, p. 14',
        'note 2, p. 15', 'line 14', 'No. 7, line 14', or an external reference's label.
        Pages and lines come from ``facts`` (the print layout) when it has them."""
        ed = self.res.edition
        if node.target in ed.externals:
            return ed.externals[node.target].label
        ref = ed.target(doc, node.target)
        if ref is None:
            return node.target
        other = self.doc(ref.doc_id).doc
        prefix = f"No. {other.number}, " if ref.doc_id != doc.id else ""
        if ref.note_id:
            anchor = anchors.note(ref.doc_id, ref.note_id)
            text = f"{prefix}note {other.notes[ref.note_id].mark}"
        elif ref.target:
            anchor = anchors.target(ref.doc_id, ref.target)
            line = facts.lines.get(anchor) if facts else None
            if line:
                return f"{prefix}line {line}"
            text = prefix.removesuffix(", ") or "above"
        else:
            anchor = anchors.document(ref.doc_id)
            text = f"No. {other.number}"
        page = facts.anchors.get(anchor) if facts else None
        return f"{text}, p. {page}" if page else text


def part_headings(ed: m.Edition) -> dict[str, list[tuple[m.Part, int]]]:
    """The headings of the parts of the volume that print before each document: those it
    enters (the outer first), with their depth from 1."""
    parts = {p.id: p for p in ed.parts}

    def chain(part_id: str | None) -> list[m.Part]:
        out: list[m.Part] = []
        while part_id is not None and part_id in parts and parts[part_id] not in out:
            out.insert(0, parts[part_id])
            part_id = parts[part_id].parent
        return out
    headings: dict[str, list[tuple[m.Part, int]]] = {}
    current: list[m.Part] = []
    for doc in ed.documents:
        path = chain(doc.part)
        same = 0
        while same < min(len(path), len(current)) and path[same] is current[same]:
            same += 1
        headings[doc.id] = [(p, depth) for depth, p in enumerate(path, 1) if depth > same]
        current = path
    return headings


def document_view(doc: m.Document, order: str = "day-month-year") -> DocView:
    title, date = plain(doc.title), doc.date.display(order)
    place = doc.place
    dateline = ", ".join(([f"[{place.name}]" if place.supplied else place.name] if place
                          else []) + [date])
    if doc.dateline and doc.dateline.text:
        dateline = plain(doc.dateline.text)
    label = f"{title} ({date})"
    return DocView(doc, anchors.document(doc.id), title, date, dateline, label,
                   f"{doc.number}. {label}", f"No. {doc.number} · {date}")


LONG_LEMMA = 5  # words; longer lemmata print as 'first … last'


def short_lemma(lemma: str) -> str:
    words = lemma.split()
    return f"{words[0]} … {words[-1]}" if len(words) > LONG_LEMMA else lemma


PLACE_WORDS = {"source_note": "source note", "received": "dateline", "signed": "signature",
               "postscript": "postscript", "label": "heading"}


def where(place: Place) -> str:
    """The place of an apparatus entry in words: '¶ 3', 'title', 'note a', 'encl. 2, ¶ 1'."""
    if place.part == "note":
        return f"note {place.note_mark}"
    prefix, part = "", place.part
    if part.startswith("a") and "-" in part:
        number, part = part[1:].split("-", 1)
        prefix = f"encl. {number}, "
    name = part.rstrip("0123456789")
    if place.block and name in ("body", "postscript"):
        return prefix + (f"¶ {place.block}" if name == "body" else f"P.S. ¶ {place.block}")
    return prefix + PLACE_WORDS.get(name, name)


def sign_sample(node: m.Editorial, signs: m.Signs) -> list[Lit]:
    """A sign as the table of signs shows it: its example text, or the sign alone."""
    pieces = [Lit(plain(node.children), p.italic) if isinstance(p, Children) else p
              for p in sign_pieces(node, signs)]
    pieces = [p for p in pieces if p.text]
    return [Lit(pieces[0].text.lstrip(), pieces[0].italic), *pieces[1:]] if pieces else []


def typography_statement(cfg: m.Typography) -> list[str]:
    """The cleaning rules in words, for the edition's statement of principles."""
    lines = []
    if cfg.replace:
        names = ", ".join(
            f"U+{ord(k):04X} {unicodedata.name(k, '?').title()} by '{v}'"
            for k, v in cfg.replace.items()
        )
        lines.append(f"Stray characters of the source text are replaced: {names}.")
    lines.append(
        f"Straight quotation marks are set as {cfg.quotes[0]}…{cfg.quotes[1]} and "
        f"{cfg.quotes[2]}…{cfg.quotes[3]}; apostrophes as {cfg.quotes[3]}."
    )
    lines.append(
        "A spaced hyphen or dash is set as an em dash (—)." if cfg.dash == "em"
        else "A spaced hyphen or dash is set as a spaced en dash ( – )."
    )
    lines.append("Spaces just inside quotation marks are removed.")
    if cfg.ellipsis:
        lines.append("Three full stops are set as an ellipsis (…).")
    if cfg.nbsp_after or cfg.nbsp_initials:
        lines.append("Abbreviations and initials are tied to the word that follows them.")
    return lines


def present(res: Resolved) -> Views:
    """Everything the writers show, for one build."""
    ed = res.edition
    front = [FrontEntry(anchors.front_section(s.id), s.title, s) for s in ed.front_matter]
    externals = [(e.label, e.description) for e in ed.externals.values() if e.description]
    if ed.abbreviations or externals:
        front.append(FrontEntry(anchors.ABBREVIATIONS, "Abbreviations" if ed.abbreviations
                                else "References outside this volume"))
    if ed.persons:
        front.append(FrontEntry(anchors.PERSONS, "Persons"))
    indexes = [IndexView(key, INDEXES[key][0], anchors.index(key), INDEXES[key][1],
                         entries(res, INDEXES[key][1])) for key in ed.indexes]
    built = build_time()
    lines = ed.line_numbers

    def keyed(kind: str) -> bool:
        return bool(lines.every) and kind in lines.count

    return Views(
        res=res,
        built=f"{built.day} {built:%B %Y}",
        documents=[document_view(d, ed.date_format) for d in ed.documents],
        front=front,
        persons=sorted(ed.persons.values(), key=lambda a: (COLLATOR.sort_key(a.sort), a.name)),
        signs=[SignRow(sign_sample(node, ed.signs), meaning) for node, meaning in SIGN_MEANINGS],
        series=[SeriesView(s, MARKS[s.marks], COUNTED[s.restart])
                for s in ed.note_series.values()],
        typography=typography_statement(ed.typography),
        indexes=indexes,
        externals=externals,
        apparatus={doc_id: [AppView(e, where(e.place), keyed(e.place.kind),
                                    short_lemma(e.lemma)) for e in entries_]
                   for doc_id, entries_ in res.apparatus.items()},
    )



# -- handouts --------------------------------------------------------------------------


@dataclass
class ExcerptView:
    """What a handout prints of one document: its top-level blocks in order with ``None``
    where text is left out ([…]), the notes called in them, and their apparatus."""

    view: DocView
    whole: bool
    blocks: list[tuple[int, m.Block] | None]
    notes: list[m.Note]
    apparatus: list[AppView]


@dataclass
class HandoutView:
    handout: m.Handout
    excerpts: list[ExcerptView]
    glossary: list[m.Authority]  # the persons and places the selected text names


def _excerpt(views: Views, excerpt: m.Excerpt, with_notes: bool) -> ExcerptView:
    view = views.doc(excerpt.doc_id)
    doc = view.doc
    chosen = excerpt.blocks or list(range(1, len(doc.body) + 1))
    blocks: list[tuple[int, m.Block] | None] = []
    if chosen[0] > 1:
        blocks.append(None)
    for k, n in enumerate(chosen):
        if k and n != chosen[k - 1] + 1:
            blocks.append(None)
        blocks.append((n, doc.body[n - 1]))
    if chosen[-1] < len(doc.body):
        blocks.append(None)
    whole = excerpt.blocks is None
    text = [b for item in blocks if item for b in [item[1]]] + [m.Paragraph(doc.title)]
    if whole:
        text += [m.Paragraph(doc.opener), m.Paragraph(doc.closer), m.Paragraph(doc.source)]
    called = {n.note_id for n in walk_blocks(text) if isinstance(n, m.NoteRef)}
    notes = [n for n in views.res.notes_in_order(doc) if n.id in called] if with_notes else []

    def printed(place: Place) -> bool:  # the text's own lemmata (not its notes')
        if place.part == "body":
            return place.block in chosen
        return place.part != "note" and (whole or place.part == "title")
    apparatus = [a for a in views.apparatus.get(doc.id, []) if printed(a.entry.place)]
    return ExcerptView(view, whole, blocks, notes, apparatus)


def handout_view(views: Views, handout: m.Handout) -> HandoutView:
    """A handout as it prints: its excerpts, and the glossary of the names they mention."""
    excerpts = [_excerpt(views, e, handout.notes == "footnotes") for e in handout.excerpts]
    ed = views.res.edition
    named: dict[tuple[str, str], m.Authority] = {}
    for ex in excerpts:
        doc = ex.view.doc
        text = [m.Paragraph(doc.title)] + [item[1] for item in ex.blocks if item]
        if ex.whole:
            text += [m.Paragraph(doc.opener), m.Paragraph(doc.closer), m.Paragraph(doc.source)]
        text += [b for note in ex.notes for b in note.blocks]
        for node in walk_blocks(text):
            if isinstance(node, m.Mention) and node.target in ed.authorities(node.kind):
                named.setdefault((node.kind, node.target),
                                 ed.authorities(node.kind)[node.target])
        for sig in doc.signed if ex.whole else []:
            if sig.person in ed.persons:
                named.setdefault(("person", sig.person), ed.persons[sig.person])
    glossary = list(named.values())
    if handout.glossary == "alphabetical":
        glossary.sort(key=lambda a: (COLLATOR.sort_key(a.sort), a.name))
    elif handout.glossary == "none":
        glossary = []
    return HandoutView(handout, excerpts, glossary)
