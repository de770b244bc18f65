"""Assemble the final PDF from chunk PDFs and the furniture pass, with pikepdf (qpdf).

Pages are taken in volume order; a content page that lands on a verso is moved by the
difference between outer and inner margin; the furniture page is drawn over it as a
form XObject (no content stream is parsed). Named destinations are rebuilt from the
chunks that own each anchor (links inside chunks keep their names, so links between
chunks resolve); the chunks' structure trees become one (tagged PDF); then the outline,
page labels and metadata are written, with object streams and a content-derived /ID.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf


@dataclass(frozen=True, slots=True)
class Placed:
    """A content page of a chunk, or an empty page (``source`` None)."""

    source: Pdf | None
    index: int
    verso: bool


@dataclass(frozen=True, slots=True)
class Bookmark:
    title: str
    page: int
    level: int = 0


def read(data: bytes) -> Pdf:
    return pikepdf.open(io.BytesIO(data))


def merge(placed: list[Placed], furniture: list[pikepdf.Page], shift: float) -> Pdf:
    """One page per placement, shifted on versos, with its furniture drawn over it."""
    pdf = Pdf.new()
    for slot, furn in zip(placed, furniture, strict=True):
        box = [float(v) for v in furn.mediabox]
        if slot.source is None:
            pdf.add_blank_page(page_size=(box[2], box[3]))
        else:
            pdf.pages.append(slot.source.pages[slot.index])
        page = pdf.pages[-1]
        form = pdf.copy_foreign(furn.as_form_xobject())  # its fonts are copied once
        tx = shift if slot.verso and slot.source is not None else 0.0
        _wrap(pdf, page, tx, form)
        if tx:
            for annot in page.obj.get("/Annots", Array()):
                r = [float(v) for v in annot.Rect]
                annot.Rect = Array([r[0] + tx, r[1], r[2] + tx, r[3]])
    return pdf


def _wrap(pdf: Pdf, page: pikepdf.Page, tx: float, form: pikepdf.Object) -> None:
    """Page content moved by ``tx``, then the furniture form drawn on top as an artifact."""
    contents = page.obj.get("/Contents")
    if contents is None:
        streams = []
    elif isinstance(contents, Array):
        streams = list(contents)
    else:
        streams = [contents]
    before = pdf.make_stream(f"q 1 0 0 1 {tx:.4f} 0 cm\n".encode())
    after = pdf.make_stream(b"\nQ /Artifact BMC q /Furniture Do Q EMC\n")
    page.obj.Contents = Array([before, *streams, after])
    # the pages of a chunk share one resource dictionary: each page gets its own copy
    resources = Dictionary({k: v for k, v in page.obj.get("/Resources", Dictionary()).items()})
    xobjects = Dictionary({k: v for k, v in resources.get("/XObject", Dictionary()).items()})
    xobjects.Furniture = form
    resources.XObject = xobjects
    page.obj.Resources = resources


def chunk_destinations(src: Pdf) -> dict[str, tuple[int, float, float]]:
    """Named destinations of a chunk: name -> (page index, left, top)."""
    if "/Names" not in src.Root or "/Dests" not in src.Root.Names:
        return {}
    index = {page.obj.objgen: i for i, page in enumerate(src.pages)}
    out = {}
    for name, dest in pikepdf.NameTree(src.Root.Names.Dests).items():
        dest = dest.D if isinstance(dest, Dictionary) else dest
        page = index.get(dest[0].objgen)
        if page is None:
            continue
        left = float(dest[2]) if len(dest) > 2 and dest[2] is not None else 0.0
        top = float(dest[3]) if len(dest) > 3 and dest[3] is not None else 0.0
        out[str(name)] = (page, left, top)
    return out


def set_destinations(pdf: Pdf, dests: dict[str, tuple[int, float, float]]) -> None:
    """The named destinations as one name-tree leaf, sorted as PDF requires (by bytes)."""
    pages = [page.obj for page in pdf.pages]
    names = Array()
    for name in sorted(dests, key=lambda n: n.encode("utf-8")):
        page, left, top = dests[name]
        names.append(pikepdf.String(name))
        names.append(Array([pages[page], Name.XYZ, left, top, 0]))
    pdf.Root.Names = Dictionary(Dests=pdf.make_indirect(Dictionary(Names=names)))


def merge_structure(pdf: Pdf, sources: list[Pdf], final: dict[tuple[int, int], int]) -> None:
    """One structure tree for the volume from the chunks' trees (tagged PDF).

    Each chunk's Document element gives its children to one new Document element; the
    parent-tree keys of each chunk (the /StructParents of its pages, the /StructParent of
    its annotations) are moved past those of the chunks before it.
    """
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    kids, nums, next_key = Array(), Array(), 0
    for src in sources:
        tree = src.Root.get("/StructTreeRoot")
        if tree is None:
            continue
        if "/Namespaces" in tree and "/Namespaces" not in root:
            root.Namespaces = _copy(pdf, tree.Namespaces)
        offset = next_key
        for top in tree.K:
            for kid in top.K:
                if isinstance(kid, Dictionary):
                    del kid.P  # so that copying does not drag the chunk's own root along
                    copied = _copy(pdf, kid)
                    copied.P = document
                    kids.append(copied)
        for key, value in _number_tree(tree.ParentTree):
            nums.append(key + offset)  # qpdf copies indirect objects natively
            nums.append(pdf.copy_foreign(value if value.is_indirect
                                         else src.make_indirect(value)))
            next_key = max(next_key, key + offset + 1)
        for (source_id, index), n in final.items():
            if source_id != id(src):
                continue
            page, source = pdf.pages[n].obj, src.pages[index].obj
            if "/StructParents" in source:
                page.StructParents = int(source.StructParents) + offset
            for annot in page.get("/Annots", Array()):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
    document.K = kids
    root.K = Array([document])
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)


def _copy(pdf: Pdf, obj):
    """``obj`` of another PDF in ``pdf`` (qpdf copies indirect objects; direct containers
    are rebuilt around copies of what they hold)."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return pdf.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array([_copy(pdf, item) for item in obj])
    if isinstance(obj, Dictionary):
        return Dictionary({key: _copy(pdf, value) for key, value in obj.items()})
    return obj


