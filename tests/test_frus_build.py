"""The real volume end to end: frus1919Parisv01 imported, then built into a PDF and an
EPUB that lose no word and no note, with every page-foot note on its call's page and the
pages well set (slow: the whole volume is laid out once for the module)."""

from __future__ import annotations

import re
import zipfile
from collections import Counter

import pytest
from lxml import etree, html

from edition import anchors
from edition.layout.facts import saved_facts
from edition.pipeline import build, check
from edition.readers.tei import import_tei
from edition.resolve import resolve

from . import printpages
from .pdfcheck import BuiltPdf, norm_words
from .pdfquality import (
    bad_lines,
    exempt_pages,
    headings_apart,
    headings_at_foot,
    rows,
    turned_from_rectos,
    underfull_pages,
    widows_and_orphans,
)
from .test_epub import Book, describe, epubcheck, locators_agree
from .test_tei_import import CORPUS, NS, XML_ID, _tei_document

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CORPUS.is_file(), reason=f"{CORPUS} is not here")]


@pytest.fixture(scope="module")
def volume(tmp_path_factory):
    root = tmp_path_factory.mktemp("frus")
    import_tei(CORPUS, root / "src")
    edition, diags = check(root / "src")
    assert edition is not None and not diags.errors
    outcome = build(edition, root / "out", jobs=2)
    tei = etree.parse(str(CORPUS), etree.XMLParser(resolve_entities=False, no_network=True))
    return edition, outcome, BuiltPdf(outcome.written["pdf"][0]), tei


def test_every_word_of_the_documents_is_printed(volume):
    """The words of the TEI's documents (notes included) against the words of the PDF, as
    multisets: at least 99.5% are printed, and what is not is listed."""
    _, _, pdf, tei = volume
    source = Counter()
    for div in tei.xpath("//t:div[@type='document']", namespaces=NS):
        source.update(norm_words(_tei_document(div)))
    printed = Counter(norm_words("\n".join(pdf.texts)))
    kept = sum((source & printed).values()) / sum(source.values())
    print(f"{sum(source.values())} words, {kept:.4%} printed; "
          f"not printed: {(source - printed).most_common(20)}")
    assert kept >= 0.995


def test_every_footnote_once_and_on_its_calls_page(volume):
    edition, _, pdf, _ = volume
    text = "\n".join(pdf.texts)
    placed = 0
    for doc in edition.documents:
        for note in doc.notes.values():
            call = pdf.dests[anchors.call(doc.id, note.id)]
            where = pdf.dests.get(anchors.note_pointer(doc.id, note.id),
                                  pdf.dests.get(anchors.note(doc.id, note.id)))
            assert where == call, f"{doc.id}/{note.id}: note p.{where}, call p.{call}"
            placed += 1
    assert placed == 385
    assert "could not be set" not in text and text.count("See the note marked") <= 5
    sources = [d for d in edition.documents if d.source_note]
    assert len(sources) == 407
    for doc in sources:  # an unnumbered footnote of the heading, or a line under it
        assert pdf.dests[anchors.source_note(doc.id)] == pdf.dests[anchors.title(doc.id)], \
            doc.id


def test_the_persons_of_the_tei_are_listed_and_indexed(volume):
    """All 173 persons of the TEI's list stand in the list of persons, each on its page;
    those the documents mention stand in the index of names."""
    edition, _, pdf, tei = volume
    listed = tei.xpath("//t:list[@type='names']//t:persName[@xml:id]", namespaces=NS)
    assert len(listed) == 173 == len(edition.persons)
    assert all(anchors.person_entry(p.get(XML_ID)) in pdf.dests for p in listed)
    mentioned = {o.key for o in resolve(edition).occurrences if o.kind == "person"}
    assert len(mentioned) == 127  # the others stand only in the list
    index = re.sub(r"\W", "", "".join(pdf.texts[pdf.dests[anchors.index("persons")]:]).lower())
    missing = [key for key in mentioned if re.sub(r"\W", "", edition.persons[key].sort.split(
        ",")[0].lower()) not in index]
    assert not missing, missing


def _pages(volume):
    edition, _, pdf, _ = volume
    pages, height = rows(pdf.path)
    doc_ids = [d.id for d in edition.documents]
    front = set(range(min(pdf.dests[f"doc-{d}"] for d in doc_ids)))
    return pages, height, front, exempt_pages(pdf.dests, doc_ids, len(pages))


def test_the_pages_are_well_set(volume):
    edition, _, pdf, _ = volume
    pages, _, front, _ = _pages(volume)
    assert headings_apart(pdf.dests, [d.id for d in edition.documents]) == []
    assert bad_lines(pages, skip=front) == []
    back = set(range(pdf.dests["index-persons"], len(pages)))
    assert widows_and_orphans(pages, pdf.points, skip=front | back) == []
    assert headings_at_foot(pages, {11.5, 13.0}) == []
    assert turned_from_rectos(pages) == []


def test_no_page_is_left_short(volume):
    pages, height, _, exempt = _pages(volume)
    short = underfull_pages(pages, height, exempt)
    print(f"{len(pages)} pages, short: {short}")
    assert short == []


def test_the_epub_is_valid_and_holds_every_note(volume):
    edition, outcome, _, _ = volume
    path = outcome.written["epub"][0]
    messages = epubcheck(path)
    assert messages == [], describe(messages)
    with zipfile.ZipFile(path) as book:
        ids = set()
        for name in book.namelist():
            if name.endswith(".xhtml"):
                ids |= set(html.fromstring(book.read(name)).xpath("//@id"))
    for doc in edition.documents:
        for note in doc.notes.values():
            assert anchors.note(doc.id, note.id) in ids, f"{doc.id}/{note.id}"


def test_every_print_page_marker_and_locator_is_exact(volume):
    """The words after each of the EPUB's page markers begin that page of the PDF (pages
    that begin in part headings, datelines, lists and signatures' titles included), and
    every index locator's page is the page of its occurrence by the markers."""
    edition, outcome, pdf, _ = volume
    path = outcome.written["epub"][0]
    facts = saved_facts(path.parent, edition.slug)
    count, wrong = printpages.check(path, pdf.path)
    print(f"{count} markers, {len(wrong)} wrong")
    assert facts is not None and count == len(facts.pages) > 550  # 590 in 645 pages
    assert not wrong, "\n".join(map(str, wrong[:20]))
    assert not printpages.split_words(path)
    assert locators_agree(Book(path)) > 1900  # 1,994 when this test was written


def test_documents_keep_their_ids_and_numbers(volume):
    edition, _, pdf, tei = volume
    divs = tei.xpath("//t:div[@type='document']", namespaces=NS)
    assert [d.id for d in edition.documents] == [d.get(XML_ID) for d in divs]
    assert all(f"doc-{d.id}" in pdf.dests for d in edition.documents)
