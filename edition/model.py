"""The document model every writer reads: one edition, its documents, notes and authorities.

A reader builds it from the source files; the resolver makes an annotated copy with what
depends on the whole edition (note marks, anchors, the apparatus, the indexes). Writers
never look at the source files. :mod:`edition.visit` walks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .dates import DocDate
from .diagnostics import Loc

# --- inline nodes -------------------------------------------------------------------


@dataclass(slots=True)
class Text:
    text: str


@dataclass(slots=True)
class LineBreak:
    pass


@dataclass(slots=True)
class Container:
    """An inline node holding other inline nodes."""

    children: list[Inline] = field(default_factory=list)


@dataclass(slots=True)
class Emph(Container):
    pass


@dataclass(slots=True)
class Strong(Container):
    pass


@dataclass(slots=True)
class SmallCaps(Container):
    pass


@dataclass(slots=True)
class Underline(Container):
    pass


@dataclass(slots=True)
class Superscript(Container):
    pass


@dataclass(slots=True)
class Label(Container):
    """A label that opens an item or paragraph as the source prints it: '(a)', 'I.'."""


@dataclass(slots=True)
class Lang(Container):
    """Text in another language than the edition's (``[Печатается]{lang=ru}``)."""

    lang: str = ""


@dataclass(slots=True)
class NoIndex(Container):
    """Text the automatic name detection must skip."""


@dataclass(slots=True)
class Mention(Container):
    """A person or place named in the text; ``anchor`` is set by the resolver."""

    kind: Literal["person", "place"] = "person"
    target: str = ""
    explicit: bool = False
    anchor: str = ""
    loc: Loc | None = None


@dataclass(slots=True)
class CrossRef(Container):
    """A reference to a document or note of this volume, or to a declared external one."""

    target: str = ""
    loc: Loc | None = None
    external: bool = False  # set by the loader once the target is known


@dataclass(slots=True)
class Editorial(Container):
    """An editorial sign; every subclass is listed in the apparatus when it has a reason
    or a source reading."""

    reason: str = ""
    anchor: str = ""


@dataclass(slots=True)
class Supplied(Editorial):
    """Text the editors supply; prints in square brackets."""


@dataclass(slots=True)
class Omission(Editorial):
    """Text left out in the source; ``mark`` is the source's own sign when not '[...]'."""

    mark: str = ""


@dataclass(slots=True)
class Gap(Editorial):
    """A lacuna or break in the source; children describe it (may be empty)."""


@dataclass(slots=True)
class Illegible(Editorial):
    extent: str = ""


@dataclass(slots=True)
class Sic(Editorial):
    """A reading kept as it stands although it looks wrong."""


@dataclass(slots=True)
class Emendation(Editorial):
    """A corrected reading (children) that keeps the source's reading (``orig``)."""

    orig: str = ""


@dataclass(slots=True)
class Target(Container):
    """A place in the text that cross-references can name (``[text]{#name}``), e.g. to
    print 'see line 14'; ``anchor`` is set by the resolver."""

    name: str = ""
    anchor: str = ""
    loc: Loc | None = None


@dataclass(slots=True)
class NoteRef:
    """A note call; ``mark`` is set by the resolver."""

    note_id: str
    loc: Loc | None = None
    mark: str = ""
    anchor: str = ""


Inline = (
    Text | LineBreak | Emph | Strong | SmallCaps | Underline | Superscript | Label | Lang
    | NoIndex | Mention | CrossRef | Target
    | Supplied | Omission | Gap | Illegible | Sic | Emendation | NoteRef
)

# --- blocks -------------------------------------------------------------------------


@dataclass(slots=True)
class Paragraph:
    children: list[Inline] = field(default_factory=list)


@dataclass(slots=True)
class BlockQuote:
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class ListBlock:
    ordered: bool = False
    start: int = 1
    items: list[list[Block]] = field(default_factory=list)


Block = Paragraph | BlockQuote | ListBlock

# --- notes, authorities, documents ---------------------------------------------------


@dataclass(slots=True)
class NoteSeries:
    id: str
    name: str
    placement: Literal["page", "document-end"]
    marks: Literal["symbols", "arabic", "alpha", "roman", "source"]
    restart: Literal["document", "volume"]


@dataclass(slots=True)
class Note:
    id: str
    doc_id: str
    series: str
    blocks: list[Block]
    loc: Loc
    n: str = ""  # the mark the source itself gives the note, kept for reference
    mark: str = ""  # set by the resolver
    anchor: str = ""  # set by the resolver


@dataclass(slots=True)
class Authority:
    """A person or a place of the authority files."""

    kind: Literal["person", "place"]
    id: str
    name: str
    sort: str
    forms: list[str]
    see_from: list[str]
    gloss: list[Inline]
    loc: Loc
    dates: str = ""


@dataclass(slots=True)
class External:
    id: str
    label: str
    description: str = ""


@dataclass(slots=True)
class Signature:
    name: list[Inline]
    supplied: bool = False
    person: str | None = None
    title: str = ""  # the signatory's office, printed under the name


