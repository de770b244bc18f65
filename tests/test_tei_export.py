"""The TEI export (``edition export-tei``): well-formed TEI P5 in the FRUS style that
holds every word, note, editorial sign and authority of the edition as read, always the
same bytes; tei_all.rng when one is at hand (TEI_ALL_RNG)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from edition import model as m
from edition.diagnostics import EditionError
from edition.pipeline import load
from edition.synthetic import generate
from edition.visit import PlainText, plain, walk_blocks
from edition.writers.tei import export_tei, tei_document
from edition.writers.tei.xml import serialize

from .conftest import EDITION_YAML, doc_yaml, write_edition
from .tei_full import FILES

REPO = Path(__file__).resolve().parents[1]
TEI = "http://www.tei-c.org/ns/1.0"
FRUS = "http://history.state.gov/frus/ns/1.0"
SETTINGS = "urn:x-edition:settings"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": TEI, "frus": FRUS}
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
TOKEN = re.compile(r"\x00[^\x00]+\x00|\w+")


def _edition(name: str, root: Path) -> m.Edition:
    if name == "sample":
        return load(REPO / "source")
    if name == "synthetic":
        return load(generate(root / "synthetic", 20))
    folder = root / "full"
    for path, text in FILES.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    return load(folder)


@pytest.fixture(scope="module", params=["sample", "synthetic", "full"])
def exported(request, tmp_path_factory) -> tuple[m.Edition, etree._Element, Path]:
    """An edition, its export parsed with a safe parser, and the file."""
    root = tmp_path_factory.mktemp(request.param)
    edition = _edition(request.param, root)
    out = root / "export.xml"
    export_tei(edition, out)
    return edition, etree.parse(str(out), SAFE).getroot(), out


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> tuple[m.Edition, etree._Element]:
    edition = _edition("full", tmp_path_factory.mktemp("full"))
    return edition, etree.fromstring(serialize(tei_document(edition)), SAFE)


def local(el: etree._Element) -> str:
    return etree.QName(el).localname


def one(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path, namespaces=NS)
    assert len(found) == 1, f"{path}: {len(found)} found"
    return found[0]


def doc_div(root: etree._Element, doc: m.Document) -> etree._Element:
    return one(root, f"//t:div[@type='document'][@xml:id='{doc.id}']")


# -- the reading text, as a stream of words and note calls ---------------------------


class Stream(PlainText):
    """The reading text with a marker where each note is called."""

    def note_ref(self, node: m.NoteRef) -> str:
        return f" \x00{node.note_id}\x00 "


def tokens(text: str) -> list[str]:
    """Words and note markers; square brackets are editorial signs the TEI encodes as
    elements (or, as in '[Translation]', plain text on both sides)."""
    return TOKEN.findall(text.replace("[", "").replace("]", ""))


def model_stream(doc: m.Document) -> list[str]:
    """The document's text in the order of the TEI: the source note before the title."""
    parts = dict(doc.parts())
    order = ["source_note", "title", *[k for k in parts if k not in ("source_note", "title")]]
    return tokens(" ".join(Stream().blocks(parts[k]) for k in order if k in parts))


BREAKS = {"p", "head", "note", "item", "lb", "dateline", "salute", "signed", "opener",
          "closer", "quote", "list", "postscript", "attachment", "div"}


def tei_stream(el: etree._Element, doc: m.Document, *, top: bool = True) -> list[str]:
    """The words of ``el`` without what the model does not count as its text (the
    reference, signature titles, a dateline made from place and date, source readings,
    the source's omission marks); each note as its marker."""
    out: list[str] = []

    def visit(e: etree._Element) -> None:
        name = local(e)
        skipped = (
            name == "roleName" or (name == "idno" and e.get("type") == "reference")
            or (name == "sic" and local(e.getparent()) == "choice")
            or (name == "desc" and e.get("type") == "mark")
            or (name == "dateline" and doc.dateline is None and local(e.getparent()) == "div"))
        if name == "note" and e.get(XML_ID) and (e is not el):
            out.append(f" \x00{e.get(XML_ID).removeprefix(doc.id + 'fn')}\x00 ")
        elif not skipped:
            brk = " " if name in BREAKS else ""
            out.append(brk + (e.text or ""))
            for child in e:
                visit(child)
            out.append(brk)
        if e is not el:
            out.append(e.tail or "")

    visit(el)
    return tokens("".join(out))


