"""``edition import-tei``: a real FRUS volume becomes an edition folder the builder checks
and builds, with every word of the documents and every linked name; small hand-written
TEI files for the errors."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from edition import model as m
from edition.cli import main
from edition.diagnostics import Diagnostics
from edition.pipeline import build, check, load
from edition.readers.tei import ImportReport, TeiError, import_tei
from edition.visit import PlainText, walk_blocks

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "frus1919Parisv01.xml"
needs_corpus = pytest.mark.skipif(not CORPUS.is_file(), reason=f"{CORPUS} is not here")
NS = {"t": "http://www.tei-c.org/ns/1.0", "frus": "http://history.state.gov/frus/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass
class Imported:
    out: Path
    report: ImportReport
    edition: m.Edition
    diags: Diagnostics
    tei: etree._ElementTree

    def doc(self, doc_id: str) -> m.Document:
        return self.edition.document(doc_id)

    def entries(self, category: str) -> list:
        return [e for e in self.report.entries if e.category.startswith(category)]


@pytest.fixture(scope="module")
def frus(tmp_path_factory) -> Imported:
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is not here")
    out = tmp_path_factory.mktemp("tei") / "frus"
    report = import_tei(CORPUS, out)
    edition, diags = check(out)
    assert edition is not None, "\n".join(map(str, diags.errors))
    tei = etree.parse(str(CORPUS), etree.XMLParser(resolve_entities=False, no_network=True))
    return Imported(out, report, edition, diags, tei)


# -- the volume --------------------------------------------------------------------------


@needs_corpus
def test_the_volume_checks_without_errors(frus):
    assert frus.diags.errors == []
    for warning in frus.diags.warnings:  # the source repeats a note's mark for its second call
        print(warning)
        assert "both print the mark" in warning.message
    assert len(frus.diags.warnings) == 16


@needs_corpus
def test_documents_notes_and_persons_are_all_there(frus):
    ed = frus.edition
    assert [d.id for d in ed.documents] == [f"d{i}" for i in range(1, 410)]
    assert sorted(p.name for p in (frus.out / "documents").iterdir())[:2] == ["d001.yaml",
                                                                               "d002.yaml"]
    footnotes = sum(len(d.notes) for d in ed.documents)
    source_notes = sum(bool(d.source_note) for d in ed.documents)
    labels = sum(len(d.labels) for d in ed.documents) + \
        sum(bool(a.label) for d in ed.documents for a in d.attachments)
    intros = len(frus.entries("note in a part heading"))
    # the TEI's 854 notes: 388 footnotes (3 in chapter headings) and 466 source notes
    assert (footnotes, intros, source_notes, labels) == (385, 3, 407, 59)
    assert footnotes + intros + source_notes + labels == 854
    assert len(ed.persons) == 173
    assert sum(len(d.attachments) for d in ed.documents) == 68
    assert [p.id for p in ed.parts][:3] == ["comp1", "ch1", "comp2"] and len(ed.parts) == 36


def _model_mentions(ed: m.Edition) -> int:
    """Explicit name spans naming a person of the list, and signatures with a person."""
    blocks: list[m.Block] = []
    signatures = 0
    for doc in ed.documents:
        blocks += [b for _, bs in doc.parts() for b in bs]
        blocks += [b for note in doc.notes.values() for b in note.blocks]
        signatures += sum(bool(s.person) for s in doc.signed
                          + [s for a in doc.attachments for s in a.signed])
    for part in ed.parts:
        blocks += [m.Paragraph(part.title), *part.intro]
    blocks += [b for s in ed.front_matter for b in s.blocks]
    blocks += [m.Paragraph(p.gloss) for p in ed.persons.values()]
    spans = sum(1 for n in walk_blocks(blocks) if isinstance(n, m.Mention) and n.explicit
                and n.target in ed.persons)
    return spans + signatures


@needs_corpus
def test_every_linked_name_of_the_imported_text_stays_linked(frus):
    """2,754 persName/@corresp in the TEI, all resolving; those of the imported text are
    all links, and the rest stand in the List of Papers, contents and index, which the
    builder regenerates."""
    linked = frus.tei.xpath("//t:persName[@corresp]", namespaces=NS)
    assert len(linked) == 2754
    ids = set(frus.tei.xpath("//t:persName/@xml:id", namespaces=NS))
    assert all(p.get("corresp")[1:] in ids for p in linked)
    regenerated = {"papers", "toc", "index"}
    outside = [p for p in linked if any(a.get(XML_ID) in regenerated for a in p.iterancestors())]
    assert len(outside) == 738
    assert _model_mentions(frus.edition) == 2754 - 738 == 2016
    assert frus.report.counts["person mentions linked"] == 2016


# -- words and characters ---------------------------------------------------------------

BOUNDARY = {"lb", "pb", "note", "p", "item", "label", "cell", "row", "head", "dateline",
            "closer", "signed", "list", "quote", "table", "postscript", "attachment"}


def _tei_text(el: etree._Element, notes: list[etree._Element]) -> str:
    """The text of ``el`` with its footnotes left out (collected in ``notes``), a space at
    every line, page and block boundary."""
    out = [el.text or ""]
    for child in el:
        local = etree.QName(child).localname
        if local == "note" and child.get("type") != "source":
            notes.append(child)
            out.append(" ")
        else:
            gap = " " if local in BOUNDARY else ""
            out += [gap, _tei_text(child, notes), gap]
        out.append(child.tail or "")
    return "".join(out)


def _tei_document(div: etree._Element) -> str:
    notes: list[etree._Element] = []
    texts = [_tei_text(div, notes)]
    for note in notes:  # notes hold no notes, but a list grows as it is read
        texts.append(_tei_text(note, notes))
    return "\n".join(texts)


class _Printed(PlainText):
    """The reading text with the numbers of ordered lists, which the writers print."""

    def list_block(self, node: m.ListBlock) -> str:
        if not node.ordered:
            return super().list_block(node)
        return "\n".join(f"{node.start + i}. " + self.blocks(item)
                         for i, item in enumerate(node.items))


def _model_document(doc: m.Document) -> str:
    text = _Printed()
    parts = [text.blocks(blocks) for _, blocks in doc.parts()]
    parts += [text.blocks(note.blocks) for note in doc.notes.values()]
    parts += [s.title for s in doc.signed + [s for a in doc.attachments for s in a.signed]]
    return "\n".join(parts)


@needs_corpus
def test_the_words_of_every_document_are_kept(frus):
    """The words (\\w+) of each document of the TEI, notes and attachments included, against
    those of the imported document: as multisets, over the volume."""
    tei, ours = Counter(), Counter()
    tei_chars, our_chars = Counter(), Counter()
    for div in frus.tei.xpath("//t:div[@type='document']", namespaces=NS):
        source, imported = _tei_document(div), _model_document(frus.doc(div.get(XML_ID)))
        tei.update(re.findall(r"\w+", source))
        ours.update(re.findall(r"\w+", imported))
        tei_chars.update(c for c in source if not c.isspace())
        our_chars.update(c for c in imported if not c.isspace())
    same = sum((tei & ours).values()) / sum(tei.values())
    print(f"{sum(tei.values())} words in the TEI's documents, {same:.4%} kept; "
          f"missing {(tei - ours).most_common(10)}, added {(ours - tei).most_common(10)}")
    assert same >= 0.995
    assert sum(tei.values()) == 204296 and tei == ours
    # characters too, but for the ' | ' between the cells of a table
    assert our_chars - tei_chars == Counter({"|": 319}) and not tei_chars - our_chars


# -- spot checks (TEI line numbers from the survey) -----------------------------------------


def _plain(nodes: list[m.Inline]) -> str:
    """The reading text, the no-break spaces of typography as spaces."""
    return PlainText().inlines(nodes).replace("\xa0", " ")


def _blocks(blocks: list[m.Block]) -> str:
    return PlainText().blocks(blocks).replace("\xa0", " ")


def _body(doc: m.Document) -> list[str]:
    return [_blocks([b]) for b in doc.body]


@needs_corpus
def test_a_telegram_number_and_a_dateline(frus):
    d2 = frus.doc("d2")  # 5555
    assert _body(d2)[0].startswith("13. Autocracy is dead. Long live democracy")
    assert isinstance(d2.body[0], m.Paragraph)
    assert _plain(d2.dateline.text) == "Paris, November 11, 1918."
    assert isinstance(d2.dateline.text[0], m.SmallCaps)
    assert d2.date.iso == "1918-11-11" and d2.place.name == "Paris"
    d4 = frus.doc("d4")  # 5590: @when with a time
    assert d4.date.time == "10:17"


@needs_corpus
def test_datelines_with_a_line_of_receipt(frus):
    d6 = frus.doc("d6")  # 5633: undated, received
    assert _plain(d6.dateline.text) == "Tokyo [undated]."
    assert _plain(d6.dateline.received) == "[Received November 13, 1918—5:23 p.m.]"
    assert d6.date.precision == "none"
    d63 = frus.doc("d63")  # 12032
    assert _plain(d63.dateline.received) == "[Received October 31—6:15 p.m.]"
    assert d63.date.time == "21:00"
    d8 = frus.doc("d8")  # 5683: "[Washington,] 14 November, 1918."
    assert d8.place.supplied and not d8.date.supplied
    d54 = frus.doc("d54")  # 11619: the whole dateline in brackets
    assert d54.date.supplied and d54.date.iso == "1918-09-21"
    d31 = frus.doc("d31")  # 6835: "[Undated—circa December 15, 1917.]"
    assert d31.date.approximate and d31.date.supplied


@needs_corpus
def test_dates_of_documents_without_a_dateline(frus):
    assert frus.doc("d1").date.supplied and frus.doc("d1").date.iso == "1918-11-11"  # head
    d7 = frus.doc("d7")  # 5674: "Washington, November 13, 1918." closes it
    assert not d7.date.supplied and d7.date.iso == "1918-11-13"
    undated = [e.detail.split(":")[0] for e in frus.entries("document without date/@when → "
                                                            "undated")]
    assert "d25" in undated and len(undated) == 16
    derived = frus.entries("document without date/@when → date from")
    assert len(derived) == 22


@needs_corpus
def test_a_note_with_the_originals_mark(frus):
    d8 = frus.doc("d8")  # 5688
    assert d8.notes["d8fn3a"].n == "3a"
    calls = [n for n in walk_blocks(d8.body) if isinstance(n, m.NoteRef)]
    assert [c.note_id for c in calls] == ["d8fn3a"]
    symbols = {n.n for d in frus.edition.documents for n in d.notes.values()}
    assert {"*", "†", "‡", "1a", "5a"} <= symbols


@needs_corpus
def test_attachments_with_labels_page_targets_and_a_list(frus):
    d10 = frus.doc("d10")  # 5732: an attachment without label, a page break inside it
    [att] = d10.attachments
    assert _plain(att.title) == "King Victor Emanuel of Italy to President Wilson"
    assert _plain(att.dateline.text) == "Rome, November 16, 1918."
    assert "pg_5" in d10.targets
    assert att.signed[0].person == "p_OVE1"
    d24 = frus.doc("d24")  # 6267, 6282
    assert [_plain(a.label) for a in d24.attachments] == ["[Enclosure 1]", "[Enclosure 2]"]
    assert "pg_17" in d24.targets  # the page break between its two attachments
    ref = next(n for n in walk_blocks(d24.attachments[0].body) if isinstance(n, m.CrossRef))
    assert ref.target == "d23/pg_15" and _plain(ref.children) == "page 15"  # 6272
    numbered = next(b for b in d24.attachments[1].body if isinstance(b, m.ListBlock))
    assert numbered.ordered and numbered.start == 1  # labels "1." … "7." (6290)


@needs_corpus
def test_a_labelled_list_and_a_label_after_the_heading(frus):
    d258 = frus.doc("d258")  # 19252: "[Translation]" and its uncalled note (19259)
    assert [_plain(label) for label in d258.labels] == ["[Translation]"]
    assert isinstance(d258.labels[0][-1], m.NoteRef)
    d40 = frus.doc("d40")  # 10026: "I"…"IV", items holding lists and a table (10046)
    labelled = next(b for b in d40.attachments[0].body if isinstance(b, m.ListBlock))
    labels = [next(n for n in item[0].children if isinstance(n, m.Label))
              for item in labelled.items]
    assert [_plain(x.children) for x in labels][:4] == ["I", "II", "III", "IV"]
    assert not labelled.ordered


@needs_corpus
def test_a_table_and_an_external_reference(frus):
    d32 = frus.doc("d32")  # 7208: a 6×2 table inside a paragraph
    rows = [t for t in _body(d32) if " | " in t]
    assert rows[0].startswith("1) Politics and government, including international "
                              "cooperation, | W. Lippmann")
    assert len(rows) == 6
    ed = frus.edition
    assert ed.externals["frus1919Parisv02.pg_628"].description == "frus1919Parisv02#pg_628"
    refs = [n for d in ed.documents for note in d.notes.values()
            for n in walk_blocks(note.blocks) if isinstance(n, m.CrossRef)]
    assert sum(r.target in ed.externals for r in refs) == 56


@needs_corpus
def test_signatures_titles_and_postscripts(frus):
    d15 = frus.doc("d15")  # 5905: "[B. Long]" and a note after the signature
    [sig] = d15.signed
    assert sig.person == "p_LB1" and _plain(sig.name) == "[B. Long]"
    d48 = frus.doc("d48")  # 11334: three signatories with titles
    assert [s.title for s in d48.signed][1] == ("Major, United States Reserves, Attached to "
                                                "the Department of State")
    d335 = frus.doc("d335")  # 26681: a postscript with its own closer
    assert _blocks(d335.postscript).endswith("E. M. H.")
    d284 = frus.doc("d284")  # a postscript between two attachments
    assert _blocks(d284.attachments[0].postscript) == "No. 30"


@needs_corpus
def test_parts_and_their_intro(frus):
    ch1 = next(p for p in frus.edition.parts if p.id == "ch1")
    assert ch1.parent == "comp1"
    assert _blocks(ch1.intro) == "For text of the Armistice, see vol. ii, p. 1."
    assert frus.doc("d1").part == "ch1" and frus.doc("d371").part == "comp5"


# -- the report ----------------------------------------------------------------------------


@needs_corpus
def test_the_report_lists_every_table_and_every_uncalled_note(frus):
    tables = [e.line for e in frus.entries("table →")]
    assert tables == [7208, 10046, 10816, 11939, 14862, 17441, 17485, 21635, 21674, 21716,
                      21768]
    uncalled = {(e.line, e.detail) for e in frus.entries("note not called in the text")}
    assert uncalled == {(19144, "d256fn1"), (25855, "d332fn14"), (19259, "d258fn7"),
                        (21173, "d304fn1"), (21061, "d301fn7"), (27044, "d337fn29")}
    text = frus.report.format()
    assert "the List of Papers → not imported" in text
    assert "teiHeader states no licence → licence supplied" in text
    assert "teiHeader names no editor → editor supplied" in text
    assert "figure → not imported" in text and "11851" in text


@needs_corpus
def test_three_documents_build_as_pdf_and_epub(frus, tmp_path):
    small = tmp_path / "small"
    (small / "documents").mkdir(parents=True)
    for name in ("edition.yaml", "persons.yaml", "places.yaml"):
        shutil.copy(frus.out / name, small / name)
    for name in ("d001.yaml", "d010.yaml", "d063.yaml"):
        shutil.copy(frus.out / "documents" / name, small / "documents" / name)
    outcome = build(load(small), tmp_path / "out")
    pdf, epub = outcome.written["pdf"][0], outcome.written["epub"][0]
    assert pdf.stat().st_size > 50_000 and epub.stat().st_size > 10_000


# -- the command line and errors -------------------------------------------------------------

TEI_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vol1">
  <teiHeader><fileDesc><titleStmt><title type="complete">A Volume</title></titleStmt>
    <publicationStmt><publisher>A Press</publisher></publicationStmt></fileDesc></teiHeader>
  <text><body>
"""
TEI_TAIL = "  </body></text>\n</TEI>\n"
DOCUMENT = """    <div type="document" xml:id="d1" n="1">
      <note rend="inline" type="source">File 12/3</note>
      <head><hi rend="italic">A Letter</hi><note n="1" xml:id="d1fn1">A note.</note></head>
      <dateline><placeName>Paris</placeName>, <date when="1919-01-02">January 2, 1919</date>
        <lb/>[Received January 3]</dateline>
      <p>12. Text with * and [brackets]<pb n="2" xml:id="pg_2"/> and
        <ref target="#pg_2">a page</ref>.</p>
      <closer><signed>Someone</signed></closer>
    </div>
"""


