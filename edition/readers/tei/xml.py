"""Parse a TEI file safely, and the small helpers every module uses to read elements."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
FRUS = "http://history.state.gov/frus/ns/1.0"
XML = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML}}}id"
_SPACE = re.compile(r"[ \t\r\n]+")  # XML whitespace only; a no-break space is text


@dataclass
class TeiError(Exception):
    """A TEI file that cannot be imported, located at file:line:column when known."""

    file: str
    message: str
    line: int = 0
    column: int = 0
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = f"{where}: error: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


def parse(path: Path) -> etree._ElementTree:
    """The parsed file: no entity is expanded, nothing is fetched, and a document that
    declares entities is refused."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False)
    try:
        tree = etree.parse(str(path), parser)
    except OSError as exc:
        raise TeiError(str(path), f"cannot read file: {exc}") from None
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise TeiError(str(path), f"malformed XML: {exc.msg}", line, column,
                       "fix the XML; the file must be well-formed TEI") from None
    dtd = tree.docinfo.internalDTD
    entities = [e.name for e in dtd.iterentities()] if dtd is not None else []
    if entities:
        raise TeiError(str(path), f"the document type declares entities ({', '.join(entities)})",
                       _first_line(path, b"<!ENTITY"), 1,
                       "entities are refused (they can expand without limit); replace them "
                       "by their text")
    for node in tree.iter(etree.Entity):
        raise TeiError(str(path), f"unresolved entity reference &{node.name};",
                       node.sourceline or 0, 1, "replace the entity by its text")
    root = tree.getroot()
    if root.tag != f"{{{TEI}}}TEI":
        raise TeiError(str(path), f"the root element is <{etree.QName(root).localname}>, "
                       "not a TEI P5 <TEI>", root.sourceline or 0, 1,
                       "import a TEI P5 file (namespace http://www.tei-c.org/ns/1.0)")
    return tree


def _first_line(path: Path, needle: bytes) -> int:
    """The line of the first occurrence of ``needle`` in the raw file (to locate a
    declaration that lxml keeps no line for)."""
    data = path.read_bytes()
    index = data.find(needle)
    return data.count(b"\n", 0, index) + 1 if index >= 0 else 1


def t(name: str) -> str:
    """The Clark name of a TEI element."""
    return f"{{{TEI}}}{name}"


def name(el: etree._Element) -> str:
    """'p', 'hi', 'frus:attachment': the element's short name ('' for anything else)."""
    if not isinstance(el.tag, str):
        return ""
    qname = etree.QName(el)
    if qname.namespace == TEI:
        return qname.localname
    if qname.namespace == FRUS:
        return f"frus:{qname.localname}"
    return f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname


def xml_id(el: etree._Element) -> str:
    return el.get(XML_ID) or ""


def line(el: etree._Element) -> int:
    return el.sourceline or 0


def norm(text: str | None) -> str:
    """Runs of XML whitespace as one space."""
    return _SPACE.sub(" ", text or "")


def plain(el: etree._Element) -> str:
    """The element's text, whitespace normalised and trimmed; a line break is a space."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in children(node):
            if name(child) == "lb":
                parts.append(" ")
            else:
                walk(child)
            parts.append(child.tail or "")

    walk(el)
    return norm("".join(parts)).strip()


def children(el: etree._Element) -> Iterator[etree._Element]:
    """The element children (see :func:`strip_comments` for the others)."""
    return (c for c in el if isinstance(c.tag, str))


def strip_comments(root: etree._Element) -> list[tuple[str, int]]:
    """Remove comments and processing instructions below ``root``, keeping the text
    around them; what was removed, with its line."""
    removed = []
    for node in list(root.iter(etree.Comment, etree.PI)):
        kind = "comment" if isinstance(node, etree._Comment) else "processing instruction"
        removed.append((kind, node.sourceline or 0))
        tail, parent, prev = node.tail or "", node.getparent(), node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        elif parent is not None:
            parent.text = (parent.text or "") + tail
        if parent is not None:
            parent.remove(node)
    return removed


def div_type(el: etree._Element) -> str:
    return el.get("type", "") if name(el) == "div" else ""
