"""The body of the volume: its divisions (compilations, chapters…) as parts, and its
documents in order, with the page breaks that stand between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from . import mdtext as md
from .documents import document
from .links import Links
from .report import ImportReport
from .text import Converter
from .xml import children, div_type, line, name, plain, t, xml_id


@dataclass
class Volume:
    report: ImportReport
    persons: set[str]
    links: Links
    parts: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    _pages: list[etree._Element] = field(default_factory=list)  # breaks before the next one

    def read(self, root: etree._Element) -> None:
        body = root.find(f"{t('text')}/{t('body')}")
        if body is None:
            self.report.add("no text/body → no documents", line(root))
            return
        self._division(body, None)
        for pb in self._pages:
            self.report.add("pb after the last document → not carried", line(pb), xml_id(pb))

    def _division(self, div: etree._Element, part: str | None) -> None:
        for child in children(div):
            kind = name(child)
            if div_type(child) == "document":
                self._document(child, part)
            elif kind == "div":
                self._division(child, self._part(child, part))
            elif kind == "pb":
                self._pages.append(child)
            elif kind == "head" and part is not None:
                continue
            elif kind == "note" and child.get("type") == "intro" and part is not None:
                self._intro_note(child, part)
            elif kind == "figure":
                Converter(self.report, self.persons, self.links).element(child)
            else:
                self._intro(child, part)

    def _document(self, div: etree._Element, part: str | None) -> None:
        conv = Converter(self.report, self.persons, self.links, doc_id=xml_id(div))
        for pb in self._pages:
            target = conv.target(pb)
            if target:
                conv.pending.append(target)
                self.report.add("pb between documents → target at the start of the next "
                                "document's body", line(pb), f"{xml_id(pb)} in {xml_id(div)}")
        self._pages = []
        self.documents.append(document(div, conv, part))

    def _part(self, div: etree._Element, parent: str | None) -> str:
        """Declare the part ``div`` is, and return its id; notes of its heading become
        its introduction."""
        again = div.get("corresp", "").removeprefix("#")
        if not xml_id(div) and any(p["id"] == again for p in self.parts):
            return again  # the export's continuation of a part documents enter again
        part_id = xml_id(div) or f"part-{line(div)}"
        if not xml_id(div):
            self.report.add("division without @xml:id → part id supplied", line(div), part_id)
        conv = Converter(self.report, self.persons, self.links, calls=False)
        head = div.find(t("head"))
        entry: dict[str, Any] = {"id": part_id,
                                 "title": conv.field(head, breaks=False) if head is not None
                                 else plain(div)[:60]}
        if parent:
            entry["parent"] = parent
        if conv.notes:
            for note_id in conv.notes:
                self.report.add("note in a part heading → the part's intro", line(head),
                                note_id)
            entry["intro"] = md.join_blocks([n["text"] for n in conv.notes.values()])
        self.parts.append(entry)
        return part_id

    def _intro_note(self, note: etree._Element, part: str) -> None:
        """The export's introduction of a part: ``note[@type='intro']`` after its head."""
        owner = next(p for p in self.parts if p["id"] == part)
        conv = Converter(self.report, self.persons, self.links, calls=False)
        owner["intro"] = md.join_blocks([owner.get("intro", ""), *conv.blocks(note)])

    def _intro(self, el: etree._Element, part: str | None) -> None:
        """Text between the documents: it joins the intro of the part it stands in."""
        owner = next((p for p in self.parts if p["id"] == part), None)
        if owner is None:
            self.report.add(f"<{name(el)}> outside any part and document → not imported",
                            line(el), plain(el)[:80])
            return
        conv = Converter(self.report, self.persons, self.links, calls=False)
        blocks = conv.block(el) if name(el) in ("p", "list", "quote", "table") \
            else [conv.field(el)]
        owner["intro"] = md.join_blocks([owner.get("intro", ""), *blocks,
                                         *[n["text"] for n in conv.notes.values()]])
        self.report.add(f"<{name(el)}> between the documents of a part → the part's intro",
                        line(el))
