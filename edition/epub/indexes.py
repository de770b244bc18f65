"""The indexes of names and places as the EPUB gives them: every occurrence is a locator
that links to that exact occurrence (in the text or in a note), labelled with the print
page where the page map knows it ('12', '12n' in a note) and with the document's number
otherwise; a variant name links to its main entry."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import model as m
from ..index import entries
from ..resolve import Occurrence, Resolved
from .render import Files

INDEXES = {"persons": ("Index of Names", "person"), "places": ("Index of Places", "place")}


@dataclass(frozen=True, slots=True)
class Locator:
    href: str
    label: str
    in_note: bool


@dataclass
class EntryView:
    heading: str
    anchor: str  # the main entry's id; for a 'see' entry, the id of the entry it names
    dates: str = ""
    locators: list[Locator] = field(default_factory=list)
    see: str = ""  # heading of the main entry a variant name points to


@dataclass
class IndexView:
    key: str  # 'persons' or 'places'
    title: str
    file: str
    entries: list[EntryView]

    @property
    def anchor(self) -> str:
        return f"index-{self.key}"


def locator(occ: Occurrence, doc: m.Document, files: Files,
            folio: dict[str, str] | None) -> Locator:
    page = folio.get(occ.anchor) if folio else None
    label = page if page else f"No. {doc.number}"
    return Locator(f"{files.doc[occ.doc_id]}#{occ.anchor}",
                   label + ("n" if occ.in_note else ""), occ.in_note)


def index_views(res: Resolved, files: Files, folio: dict[str, str] | None) -> list[IndexView]:
    """One view per index the edition asks for, in its order."""
    docs = {d.id: d for d in res.edition.documents}
    order = {d.id: i for i, d in enumerate(res.edition.documents)}

    def reading(occ: Occurrence) -> tuple[int, int, bool]:
        page = folio.get(occ.anchor, "") if folio else ""
        return order[occ.doc_id], int(page) if page.isdigit() else 0, occ.in_note
    views = []
    for key in res.edition.indexes:
        title, kind = INDEXES[key]
        out = []
        for entry in entries(res, kind):
            if entry.see is not None:
                out.append(EntryView(entry.heading, entry.anchor, see=entry.see.name))
                continue
            assert entry.authority is not None
            out.append(EntryView(entry.heading, entry.anchor, entry.authority.dates,
                                 [locator(o, docs[o.doc_id], files, folio)
                                  for o in sorted(entry.occurrences, key=reading)]))
        views.append(IndexView(key, title, f"index-{key}.xhtml", out))
    return views