def test_well_formed_utf8_tei_with_the_frus_namespace(exported):
    _, root, out = exported
    data = out.read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<TEI ")
    data.decode("utf-8")
    assert root.tag == f"{{{TEI}}}TEI" and root.nsmap == {None: TEI, "frus": FRUS}
    for el in root.iter(etree.Element):
        ns = etree.QName(el).namespace
        in_settings = any(etree.QName(a).namespace == SETTINGS for a in el.iterancestors())
        assert ns == TEI or (ns == FRUS and local(el) == "attachment") \
            or (ns == SETTINGS and (in_settings or local(el.getparent()) == "xenoData")), el.tag


def test_the_header_has_what_tei_requires(exported):
    edition, root, _ = exported
    assert one(root, "t:teiHeader/t:fileDesc/t:titleStmt/t:title[@type='complete']").text \
        == edition.title
    for path in ("t:teiHeader/t:fileDesc/t:publicationStmt/t:publisher",
                 "t:teiHeader/t:fileDesc/t:publicationStmt/t:availability/t:licence",
                 "t:teiHeader/t:fileDesc/t:sourceDesc/t:p", "t:text/t:body"):
        assert root.xpath(path, namespaces=NS), path
    editors = root.xpath("t:teiHeader//t:titleStmt/t:editor", namespaces=NS)
    assert [(e.text, e.get("role")) for e in editors] == edition.editors
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == edition.language


def test_one_document_div_per_document_in_volume_order(exported):
    edition, root, _ = exported
    divs = root.xpath("//t:div[@type='document']", namespaces=NS)
    assert [(d.get(XML_ID), d.get("n")) for d in divs] \
        == [(d.id, d.number) for d in edition.documents]


def test_every_word_and_note_call_in_order(exported):
    """The words of each document and of each note, in order; each note once, where
    its call stands."""
    edition, root, _ = exported
    for doc in edition.documents:
        div = doc_div(root, doc)
        assert tei_stream(div, doc) == model_stream(doc), doc.id
        notes = div.xpath(".//t:note[@xml:id]", namespaces=NS)
        assert sorted(n.get(XML_ID) for n in notes) == sorted(f"{doc.id}fn{i}"
                                                             for i in doc.notes)
        for el in notes:
            note = doc.notes[el.get(XML_ID).removeprefix(doc.id + "fn")]
            assert el.get("type") == note.series and el.get("n", "") == note.n
            assert tei_stream(el, doc) == tokens(Stream().blocks(note.blocks)), note.id


def _words(nodes: list[m.Inline]) -> list[str]:
    return tokens(plain(nodes))


def model_signs(doc: m.Document) -> Counter:
    """Every editorial node of a document (text and notes): what it is, the source's
    reading or mark or extent, the reason, its own words."""
    nodes = [n for _, blocks in doc.parts() for n in walk_blocks(blocks)]
    nodes += [n for note in doc.notes.values() for n in walk_blocks(note.blocks)]
    kinds = {m.Emendation: "emendation", m.Supplied: "supplied", m.Sic: "sic",
             m.Omission: "omission", m.Gap: "gap", m.Illegible: "illegible"}
    out = Counter()
    for node in nodes:
        if isinstance(node, m.Editorial):
            extra = getattr(node, "orig", "") or getattr(node, "mark", "") \
                or getattr(node, "extent", "")
            out[(kinds[type(node)], extra, node.reason, tuple(_words(node.children)))] += 1
    return out


