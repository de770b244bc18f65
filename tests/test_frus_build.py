"""The real volume end to end: frus1919Parisv01 imported, then built into a PDF and an
EPUB that lose no word and no note, with every page-foot note on its call's page and the
pages well set (slow: the whole volume is laid out once for the module)."""

from __future__ import annotations

import re
import zipfile
from collections import Counter

import pytest
from lxml import etree, html

from edition.pipeline import build, check
from edition.readers.tei import import_tei

from .pdfcheck import BuiltPdf, norm_words
from .pdfquality import bad_lines, exempt_pages, headings_at_foot, rows, underfull_pages
from .test_epub import describe, epubcheck
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
            call = pdf.dests[f"call-{doc.id}-{note.id}"]
            where = pdf.dests.get(f"{note.anchor}-pointer", pdf.dests.get(note.anchor))
            assert where == call, f"{doc.id}/{note.id}: note p.{where}, call p.{call}"
            placed += 1
    assert placed == 385
    assert "could not be set" not in text and text.count("See the note marked") <= 5


def test_the_persons_of_the_tei_are_listed_and_indexed(volume):
    edition, _, pdf, tei = volume
    names = [" ".join(p.xpath("string()").split()) for p in
             tei.xpath("//t:list[@type='names']//t:persName[@xml:id]", namespaces=NS)]
    assert len(names) == 173 == len(edition.persons)
    index = "".join(pdf.texts[pdf.dests["index-persons"]:])
    squashed = re.sub(r"\W", "", index.lower())
    surnames = {re.sub(r"\W", "", n.split(",")[0].lower()) for n in names}
    missing = [s for s in surnames if s not in squashed]
    assert not missing, missing


def test_the_pages_are_well_set(volume):
    edition, _, pdf, _ = volume
    pages, height = rows(pdf.path)
    doc_ids = [d.id for d in edition.documents]
    front = set(range(min(pdf.dests[f"doc-{d}"] for d in doc_ids)))
    exempt = exempt_pages(pdf.dests, doc_ids, len(pages))
    assert bad_lines(pages, skip=front) == []
    assert headings_at_foot(pages, {11.5, 13.0}) == []
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
            assert note.anchor in ids, f"{doc.id}/{note.id}"


def test_documents_keep_their_ids_and_numbers(volume):
    edition, _, pdf, tei = volume
    divs = tei.xpath("//t:div[@type='document']", namespaces=NS)
    assert [d.id for d in edition.documents] == [d.get(XML_ID) for d in divs]
    assert all(f"doc-{d.id}" in pdf.dests for d in edition.documents)
