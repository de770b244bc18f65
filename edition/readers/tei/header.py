"""The volume around the documents: edition.yaml from the teiHeader, the list of persons,
and the front and back matter (kept as front-matter sections, or regenerated)."""

from __future__ import annotations

from typing import Any

from lxml import etree

from . import mdtext as md
from .links import Links
from .mdtext import Piece
from .report import ImportReport
from .text import BLOCKS, Converter
from .xml import XML, XML_ID, children, div_type, line, name, norm, plain, t, xml_id

SETTINGS = "urn:x-edition:settings"  # the export's own vocabulary, in xenoData
LICENCE = "Public domain (a work of the United States Government)"
NO_EDITOR = "[not named in the source]"
_PERSON_LISTS = ("names", "participants")


def edition(root: etree._Element, report: ImportReport, conv: Converter) -> dict[str, Any]:
    """The fields of edition.yaml that come from the teiHeader (``conv`` reads the text of
    the export's description)."""
    header = root.find(t("teiHeader"))
    if header is None:
        report.add("no teiHeader → title and identifier from the file", line(root))
        header = etree.Element(t("teiHeader"))
    titles = header.find(f"{t('fileDesc')}/{t('titleStmt')}")

    def title(*types: str) -> str:
        for kind in types:
            for el in titles.iterfind(f"{t('title')}[@type='{kind}']") if titles is not None \
                    else ():
                if plain(el):
                    return plain(el)
        return ""

    ident = _text(header, "fileDesc/publicationStmt/idno[@type='frus']") or xml_id(root)
    first = titles.find(t("title")) if titles is not None else None
    data: dict[str, Any] = {"title": title("complete") or (plain(first) if first is not None
                                                           else "") or ident or "Untitled"}
    subtitle = title("sub") or ", ".join(
        x for x in (title("volume"), title("volumenumber", "volume-number")) if x)
    if subtitle:
        data["subtitle"] = subtitle
    if title("series"):
        data["series"] = title("series")
    editors = [{"name": plain(e), "role": e.get("role") or "editor"}
               for e in header.iter(t("editor")) if plain(e)]
    if not editors:
        report.add("teiHeader names no editor → editor supplied", _line(header, "editor"),
                   f'"{NO_EDITOR}" (role: editor); name the editors in edition.yaml')
    data["editors"] = editors or [{"name": NO_EDITOR, "role": "editor"}]
    data["language"] = root.get("{http://www.w3.org/XML/1998/namespace}lang") or "en"
    publisher = _text(header, "fileDesc/publicationStmt/publisher")
    if publisher:
        data["publisher"] = publisher
    licence = _text(header, "fileDesc/publicationStmt/availability")
    if not licence:
        report.add("teiHeader states no licence → licence supplied", _line(header, "idno"),
                   f'"{LICENCE}"; check it')
    data["licence"] = licence or LICENCE
    if ident:
        data["identifier"] = ident
    description = _description(header, report) if not conv.links.builder else \
        md.join_blocks([b for p in header.iterfind(f"{t('fileDesc')}/{t('sourceDesc')}/{t('p')}")
                        for b in conv.blocks(p)])
    if description:
        data["description"] = description
    return data


def settings(root: etree._Element) -> etree._Element | None:
    """The builder's settings that ``edition export-tei`` keeps in the header's xenoData:
    a file that has them was written by the export (docs/tei-export.md §3)."""
    return root.find(f"{t('teiHeader')}/{t('xenoData')}/{{{SETTINGS}}}settings")