def tei_signs(div: etree._Element, root: etree._Element, doc: m.Document) -> Counter:
    reasons = {c.get(XML_ID): c.findtext(f"{{{TEI}}}catDesc")
               for c in root.iterfind(f".//{{{TEI}}}category")}

    def reason(el: etree._Element) -> str:
        return reasons[el.get("ana")[1:]] if el.get("ana") else ""

    def words(el: etree._Element | None) -> tuple[str, ...]:
        return tuple(w for w in tei_stream(el, doc) if not w.startswith("\x00")) \
            if el is not None else ()

    out = Counter()
    for el in div.iter(f"{{{TEI}}}choice", f"{{{TEI}}}supplied", f"{{{TEI}}}sic",
                       f"{{{TEI}}}gap", f"{{{TEI}}}unclear"):
        name = local(el)
        if name == "choice":
            sic, corr = el
            out[("emendation", sic.text or "", reason(corr), words(corr))] += 1
        elif name == "supplied" and el.get("evidence") is None:
            out[("supplied", "", reason(el), words(el))] += 1
        elif name == "sic" and local(el.getparent()) != "choice":
            out[("sic", "", reason(el), words(el))] += 1
        elif name == "unclear":
            out[("illegible", el.get("extent", ""), reason(el), words(el))] += 1
        elif name == "gap":
            kind = {"omission": "omission", "lacuna": "gap"}.get(el.get("reason"), "illegible")
            mark = el.findtext(f"{{{TEI}}}desc[@type='mark']") or el.get("extent", "")
            own = [d for d in el.iterfind(f"{{{TEI}}}desc") if d.get("type") is None]
            out[(kind, mark, reason(el), words(own[0] if own else None))] += 1
    return out


def test_every_editorial_sign_with_its_source_reading_and_reason(exported):
    edition, root, _ = exported
    total = 0
    for doc in edition.documents:
        expected = model_signs(doc)
        assert tei_signs(doc_div(root, doc), root, doc) == expected, doc.id
        total += sum(expected.values())
    assert total > 0


def test_reasons_are_a_taxonomy_that_keeps_the_keys(exported):
    edition, root, _ = exported
    if not edition.reasons:
        return
    cats = root.xpath("//t:taxonomy[@xml:id='reasons']/t:category", namespaces=NS)
    assert {c.get("n"): c.findtext(f"{{{TEI}}}catDesc") for c in cats} == edition.reasons


def test_persons_and_places_lists_are_complete(exported):
    edition, root, _ = exported
    for kind, table, name in (("person", edition.persons, "persName"),
                              ("place", edition.places, "placeName")):
        items = root.xpath(f"//t:div[@xml:id='{kind}s']/t:list/t:item", namespaces=NS)
        assert len(items) == len(table)
        for item, entry in zip(items, table.values(), strict=True):
            head = item[0]
            assert (local(head), head.get(XML_ID), head.text) == (name, entry.id, entry.name)
            indexes = {i.get("indexName"): [t.text for t in i]
                       for i in item.iterfind(f"{{{TEI}}}index")}
            assert indexes.get("forms", []) == entry.forms
            assert indexes.get("see", []) == entry.see_from
            assert indexes.get("sort", [entry.name]) == [entry.sort]
            assert item.findtext(f"{{{TEI}}}date", "") == entry.dates
            gloss = "".join((c.tail or "") if c is head or local(c) in ("date", "index")
                            else "".join(c.itertext()) + (c.tail or "") for c in item)
            assert tokens(gloss) == tokens(plain(entry.gloss)), entry.id


def test_every_pointer_names_an_id_of_the_file(exported):
    _, root, _ = exported
    ids = [el.get(XML_ID) for el in root.iter() if el.get(XML_ID)]
    assert len(ids) == len(set(ids))
    for el in root.iter(etree.Element):
        for attr in ("target", "corresp", "ana"):
            value = el.get(attr)
            if value:
                assert value.startswith("#") and value[1:] in ids, (el.tag, value)


def test_the_same_edition_gives_the_same_bytes(exported, tmp_path):
    edition, _, out = exported
    again = tmp_path / "again.xml"
    export_tei(edition, again)
    assert again.read_bytes() == out.read_bytes()
    if edition.source_dir == REPO / "source":
        export_tei(load(REPO / "source"), again)
        assert again.read_bytes() == out.read_bytes()


