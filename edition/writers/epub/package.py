"""The EPUB container and package document, written with EbookLib.

EbookLib writes the OCF container (``mimetype``, ``META-INF/container.xml``), the package
document (metadata, manifest, spine) and the NCX for EPUB 2 reading systems. Three of its
habits are worked around here, in one place:

* ``EpubHtml`` re-parses every content document with an HTML parser and rebuilds head and
  body, dropping their attributes (``epub:type`` on ``body``, the stylesheet links) and
  mangling empty elements such as the page-break ``<span/>``. Every content document is
  therefore a plain ``EpubItem``, stored byte for byte as the templates wrote it.
* Its own navigation document (``EpubNav``) would list every element that has both an
  ``epub:type`` and an ``id`` (each note, each note call) in a bogus page-list (EbookLib
  issue #339). The navigation document here is our own template, stored as a plain item
  with the ``nav`` property, and ``epub3_pages`` is off besides.
* ``dcterms:modified`` would be the time of the build: it comes from the build time (the
  ``mtime`` option), which :func:`build_time` takes from SOURCE_DATE_EPOCH. The zip's own
  timestamps are fixed afterwards by :mod:`edition.epub.reproducible`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile

from ebooklib import epub
from lxml import etree

from ... import model as m
from ...assets import stylesheet
from ...present import Views
from ...visit import plain
from .cover import Cover
from .documents import CSS, FONTS_CSS, Book, Page, TocEntry

XHTML = "application/xhtml+xml"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
WRITE_OPTIONS = {
    "epub3_pages": False,  # EbookLib #339: no page-list made from every epub:type + id
    "epub3_landmark": False,  # landmarks are in our navigation document
    "epub2_guide": False,
    "raise_exceptions": True,
    "compresslevel": 9,
}
# MARC relator codes for the roles editors usually have (others are given as words)
RELATORS = {"editor": "edt", "translator": "trl", "compiler": "com", "annotator": "ann",
            "author": "aut", "commentator": "cwt", "transcriber": "trc",
            "contributor": "ctb", "general editor": "pbd"}
CREATORS = {"edt", "aut", "com", "pbd"}  # roles listed as dc:creator, the others as contributor


def identifier(ed: m.Edition) -> str:
    """The book's unique identifier: the edition's ISBN or UUID as a URN, its own
    identifier as given, or a UUID derived from the edition's slug (stable across builds)."""
    raw = ed.identifier.strip()
    if not raw:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'edition:{ed.slug}')}"
    isbn = re.sub(r"^(urn:)?isbn[:\s]*", "", raw, flags=re.IGNORECASE)
    digits = re.sub(r"[\s-]", "", isbn)
    if re.fullmatch(r"97[89]\d{10}|\d{9}[\dXx]", digits):
        return f"urn:isbn:{digits.upper()}"
    try:
        return f"urn:uuid:{uuid.UUID(raw.removeprefix('urn:uuid:'))}"
    except ValueError:
        return raw


def _meta(book: epub.EpubBook, prop: str, value: str, **attrs: str) -> None:
    book.add_metadata(None, "meta", value, {"property": prop, **attrs})


def file_as(name: str) -> str:
    """How a library files a name: 'Chicherin, Georgy' for a personal name of two to four
    capitalised words, the name as given otherwise (a body, a name with a comma)."""
    words = name.split()
    if "," in name or not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return name
    return f"{words[-1]}, {' '.join(words[:-1])}"


def metadata(book: epub.EpubBook, ed: m.Edition, paged: bool, indexed: bool,
             built: dt.datetime) -> None:
    """Title, creators and contributors, language, identifier, date, subjects, rights and
    accessibility metadata."""
    book.IDENTIFIER_ID = "pub-id"
    book.metadata = {}
    book.set_identifier(identifier(ed))
    book.add_metadata("DC", "title", ed.title, {"id": "title"})
    _meta(book, "title-type", "main", refines="#title")
    if ed.subtitle:
        book.add_metadata("DC", "title", ed.subtitle, {"id": "subtitle"})
        _meta(book, "title-type", "subtitle", refines="#subtitle")
    book.title = ed.title
    book.set_language(ed.language)
    for i, (name, role) in enumerate(ed.editors, 1):
        code = RELATORS.get(role.strip().lower())
        kind = "creator" if code in CREATORS else "contributor"  # editors make the book
        book.add_metadata("DC", kind, name, {"id": f"{kind}-{i}"})
        _meta(book, "file-as", file_as(name), refines=f"#{kind}-{i}")
        if code:
            _meta(book, "role", code, refines=f"#{kind}-{i}", scheme="marc:relators")
        elif role:
            _meta(book, "role", role, refines=f"#{kind}-{i}")
    book.add_metadata("DC", "date", built.strftime("%Y-%m-%d"))
    for subject in ed.subjects:
        book.add_metadata("DC", "subject", subject)
    if ed.publisher:
        book.add_metadata("DC", "publisher", ed.publisher)
    book.add_metadata("DC", "rights", ed.licence)
    description = " ".join(plain(b.children) for b in ed.description
                           if isinstance(b, m.Paragraph))
    if description or ed.subtitle:
        book.add_metadata("DC", "description", description or ed.subtitle)
    if paged:
        source = (f"{ed.title}: print edition (PDF, {ed.page_size.source}), built from the same "
                  f"sources ({identifier(ed)})")
        _meta(book, "pageBreakSource", source)
    features = ["structuralNavigation", "tableOfContents", "readingOrder",
                "displayTransformability"]
    features += ["index"] if indexed else []
    features += ["pageBreakMarkers", "pageNavigation"] if paged else []
    _meta(book, "schema:accessMode", "textual")
    _meta(book, "schema:accessModeSufficient", "textual")
    for feature in features:
        _meta(book, "schema:accessibilityFeature", feature)
    _meta(book, "schema:accessibilityHazard", "none")
    _meta(book, "schema:accessibilitySummary", summary(paged, indexed))