def _number_tree(node: Dictionary):
    nums = node.get("/Nums", Array())
    for i in range(0, len(nums), 2):
        yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", Array()):
        yield from _number_tree(kid)


def add_outline(pdf: Pdf, bookmarks: list[Bookmark]) -> None:
    with pdf.open_outline() as outline:
        parents: list = [outline.root]
        for mark in bookmarks:
            del parents[mark.level + 1:]
            item = pikepdf.OutlineItem(mark.title, mark.page)
            parents[-1].append(item)
            parents.append(item.children)


def finish(pdf: Pdf, *, title: str, authors: list[str], subject: str, lang: str,
           stamp: str, front_pages: int) -> bytes:
    """Metadata, language, page labels (roman front matter), reproducible bytes."""
    pdf.docinfo.Title = title
    pdf.docinfo.Author = ", ".join(authors)
    pdf.docinfo.Producer = "edition (WeasyPrint, pikepdf)"
    if subject:
        pdf.docinfo.Subject = subject
    pdf.docinfo.CreationDate = pdf.docinfo.ModDate = stamp
    pdf.Root.Lang = pikepdf.String(lang)
    labels = Array()
    if front_pages:
        labels.extend([0, Dictionary(S=Name.r)])
    if front_pages < len(pdf.pages):
        labels.extend([front_pages, Dictionary(S=Name.D, St=1)])
    pdf.Root.PageLabels = Dictionary(Nums=labels)
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             compress_streams=True, deterministic_id=True)
    return out.getvalue()