# -- the FRUS shapes, on the edition that has every construct ----------------------------


def children(el: etree._Element) -> list[str]:
    return [local(c) + (f"[{c.get('type')}]" if c.get("type") else "") for c in el]


def test_a_document_is_laid_out_as_frus_prints_it(full):
    _, root = full
    div = one(root, "//t:div[@xml:id='d1']")
    assert children(div) == [
        "note[source]", "head", "note[source]", "note[footnote]", "note[source]",
        "dateline", "opener", "p", "p", "list", "list", "closer", "postscript",
        "attachment", "attachment", "note[source]"]
    assert [div[0].get("rend"), div[2].get("rend"), div[-1].get("rend")] \
        == ["inline", "inline", "end"]
    assert div[3].get(XML_ID) == "d1fnlab"  # called at the end of its label: after it
    assert div[4][0].get(XML_ID) == "d1fnonly"  # a label that is only a call: inside it
    dateline = one(div, "t:dateline")
    assert children(dateline) == ["placeName", "date", "hi", "lb", "seg[received]"]
    assert (dateline[0].get("key"), dateline[1].get("when")) == ("Paris", "1918-11-13T13:30:00")
    assert etree.tostring(one(div, "t:opener"), encoding=str, with_tail=False).endswith(
        '<idno type="reference">No.\xa01785</idno><salute><hi rend="smallcaps">Sir</hi>:'
        "</salute></opener>")
    signed = div.xpath("t:closer/t:signed", namespaces=NS)
    assert [children(s) for s in signed] == [["persName", "lb", "hi"], ["supplied"],
                                             ["supplied"]]
    assert signed[0][0].get("corresp") == "#p_LR1" and signed[0][2][0].text \
        == "Secretary of State"
    assert signed[1][0].get("evidence") == "external" and signed[2][0].get("evidence") is None
    attachment = one(div, "frus:attachment[1]")
    assert children(attachment) == ["note[source]", "head", "dateline", "opener", "p",
                                    "closer", "postscript"]


def test_made_datelines_and_their_dates(full):
    _, root = full
    assert etree.tostring(one(root, "//t:div[@xml:id='d2']/t:dateline"), encoding=str,
                          with_tail=False) == (
        f'<dateline xmlns="{TEI}" xmlns:frus="{FRUS}"><supplied evidence="external">'
        '<placeName>Washington</placeName></supplied>, <supplied evidence="external">'
        '<date when="1918-12" precision="low">c. December 1918</date></supplied></dateline>')
    assert one(root, "//t:div[@xml:id='d3']/t:dateline/t:date").attrib == {}
    d4 = one(root, "//t:div[@xml:id='d4']/t:dateline/t:date")
    assert (d4.get("when"), d4.get("cert"), d4.text) == ("1919-01", "low", "January 1919?")


def test_parts_nest_and_a_part_entered_again_points_to_its_first_div(full):
    _, root = full
    body = one(root, "t:text/t:body")
    shape = [(local(d), d.get("type"), d.get(XML_ID) or d.get("corresp"))
             for d in body.iter(f"{{{TEI}}}div")]
    assert shape == [("div", "compilation", "comp1"), ("div", "chapter", "ch1"),
                     ("div", "subchapter", "sub1"), ("div", "document", "d1"),
                     ("div", "chapter", "ch2"), ("div", "document", "d2"),
                     ("div", "chapter", "#ch1"), ("div", "document", "d3"),
                     ("div", "document", "d4"), ("div", "compilation", "empty")]
    ch1 = one(body, "//t:div[@xml:id='ch1']")
    assert children(ch1)[:2] == ["head", "note[intro]"]


def test_cross_references_and_targets(full):
    _, root = full
    refs = [(r.get("target"), r.get("type")) for r in
            one(root, "//t:div[@xml:id='d1']/t:p[1]").iterfind(f"{{{TEI}}}ref")]
    assert refs == [("#d1fnt", None), ("#d1.spot", None), ("#d2", None), ("#d2fnn2", None),
                    ("#ext-1", "external")]
    assert one(root, "//t:anchor").get(XML_ID) == "d1.empty-spot"
    assert one(root, "//t:bibl[@xml:id='ext-1']/t:title").text == "Doc. 1 elsewhere"
    assert one(root, "//t:div[@xml:id='principles']//t:ref").get("target") == "#d1"