def builder_settings(el: etree._Element) -> dict[str, Any]:
    """The fields of edition.yaml that the export keeps in ``e:settings`` (how the edition
    prints: output, indexes, apparatus, line numbers, typography, signs, note series)."""
    def one(kind: str) -> dict[str, str]:
        found = el.find(f"{{{SETTINGS}}}{kind}")
        return dict(found.attrib) if found is not None else {}

    def words(kind: str, within: str) -> list[str]:
        return [w.text or "" for w in el.iterfind(f"{{{SETTINGS}}}{within}/{{{SETTINGS}}}{kind}")]

    def flags(values: dict[str, str], *keys: str) -> dict[str, Any]:
        return {k: v == "true" if k in keys else v for k, v in values.items()}

    def keys(values: dict[str, str]) -> dict[str, Any]:
        return {k.replace("-", "_"): v for k, v in values.items()}

    lines = keys(one("line-numbers"))
    series = [dict(s.attrib) for s in el.iterfind(f"{{{SETTINGS}}}note-series")]
    typography = keys(flags(one("typography"), "ellipsis", "nbsp-initials"))
    typography["replace"] = {r.get("from", ""): r.get("to", "") for r in
                             el.iterfind(f"{{{SETTINGS}}}typography/{{{SETTINGS}}}replace")}
    typography["nbsp_after"] = words("nbsp-after", "typography")
    data: dict[str, Any] = {
        "output": keys(flags(one("output"), "epub-fonts")),
        "indexes": words("index", "indexes"),
        "apparatus": one("apparatus"),
        "line_numbers": {**lines, "every": int(lines.get("every", 0)),
                         "count": words("count", "line-numbers")},
        "typography": typography, "signs": one("signs"), "note_series": series}
    if series:
        data["default_note_series"] = series[0]["id"]
    return data


def reasons(root: etree._Element, links: Links) -> dict[str, str]:
    """The reasons of editorial signs the export keeps as categories (@ana names them):
    ``taxonomy[@xml:id='reasons']`` are apparatus.reasons (key @n), those of
    ``reasons-inline`` reasons written in a span; the keyed ones are returned."""
    keyed: dict[str, str] = {}
    for taxonomy in root.iter(t("taxonomy")):
        for cat in taxonomy.iterfind(t("category")):
            desc = cat.find(t("catDesc"))
            text = plain(desc) if desc is not None else ""
            if xml_id(taxonomy) == "reasons" and cat.get("n"):
                keyed[cat.get("n", "")] = text
                links.reasons[xml_id(cat)] = ("r", cat.get("n", ""))
            elif xml_id(taxonomy) == "reasons-inline":
                links.reasons[xml_id(cat)] = ("reason", text)
    return keyed


def _text(header: etree._Element, path: str) -> str:
    """The text of the element at ``path`` ('fileDesc/publicationStmt/idno[@type='frus']')."""
    el = header.find("/".join(t(step) for step in path.split("/")))
    return plain(el) if el is not None else ""


def _line(header: etree._Element, kind: str) -> int:
    return next((line(e) for e in header.iter(t(kind))), line(header))


def _description(header: etree._Element, report: ImportReport) -> str:
    """Paragraphs on the publication, the source and the revisions of the file."""
    stmt = "fileDesc/publicationStmt/"
    imprint = ", ".join(x for x in (_text(header, stmt + "pubPlace"),
                                    _text(header, stmt + "date")) if x)
    publisher = _text(header, stmt + "publisher")
    paras = [f"Published by {publisher}" + (f", {imprint}" if imprint else "") + "."
             if publisher else imprint]
    paras += [plain(p) for p in header.iter(t("p"))
              if p.getparent() is not None and name(p.getparent()) == "sourceDesc"]
    paras += [f"Revision: {plain(c)}" for c in header.iter(t("change")) if plain(c)]
    for el in header.iter(t("encodingDesc")):
        report.add("teiHeader encodingDesc → not imported", line(el), plain(el)[:80])
    return md.join_blocks([md.inline([p]) for p in paras if p])


# -- persons -------------------------------------------------------------------------------