@dataclass(slots=True)
class Dateline:
    """The dateline as printed (when the source gives one), and a line of receipt."""

    text: list[Inline]
    received: list[Inline]


@dataclass(slots=True)
class Attachment:
    """An enclosure of a document, set off after it with its own heading."""

    label: list[Inline]
    title: list[Inline]
    dateline: Dateline | None
    opener: list[Inline]
    body: list[Block]
    closer: list[Inline]
    signed: list[Signature]
    postscript: list[Block]


@dataclass(slots=True)
class Part:
    """A part of the volume (compilation, chapter…) that documents belong to."""

    id: str
    title: list[Inline]
    parent: str | None
    intro: list[Block]
    loc: Loc


@dataclass(slots=True)
class PlaceLine:
    name: str
    supplied: bool = False


@dataclass(slots=True)
class Document:
    id: str
    number: str
    title: list[Inline]
    date: DocDate
    place: PlaceLine | None
    reference: str
    opener: list[Inline]
    body: list[Block]
    closer: list[Inline]
    signed: list[Signature]
    source: list[Inline]
    notes: dict[str, Note]
    loc: Loc
    targets: dict[str, Loc] = field(default_factory=dict)  # names of its Target nodes
    part: str | None = None
    dateline: Dateline | None = None
    source_note: list[Inline] = field(default_factory=list)
    labels: list[list[Inline]] = field(default_factory=list)
    postscript: list[Block] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    def inline_fields(self) -> Iterator[tuple[str, object, str]]:
        """Every one-paragraph text field in reading order: (key, owner, attribute), so
        that ``getattr(owner, attribute)`` is its inline nodes."""
        yield "title", self, "title"
        yield "source_note", self, "source_note"
        for i in range(len(self.labels)):
            yield f"label{i + 1}", _Item(self.labels, i), "value"
        if self.dateline:
            yield "dateline", self.dateline, "text"
            yield "received", self.dateline, "received"
        yield "opener", self, "opener"
        yield "closer", self, "closer"
        for i, sig in enumerate(self.signed, 1):
            yield f"signed{i}", sig, "name"
        for k, att in enumerate(self.attachments, 1):
            yield f"a{k}-label", att, "label"
            yield f"a{k}-title", att, "title"
            if att.dateline:
                yield f"a{k}-dateline", att.dateline, "text"
                yield f"a{k}-received", att.dateline, "received"
            yield f"a{k}-opener", att, "opener"
            yield f"a{k}-closer", att, "closer"
            for i, sig in enumerate(att.signed, 1):
                yield f"a{k}-signed{i}", sig, "name"
        yield "source", self, "source"

    def parts(self) -> Iterator[tuple[str, list[Block]]]:
        """All of the document's text as blocks, in reading order (notes excluded): each
        one-paragraph field as one paragraph, and the body, postscripts and the bodies of
        attachments as their blocks."""
        fields = {key: getattr(owner, attr) for key, owner, attr in self.inline_fields()}
        order = ["title", "source_note", *[f"label{i + 1}" for i in range(len(self.labels))],
                 "dateline", "received", "opener", "body", "closer",
                 *[f"signed{i + 1}" for i in range(len(self.signed))], "postscript"]
        for k, att in enumerate(self.attachments, 1):
            order += [f"a{k}-{name}" for name in ("label", "title", "dateline", "received",
                                                  "opener", "body", "closer")]
            order += [f"a{k}-signed{i + 1}" for i in range(len(att.signed))]
            order.append(f"a{k}-postscript")
        order.append("source")
        blocks = {"body": self.body, "postscript": self.postscript}
        for k, att in enumerate(self.attachments, 1):
            blocks[f"a{k}-body"], blocks[f"a{k}-postscript"] = att.body, att.postscript
        for key in order:
            if key in blocks:
                yield key, blocks[key]
            elif key in fields:
                yield key, [Paragraph(fields[key])]


@dataclass(slots=True)
class _Item:
    """One item of a list of inline fields, as an owner with an attribute ``value``."""

    items: list
    index: int

    @property
    def value(self) -> list[Inline]:
        return self.items[self.index]

    @value.setter
    def value(self, nodes: list[Inline]) -> None:
        self.items[self.index] = nodes


@dataclass(slots=True)
class Section:
    id: str
    title: str
    blocks: list[Block]


@dataclass(slots=True)
class Typography:
    """The cleaning rules in force; ``statement`` says them in words for the front matter."""

    replace: dict[str, str]
    quotes: str
    dash: Literal["em", "en"]
    ellipsis: bool
    nbsp_after: list[str]
    nbsp_initials: bool


PAGE_NAMES = {"a3": "A3", "a4": "A4", "a5": "A5", "b4": "B4", "b5": "B5",
              "jis-b4": "JIS-B4", "jis-b5": "JIS-B5", "letter": "letter",
              "us-letter": "letter", "legal": "legal", "ledger": "ledger"}