def test_reasons_written_in_a_span_have_a_taxonomy_of_their_own(full):
    _, root = full
    inline = root.xpath("//t:taxonomy[@xml:id='reasons-inline']/t:category",
                        namespaces=NS)
    assert [(c.get(XML_ID), c.findtext(f"{{{TEI}}}catDesc")) for c in inline] \
        == [("reason-inline.1", "Torn page")]
    keyed = one(root, "//t:category[@n='two words']")
    assert keyed.get(XML_ID) == "reason-2"  # a key that cannot be an id


def test_the_settings_are_kept_in_xenodata(full):
    edition, root = full
    settings = one(root, "t:teiHeader/t:xenoData/*")
    series = [dict(s.attrib) for s in settings.iterfind(f"{{{SETTINGS}}}note-series")]
    assert series == [{"id": s.id, "name": s.name, "placement": s.placement,
                       "marks": s.marks, "restart": s.restart}
                      for s in edition.note_series.values()]
    output = settings.find(f"{{{SETTINGS}}}output")
    assert (output.get("slug"), output.get("date-format")) == (edition.slug, "month-day-year")


def test_mixed_content_is_never_indented(full):
    """Pretty-printing adds whitespace only between elements of element-only content."""
    edition, root = full
    assert tei_stream(one(root, "//t:div[@xml:id='d1']"), edition.document("d1")) \
        == model_stream(edition.document("d1"))
    for el in root.iter(f"{{{TEI}}}signed", f"{{{TEI}}}closer", f"{{{TEI}}}opener",
                        f"{{{TEI}}}dateline", f"{{{TEI}}}note", f"{{{TEI}}}item"):
        assert not (el.text or "").isspace() and all(
            not (c.tail or "").isspace() for c in el), etree.tostring(el)[:80]


# -- errors ------------------------------------------------------------------------------


def test_an_id_used_by_two_kinds_is_a_located_error(tmp_path):
    src = write_edition(tmp_path / "ed", documents={"d1.yaml": doc_yaml(id="moscow")})
    with pytest.raises(EditionError) as err:
        tei_document(load(src))
    [diag] = err.value.diagnostics
    assert (diag.loc.file, diag.loc.line) == ("ed/documents/d1.yaml", 1)
    assert "'moscow' would be the id of document 'moscow' and of place 'moscow'" \
        in diag.message


def test_a_collision_with_an_id_of_edition_yaml_is_reported_there(tmp_path):
    edition = EDITION_YAML + "front_matter:\n  - {id: d1, title: S, body: Text.}\n"
    with pytest.raises(EditionError) as err:
        tei_document(load(write_edition(tmp_path / "ed", edition=edition)))
    [diag] = err.value.diagnostics
    assert (diag.loc.file, diag.loc.line) == ("ed/documents/d1.yaml", 1)
    assert "of document 'd1' and of front-matter section 'd1'" in diag.message
    edition = EDITION_YAML + "external:\n  - {id: persons, label: X}\n"
    with pytest.raises(EditionError) as err:
        tei_document(load(write_edition(tmp_path / "ed2", edition=edition)))
    [diag] = err.value.diagnostics
    assert str(diag.loc) == "ed2/edition.yaml"
    assert "of external reference 'persons' and of the list of persons" in diag.message


def test_a_note_call_outside_the_documents_is_a_located_error(tmp_path):
    """``check`` reads only documents for note calls; the export has no note to put
    where a call in the front matter or a part's title stands."""
    edition = EDITION_YAML + (
        "parts:\n  - {id: c1, title: 'A part[^x]'}\n"
        "front_matter:\n  - {id: s1, title: S, body: 'A [spot]{#spot} and a call[^y].'}\n")
    src = write_edition(tmp_path / "ed", edition=edition,
                        documents={"d1.yaml": doc_yaml(extra="part: c1\n")})
    with pytest.raises(EditionError) as err:
        tei_document(load(src))
    assert [(d.loc.line, d.message) for d in err.value.diagnostics] == [
        (9, "a note call outside the documents ([^y])"),
        (7, "a note call outside the documents ([^x])")]