def authorities(root: etree._Element, report: ImportReport, links: Links,
                kind: str) -> list[dict[str, Any]]:
    """persons.yaml from the list of persons (``list[@type='names']``): the name as the
    index heading, the rest of the item as the gloss, and no forms (mentions are the
    TEI's own); with ``kind`` 'place', places.yaml from the export's
    ``list[@type='places']``. The export's dates, forms, see-references and sort keys
    are read back (docs/tei-export.md §3.8)."""
    lists = _authority_lists(root, kind)
    if kind == "place":
        links.places |= _authority_ids(lists, "placeName")
    element = "persName" if kind == "person" else "placeName"
    conv = Converter(report, _person_ids(root), links)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for lst in lists:
        for item in children(lst):
            if name(item) == "pb":
                conv.target(item)
                continue
            person = next((p for p in children(item)
                           if name(p) == element and p.get(XML_ID)), None)
            if name(item) != "item" or person is None or xml_id(person) in seen:
                report.add(f"entry of the list of {kind}s without a new {element}/@xml:id → "
                           "not imported", line(item), plain(item)[:60])
                continue
            seen.add(xml_id(person))
            before = person.getprevious() is not None or norm(item.text).strip()
            if before:
                report.add(f"text before the name in the list of {kind}s → dropped",
                           line(item), xml_id(person))
            entry = {"id": xml_id(person), "name": plain(person), "sort": plain(person),
                     "forms": []}
            rest = [s for s in person.itersiblings() if isinstance(s.tag, str)]
            tail = norm(person.tail)
            if kind == "person" and rest and name(rest[0]) == "date" and tail == " (" \
                    and norm(rest[0].tail).startswith(")"):
                entry["dates"] = plain(rest[0])
                tail, rest = norm(rest[0].tail)[1:], rest[1:]
            pieces: list[Piece] = [tail.lstrip(" ,;")]
            for sibling in rest:
                if name(sibling) == "index":
                    _index_terms(entry, sibling)
                else:
                    pieces += conv.element(sibling)
                pieces.append(norm(sibling.tail))
            gloss = conv.paragraph(pieces, take=False)
            if gloss:
                entry["gloss"] = gloss
            out.append(entry)
            if person.find(t("hi")) is not None:
                report.add(f"small capitals of a name in the list of {kind}s → plain text",
                           line(person))
    if kind == "person" or lists:
        report.count(f"{kind}s", len(out))
    return out


def _index_terms(entry: dict[str, Any], index: etree._Element) -> None:
    """The export's ``index[@indexName='forms'|'see'|'sort']`` of an authority entry."""
    terms = [plain(term) for term in index.iterfind(t("term"))]
    field = {"forms": "forms", "see": "see_from", "sort": "sort"}.get(index.get("indexName", ""))
    if field == "sort" and terms:
        entry["sort"] = terms[0]
    elif field:
        entry[field] = terms


def _person_ids(root: etree._Element) -> set[str]:
    """The ids of the list of persons (what ``persName/@corresp`` may name)."""
    return _authority_ids(_authority_lists(root, "person"), "persName")


def _authority_ids(lists: list[etree._Element], element: str) -> set[str]:
    return {xml_id(p) for lst in lists for item in lst.iter(t("item"))
            for p in item.iter(t(element)) if p.get(XML_ID)}


def _authority_lists(root: etree._Element, kind: str) -> list[etree._Element]:
    types = _PERSON_LISTS if kind == "person" else ("places",)
    return [lst for lst in root.iter(t("list")) if lst.get("type") in types]


# -- front and back matter -------------------------------------------------------------------


def abbreviations(root: etree._Element) -> list[dict[str, str]]:
    """The export's list of abbreviations: ``list[@type='abbreviations']``, label/item
    pairs."""
    out = []
    for lst in root.iterfind(f"{t('text')}/{t('front')}/{t('div')}/{t('list')}"
                             "[@type='abbreviations']"):
        abbr = ""
        for child in children(lst):
            if name(child) == "label":
                abbr = plain(child)
            elif name(child) == "item":
                out.append({"abbr": abbr, "expansion": plain(child)})
    return out


