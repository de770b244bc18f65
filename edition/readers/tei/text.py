"""TEI mixed content to the builder's Markdown: inline elements, paragraphs, lists, block
quotes and tables, note calls, page targets and cross-references."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..schema import ID_PATTERN
from . import mdtext as md
from .links import Links
from .mdtext import Break, Piece, Raw
from .report import ImportReport
from .xml import children, line, name, norm, plain, xml_id

ID = re.compile(ID_PATTERN)
BLOCKS = {"p", "list", "quote", "table", "closer", "head", "dateline", "figure", "div",
          "frus:attachment", "postscript"}
_FLAT = BLOCKS | {"item", "row", "cell", "signed"}
_SPANS = {"smallcaps": "]{.sc}", "underline": "]{.u}", "superscript": "]{.sup}"}
_NUMBERED = re.compile(r"(\d{1,9})\.")
_DIGITS = re.compile(r"\d{1,9}")
_INLINE = {kind: f"_{kind}" for kind in (
    "hi", "persName", "gloss", "placeName", "date", "signed", "lb", "pb", "seg", "figure",
    "ref", "note", "label", "roleName", "foreign", "anchor", "supplied", "choice", "gap",
    "unclear", "sic", "salute")}
_GAPS = {"omission": ".omission", "lacuna": ".gap", "illegible": ".illegible"}


@dataclass
class Converter:
    """Converts the text of one region (a document, a part heading, a front-matter
    section); ``notes`` collects the notes its text calls."""

    report: ImportReport
    persons: set[str]
    links: Links
    doc_id: str | None = None  # None: outside documents (no page targets, no links)
    calls: bool = True  # a note → a call here; otherwise only collected in ``notes``
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    pending: list[Piece] = field(default_factory=list)  # targets for the next paragraph
    _in_italic: bool = False
    _in_note: bool = False
    _in_link: bool = False  # the builder reads no span inside a link's label

    @property
    def front(self) -> bool:
        return self.doc_id is None

    # -- fields ----------------------------------------------------------------------

    def field(self, el: etree._Element | None, *, breaks: bool = True,
              take: bool = True) -> str:
        """One-paragraph Markdown of ``el``'s content; ``take``: the page targets waiting
        for a paragraph go at its start."""
        return self.paragraph(self.pieces(el) if el is not None else [], breaks=breaks,
                              take=take)

    def paragraph(self, pieces: list[Piece], *, breaks: bool = True, take: bool = True) -> str:
        if take and md.has_text(pieces):
            pieces, self.pending = [*self.pending, *pieces], []
        return md.inline(pieces, breaks=breaks)

    # -- inline ----------------------------------------------------------------------

    def pieces(self, el: etree._Element) -> list[Piece]:
        """The content of ``el`` (not its tail)."""
        out: list[Piece] = [norm(el.text)]
        for child in children(el):
            out += self.element(child)
            out.append(norm(child.tail))
        return out

    def element(self, el: etree._Element) -> list[Piece]:
        kind = name(el)
        if kind in _INLINE:
            return getattr(self, _INLINE[kind])(el)
        if kind in _FLAT:
            self.report.add(f"<{kind}> inside a one-paragraph field: its text is kept, "
                            "run in", line(el))
            return self._flat(el)
        self.report.add(f"<{kind}>: not a FRUS construct the importer knows; its text is "
                        "kept", line(el))
        return self.pieces(el)

    def _flat(self, el: etree._Element) -> list[Piece]:
        out: list[Piece] = [norm(el.text)]
        for child in children(el):
            out += [" ", *(self._flat(child) if name(child) in _FLAT
                           else self.element(child)), " ", norm(child.tail)]
        return out

    def _hi(self, el: etree._Element) -> list[Piece]:
        rend = el.get("rend", "")
        if rend == "italic" and not self._in_italic:
            self._in_italic = True
            try:
                return md.wrap("*", self.pieces(el), "*")
            finally:
                self._in_italic = False
        if rend in _SPANS and not self._in_link:
            return md.wrap("[", self.pieces(el), _SPANS[rend])
        if rend in ("strong", "bold"):
            return md.wrap("**", self.pieces(el), "**")
        what = "inside italics" if rend == "italic" else \
            f"rend='{rend}' in a cross-reference" if self._in_link else f"rend='{rend}'"
        self.report.add(f"hi ({what}) → plain text", line(el))
        return self.pieces(el)

    def _persName(self, el: etree._Element) -> list[Piece]:
        if el.get("type"):
            self.report.add("persName/@type (sender or recipient) → not carried", line(el),
                            el.get("type", ""))
        inner = self.pieces(el)
        target = el.get("corresp", "")
        person = target.removeprefix("#")
        if not target:
            self.report.add("persName without @corresp → plain text", line(el))
        elif self._in_link:
            self.report.add("persName in a cross-reference → plain text", line(el), person)
        elif not target.startswith("#") or person not in self.persons:
            self.report.add("persName/@corresp names no person of the list → plain text",
                            line(el), target)
        else:
            self.report.count("person mentions linked")
            return md.wrap("[", inner, f"]{{person={person}}}")
        return inner

    def _gloss(self, el: etree._Element) -> list[Piece]:
        self.report.add("gloss (office of the sender or recipient) → plain text", line(el),
                        el.get("type", ""))
        return self.pieces(el)

    def _placeName(self, el: etree._Element) -> list[Piece]:
        place = el.get("corresp", "").removeprefix("#")
        if place in self.links.places and not self._in_link:
            return md.wrap("[", self.pieces(el), f"]{{place={place}}}")
        self.report.add("placeName → plain text (the TEI has no place authority)", line(el))
        return self.pieces(el)

    def _date(self, el: etree._Element) -> list[Piece]:
        return self.pieces(el)

    def _signed(self, el: etree._Element) -> list[Piece]:
        return self.pieces(el)

    def _lb(self, el: etree._Element) -> list[Piece]:
        return [Break(), *self._content_of_empty(el)]

    def _pb(self, el: etree._Element) -> list[Piece]:
        target = self.target(el)
        return ([target] if target else []) + self._content_of_empty(el)

    def _content_of_empty(self, el: etree._Element) -> list[Piece]:
        """The text inside an element that should be empty (``<lb>text</lb>``): kept."""
        if not (el.text or "").strip() and not len(el):
            return []
        self.report.add(f"<{name(el)}> with content → its text is kept", line(el))
        return self.pieces(el)

    def target(self, el: etree._Element) -> Raw | None:
        """The target of a page break, placed in this document; None outside documents."""
        page = xml_id(el) or f"pg_{el.get('n', '')}"
        if self.front:
            self.report.add("pb outside the documents → not carried", line(el), page)
            return None
        if not ID.match(page):
            self.report.add("pb without a usable id → not carried", line(el), page)
            return None
        self.links.place(page, self.doc_id or "", page)
        self.links.pages.add(page)
        return Raw(f"[]{{#{page}}}")

    def _anchor(self, el: etree._Element) -> list[Piece]:
        """A target the export wrote (``anchor``, or a ``seg`` with an id round text)."""
        return self._target(el, [])

    def _target(self, el: etree._Element, inner: list[Piece]) -> list[Piece]:
        name = xml_id(el)
        if self.doc_id:
            name = name.removeprefix(f"{self.doc_id}.")
        if not ID.match(name):
            self.report.add(f"<{etree.QName(el).localname}> without a usable id → its text "
                            "is kept", line(el), name)
            return inner
        if self.doc_id:  # cross-references name the targets of documents only
            self.links.place(xml_id(el), self.doc_id, name)
        return [Raw("["), *inner, Raw(f"]{{#{name}}}")]

    def hold(self, el: etree._Element) -> None:
        """A page break between blocks: its target opens the next paragraph."""
        target = self.target(el)
        if target:
            self.pending.append(target)

    def _seg(self, el: etree._Element) -> list[Piece]:
        if xml_id(el):
            return self._target(el, self.pieces(el))
        if el.get("type") == "noindex":
            return md.wrap("[", self.pieces(el), "]{.noindex}")
        self.report.add(f"seg[@type='{el.get('type', '')}'] → plain text", line(el))
        return self.pieces(el)

    def _label(self, el: etree._Element) -> list[Piece]:
        return md.wrap("[", self.pieces(el), "]{.label}")

    def _roleName(self, el: etree._Element) -> list[Piece]:
        return self.pieces(el)

    def _salute(self, el: etree._Element) -> list[Piece]:
        return self.pieces(el)

    def _foreign(self, el: etree._Element) -> list[Piece]:
        lang = el.get("{http://www.w3.org/XML/1998/namespace}lang", "")
        if not lang:
            return self.pieces(el)
        return md.wrap("[", self.pieces(el), f"]{{lang={lang}}}")

    # -- editorial signs (the export's encoding, docs/tei-export.md §2) ------------------

    def _sign(self, el: etree._Element, inner: list[Piece], cls: str,
              **attrs: str) -> list[Piece]:
        """``[inner]{.cls key="value" r="KEY"}``: an editorial span, its reason the
        category that @ana names. A value the span syntax cannot hold (a quote, brace or
        backslash) is left out, and reported."""
        values = {k: v for k, v in attrs.items() if v or k == "orig"}
        key, reason = self.links.reasons.get(el.get("ana", "").removeprefix("#"), ("", ""))
        if key:
            values[key] = reason
        spec = [cls]
        for k, v in values.items():
            if any(c in v for c in '"{}\\'):
                self.report.add(f"{k}= with a quote, brace or backslash (the span syntax "
                                "cannot write it) → not carried", line(el), v)
                if k != "orig":  # a corrected reading keeps an (empty) orig
                    continue
                v = ""
            spec.append(f'{k}="{v}"')
        return [Raw("["), *inner, Raw("]{" + " ".join(spec) + "}")]

    def _supplied(self, el: etree._Element) -> list[Piece]:
        if el.get("evidence"):  # a supplied place, date or signature (read where it stands)
            return self.pieces(el)
        return self._sign(el, self.pieces(el), ".supplied")

    def _sic(self, el: etree._Element) -> list[Piece]:
        return self._sign(el, self.pieces(el), ".sic")

    def _unclear(self, el: etree._Element) -> list[Piece]:
        return self._sign(el, self.pieces(el), ".illegible", extent=el.get("extent", ""))

    def _choice(self, el: etree._Element) -> list[Piece]:
        sic, corr = (next((c for c in children(el) if name(c) == kind), None)
                     for kind in ("sic", "corr"))
        if sic is None or corr is None:
            self.report.add("choice without sic and corr → its text is kept", line(el))
            return self.pieces(el)
        return self._sign(corr, self.pieces(corr), ".corr",
                          orig="".join(sic.itertext()))

    def _gap(self, el: etree._Element) -> list[Piece]:
        cls = _GAPS.get(el.get("reason", ""), ".gap")
        if (el.text or "").strip() or any((c.tail or "").strip() for c in children(el)):
            self.report.add("text inside <gap> (TEI has none there) → kept as the gap's text",
                            line(el))
            return self._sign(el, self.pieces(el), cls, extent=el.get("extent", ""))
        inner: list[Piece] = []
        mark = ""
        for desc in children(el):
            if desc.get("type") == "mark":
                mark = "".join(desc.itertext())
            else:
                inner += self.pieces(desc)
        return self._sign(el, inner, cls, mark=mark, extent=el.get("extent", ""))

    def _figure(self, el: etree._Element) -> list[Piece]:
        urls = " ".join(g.get("url", "") for g in el.iter("{*}graphic"))
        self.report.add("figure → not imported (the format has no images)", line(el), urls)
        return []

    def _ref(self, el: etree._Element) -> list[Piece]:
        target = el.get("target", "")
        if self.front and not target.startswith("#"):
            self.report.add("ref outside the documents → plain text", line(el), target)
            return self.pieces(el)
        self._in_link = True
        try:
            label = self.pieces(el)
        finally:
            self._in_link = False
        text = md.inline(label, breaks=False)
        if target.startswith("#"):
            return [Raw(self.links.internal(target[1:], text, self.doc_id or "", line(el)))]
        ext = self.links.external(target, plain(el))
        if ext is None:
            self.report.add("ref to an address the format cannot link → plain text", line(el),
                            target)
            return label
        self.report.add("ref to another volume → external reference", line(el), target)
        return [Raw(f"[{text}](#{ext})")]

    def _note(self, el: etree._Element) -> list[Piece]:
        if el.get("type") == "source":
            self.report.add("source note inside the text → kept as text", line(el))
            return self.pieces(el)
        if self._in_note:
            self.report.add("note inside a note → its text is kept in the note", line(el))
            return [" ", *self._flat(el), " "]
        note_id = _note_name(xml_id(el), self.doc_id)
        if not ID.match(note_id) or note_id in self.notes:
            note_id = f"{self.doc_id or 'part'}-note{len(self.notes) + 1}"
            self.report.add("note without a usable @xml:id → id supplied", line(el), note_id)
        elif self.doc_id:
            self.links.notes[xml_id(el)] = (self.doc_id, note_id)
        mark = el.get("n", "")
        if not mark and not self.links.builder:  # the export leaves out computed marks
            mark = str(len(self.notes) + 1)
            self.report.add("note without @n → mark supplied", line(el), mark)
        saved, self.pending, self._in_note = self.pending, [], True
        try:
            text = md.join_blocks(self.blocks(el))
        finally:
            self.pending, self._in_note = saved, False
        self.notes[note_id] = {"n": mark, "text": text}
        if el.get("type") and self.links.builder:
            self.notes[note_id]["series"] = el.get("type", "")
        return [Raw(f"[^{note_id}]")] if self.calls else []

    # -- blocks ----------------------------------------------------------------------

    def blocks(self, el: etree._Element, lead: list[Piece] | None = None) -> list[str]:
        """``el``'s mixed content as Markdown blocks: runs of text become paragraphs,
        block children blocks of their own. ``lead`` opens the first paragraph."""
        out: list[str] = []
        run: list[Piece] = [*(lead or []), norm(el.text)]

        def flush() -> None:
            if md.has_text(run):
                out.append(self.paragraph(run))
            run.clear()

        for child in children(el):
            kind = name(child)
            if kind == "p" and lead and run[: len(lead)] == lead and \
                    not md.has_text(run[len(lead):]):
                out += self.block(child, lead=run[:])
                run.clear()
            elif kind in BLOCKS:
                flush()
                out += self.block(child, after=out[-1] if out else "")
            elif kind == "pb" and not md.has_text(run):
                self.hold(child)
                run += self._content_of_empty(child)
            else:
                run += self.element(child)
            run.append(norm(child.tail))
            lead = None
        flush()
        return out

    def block(self, el: etree._Element, *, lead: list[Piece] | None = None,
              after: str = "") -> list[str]:
        """One block element; ``after`` is the block before it (two lists in a row need
        different markers)."""
        kind = name(el)
        if kind == "p":
            if el.get("rend"):
                self.report.add(f"p[@rend='{el.get('rend')}'] → plain paragraph", line(el))
            out = self.blocks(el, lead)
            if any(name(c) in BLOCKS for c in children(el)):
                self.report.add("p holding a list, quote or table → paragraph and block",
                                line(el))
            return out
        if kind == "list":
            return [self.list_block(el, after)]
        if kind == "quote":
            return [md.quote(self.blocks(el))]
        if kind == "table":
            return self.table(el)
        if kind == "figure":
            self._figure(el)
            return []
        self.report.add(f"<{kind}> inside running text → paragraph", line(el))
        return [self.field(el)]

    def list_block(self, el: etree._Element, after: str = "") -> str:
        pairs: list[tuple[etree._Element | None, etree._Element]] = []
        label: etree._Element | None = None
        for child in children(el):
            kind = name(child)
            if kind == "label":
                label = child
            elif kind == "item":
                pairs.append((label, child))
                label = None
            elif kind == "pb":
                self.hold(child)
            else:
                self.report.add(f"<{kind}> directly in a list → its text opens the next item",
                                line(child))
                self.pending += [*self.element(child), " "]
        # the export says an ordered list (@rend); its labels are the source's, as printed
        start = _counted(pairs) if el.get("rend") == "numbered" else \
            None if self.links.builder else _numbered(pairs)
        if start is None and not any(lab is not None for lab, _ in pairs):
            self.report.add("list without labels → bullet list (FRUS prints none)", line(el))
        items = []
        for i, (lab, item) in enumerate(pairs):
            if start is not None:
                delimiter = ")" if re.match(r"\d+\. ", after) else "."
                items.append(md.list_item(f"{start + i}{delimiter}", self.blocks(item)))
                continue
            lead = [*md.wrap("[", self.pieces(lab), "]{.label}"), " "] if lab is not None \
                else None
            bullet = "*" if after.startswith(("- ", "-\n")) or after == "-" else "-"
            items.append(md.list_item(bullet, self.blocks(item, lead)))
        return md.join_blocks(items)

    def table(self, el: etree._Element) -> list[str]:
        self.report.add("table → one paragraph per row, cells separated by ' | ' (column "
                        "and row spans, and line breaks in cells, lost)", line(el),
                        f"{el.get('rows', '?')}×{el.get('cols', '?')}")
        rows = []
        for row in children(el):
            if name(row) == "pb":
                self.hold(row)
                continue
            cells = [md.inline(self.pieces(c), breaks=False) for c in children(row)]
            if any(cells):
                rows.append(self.paragraph([Raw(" | ".join(cells).strip())]))
        return rows


def _counted(pairs: list[tuple[etree._Element | None, etree._Element]]) -> int | None:
    """The export's ordered list (``list[@rend='numbered']``): the first ``item/@n``
    when the items count up by one from it; else None."""
    numbers = [item.get("n", "") for lab, item in pairs if lab is None]
    if len(numbers) != len(pairs) or not all(_DIGITS.fullmatch(n) for n in numbers):
        return None
    first = int(numbers[0]) if numbers else 1
    return first if [int(n) for n in numbers] == list(range(first, first + len(numbers))) \
        else None


def _note_name(note_xml_id: str, doc_id: str | None) -> str:
    """The id of a note in its document: the xml:id without the prefix '{document}fn'
    when what follows is an id ('d1fnn1' → 'n1'; FRUS's 'd1fn3' stays: '3' is none)."""
    rest = note_xml_id.removeprefix(f"{doc_id}fn") if doc_id else note_xml_id
    return rest if rest != note_xml_id and ID.match(rest) else note_xml_id


def _numbered(pairs: list[tuple[etree._Element | None, etree._Element]]) -> int | None:
    """The first number when every label is an arabic numeral with a full stop, counting
    up by one ('3.', '4.'): such a list is an ordered list; else None."""
    numbers = []
    for lab, _ in pairs:
        found = _NUMBERED.fullmatch(plain(lab)) if lab is not None else None
        if found is None or (lab is not None and any(True for _ in children(lab))):
            return None
        numbers.append(int(found.group(1)))
    if not numbers or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None
    return numbers[0]
