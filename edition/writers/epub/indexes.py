"""The indexes of names and places as the EPUB gives them: every occurrence is a locator
that links to that exact occurrence (in the text or in a note), labelled with the print
page where the page map knows it ('12', '12n' in a note) and with the document's number
otherwise. Mentions on one page are one label, as in a printed index, its later
mentions after it ('12 (3×: #2 #3)'); a variant name links to its main entry."""

from __future__ import annotations

from dataclasses import dataclass, field

from ... import model as m
from ...present import Views
from ...resolve import Occurrence
from .render import Files


@dataclass(slots=True)
class Locator:
    href: str
    label: str
    in_note: bool
    more: list[Locator] = field(default_factory=list)  # later mentions with the same label


@dataclass
class EntryView:
    heading: str
    anchor: str  # the main entry's id; for a 'see' entry, the id of the entry it names
    dates: str = ""
    locators: list[Locator] = field(default_factory=list)
    see: str = ""  # heading of the main entry a variant name points to


@dataclass
class EpubIndex:
    title: str
    anchor: str
    file: str
    entries: list[EntryView]


def locator(occ: Occurrence, doc: m.Document, files: Files,
            folio: dict[str, str] | None) -> Locator:
    page = folio.get(occ.anchor) if folio else None
    label = page if page else f"No. {doc.number}"
    return Locator(f"{files.doc[occ.doc_id]}#{occ.anchor}",
                   label + ("n" if occ.in_note else ""), occ.in_note)


def index_views(views: Views, files: Files, folio: dict[str, str] | None) -> list[EpubIndex]:
    """One index per index of the edition, in its order."""
    order = {v.doc.id: i for i, v in enumerate(views.documents)}

    def reading(occ: Occurrence) -> tuple[int, int, bool]:
        page = folio.get(occ.anchor, "") if folio else ""
        return order[occ.doc_id], int(page) if page.isdigit() else 0, occ.in_note
    out = []
    for view in views.indexes:
        entries = []
        for entry in view.entries:
            if entry.see is not None:
                entries.append(EntryView(entry.heading, entry.anchor, see=entry.see.name))
                continue
            assert entry.authority is not None
            locators: list[Locator] = []
            for occ in sorted(entry.occurrences, key=reading):
                loc = locator(occ, views.doc(occ.doc_id).doc, files, folio)
                if locators and locators[-1].label == loc.label:
                    locators[-1].more.append(loc)
                else:
                    locators.append(loc)
            entries.append(EntryView(entry.heading, entry.anchor, entry.authority.dates,
                                     locators))
        out.append(EpubIndex(view.title, view.anchor, f"{view.anchor}.xhtml", entries))
    return out
