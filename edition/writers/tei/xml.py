"""Building the TEI with lxml: namespaces, an element maker that takes mixed content,
and a pretty-printer that indents only where whitespace means nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
FRUS = "http://history.state.gov/frus/ns/1.0"
XML = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI, "frus": FRUS}

Piece = str | etree._Element
Pieces = list[Piece]

# elements whose content is elements only (TEI content models without text): with the
# builder's own settings vocabulary, the only ones the pretty-printer indents, so that no
# text gains or loses a space
ELEMENT_ONLY = {f"{{{TEI}}}{name}" for name in (
    "TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "availability",
    "sourceDesc", "encodingDesc", "classDecl", "taxonomy", "category", "xenoData", "text",
    "front", "body", "back", "div", "list", "listBibl", "postscript")} | {f"{{{FRUS}}}attachment"}


def qname(name: str) -> str:
    """'xml:id' → '{…XML…}id', 'frus:attachment' → '{…FRUS…}attachment', 'p' → TEI p."""
    prefix, _, local = name.rpartition(":")
    return f"{{{ {'xml': XML, 'frus': FRUS, '': TEI}[prefix] }}}{local}"


def tei(name: str, attrs: Mapping[str, str | None] | None = None,
        content: Iterable[Piece] = ()) -> etree._Element:
    """An element with the attributes that are not None and ``content`` (text and
    elements, in order)."""
    el = etree.Element(qname(name), {qname(k) if ":" in k else k: v
                                     for k, v in (attrs or {}).items() if v is not None})
    append(el, content)
    return el


def append(el: etree._Element, content: Iterable[Piece]) -> etree._Element:
    """Add text and elements at the end of ``el``."""
    for piece in content:
        if isinstance(piece, str):
            if len(el):
                el[-1].tail = (el[-1].tail or "") + piece
            else:
                el.text = (el.text or "") + piece
        else:
            el.append(piece)
    return el


def indent(el: etree._Element, level: int = 0) -> None:
    """Indent the children of element-only containers, two spaces a level; mixed
    content (a paragraph, a heading, a note) is left exactly as built."""
    ours = el.tag in ELEMENT_ONLY or not el.tag.startswith((f"{{{TEI}}}", f"{{{FRUS}}}"))
    texts = [el.text, *(child.tail for child in el)]
    if not ours or not len(el) or any((t or "").strip() for t in texts):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        if isinstance(child.tag, str):
            indent(child, level + 1)
        child.tail = pad
    el[-1].tail = pad[:-2]


def serialize(root: etree._Element) -> bytes:
    indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