PAGE_TRIM = "156mm 234mm"  # 'trim': the builder's own trim size
_LENGTH = re.compile(r"(?:[1-9][0-9]{0,3}|0)(?:\.[0-9]{1,3})?(?:mm|cm|in|pt|pc|px|q)", re.I)


@dataclass(frozen=True, slots=True)
class PageSize:
    """``output.page_size`` parsed: a CSS page-size name with an optional orientation, or
    two CSS lengths; ``css`` is built from parsed parts only, never from the raw text."""

    source: str  # as written in edition.yaml
    css: str


def parse_page_size(text: str) -> PageSize:
    """A page size: a name (A4, A5, B5, letter, legal, trim…) optionally followed by
    'landscape' or 'portrait', or two lengths with units ('156mm 234mm', '6in 9in')."""
    words = text.lower().split()
    if len(words) == 1 and words[0] == "trim":
        return PageSize(text, PAGE_TRIM)
    if words and words[0] in PAGE_NAMES and (
            len(words) == 1 or (len(words) == 2 and words[1] in ("landscape", "portrait"))):
        return PageSize(text, " ".join([PAGE_NAMES[words[0]], *words[1:]]))
    if len(words) == 2 and all(_LENGTH.fullmatch(w) for w in words) and all(
            float(re.sub("[a-z]+", "", w)) > 0 for w in words):
        return PageSize(text, " ".join(words))
    names = ", ".join(n for n in PAGE_NAMES if n != "us-letter")
    raise ValueError(f"'{text}' is not a page size: give a name ({names}, trim), optionally "
                     "followed by landscape or portrait, or two lengths such as "
                     "'156mm 234mm'")


@dataclass(slots=True)
class LineNumbers:
    every: int  # 0: none
    restart: Literal["document", "page"]
    count: list[str]  # kinds of block whose lines are counted
    position: Literal["outer", "inner", "left"]


@dataclass(frozen=True, slots=True)
class Ref:
    """What a cross-reference names inside the volume."""

    doc_id: str
    note_id: str = ""
    target: str = ""  # the name of a Target


@dataclass(slots=True)
class Signs:
    omission: str
    sic: str
    illegible: str
    gap: str


@dataclass(slots=True)
class Excerpt:
    doc_id: str
    blocks: list[int] | None  # 1-based top-level blocks of the body; None: all
    loc: Loc


@dataclass(slots=True)
class Question:
    text: list[Inline]
    lines: int
    answer: list[Block]


@dataclass(slots=True)
class Handout:
    id: str
    title: str
    course: str
    paper: Literal["a4", "letter"]
    notes: Literal["footnotes", "omit"]
    apparatus: bool
    line_numbers: int
    glossary: Literal["appearance", "alphabetical", "none"]
    pages: int | None
    introduction: list[Block]
    excerpts: list[Excerpt]
    questions: list[Question]
    teacher_notes: list[Block]
    loc: Loc


@dataclass(slots=True)
class Edition:
    source_dir: Path
    slug: str
    title: str
    subtitle: str
    editors: list[tuple[str, str]]
    language: str
    publisher: str
    series_title: str
    licence: str
    identifier: str
    description: list[Block]
    documents: list[Document]
    persons: dict[str, Authority]
    places: dict[str, Authority]
    externals: dict[str, External]
    note_series: dict[str, NoteSeries]
    reasons: dict[str, str]
    indexes: list[str]
    front_matter: list[Section]
    abbreviations: list[tuple[str, str]]
    typography: Typography
    signs: Signs
    page_size: PageSize
    line_numbers: LineNumbers = field(
        default_factory=lambda: LineNumbers(5, "document", ["body", "quotes"], "outer"))
    apparatus_placement: Literal["document-end", "page"] = "document-end"
    documents_start: Literal["new-page", "run-on"] = "new-page"
    document_numbers: Literal["run-in", "above"] = "run-in"
    running_title: str = ""
    epub_fonts: bool = False
    epub_cover: str = ""  # path of the editor's cover image, relative to source_dir
    subjects: list[str] = field(default_factory=list)
    handouts: list[Handout] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    date_format: str = "day-month-year"
    source_notes: Literal["head", "end"] = "head"

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)

    def target(self, doc: Document, target: str) -> Ref | None:
        """What a cross-reference in ``doc`` names, or None when it names nothing of this
        volume. Names of ``doc`` itself come first (a note, then a target), then
        'doc/name' (a note or target of another document), then a document."""
        if target in doc.notes:
            return Ref(doc.id, note_id=target)
        if target in doc.targets:
            return Ref(doc.id, target=target)
        if "/" in target:
            doc_id, _, name = target.partition("/")
            other = next((d for d in self.documents if d.id == doc_id), None)
            if other is None:
                return None
            if name in other.notes:
                return Ref(doc_id, note_id=name)
            return Ref(doc_id, target=name) if name in other.targets else None
        return Ref(target) if any(d.id == target for d in self.documents) else None

    def authorities(self, kind: str) -> dict[str, Authority]:
        """The persons or the places."""
        return self.persons if kind == "person" else self.places
