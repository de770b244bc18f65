"""The print PDF, checked on the built file: text order, notes, index, contents, heads."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from edition import model as m
from edition.cli import main
from edition.diagnostics import EditionError
from edition.layout.fetcher import SafeFetcher
from edition.pipeline import load
from edition.resolve import resolve
from edition.resolve.index import entries, locators
from edition.synthetic import generate
from edition.visit import plain, walk_blocks

from .conftest import EDITION_YAML, doc_yaml, write_edition, write_pdf
from .pdfcheck import BuiltPdf, in_margin, in_order, norm_words, squash

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source"
DOC_ID = "chicherin-ali-fuad-1921-10-10"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    assert main(["build", str(SOURCE), "-o", str(out), "--only", "pdf", "-q"]) == 0
    res = resolve(load(SOURCE))
    return BuiltPdf(next(out.glob("*.pdf"))), res


def body_pages(pdf: BuiltPdf, res) -> range:
    first = pdf.dests[f"doc-{DOC_ID}"]
    last = min(pdf.dests[a] for a in ("index-persons", "index-places")) - 1
    return range(first, last + 1)


def test_reading_text_in_order(sample):
    pdf, res = sample
    doc = res.edition.documents[0]
    expected = []
    for _, blocks in doc.parts():
        for block in blocks:
            if isinstance(block, m.Paragraph):
                expected += norm_words(plain(block.children, res.edition.signs))
    printed = norm_words("\n".join(pdf.main_texts[i] for i in body_pages(pdf, res)))
    missing = in_order(expected, printed)
    assert not missing, f"words not found in order: {missing[:20]}"
    assert len(expected) > 1500


def test_every_note_on_its_call_page(sample):
    pdf, res = sample
    doc = res.edition.documents[0]
    for note in doc.notes.values():
        call = pdf.dests[f"call-{DOC_ID}-{note.id}"]
        where = pdf.dests[note.anchor]
        if res.edition.note_series[note.series].placement == "page":
            assert where == call, f"footnote {note.id} on page {where}, call on {call}"
    kars = doc.notes["kars"]
    page = pdf.dests[kars.anchor]
    assert "Kars*" in pdf.texts[page].replace("\u00a0", " ")
    assert "* See Doc. No. 264." in pdf.texts[page].replace("\u00a0", " ")


def test_index_locators_point_at_pages_naming_the_entry(sample):
    pdf, res = sample
    first = f"doc-{DOC_ID}"
    page_of = {a: int(pdf.folio_printed(p)) for a, p in pdf.dests.items()
               if p in body_pages(pdf, res) and pdf.folio_printed(p).isdigit()}
    names: dict = {}
    doc = res.edition.documents[0]
    blocks = [b for _, bl in doc.parts() for b in bl] + [b for n in doc.notes.values()
                                                        for b in n.blocks]
    for node in walk_blocks(blocks):
        if isinstance(node, m.Mention):
            names.setdefault((node.kind, node.target), []).append(plain(node.children))
    checked = 0
    for kind in ("person", "place"):
        for entry in entries(res, kind):
            if entry.see:
                continue
            forms = [squash(f) for f in entry.authority.forms + names[kind, entry.authority.id]]
            for loc in locators(entry.occurrences, page_of):
                for folio in range(loc.first, loc.last + 1):
                    text = squash(pdf.texts[pdf.page_of_folio(folio, first)])
                    assert any(f in text for f in forms), f"{entry.heading} not on p. {folio}"
                    checked += 1
    assert checked > 40


def test_printed_index_matches_anchor_pages(sample):
    pdf, res = sample
    index_text = pdf.texts[pdf.dests["index-persons"]]
    frunze = next(p for p in res.edition.persons.values() if "Frunze" in p.name)
    note_page = pdf.dests[res.edition.documents[0].notes["ankara-agreement"].anchor]
    occ = [o for o in res.occurrences if o.key == frunze.id]
    pages = sorted({int(pdf.folio_printed(pdf.dests[o.anchor])) for o in occ})
    assert pdf.dests[occ[0].anchor] >= note_page
    line = next(ln for ln in index_text.splitlines() if "Frunze" in ln)
    assert line.rstrip().endswith(", ".join(f"{p}n" for p in pages)), line


def test_contents_page_numbers_are_true(sample):
    pdf, _ = sample
    toc = pdf.texts[pdf.dests["contents"]]
    for anchor, label in ((f"doc-{DOC_ID}", "Ali Fuad"), ("index-persons", "Index of Names"),
                          ("index-places", "Index of Places")):
        line = next(ln for ln in toc.splitlines() if label in ln)
        number = re.search(r"(\d+)\s*$", line).group(1)
        assert pdf.folio_printed(pdf.dests[anchor]) == number, line
    line = next(ln for ln in toc.splitlines() if "Persons" in ln and "Index" not in ln)
    assert pdf.folio_printed(pdf.dests["persons"]) == line.split()[-1].strip(". ")


def test_running_heads(sample):
    pdf, res = sample
    pages = body_pages(pdf, res)
    opening = pdf.texts[pages[0]].splitlines()
    # no head: the page opens with the document's number run in with its title
    assert opening[0].startswith("1. Note") and opening[-1].strip() == "1"  # folio below
    for i in list(pages)[1:]:
        head = pdf.texts[i].splitlines()[0].replace("\u00a0", " ")
        folio = int(pdf.folio_printed(i))
        if folio % 2:
            assert head == f"No. 1 · 10 October 1921 {folio}", head
        else:
            assert head == f"{folio} Soviet Foreign Policy Documents, 1919 to 1941", head


def test_furniture_laid_out_a_run_of_pages_at_a_time_is_the_same(sample, tmp_path,
                                                                   monkeypatch):
    """The running heads, folios and line numbers laid out four pages at a time (the
    writer does 64, to bound its memory on large volumes) print as in one layout."""
    monkeypatch.setattr("edition.writers.pdf.RUN", 4)
    assert main(["build", str(SOURCE), "-o", str(tmp_path), "--only", "pdf", "-q"]) == 0
    pdf, _ = sample
    runs = BuiltPdf(next(tmp_path.glob("*.pdf")))
    assert len(runs.texts) == len(pdf.texts) > 12
    assert runs.texts == pdf.texts and runs.margin_numbers == pdf.margin_numbers


def test_front_matter_has_roman_folios_and_metadata(sample):
    pdf, _ = sample
    assert pdf.folio_printed(pdf.dests["contents"]) in ("v", "vii")
    reader = pypdf.PdfReader(pdf.path)
    meta = reader.metadata
    assert meta.title.startswith("Selected Secret Documents")
    assert meta.author == "The edition builder contributors"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    labels = reader.page_labels
    assert labels[0] == "i" and labels[pdf.dests[f"doc-{DOC_ID}"]] == "1"
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    nested = [o.title for o in reader.outline[outline.index("Documents") + 1]]
    assert nested == ["No. 1. Note of the people’s commissar for foreign affairs of the RSFSR "
                      "to the ambassador of Turkey to the RSFSR Ali Fuad. (10 October 1921)"]
    assert "Index of Names" in outline and "Contents" in outline


def test_fonts_embedded_and_subset(sample):
    pdf, _ = sample
    reader = pypdf.PdfReader(pdf.path)
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("EB" in f and "+" in f for f in fonts), fonts


def test_the_static_faces_are_the_packages_at_their_weights(monkeypatch):
    """The instances in edition/assets/fonts (tools/static_faces.py) are the installed
    variable fonts at their weights: same version, no variation tables left; a PDF set
    in every style and weight embeds them, so WeasyPrint instances no variable font."""
    import weasyprint
    from fontTools.ttLib import TTFont
    from weasyprint.text.fonts import FontConfiguration

    from edition.assets.face import FACES, STATIC, WEIGHTS, font_face_css

    for (style, weight), path in STATIC.items():
        font, source = TTFont(str(path), lazy=True), TTFont(str(FACES[style]), lazy=True)
        assert "fvar" not in font and "gvar" not in font
        assert font["head"].fontRevision == source["head"].fontRevision
        default = source["fvar"].axes[0].defaultValue
        if weight == default:  # the default instance keeps the variable font's advances
            assert font["hmtx"].metrics == source["hmtx"].metrics
    instanced = []
    monkeypatch.setattr("weasyprint.pdf.fonts.instantiateVariableFont",
                        lambda *a, **k: instanced.append(a))
    text = "".join(f'<p style="font-weight: {w}">Text <i>italic</i></p>' for w in WEIGHTS)
    fonts = FontConfiguration()
    css = weasyprint.CSS(string=font_face_css() + 'body { font-family: "EB Garamond" }',
                         font_config=fonts)
    data = weasyprint.HTML(string=text).write_pdf(stylesheets=[css], font_config=fonts)
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert len(fonts) == 2 * len(WEIGHTS) and instanced == []


def test_fetcher_refuses_network_and_outside_files(tmp_path):
    inside = tmp_path / "ed"
    inside.mkdir()
    (inside / "ok.css").write_text("p {}")
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = SafeFetcher([inside])
    assert fetcher.fetch((inside / "ok.css").as_uri()).read() == b"p {}"
    for url in ("http://example.org/x.css", "https://example.org/", "ftp://example.org/x",
                (tmp_path / "secret.txt").as_uri(), (inside / ".." / "secret.txt").as_uri(),
                "file:///etc/passwd", "data:text/css,p{}"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 7


def test_hostile_source_is_text_not_html(tmp_path):
    src = write_edition(tmp_path / "src", documents={"d1.yaml": doc_yaml(
        'Look <img src="file:///etc/passwd"> and <link rel="stylesheet" '
        'href="http://evil.example/x.css"> here.')})
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "--only", "pdf", "-q"]) == 0
    pdf = BuiltPdf(next(out.glob("*.pdf")))
    text = " ".join(pdf.texts)
    assert "<img src=" in text and "file:///etc/passwd" in text and "<link rel=" in text


def test_failed_build_leaves_previous_pdf(tmp_path, monkeypatch):
    out = tmp_path / "out"
    res = resolve(load(SOURCE))
    first, _ = write_pdf(res, out)
    before = first.read_bytes()

    def broken(*args, **kwargs):
        raise EditionError([])

    monkeypatch.setattr("edition.writers.pdf.assemble.merge", broken)
    with pytest.raises(EditionError):
        write_pdf(resolve(load(SOURCE)), out)
    assert first.read_bytes() == before
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        first.name[:-4] + ".pages.json", first.name]


@pytest.mark.slow
def test_a_three_page_note_is_continued_or_kept_whole(tmp_path):
    """A note longer than a page continues at the foot of the following pages, each
    continuation labelled, in order; when its pieces would crowd out the notes of those
    pages, it moves whole to the document's end with a pointer on its call's page."""
    src = generate(tmp_path / "src", 2, seed=3, long_note_every=1)
    res = resolve(load(src))
    path, _ = write_pdf(res, tmp_path / "out")
    pdf = BuiltPdf(path)
    long_notes = [n for d in res.edition.documents for n in d.notes.values()
                  if len(plain(n.blocks[0].children)) > 500 and len(n.blocks) > 5]
    assert len(long_notes) == 2
    continued = 0
    for note in long_notes:
        call = pdf.dests[f"call-{note.doc_id}-{note.id}"]
        printed = norm_words("\n".join(pdf.texts))
        words = [w for b in note.blocks for w in norm_words(plain(b.children))]
        assert len(words) > 900 and not in_order(words, printed)
        if f"{note.anchor}-pointer" in pdf.dests:
            assert pdf.dests[f"{note.anchor}-pointer"] == call
            continue
        assert pdf.dests[note.anchor] == call
        pieces = [pdf.dests[f"{note.anchor}~{k}"] for k in range(1, 9)
                  if f"{note.anchor}~{k}" in pdf.dests]
        assert pieces == list(range(call + 1, call + 1 + len(pieces))) and len(pieces) >= 2
        for page in pieces:
            assert f"{note.mark} (continued)" in pdf.texts[page]
        assert "(continued)" not in pdf.texts[call]
        continued += 1
    assert continued == 1


def verify_generated(tmp_path, documents: int, jobs: int = 1) -> None:
    src = generate(tmp_path / "src", documents, seed=7, long_note_every=25)
    res = resolve(load(src))
    pdf = BuiltPdf(write_pdf(res, tmp_path / "out", jobs=jobs)[0])
    pages = 0
    for doc in res.edition.documents:
        for note in doc.notes.values():
            call = pdf.dests[f"call-{doc.id}-{note.id}"]
            if res.edition.note_series[note.series].placement == "page":
                where = pdf.dests.get(f"{note.anchor}-pointer", pdf.dests.get(note.anchor))
                assert where == call, f"{doc.id}/{note.id}: note p.{where}, call p.{call}"
                pages += 1
        for occ in (o for o in res.occurrences if o.doc_id == doc.id):
            assert occ.anchor in pdf.dests
    assert pages > documents // 2


@pytest.mark.slow
def test_generated_volume_notes_on_call_pages(tmp_path):
    verify_generated(tmp_path, 20)


@pytest.mark.slow
def test_generated_150_documents(tmp_path):
    verify_generated(tmp_path, 150, jobs=2)


def test_no_overfull_lines(sample):
    pdf, _ = sample
    import pdfplumber

    with pdfplumber.open(pdf.path) as doc:
        for number, page in enumerate(doc.pages):
            inner = 17 * 72 / 25.4 - 1  # the narrower of the two side margins
            for ch in page.chars:
                if ch["text"].isspace() or (in_margin(ch, page.width) and ch["text"].isdigit()):
                    continue  # a line number
                assert ch["x0"] >= inner - 0.5 and ch["x1"] <= page.width - inner + 0.5, \
                    f"page {number + 1}: '{ch['text']}' sticks out at x={ch['x0']:.1f}"


def test_missing_glyphs_are_reported(tmp_path):
    src = write_edition(tmp_path / "src", documents={"d1.yaml": doc_yaml(
        "Hieroglyph \U00013000 and a narrow space\u202fhere.")})
    _, warnings = write_pdf(resolve(load(src)), tmp_path / "out")
    text = "\n".join(str(w) for w in warnings)
    assert "U+13000" in text and "U+202F" in text


def test_reproducible_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")
    path, _ = write_pdf(resolve(load(SOURCE)), tmp_path / "out")
    pdf = BuiltPdf(path)
    assert "Built on 1 January 2000" in pdf.texts[pdf.dests["title"] + 1].replace("\n", " ")
    assert pypdf.PdfReader(path).metadata["/CreationDate"].startswith("D:20000101")


def test_page_map_matches_the_printed_pages(tmp_path):
    from edition.layout.facts import LayoutFacts, facts_path, page_anchors
    from edition.visit import block_text

    res = resolve(load(SOURCE))
    path, _ = write_pdf(res, tmp_path)
    pdf = BuiltPdf(path)
    doc = res.edition.documents[0]
    page_map = LayoutFacts.load(facts_path(tmp_path, res.edition.slug))
    endnotes = [(s.id, ns) for s in res.edition.note_series.values()
                if s.placement != "page" and (ns := res.notes_in_order(doc, s.id))]
    entries = [e.anchor for e in res.apparatus.get(doc.id, [])]
    texts = {a: block_text(b, res.edition.signs) if b is not None else None
             for a, b in page_anchors(doc, endnotes, entries)}
    first = pdf.dests[f"doc-{DOC_ID}"]
    assert [p.label for p in page_map.pages][:3] == ["1", "2", "3"]
    checked = 0
    for start in page_map.pages:
        physical = first + int(start.label) - 1
        lines = pdf.texts[physical].splitlines()
        page_words = norm_words("\n".join(lines[1:] if start.offset or
                                          not start.block.startswith("title-") else lines))
        if texts[start.block] is None:  # a line between blocks: here, in the apparatus
            assert start.block.endswith("-entry") and start.offset == 0
            assert page_words[:2] == ["note", "a"], page_words[:6]  # that entry's place
            continue
        rest = texts[start.block][start.offset:]
        if not rest:  # the page begins after the last block of text: in the apparatus
            heading = next(i for i, t in enumerate(pdf.texts) if "Textual apparatus" in t)
            assert heading <= physical
            continue
        if start.block.startswith("title-"):
            assert page_words.pop(0) == doc.number
        expected = norm_words(rest)[:4]
        # a page that begins with the second half of a hyphenated word begins at the word
        assert expected[0].endswith(page_words[0]), (start, page_words[:6])
        assert page_words[1:4] == expected[1:], (start, page_words[:6])
        checked += 1
    assert checked >= 5
    for anchor, label in page_map.anchors.items():
        assert pdf.dests[anchor] == first + int(label) - 1


def test_a_refused_fetch_fails_the_build(tmp_path):
    src = write_edition(tmp_path / "src")
    original = Path(__file__).resolve().parents[1] / "edition" / "assets" / "print.css"
    (src / "styles").mkdir()
    (src / "styles" / "print.css").write_text(
        original.read_text() + '\n.document { background: url("http://example.org/x.png"); }')
    with pytest.raises(EditionError) as err:
        write_pdf(resolve(load(src)), tmp_path / "out")
    assert "refused to fetch http://example.org/x.png" in str(err.value)
    assert not (tmp_path / "out" / "a-test-edition.pdf").exists()


def test_tagged_structure_covers_every_page(sample):
    """The chunks' structure trees are merged: one Document, a parent tree entry for every
    page with content, each pointing at elements of that very page."""
    pdf, _ = sample
    root = pypdf.PdfReader(pdf.path).trailer["/Root"]
    tree = root["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    assert document["/S"] == "/Document" and len(document["/K"]) > 10
    nums = tree["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    reader = pypdf.PdfReader(pdf.path)
    tagged = 0
    for page in reader.pages:
        key = page.get("/StructParents")
        if key is None:
            continue
        tagged += 1
        for element in parents[key]:
            element = element.get_object()
            if isinstance(element, pypdf.generic.DictionaryObject) and "/Pg" in element:
                assert element.raw_get("/Pg").idnum == page.indirect_reference.idnum
    assert tagged >= len(reader.pages) - 4  # all but the blank pages
    headings = [k.get_object()["/S"] for s in document["/K"] for k in s.get_object()["/K"]
                if isinstance(k.get_object(), pypdf.generic.DictionaryObject)]
    assert "/H2" in headings or "/H1" in headings


def test_page_size_is_selectable(tmp_path):
    edition = "title: A test edition\neditors: [Test Editor]\nlicence: CC0\n" \
              "documents: [documents/*.yaml]\noutput: {page_size: A4}\n"
    src = write_edition(tmp_path / "src", edition=edition)
    page = pypdf.PdfReader(write_pdf(resolve(load(src)), tmp_path / "out")[0]).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_a_note_that_cannot_be_placed_fails_with_its_location(tmp_path, monkeypatch):
    src = write_edition(tmp_path / "src", documents={"d1.yaml": doc_yaml(
        "Text with a note.[^n1]", notes='n1: {series: footnote, text: "The note."}')})
    edition = src / "edition.yaml"
    edition.write_text(edition.read_text() + "note_series:\n"
                       "  - {id: footnote, name: Footnotes, placement: page, marks: symbols}\n"
                       "  - {id: commentary, name: Notes, placement: document-end}\n")

    def never_in_place(views, doc, laid, repairs):
        return [], [(doc.id, n.id, n.loc) for n in doc.notes.values()]

    monkeypatch.setattr("edition.writers.pdf.chunks.check_layout", never_in_place)
    with pytest.raises(EditionError) as err:
        write_pdf(resolve(load(src)), tmp_path / "out")
    [diag] = err.value.diagnostics
    assert "footnote 'n1' could not be set on the page of its call" in diag.message
    assert diag.loc.file.endswith("documents/d1.yaml") and diag.loc.line > 0
    assert not (tmp_path / "out" / "a-test-edition.pdf").exists()


@pytest.mark.parametrize(("note", "before"), [
    ("lab", 'class="document force-break"'),  # a note in a document's label
    ("enc", 'class="attachment force-break"'),  # in an attachment's title
    ("t", 'class="document force-break"'),  # in a document's title
    ("li", '<li class="force-break">'),  # in a list item (WeasyPrint breaks only there)
    ("fp", 'class="document force-break"'),  # in the first paragraph: the heading goes
    ("a1", 'class="attachment force-break"'),  # over with it, the paragraph does not break
])
def test_a_repaired_note_in_a_heading_breaks_before_the_heading(tmp_path, note, before):
    """A page break asked for a note called outside the body's paragraphs goes before
    the heading that calls it (it used to have no effect, and the note failed the build).
    One asked for in the first paragraph goes before the heading too, which would
    otherwise be left at the foot of a page or alone on one."""
    from edition.present import present
    from edition.writers.pdf.render import Repairs, render_documents

    from .tei_full import FILES

    for path, text in FILES.items():
        text = text.replace("    title: The enclosure\n", "    title: The enclosure[^enc]\n")
        text = text.replace("  2. two\n", "  2. two[^li]\n")
        text = text.replace("  First *paragraph*", "  First[^fp] *paragraph*")
        text = text.replace("  lab: {", "  enc: {series: footnote, n: '4', text: Its note.}\n"
                            "  li: {series: footnote, n: '5', text: An item's note.}\n"
                            "  fp: {series: footnote, n: '6', text: The first's note.}\n  lab: {")
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    views = present(resolve(load(tmp_path)))
    docs = views.documents[:1]
    assert "force-break" not in render_documents(views, docs, Repairs())
    html = render_documents(views, docs, Repairs(breaks={("d1", note)}))
    assert before in html and html.count("force-break") == 1 + (note == "li")


def test_a_cut_before_a_salutation_or_a_close_breaks_there(tmp_path):
    """A repair may break the page before the salutation or the complimentary close (a
    cut the layout proposes like any other; it used to have no effect). At 105 x 132 mm
    the full test edition's heading leaves room on its first page for the notes it calls
    only if "Sir:" goes overleaf: that build failed ("footnote 'only' could not be set");
    now every note stands on the page of its call."""
    from edition.layout.weasy import Cut
    from edition.present import present
    from edition.writers.pdf.render import Repairs, render_documents

    from .test_epub import _full_edition

    src = _full_edition(tmp_path / "src", "105mm 132mm")
    views = present(resolve(load(src)))
    for block, cls in (("opener-d1", "opener"), ("closer-d1", "closer")):
        repairs = Repairs(breaks={("d1", "x")}, cuts={("d1", "x"): Cut(block, 0, 0)})
        html = render_documents(views, views.documents[:1], repairs)
        assert f'class="{cls} force-break"' in html and html.count("force-break") == 1
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "--only", "pdf", "-q"]) == 0
    dests = BuiltPdf(next((tmp_path / "out").glob("*.pdf"))).dests
    assert {dests[f"note-d1-{n}"] - dests[f"call-d1-{n}"] for n in ("t", "lab", "only")} == {0}
    assert dests["opener-d1"] == dests["title-d1"] + 1


def test_notes_a_heading_calls_that_fill_its_page_move_to_the_end(tmp_path):
    """Six labels, each calling a note of two lines, on a page 132 mm high: the heading
    and its notes do not fit on one page. The notes that do not fit move to the end of
    the document, and so does another of the heading's when even the pointer of one
    ("See the note marked ...") finds no room (the build used to fail)."""
    note = " ".join(["a long note about the treaty and its clauses"] * 2)
    labels = ", ".join(f'"[Label {i}][^n{i}]"' for i in range(6))
    notes = "\n".join(f'n{i}: {{series: footnote, text: "{note} {i}."}}' for i in range(6))
    body = "\n\n".join(["The treaty was signed at Moscow after long negotiations. " * 8] * 4)
    src = write_edition(tmp_path / "src", edition=EDITION_YAML + 'output:\n  page_size: '
                        '"105mm 132mm"\n', documents={"d1.yaml": doc_yaml(
                            body, extra=f"labels: [{labels}]\n", notes=notes)})
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "--only", "pdf", "-q"]) == 0
    pdf = BuiltPdf(next((tmp_path / "out").glob("*.pdf")))
    first = pdf.dests["title-d1"]
    assert {pdf.dests[f"call-d1-n{i}"] for i in range(6)} == {first}
    moved = [i for i in range(6) if pdf.dests[f"note-d1-n{i}"] != first]
    assert len(moved) >= 2
    assert {pdf.dests[f"note-d1-n{i}-pointer"] for i in moved} == {first}
    assert all(f"clauses {i}." in pdf.texts[pdf.dests[f"note-d1-n{i}"]] for i in range(6))


def test_a_note_called_in_a_heading_takes_none_of_its_style(tmp_path):
    """The note called in the full test edition's title (set in small caps) is set at the
    page foot in the notes' own style (it was in small caps too, its pointer as well)."""
    from weasyprint.layout import boxes

    from edition.present import present
    from edition.writers.pdf.chunks import Workers, local_layout
    from edition.writers.pdf.render import Repairs, render_documents

    from .test_epub import _full_edition

    views = present(resolve(load(_full_edition(tmp_path / "src"))))
    styles = {}
    for repairs in (Repairs(), Repairs(demoted={("d1", "t")})):
        with Workers(views, 1):
            laid = local_layout().render(render_documents(views, views.documents[:1], repairs))
        for page in laid.pages:
            for area in page._page_box.children:
                if isinstance(area, boxes.FootnoteAreaBox):
                    styles |= {c.element.get("id"): c.style for c in area.children
                               if c.element is not None}
    for name in ("note-d1-t", "note-d1-t-pointer"):
        assert styles[name]["font_variant_caps"] == "normal"
        assert styles[name]["letter_spacing"] in (0, "normal")