def _tei(tmp_path: Path, body: str, *, head: str = TEI_HEAD) -> Path:
    path = tmp_path / "volume.xml"
    path.write_text(head + body + TEI_TAIL, encoding="utf-8")
    return path


def test_a_small_volume_imports_and_checks(tmp_path):
    report = import_tei(_tei(tmp_path, DOCUMENT), tmp_path / "ed")
    edition, diags = check(tmp_path / "ed")
    assert not diags.errors, "\n".join(map(str, diags.errors))
    [doc] = edition.documents
    assert _body(doc) == ["12. Text with * and [brackets] and a page."]
    assert _plain(doc.dateline.received) == "[Received January 3]"
    assert doc.notes["d1fn1"].n == "1" and _plain(doc.source_note) == "File 12/3"
    assert edition.editors == [("[not named in the source]", "editor")]
    assert report.counts["documents"] == 1


def test_malformed_xml_is_a_located_error(tmp_path):
    path = _tei(tmp_path, DOCUMENT.replace("</p>", "</q>"))
    bad = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "</q>" in text)
    with pytest.raises(TeiError) as err:
        import_tei(path, tmp_path / "ed")
    assert err.value.line == bad and err.value.column > 0
    assert str(err.value).startswith(f"{path}:{bad}:{err.value.column}: error: malformed XML")
    assert not (tmp_path / "ed").exists()