def summary(paged: bool, indexed: bool) -> str:
    parts = ["A reflowable text with no images, in reading order, with a table of contents "
             "and headings for every document and its notes.",
             "Note calls link to their notes and every note links back to its call; "
             "page-foot notes are marked as footnotes for reading systems that show them "
             "in a pop-up."]
    if paged:
        parts.append("Page-break markers and a page list give the pages of the print "
                     "edition.")
    if indexed:
        parts.append("Every locator of the indexes of names and places links to the "
                     "occurrence it cites.")
    parts.append("No colour or font is needed to understand the text.")
    return " ".join(parts)


def _ncx_toc(entries: list[TocEntry], counter: list[int]) -> list:
    out: list = []
    for entry in entries:
        counter[0] += 1
        if entry.children:
            out.append((epub.Section(entry.label, entry.href),
                        _ncx_toc(entry.children, counter)))
        else:
            out.append(epub.Link(entry.href, entry.label, f"nav-{counter[0]}"))
    return out


def _item(page: Page) -> epub.EpubItem:
    item = epub.EpubItem(uid=f"item-{page.uid}", file_name=page.file, media_type=XHTML,
                         content=page.html.encode("utf-8"))
    item.properties = list(page.properties)  # written to the manifest by EbookLib
    return item


def write_package(views: Views, book_parts: Book, built: dt.datetime,
                  fonts: list[tuple[str, bytes]], extra: list[Page], cover: Cover) -> bytes:
    """The EPUB as EbookLib writes it (not yet reproducible: see reproducible.py).

    ``fonts`` are (file name, bytes) of embedded fonts; ``extra`` are non-linear pages
    (the font licence) reached by links.
    """
    ed = views.res.edition
    book = epub.EpubBook()
    metadata(book, ed, bool(book_parts.markers), bool(book_parts.indexes), built)
    image = epub.EpubItem(uid="cover-image", file_name=cover.file, media_type=cover.media_type,
                          content=cover.data)
    image.properties = ["cover-image"]
    book.add_item(image)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    css = stylesheet("epub", ed.source_dir)[0].encode("utf-8")
    book.add_item(epub.EpubItem(uid="css", file_name=CSS, media_type="text/css", content=css))
    if fonts:
        faces = "\n".join(
            f'@font-face {{ font-family: "EB Garamond"; font-style: {style}; '
            f'src: url("../{name}"); }}'
            for name, style in zip([n for n, _ in fonts], ("normal", "italic"), strict=False))
        rules = faces + '\nbody { font-family: "EB Garamond", serif; }\n'
        book.add_item(epub.EpubItem(uid="fonts-css", file_name=FONTS_CSS,
                                    media_type="text/css", content=rules.encode()))
        for i, (name, data) in enumerate(fonts, 1):
            book.add_item(epub.EpubItem(uid=f"font-{i}", file_name=name,
                                        media_type="font/ttf", content=data))
    items = [book.add_item(_item(p)) for p in book_parts.pages]
    extras = [book.add_item(_item(p)) for p in extra]
    book.add_item(epub.EpubNcx())
    book.toc = _ncx_toc(book_parts.toc, [0])
    # the navigation document is out of the linear reading order (as Standard Ebooks):
    # reading systems and converters that ignore [hidden] do not read its lists as text
    book.spine = [(x, "no") if "nav" in p.properties else x
                  for p, x in zip(book_parts.pages, items, strict=True)] + \
        [(x, "no") for x in extras]
    out = io.BytesIO()
    epub.write_epub(out, book, {**WRITE_OPTIONS, "mtime": built})
    return _finish(out.getvalue(), ed.language)


def _finish(data: bytes, lang: str) -> bytes:
    """What EbookLib does not write: ``xml:lang`` on the package document, and an NCX
    with its real depth and a ``playOrder`` on every navigation point."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            raw = src.read(info)
            if info.filename.endswith(".opf"):
                tree = etree.fromstring(raw)
                tree.set(f"{{{XML_NS}}}lang", lang)
                raw = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
            elif info.filename.endswith(".ncx"):
                raw = _ncx(raw)
            dst.writestr(info, raw)
    return out.getvalue()


def _ncx(raw: bytes) -> bytes:
    tree = etree.fromstring(raw)
    depth = 0
    order: dict[str, str] = {}  # points to the same target share their play order
    for point in tree.iter(f"{{{NCX_NS}}}navPoint"):
        src = point.find(f"{{{NCX_NS}}}content").get("src")
        point.set("playOrder", order.setdefault(src, str(len(order) + 1)))
        depth = max(depth, sum(1 for a in point.iterancestors(f"{{{NCX_NS}}}navPoint")) + 1)
    for meta in tree.iter(f"{{{NCX_NS}}}meta"):
        if meta.get("name") == "dtb:depth":
            meta.set("content", str(depth))
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")
