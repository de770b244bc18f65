"""The ``text`` of the TEI: front matter and authority lists, the parts of the volume with
their documents, and the external references at the back."""

from __future__ import annotations

from lxml import etree

from ... import model as m
from .context import Context
from .document import document
from .text import TeiText
from .xml import Pieces, qname, tei

PART_TYPES = {1: "compilation", 2: "chapter"}  # deeper: subchapter


def text(ctx: Context) -> etree._Element:
    ed = ctx.edition
    parts = [tei("front", None, front(ctx)), body(ctx)]
    if ed.externals:
        parts.append(tei("back", None, [externals(ctx)]))
    return tei("text", None, [p for p in parts if len(p)])


def front(ctx: Context) -> Pieces:
    """Front-matter sections, then the abbreviations (FRUS 'terms'), persons and places."""
    ed, plain = ctx.edition, TeiText(ctx)
    out: Pieces = [section(ctx, s.id, f"front-matter section '{s.id}'",
                           [tei("head", None, [s.title]), *plain.blocks(s.blocks)])
                   for s in ed.front_matter]
    if ed.abbreviations:
        pairs = [el for abbr, expansion in ed.abbreviations
                 for el in (tei("label", None, [abbr]), tei("item", None, [expansion]))]
        out.append(section(ctx, "terms", "the list of abbreviations",
                           [tei("list", {"type": "abbreviations"}, pairs)]))
    for kind, table, name in (("person", ed.persons, "names"), ("place", ed.places, "places")):
        if table:
            items = [authority(ctx, plain, a) for a in table.values()]
            out.append(section(ctx, f"{kind}s", f"the list of {kind}s",
                               [tei("list", {"type": name}, items)]))
    return out


def section(ctx: Context, xml_id: str, what: str, content: Pieces) -> etree._Element:
    return tei("div", {"type": "section", "xml:id": ctx.claim(xml_id, what)}, content)


def authority(ctx: Context, plain: TeiText, entry: m.Authority) -> etree._Element:
    """FRUS: ``<item><persName xml:id="…">Name</persName>, gloss</item>``; the dates in
    parentheses after the name; at the end, as ``index`` entries, the forms found in the
    text, the see-references and the sort key when it is not the name (@sortKey takes
    one word only)."""
    xml_id = ctx.claim(entry.id, f"{entry.kind} '{entry.id}'", entry.loc)
    name = tei("persName" if entry.kind == "person" else "placeName", {"xml:id": xml_id},
               [entry.name])
    content: Pieces = [name]
    if entry.dates:
        content += [" (", tei("date", None, [entry.dates]), ")"]
    if entry.gloss:
        content += [", ", *plain.inlines(entry.gloss)]
    sort = [entry.sort] if entry.sort != entry.name else []
    for index, terms in (("forms", entry.forms), ("see", entry.see_from), ("sort", sort)):
        if terms:
            content.append(tei("index", {"indexName": index},
                               [tei("term", None, [t]) for t in terms]))
    return tei("item", None, content)


def body(ctx: Context) -> etree._Element:
    """Documents in volume order inside the divs of their parts. A part that documents
    enter again later continues in a div pointing to the first (@corresp); parts that
    no document enters follow the documents."""
    ed = ctx.edition
    parts = {p.id: p for p in ed.parts}
    root = tei("body")
    open_divs: list[tuple[m.Part, etree._Element]] = []
    done: set[str] = set()

    def chain(part_id: str | None) -> list[m.Part]:
        path: list[m.Part] = []
        while part_id is not None and part_id in parts and parts[part_id] not in path:
            path.insert(0, parts[part_id])
            part_id = parts[part_id].parent
        return path

    def enter(path: list[m.Part]) -> etree._Element:
        same = 0
        while same < min(len(path), len(open_divs)) and path[same] is open_divs[same][0]:
            same += 1
        del open_divs[same:]
        for depth, part in enumerate(path[same:], same + 1):
            div = part_div(ctx, part, depth, first=part.id not in done)
            (open_divs[-1][1] if open_divs else root).append(div)
            open_divs.append((part, div))
            done.add(part.id)
        return open_divs[-1][1] if open_divs else root

    for doc in ed.documents:
        enter(chain(doc.part)).append(document(ctx, doc))
    for part in ed.parts:
        if part.id not in done:
            enter(chain(part.id))
    return root


def part_div(ctx: Context, part: m.Part, depth: int, *, first: bool) -> etree._Element:
    """``div[@type='compilation'|'chapter'|'subchapter']``: head, then the intro as
    ``note[@type='intro']``; a continuation only points to the first div."""
    div = tei("div", {"type": PART_TYPES.get(depth, "subchapter")})
    if not first:
        div.set("corresp", f"#{part.id}")
        return div
    div.set(qname("xml:id"), ctx.claim(part.id, f"part '{part.id}'", part.loc))
    plain = TeiText(ctx)
    div.append(tei("head", None, plain.inlines(part.title)))
    if part.intro:
        div.append(tei("note", {"type": "intro"}, plain.blocks(part.intro)))
    return div


def externals(ctx: Context) -> etree._Element:
    """The external references that cross-references name, as a list of ``bibl``."""
    items = []
    for ext in ctx.edition.externals.values():
        xml_id = ctx.claim(ext.id, f"external reference '{ext.id}'")
        items.append(tei("bibl", {"xml:id": xml_id}, [
            tei("title", None, [ext.label]),
            *([tei("note", None, [ext.description])] if ext.description else [])]))
    return section(ctx, "externals", "the list of external references",
                   [tei("listBibl", None, items)])
