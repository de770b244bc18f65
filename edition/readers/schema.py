"""The shape of the source files, validated with pydantic.

These classes describe what an editor writes (text fields are still Markdown strings);
:mod:`edition.load` turns them into the document model of :mod:`edition.model`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from ..dates import parse_date
from ..model import parse_page_size

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
SLUG = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
MAX_SLUG = 200  # bytes: the file names <slug>.pages.json and their temporary files fit
MAX_PARAGRAPHS = 100_000  # the largest paragraph number a handout may name
LANGUAGE = r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"  # a BCP 47 tag: en, ru, de-CH
ID_HINT = "an id starts with a letter and uses only letters, digits, '-', '_' and '.'"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


def _wrap_str(key: str):
    """Allow a plain string where a mapping with one main field is expected."""

    def wrap(cls, value: Any) -> Any:
        return {key: value} if isinstance(value, str) else value

    return model_validator(mode="before")(classmethod(wrap))


class EditorSpec(Strict):
    name: str
    role: str = "editor"
    plain_string = _wrap_str("name")


class ExternalSpec(Strict):
    """A document or note outside this volume that cross-references may name."""

    id: Id
    label: str
    description: str = ""


class SeriesSpec(Strict):
    """A note series, like a reledmac series."""

    id: Id
    name: str
    placement: Literal["page", "document-end"]
    marks: Literal["symbols", "arabic", "alpha", "roman", "source"] = "arabic"
    restart: Literal["document", "volume"] = "document"


DEFAULT_SERIES = [
    SeriesSpec(id="footnote", name="Footnotes", placement="page", marks="symbols"),
    SeriesSpec(id="commentary", name="Notes", placement="document-end", marks="arabic"),
]


class SectionSpec(Strict):
    id: Id
    title: str
    body: str


class AbbreviationSpec(Strict):
    abbr: str
    expansion: str


class TypographySpec(Strict):
    """How the reading text is cleaned; see :mod:`edition.typography`."""

    replace: dict[str, str] = Field(
        default_factory=lambda: {"\u02b9": "'", "\u02ba": '"', "\u2010": "-", "\u2011": "-"}
    )
    quotes: str = "“”‘’"
    dash: Literal["em", "en"] = "em"
    ellipsis: bool = True
    nbsp_after: list[str] = Field(
        default_factory=lambda: ["Mr.", "Mrs.", "Dr.", "No.", "Nos.", "Doc.", "art.", "p.", "pp."]
    )
    nbsp_initials: bool = True

    @field_validator("quotes")
    @classmethod
    def _four_quotes(cls, value: str) -> str:
        if len(value) != 4:
            raise ValueError("give four characters: opening and closing double, then single")
        return value


class SignsSpec(Strict):
    """How editorial signs print."""

    omission: str = "[…]"
    sic: str = "sic"
    illegible: str = "illegible"
    gap: str = "gap"


class ApparatusSpec(Strict):
    reasons: dict[str, str] = Field(default_factory=dict)
    placement: Literal["document-end", "page"] = "document-end"


LineKind = Literal["body", "quotes", "opener", "closer", "signature", "source", "heading",
                   "dateline", "notes"]


class LineNumbersSpec(Strict):
    """Line numbers in the margin of the print edition (reledmac's \\linenumincrement)."""

    every: int = Field(default=5, ge=0, le=1000)  # 0: no line numbers
    restart: Literal["document", "page"] = "document"
    count: list[LineKind] = Field(default_factory=lambda: ["body", "quotes"])
    position: Literal["outer", "inner", "left"] = "outer"


class OutputSpec(Strict):
    slug: str = ""
    running_title: str = ""
    page_size: str = "156mm 234mm"
    font: str = "EB Garamond"  # the one book face the builder ships
    epub_fonts: bool = False  # embed the book face in the EPUB
    epub_cover: str = ""  # the EPUB's cover image (JPEG, PNG or SVG in the edition folder)
    documents_start: Literal["new-page", "run-on"] = "new-page"
    document_numbers: Literal["run-in", "above"] = "run-in"  # in print: "12. Title" or
    # the number set large on a line of its own above the title
    date_format: Literal["day-month-year", "month-day-year"] = "day-month-year"
    source_notes: Literal["head", "end"] = "head"  # a document's source_note: at its head,
    # as an unnumbered page-foot note (FRUS), or after its text

    @field_validator("slug")
    @classmethod
    def _safe_slug(cls, value: str) -> str:
        if value and not (SLUG.fullmatch(value) and len(value.encode()) <= MAX_SLUG):
            raise ValueError(f"slug '{value}' is not a safe file name: use letters, digits, "
                             f"'-', '_' and '.' (not first), at most {MAX_SLUG} bytes")
        return value

    @field_validator("page_size")
    @classmethod
    def _page_size(cls, value: str) -> str:
        parse_page_size(value)
        return value

    @field_validator("font")
    @classmethod
    def _known_font(cls, value: str) -> str:
        if value != "EB Garamond":
            raise ValueError(f"'{value}' is not available; the book face is 'EB Garamond'")
        return value


class ExcerptSpec(Strict):
    """A document of a handout, or the paragraphs of it the class reads."""

    document: Id
    paragraphs: list[int | str] = Field(default_factory=list)  # 3, "6-9"; none: all

    @field_validator("paragraphs")
    @classmethod
    def _ranges(cls, value: list[int | str]) -> list[int | str]:
        for item in value:
            paragraph_range(item)
        return value


def paragraph_range(item: int | str) -> range:
    """``3`` or ``"6-9"`` as the range of 1-based paragraph numbers it names."""
    text = str(item).strip().replace("–", "-")
    first, _, last = text.partition("-")
    if not (first.isdigit() and (not last or last.isdigit())):
        raise ValueError(f"'{item}' is not a paragraph number or range: write 6 or \"6-9\"")
    a, b = int(first), int(last or first)
    if a < 1 or b < a:
        raise ValueError(f"'{item}' is not a range of paragraphs from 1: write 6 or \"6-9\"")
    if b > MAX_PARAGRAPHS:
        raise ValueError(f"'{item}': a document has at most {MAX_PARAGRAPHS:,} paragraphs")
    return range(a, b + 1)


class QuestionSpec(Strict):
    question: str
    lines: int = Field(default=4, ge=0, le=40)  # ruled lines left for the answer
    answer: str = ""  # the teacher's version only
    plain_string = _wrap_str("question")


class HandoutSpec(Strict):
    """A classroom handout: excerpts of the edition for students, with a glossary of the
    persons and places they name and questions; a teacher's version adds the answers."""

    id: Id
    title: str
    course: str = ""
    paper: Literal["a4", "letter"] = "a4"
    notes: Literal["footnotes", "omit"] = "footnotes"
    apparatus: bool = True  # the textual notes of the excerpt, keyed to its lines
    line_numbers: int = Field(default=5, ge=0, le=100)
    glossary: Literal["appearance", "alphabetical", "none"] = "appearance"
    pages: int | None = Field(default=None, ge=1)  # the page count asked for (warns)
    introduction: str = ""
    excerpts: list[ExcerptSpec] = Field(min_length=1)
    questions: list[QuestionSpec] = Field(default_factory=list)
    teacher_notes: str = ""


class PartSpec(Strict):
    """A part of the volume (a compilation, chapter…): its documents name it in 'part'."""

    id: Id
    title: str
    parent: Id | None = None  # the part it belongs to
    intro: str = ""  # printed under its title (Markdown)


class EditionSpec(Strict):
    title: str
    subtitle: str = ""
    editors: list[EditorSpec] = Field(min_length=1)
    language: Annotated[str, StringConstraints(pattern=LANGUAGE)] = "en"
    publisher: str = ""
    series: str = ""
    licence: str
    identifier: str = ""
    description: str = ""
    subjects: list[str] = Field(default_factory=list)  # library subjects (dc:subject)
    documents: list[str] = Field(min_length=1)
    persons: str = "persons.yaml"
    places: str = "places.yaml"
    external: list[ExternalSpec] = Field(default_factory=list)
    note_series: list[SeriesSpec] = Field(default_factory=lambda: list(DEFAULT_SERIES))
    default_note_series: Id = "commentary"
    apparatus: ApparatusSpec = Field(default_factory=ApparatusSpec)
    line_numbers: LineNumbersSpec = Field(default_factory=LineNumbersSpec)
    indexes: list[Literal["persons", "places"]] = Field(
        default_factory=lambda: ["persons", "places"]
    )
    front_matter: list[SectionSpec] = Field(default_factory=list)
    abbreviations: list[AbbreviationSpec] = Field(default_factory=list)
    typography: TypographySpec = Field(default_factory=TypographySpec)
    signs: SignsSpec = Field(default_factory=SignsSpec)
    output: OutputSpec = Field(default_factory=OutputSpec)
    handouts: list[HandoutSpec] = Field(default_factory=list)
    parts: list[PartSpec] = Field(default_factory=list)


class NoteSpec(Strict):
    text: str
    series: Id | None = None
    n: str = ""
    plain_string = _wrap_str("text")


class PlaceLineSpec(Strict):
    name: str
    supplied: bool = False
    plain_string = _wrap_str("name")


class SignedSpec(Strict):
    name: str  # Markdown: [Robert Lansing]{.sc}
    supplied: bool = False
    person: Id | None = None
    title: str = ""  # the signatory's office, printed under the name
    plain_string = _wrap_str("name")


class DatelineSpec(Strict):
    """The dateline as the document prints it, and a line of receipt."""

    text: str = ""  # Markdown, one paragraph: "[Paris]{.sc}, November 11, 1918—10 a.m."
    received: str = ""  # "[Received November 13, 1918—5:23 p.m.]"
    plain_string = _wrap_str("text")


Signed = SignedSpec | list[SignedSpec] | None


class AttachmentSpec(Strict):
    """An enclosure of a document, with its own heading, dateline and signature."""

    label: str = ""  # "[Enclosure 1—Translation]"
    title: str = ""
    dateline: DatelineSpec | None = None
    opener: str = ""
    body: str
    closer: str = ""
    signed: Signed = None
    postscript: str = ""


class DocumentSpec(Strict):
    id: Id
    number: str
    title: str
    date: str
    part: Id | None = None  # the part of the volume (edition.yaml parts) it belongs to
    place: PlaceLineSpec | None = None
    dateline: DatelineSpec | None = None
    reference: str = ""
    source_note: str = ""  # "763.72119/3335m: Telegram" (FRUS: at the head, unnumbered)
    labels: list[str] = Field(default_factory=list)  # "[Translation]", under the heading
    opener: str = ""
    body: str
    closer: str = ""
    signed: Signed = None
    postscript: str = ""
    attachments: list[AttachmentSpec] = Field(default_factory=list)
    source: str = ""
    notes: dict[Id, NoteSpec] = Field(default_factory=dict)

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        parse_date(value)
        return value


class AuthoritySpec(Strict):
    """An entry of persons.yaml or places.yaml."""

    id: Id
    name: str
    sort: str = ""
    forms: list[str] = Field(default_factory=list)
    see_from: list[str] = Field(default_factory=list)
    gloss: str = ""


class PersonSpec(AuthoritySpec):
    dates: str = ""


class PlaceSpec(AuthoritySpec):
    pass