def externals(root: etree._Element, links: Links) -> None:
    """The external references the export lists (``back/div[@xml:id='externals']``): a
    ``bibl`` each, ``title`` the label and ``note`` the description."""
    for bibl in root.iterfind(f"{t('text')}/{t('back')}/{t('div')}[@{{{XML}}}id='externals']"
                              f"/{t('listBibl')}/{t('bibl')}"):
        title, note = bibl.find(t("title")), bibl.find(t("note"))
        links.externals[xml_id(bibl)] = {
            "id": xml_id(bibl), "label": plain(title) if title is not None else "",
            **({"description": plain(note)} if note is not None else {})}


def front_matter(root: etree._Element, report: ImportReport, links: Links,
                 persons: set[str]) -> list[dict[str, str]]:
    """The prose sections of the front and back matter, as front-matter sections; the
    title page, contents, list of persons, list of papers and index are regenerated."""
    out = []
    for region in (root.find(f"{t('text')}/{t('front')}"), root.find(f"{t('text')}/{t('back')}")):
        if region is None:
            continue
        for el in children(region):
            section = _section(el, report, links, persons)
            if section is not None:
                out.append(section)
                if name(region) == "back":
                    report.add("back-matter section → a front-matter section", line(el),
                               section["title"])
    report.count("front-matter sections", len(out))
    return out


def _section(el: etree._Element, report: ImportReport, links: Links,
             persons: set[str]) -> dict[str, str] | None:
    kind, head = name(el), el.find(t("head"))
    title = plain(head) if head is not None else ""
    regenerated = {"toc": "the contents", "titlePage": "the title page"}
    if kind == "titlePage" or div_type(el) == "toc":
        what = regenerated.get(kind) or regenerated["toc"]
        report.add(f"{what} → not imported (regenerated by the builder)", line(el),
                   plain(el)[:100])
        return None
    if kind == "pb":
        report.add("pb outside the documents → not carried", line(el), xml_id(el))
        return None
    if kind == "div" and xml_id(el) == "externals" and el.find(t("listBibl")) is not None:
        return None  # the external references (see externals())
    if kind != "div":
        report.add(f"<{kind}> in the front or back matter → not imported", line(el))
        return None
    if _authority_lists(el, "person"):
        report.add("the list of persons → persons.yaml (the builder prints its own list)",
                   line(el), title)
        return None
    if el.find(f"{t('list')}[@type='places']") is not None \
            or el.find(f"{t('list')}[@type='abbreviations']") is not None:
        return None  # the export's places and abbreviations (authorities(), abbreviations())
    if any(lst.get("type") == "index" for lst in el.iter(t("list"))):
        report.add("the printed index → not imported (the builder makes its own)", line(el),
                   f"{sum(1 for _ in el.iter(t('item')))} entries")
        return None
    if el.find(f".//{t('table')}") is not None and xml_id(el) == "papers":
        rows = sum(1 for _ in el.iter(t("row")))
        report.add("the List of Papers → not imported (the builder's contents replace it); "
                   "its one-line summaries of the documents are not carried (the format has "
                   "no field for them)", line(el), f"{rows} table rows")
        return None
    conv = Converter(report, persons, links, calls=False)
    blocks: list[str] = []
    for child in children(el):
        if child is head:
            continue
        if name(child) == "pb":
            conv.target(child)
        elif name(child) in BLOCKS:
            blocks += conv.block(child, after=blocks[-1] if blocks else "")
        else:
            blocks.append(conv.field(child))
    for note_id, note in conv.notes.items():
        report.add("note in the front matter → paragraph after the section", line(el),
                   note_id)
        blocks.append(f"{note['n']} {note['text']}")
    return {"id": xml_id(el) or f"section-{line(el)}", "title": title or "Untitled",
            "body": md.join_blocks(blocks)}