def test_a_target_of_the_front_matter_is_named_by_its_name(tmp_path):
    edition = EDITION_YAML + "front_matter:\n  - {id: s1, title: S, body: 'A [spot]{#spot}.'}\n"
    root = tei_document(load(write_edition(tmp_path / "ed", edition=edition)))
    assert one(root, "//t:div[@xml:id='s1']//t:seg").get(XML_ID) == "spot"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edition.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_cli_writes_the_file(tmp_path):
    proc = run_cli("export-tei", str(REPO / "source"), "-o", "out/sample.xml", "-q",
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "tei: wrote out/sample.xml"
    assert (tmp_path / "out" / "sample.xml").read_bytes() \
        == serialize(tei_document(load(REPO / "source")))


def test_cli_reports_the_errors_of_the_edition_located(tmp_path):
    write_edition(tmp_path / "ed", documents={"d1.yaml": doc_yaml("See [x](#nowhere).")})
    proc = run_cli("export-tei", "ed", "-o", "out.xml", cwd=tmp_path)
    assert proc.returncode == 1
    assert "ed/documents/d1.yaml:6:10: error: cross-reference to unknown id 'nowhere'" \
        in proc.stdout
    assert not (tmp_path / "out.xml").exists()


def test_cli_reports_an_id_collision(tmp_path):
    write_edition(tmp_path / "ed", documents={"d1.yaml": doc_yaml(id="ankara")})
    proc = run_cli("export-tei", "ed", "-o", "out.xml", "-q", cwd=tmp_path)
    assert proc.returncode == 1 and "1 error(s)" in proc.stdout
    assert "ed/documents/d1.yaml:1:5: error: the TEI export needs ids unique" in proc.stdout
    assert not (tmp_path / "out.xml").exists()


# -- TEI P5 (tei_all.rng), when a copy is at hand ----------------------------------------


@pytest.fixture(scope="module")
def tei_all() -> etree.RelaxNG:
    """No pip package ships tei_all.rng (educelab-tei has a partial XSD, tei-mcp
    downloads the ODD at run time); point TEI_ALL_RNG at a local copy to run these."""
    path = os.environ.get("TEI_ALL_RNG")
    if not path or not Path(path).is_file():
        pytest.skip("set TEI_ALL_RNG to a local tei_all.rng to validate against TEI P5")
    return etree.RelaxNG(etree.parse(path, SAFE))


def test_valid_tei_p5(exported, tei_all):
    """Valid against tei_all, frus:attachment (FRUS's own element) aside: each is
    validated as a TEI div at the back."""
    out = exported[2]
    tree = etree.parse(str(out), SAFE)
    text = tree.getroot().find(f"{{{TEI}}}text")
    back = text.find(f"{{{TEI}}}back")
    if back is None:
        back = etree.SubElement(text, f"{{{TEI}}}back")
    for att in tree.getroot().iter(f"{{{FRUS}}}attachment"):
        att.getparent().remove(att)
        att.tag, att.attrib["type"] = f"{{{TEI}}}div", "attachment"
        back.append(att)
    assert tei_all.validate(tree), "\n".join(str(e) for e in tei_all.error_log[:20])


def test_walk_of_the_model_sees_what_the_export_wrote(full):
    """The fixture edition really has every kind of inline node."""
    edition, _ = full
    kinds = {type(n) for d in edition.documents for _, bs in d.parts()
             for n in walk_blocks(bs)}
    assert kinds >= {m.Text, m.LineBreak, m.Emph, m.Strong, m.SmallCaps, m.Underline,
                     m.Superscript, m.Label, m.Lang, m.NoIndex, m.Mention, m.CrossRef,
                     m.Target, m.Supplied, m.Omission, m.Gap, m.Illegible, m.Sic,
                     m.Emendation, m.NoteRef}
