"""Indexes of names and places: entries, 'see' references and locators.

Writers give the page of each occurrence's anchor (from the laid-out PDF); this module
sorts, groups and formats. Sorting uses the Unicode Collation Algorithm (pyuca).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pyuca import Collator

from .. import anchors
from .. import model as m
from . import Resolved
from .mentions import Occurrence

COLLATOR = Collator()


@dataclass(slots=True)
class Locator:
    """A page or page range; ``in_note`` when every occurrence on it is in a note."""

    first: int
    last: int
    in_note: bool
    anchors: list[str] = field(default_factory=list)

    def label(self) -> str:
        text = str(self.first) if self.first == self.last else f"{self.first}–{self.last}"
        return text + ("n" if self.in_note else "")


@dataclass(slots=True)
class IndexEntry:
    heading: str
    sort: str
    authority: m.Authority | None = None
    occurrences: list[Occurrence] = field(default_factory=list)
    see: m.Authority | None = None  # a cross-reference entry: 'Angora, see Ankara'

    @property
    def anchor(self) -> str:
        key = self.authority or self.see
        return anchors.index_entry(key.kind, key.id) if key else ""


def entries(res: Resolved, kind: str) -> list[IndexEntry]:
    """Every entry of the index of ``kind`` ('person' or 'place'), sorted."""
    table = res.edition.authorities(kind)
    found = res.occurrences_of(kind)
    out: list[IndexEntry] = []
    for key, occs in found.items():
        auth = table[key]
        out.append(IndexEntry(auth.name, auth.sort, auth, occs))
        out.extend(IndexEntry(v, v, see=auth) for v in auth.see_from)
    out.sort(key=lambda e: (COLLATOR.sort_key(e.sort), e.heading))
    return out


def locators(occurrences: list[Occurrence], page_of: Mapping[str, int]) -> list[Locator]:
    """Group occurrences by page, collapse consecutive pages into ranges.

    A page counts as a note locator ('12n') only when all its occurrences are in notes; a
    range never joins a text page and a note page.
    """
    pages: dict[int, list[Occurrence]] = {}
    for occ in occurrences:
        if occ.anchor in page_of:
            pages.setdefault(page_of[occ.anchor], []).append(occ)
    out: list[Locator] = []
    for page in sorted(pages):
        occs = pages[page]
        in_note = all(o.in_note for o in occs)
        anchors = [o.anchor for o in occs]
        prev = out[-1] if out else None
        if prev and prev.last == page - 1 and prev.in_note == in_note and not in_note:
            prev.last = page
            prev.anchors.extend(anchors)
        else:
            out.append(Locator(page, page, in_note, anchors))
    return out