def test_entity_declarations_are_refused(tmp_path):
    head = TEI_HEAD.replace("<TEI ", '<!DOCTYPE TEI [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b '
                            '"&a;&a;&a;&a;&a;&a;&a;">\n]>\n<TEI ', 1)
    path = _tei(tmp_path, DOCUMENT.replace("Someone", "&b;"), head=head)
    with pytest.raises(TeiError) as err:
        import_tei(path, tmp_path / "ed")
    assert "declares entities (a, b)" in err.value.message and err.value.line == 3


def test_a_folder_that_is_not_empty_is_refused_without_force(tmp_path):
    path, out = _tei(tmp_path, DOCUMENT), tmp_path / "ed"
    import_tei(path, out)
    (out / "documents" / "stale.yaml").write_text("id: old\n")
    with pytest.raises(TeiError, match="not empty"):
        import_tei(path, out)
    report = import_tei(path, out, force=True)
    assert [e.category for e in report.entries][-1] == "old document file removed (--force)"
    assert sorted(p.name for p in (out / "documents").iterdir()) == ["d001.yaml"]


def test_the_command_line_prints_the_report_or_a_located_error(tmp_path, capsys):
    path, out = _tei(tmp_path, DOCUMENT), tmp_path / "ed"
    assert main(["import-tei", str(path), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "  documents: 1" in printed
    assert re.search(r"^- placeName → plain text .*\(1\)\n    line 9$", printed, re.M)
    assert main(["import-tei", str(path), "-o", str(out)]) == 1
    assert f"{out}: error: the output folder exists and is not empty" in capsys.readouterr().out
    assert main(["import-tei", str(path), "-o", str(out), "--force"]) == 0
    capsys.readouterr()
    bad = _tei(tmp_path, DOCUMENT.replace("</p>", "</q>"))
    assert main(["import-tei", str(bad), "-o", str(tmp_path / "other")]) == 1
    assert re.match(rf"{re.escape(str(bad))}:\d+:\d+: error: malformed XML: ",
                    capsys.readouterr().out)
