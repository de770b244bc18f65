"""The document model every writer reads: one edition, its documents, notes and authorities.

A reader builds it from the source files; the resolver makes an annotated copy with what
depends on the whole edition (note marks, anchors, the apparatus, the indexes). Writers
never look at the source files. :mod:`edition.visit` walks it.
"""

from __future__ import annotations

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
    Text | LineBreak | Emph | Strong | SmallCaps | NoIndex | Mention | CrossRef | Target
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
    marks: Literal["symbols", "arabic", "alpha", "roman"]
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
    name: str
    supplied: bool = False
    person: str | None = None


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
    signed: Signature | None
    source: list[Inline]
    notes: dict[str, Note]
    loc: Loc
    targets: dict[str, Loc] = field(default_factory=dict)  # names of its Target nodes

    def parts(self) -> Iterator[tuple[str, list[Block]]]:
        """The document's text fields as blocks, in reading order (notes excluded)."""
        yield "title", [Paragraph(self.title)]
        yield "opener", [Paragraph(self.opener)]
        yield "body", self.body
        yield "closer", [Paragraph(self.closer)]
        yield "source", [Paragraph(self.source)]


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
    page_size: str
    line_numbers: LineNumbers = field(
        default_factory=lambda: LineNumbers(5, "document", ["body", "quotes"], "outer"))
    apparatus_placement: Literal["document-end", "page"] = "document-end"
    documents_start: Literal["new-page", "run-on"] = "new-page"
    running_title: str = ""
    epub_fonts: bool = False
    handouts: list[Handout] = field(default_factory=list)

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
