"""Assemble the final PDF from chunk PDFs and the furniture pass, with pypdf.

Pages are taken in volume order; a content page that lands on a verso is moved by the
difference between outer and inner margin; the furniture page is printed over it. Named
destinations are rebuilt from the chunks that own each anchor (links inside chunks keep
their names, so links between chunks resolve), then the outline, page labels and
metadata are written.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)


@dataclass(frozen=True, slots=True)
class Placed:
    """A content page of a chunk, or an empty page (``reader`` None)."""

    reader: PdfReader | None
    index: int
    verso: bool


@dataclass(frozen=True, slots=True)
class Bookmark:
    title: str
    page: int
    level: int = 0


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def merge(placed: list[Placed], furniture: list, shift: float) -> PdfWriter:
    """One page per placement, shifted on versos, with its furniture drawn over it.

    Both are done without parsing content streams: the page's streams are wrapped in a
    translation, and the furniture page becomes a form XObject drawn after them.
    """
    writer = PdfWriter()
    forms: dict[int, object] = {}
    for slot, furn in zip(placed, furniture, strict=True):
        if slot.reader is None:
            page = writer.add_blank_page(float(furn.mediabox.width), float(furn.mediabox.height))
        else:
            page = writer.add_page(slot.reader.pages[slot.index])
        tx = shift if slot.verso and slot.reader is not None else 0.0
        form = forms.get(id(furn))
        if form is None:
            form = forms[id(furn)] = _form(writer, furn)
        _wrap(writer, page, tx, form)
        if tx:
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                rect = annot["/Rect"]
                annot[NameObject("/Rect")] = ArrayObject(
                    FloatObject(float(v) + (tx if i % 2 == 0 else 0)) for i, v in enumerate(rect))
    return writer


def _stream(writer: PdfWriter, data: bytes):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _form(writer: PdfWriter, page) -> object:
    """A page of another PDF as a form XObject of ``writer``."""
    form = DecodedStreamObject()
    contents = page.get("/Contents")
    target = contents.get_object() if contents is not None else ArrayObject()
    parts = target if isinstance(target, ArrayObject) else [target]
    form.set_data(b"\n".join(part.get_object().get_data() for part in parts))
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(float(v)) for v in page.mediabox),
        NameObject("/Resources"): page["/Resources"].clone(writer),
    })
    return writer._add_object(form)


def _wrap(writer: PdfWriter, page, tx: float, form) -> None:
    """Page content moved by ``tx``, then the furniture form drawn on top."""
    contents = page.get("/Contents")
    streams = []
    if contents is not None:
        target = contents.get_object()
        streams = list(target) if isinstance(target, ArrayObject) else [contents]
    before = _stream(writer, f"q 1 0 0 1 {tx:.4f} 0 cm\n".encode())
    after = _stream(writer, b"\nQ q /Furniture Do Q\n")
    page[NameObject("/Contents")] = ArrayObject([before, *streams, after])
    # pages of a chunk share one resource dictionary: each page gets its own copy
    resources = page.get("/Resources")
    resources = DictionaryObject(resources.get_object() if resources is not None else {})
    xobjects = resources.get("/XObject")
    xobjects = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
    xobjects[NameObject("/Furniture")] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources


def chunk_destinations(reader: PdfReader) -> dict[str, tuple[int, float, float]]:
    """Named destinations of a chunk: name -> (page index, left, top)."""
    out = {}
    for name, dest in reader.named_destinations.items():
        page = reader.get_destination_page_number(dest)
        left = float(dest.left) if dest.left is not None and not isinstance(
            dest.left, NullObject) else 0.0
        top = float(dest.top) if dest.top is not None and not isinstance(
            dest.top, NullObject) else 0.0
        out[str(name)] = (page, left, top)
    return out


def set_destinations(writer: PdfWriter, dests: dict[str, tuple[int, float, float]]) -> None:
    """Write the named destinations as one sorted name tree leaf."""
    names = ArrayObject()
    for name in sorted(dests):
        page, left, top = dests[name]
        names.append(TextStringObject(name))
        names.append(ArrayObject([writer.pages[page].indirect_reference, NameObject("/XYZ"),
                                  FloatObject(left), FloatObject(top), NumberObject(0)]))
    tree = DictionaryObject({NameObject("/Names"): names})
    root = writer._root_object
    root[NameObject("/Names")] = DictionaryObject({NameObject("/Dests"): writer._add_object(tree)})


def add_outline(writer: PdfWriter, bookmarks: list[Bookmark]) -> None:
    parents: list = [None]
    for mark in bookmarks:
        del parents[mark.level + 1:]
        parent = parents[mark.level] if mark.level < len(parents) else parents[-1]
        item = writer.add_outline_item(title=mark.title, page_number=mark.page, parent=parent)
        parents.append(item)


def finish(writer: PdfWriter, *, title: str, authors: list[str], subject: str, lang: str,
           stamp: str | None, front_pages: int) -> bytes:
    """Metadata, language, page labels (roman front matter), reproducible bytes."""
    meta = {"/Title": title, "/Author": ", ".join(authors),
            "/Producer": "edition (WeasyPrint, pypdf)"}
    if subject:
        meta["/Subject"] = subject
    if stamp:
        meta["/CreationDate"] = meta["/ModDate"] = stamp
    writer.add_metadata(meta)
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    if front_pages:
        writer.set_page_label(0, front_pages - 1, style="/r")
    if front_pages < len(writer.pages):
        writer.set_page_label(front_pages, len(writer.pages) - 1, style="/D", start=1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
