"""Line numbers in the margin, the apparatus keyed to them, and cross-references resolved to
pages and lines: checked on the built PDF against lines counted independently here."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
import yaml

from edition.cli import main
from edition.pipeline import load
from edition.present import short_lemma
from edition.resolve import resolve
from edition.synthetic import generate
from edition.visit import block_text, plain

from .conftest import doc_yaml, write_edition
from .pdfcheck import MM, BuiltPdf, in_margin, norm_words

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "source"
BODY_SIZES = (9.4, 10.6)  # text and block quotes (10.5 pt, 9.5 pt): the counted lines


@dataclass
class PrintedLine:
    page: int
    baseline: float  # PDF points from the bottom
    size: float
    text: str


def printed_lines(path: Path) -> list[PrintedLine]:
    """Every line of the text column, in reading order, with the size of its type."""
    out = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            rows: dict[float, list[dict]] = {}
            low, high = 21 * MM, page.height - 18 * MM  # the text area: no heads, folios
            for ch in page.chars:
                if not in_margin(ch, page.width) and low < ch["matrix"][5] < high:
                    rows.setdefault(round(ch["matrix"][5], 1), []).append(ch)
            for base in sorted(rows, reverse=True):
                chars = sorted(rows[base], key=lambda c: c["x0"])
                size = max(round(c["size"], 1) for c in chars)
                text = "".join(c["text"] for c in chars)
                out.append(PrintedLine(number, base, size, text))
    return out


def body_lines(lines: list[PrintedLine], first: str, last: str, start: int = 0
               ) -> tuple[list[PrintedLine], int]:
    """The counted lines of one document: from the line where its body's first words
    begin to the line where its last words end, body and quote sizes only."""
    keys = ["".join(norm_words(ln.text)) for ln in lines]
    offsets, text = [], ""
    for key in keys[start:]:
        offsets.append(len(text))
        text += key

    def line_at(pos: int) -> int:
        return start + max(k for k, o in enumerate(offsets) if o <= pos)
    begin = text.index("".join(norm_words(first)))
    end = text.index("".join(norm_words(last)), begin) + len("".join(norm_words(last))) - 1
    i, j = line_at(begin), line_at(end)
    return [ln for ln in lines[i:j + 1] if BODY_SIZES[0] <= ln.size <= BODY_SIZES[1]], j + 1


def first_words(text: str, n: int = 10) -> str:
    return " ".join(text.split()[:n])


def last_words(text: str, n: int = 10) -> str:
    return " ".join(text.split()[-n:])


def expected_numbers(counted: list[PrintedLine], every: int = 5,
                     per_page: bool = False) -> dict[tuple[int, float], str]:
    """The margin numbers a document's counted lines should carry: (page, baseline)."""
    expected: dict[tuple[int, float], str] = {}
    n, page = 0, None
    for line in counted:
        if per_page and line.page != page:
            n = 0
        page = line.page
        n += 1
        if n % every == 0:
            expected[(line.page, line.baseline)] = str(n)
    return expected


def printed_numbers(pdf: BuiltPdf, pages: set[int],
                    expected: dict[tuple[int, float], str]) -> dict[tuple[int, float], str]:
    """The margin numbers of these pages by (page, baseline), a baseline within 0.25 pt
    of an expected one taken as that one (a number and its line, each rounded to 0.1 pt,
    can fall on either side of a rounding step)."""
    out = {}
    for p in pages:
        for number, _, base in pdf.margin_numbers[p]:
            key = next((k for k in expected if k[0] == p and abs(k[1] - base) <= 0.25),
                       (p, round(base, 1)))
            out[key] = number
    return out


def check_numbers(pdf: BuiltPdf, counted: list[PrintedLine], every: int = 5,
                  per_page: bool = False) -> int:
    """Every ``every``-th counted line has its number in the margin at its baseline, and
    no other margin number is on those pages. Returns the numbers checked."""
    expected = expected_numbers(counted, every, per_page)
    assert printed_numbers(pdf, {ln.page for ln in counted}, expected) == expected
    return len(expected)


# -- the sample ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("lines-sample")
    assert main(["build", str(SOURCE), "-o", str(out), "-q"]) == 0
    res = resolve(load(SOURCE))
    pdf = BuiltPdf(next(out.glob("*.pdf")))
    return res, pdf, printed_lines(pdf.path), out


def test_every_fifth_line_of_the_sample_is_numbered_at_its_baseline(sample):
    res, pdf, lines, _ = sample
    doc = res.edition.documents[0]
    signs = res.edition.signs
    counted, _ = body_lines(lines, first_words(block_text(doc.body[0], signs)),
                            last_words(block_text(doc.body[-1], signs)))
    assert len(counted) > 100
    assert check_numbers(pdf, counted) == len(counted) // 5
    assert len({ln.page for ln in counted}) >= 4  # on many pages, one with page-foot notes
    sides = {p: x for p in {ln.page for ln in counted} for _, x, _ in pdf.margin_numbers[p]}
    rectos = [x for p, x in sides.items() if p % 2 == 0]  # physical page 1 is a recto
    versos = [x for p, x in sides.items() if p % 2 == 1]
    assert rectos and versos and min(rectos) > 300 > max(versos)  # the outer margin


def test_the_apparatus_is_keyed_to_the_lines_of_its_lemmata(sample):
    res, _, lines, _ = sample
    doc = res.edition.documents[0]
    signs = res.edition.signs
    counted, end = body_lines(lines, first_words(block_text(doc.body[0], signs)),
                              last_words(block_text(doc.body[-1], signs)))
    heading = next(k for k in range(end, len(lines)) if lines[k].text == "Textualapparatus"
                   or lines[k].text.replace(" ", "") == "Textualapparatus")
    entries = [ln.text for ln in lines[heading + 1:] if "]" in ln.text]
    squash = lambda t: re.sub(r"\W", "", t)  # noqa: E731
    checked = previous = 0
    for entry in res.apparatus[doc.id]:
        if entry.place.part != "body":
            continue
        text = next(t for t in entries if squash(short_lemma(entry.lemma) + "]")
                    in squash(t) and squash(entry.source) in squash(t))
        entries.remove(text)
        label = re.match(r"^(\d+)(?:–(\d+))?", text)
        if label is None:  # on the same line as the entry before it
            first = last = previous
        else:
            first, last = int(label[1]), int(label[2] or label[1])
        words = norm_words(entry.lemma) or ["…"]  # an omission's lemma is its sign
        printed = " ".join(counted[k].text for k in range(first - 1, last))
        span = printed if words == ["…"] else "".join(norm_words(printed))
        assert "".join(words) in span, (entry.lemma, first, last)
        assert words[0][:4] in "".join(norm_words(counted[first - 1].text)) + \
            counted[first - 1].text  # (the first word may be hyphenated)
        previous = last
        checked += 1
    assert checked >= 15


def test_lemmata_on_several_lines_show_a_range_and_long_ones_are_shortened(sample):
    _, pdf, _, _ = sample
    text = " ".join(pdf.texts)
    assert re.search(r"\b(\d+)–(\d+) workers’ and peasants’\]", text)
    assert short_lemma("you, he also noted that the") == "you, … the"
    assert short_lemma("one two three") == "one two three"


def test_the_epub_apparatus_shows_the_print_lines_and_links_both_ways(sample):
    res, pdf, _, out = sample
    doc = res.edition.documents[0]
    with zipfile.ZipFile(next(out.glob("*.epub"))) as z:
        xhtml = z.read(f"EPUB/doc-{doc.id}.xhtml").decode()
    entries = re.findall(r'<p class="app-entry" id="([^"]+)">(?:<span epub:type="pagebreak"'
                         r'[^>]*></span>)?<a class="app-where" href="#([^"]+)">([^<]*)</a>',
                         xhtml)  # a print page may begin with the entry
    assert len(entries) == len(res.apparatus[doc.id])
    text = " ".join(pdf.texts)
    for entry_id, lemma, where in entries:
        assert entry_id == f"{lemma}-entry"
        assert f'id="{lemma}"' in xhtml
        assert f'<a class="lemma" href="#{entry_id}">' in xhtml or "xref" in xhtml
        if where.startswith("l.\u00a0") or where.startswith("l.&#160;"):
            number = where.split(";")[-1].replace("l.\u00a0", "")
            assert re.search(rf"(^|\s){re.escape(number)} ", text)


# -- a generated volume: quotes, page-foot notes, long notes, run-on documents --------


def _edition(tmp_path: Path, documents: int = 9, long_note_every: int = 4,
             **settings: dict) -> Path:
    """A generated edition (9 documents: block quotes, page-foot notes, long notes) with
    ``settings`` merged into its edition.yaml."""
    src = generate(tmp_path / "src", documents, seed=5, long_note_every=long_note_every)
    config = src / "edition.yaml"
    data = yaml.safe_load(config.read_text())
    for key, value in settings.items():
        data[key] = {**data.get(key, {}), **value}
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    return src


def _document_lines(res, lines, doc, start):
    signs = res.edition.signs
    first, last = doc.body[0], doc.body[-1]
    return body_lines(lines, first_words(block_text(first, signs)),
                      last_words(block_text(last, signs)), start)


@pytest.mark.parametrize("layout", ["new-page", pytest.param("run-on", marks=pytest.mark.slow)])
def test_numbers_on_a_generated_volume(tmp_path, layout):
    src = _edition(tmp_path, output={"documents_start": layout})
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "--only", "pdf", "-q", "-j", "2"]) == 0
    res = resolve(load(src))
    pdf = BuiltPdf(next(out.glob("*.pdf")))
    lines = printed_lines(pdf.path)
    start, quotes, mid_page, last_page = 0, 0, 0, -1
    expected: dict[tuple[int, float], str] = {}
    pages: set[int] = set()
    for doc in res.edition.documents:  # numbers restart with each document
        counted, start = _document_lines(res, lines, doc, start)
        expected |= expected_numbers(counted)
        pages |= {ln.page for ln in counted}
        quotes += sum(1 for ln in counted if ln.size < 10)
        mid_page += pdf.dests[f"doc-{doc.id}"] == last_page  # begins below another's end
        last_page = counted[-1].page
    assert printed_numbers(pdf, pages, expected) == expected
    assert len(expected) > 50 and quotes > 3
    assert (mid_page > 0) == (layout == "run-on")


def test_numbers_restart_on_every_page_when_so_configured(tmp_path):
    src = _edition(tmp_path, line_numbers={"every": 5, "restart": "page"})
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "--only", "pdf", "-q"]) == 0
    res = resolve(load(src))
    pdf = BuiltPdf(next(out.glob("*.pdf")))
    lines = printed_lines(pdf.path)
    start, checked = 0, 0
    for doc in res.edition.documents:
        counted, start = _document_lines(res, lines, doc, start)
        checked += check_numbers(pdf, counted, per_page=True)
    assert checked > 30


def test_no_line_numbers_when_every_is_zero(tmp_path):
    src = _edition(tmp_path, 3, 0, line_numbers={"every": 0})
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "--only", "pdf", "-q"]) == 0
    pdf = BuiltPdf(next(out.glob("*.pdf")))
    assert not any(pdf.margin_numbers)
    assert "¶" in " ".join(pdf.texts)  # the apparatus falls back to paragraphs


def test_the_apparatus_at_the_page_foot_sits_on_the_page_of_its_lemma(tmp_path):
    src = _edition(tmp_path, apparatus={"placement": "page"})
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "--only", "pdf", "-q"]) == 0
    res = resolve(load(src))
    pdf = BuiltPdf(next(out.glob("*.pdf")))
    lines = printed_lines(pdf.path)
    entries = 0
    for doc in res.edition.documents:
        for entry in res.apparatus[doc.id]:
            page = pdf.dests[entry.anchor]
            assert pdf.dests[f"{entry.anchor}-entry"] == page, entry.anchor
            on_page = [ln for ln in lines if ln.page == page]
            rows = [k for k, ln in enumerate(on_page) if "Teh text" in ln.text]
            notes = [k for k, ln in enumerate(on_page) if ln.size < 9 and "]" not in ln.text
                     and k > len(on_page) // 2]
            assert rows and (not notes or max(notes) < min(rows))  # below the footnotes
            assert re.match(r"^\d+", on_page[rows[0]].text) or rows[0] > 0
            entries += 1
    assert entries >= 3
    assert not any(line.strip() == "Textual apparatus"  # no apparatus after a document
                   for text in pdf.texts for line in text.splitlines())


# -- cross-references ------------------------------------------------------------------

FILLER = " ".join(["Filler words for the first document, to fill its pages."] * 120)


def _xref_edition(root: Path, filler: str = FILLER) -> Path:
    docs = {
        "a.yaml": doc_yaml(f"See [](#b), [](#b/spot), [](#n1) and [](#spot). "
                           f"[Here]{{#spot}} it is.[^n1]\n\n{filler}", id="a",
                           notes="n1: A note."),
        "b.yaml": doc_yaml("Text before. [The place]{#spot} is here. Back to [](#a).",
                           id="b").replace('number: "1"', 'number: "2"'),
    }
    return write_edition(root, documents=docs)


def _xref_texts(out: Path) -> tuple[str, str, BuiltPdf]:
    pdf = BuiltPdf(next(out.glob("*.pdf")))
    text = " ".join(" ".join(t.split()) for t in pdf.texts)
    see = re.search(r"See (.*?) Here it is", text)[1]
    back = re.search(r"Back to (No\. 1, p\. \d+)", text)[1]
    return see, back, pdf


def test_cross_references_resolve_to_pages_notes_and_lines(tmp_path):
    src = _xref_edition(tmp_path / "src")
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "-q"]) == 0
    see, back, pdf = _xref_texts(out)
    folio = pdf.dests["doc-b"] - pdf.dests["doc-a"] + 1
    note = pdf.dests["note-a-n1"] - pdf.dests["doc-a"] + 1
    assert see == f"No. 2, p. {folio}, No. 2, line 1, note 1, p. {note} and line 1."
    assert back == "No. 1, p. 1"
    with zipfile.ZipFile(next(out.glob("*.epub"))) as z:
        xhtml = z.read("EPUB/doc-a.xhtml").decode()
    assert f'<a class="xref" href="doc-b.xhtml#doc-b">No. 2, p. {folio}</a>' in xhtml
    assert '<a class="xref" href="doc-b.xhtml#t-b-spot">No. 2, line 1</a>' in xhtml
    assert '<a class="xref" href="#t-a-spot">line 1</a>' in xhtml


def test_a_moved_target_is_cited_right_after_one_build(tmp_path):
    """No second run: after an edit moves the target, one build cites its new page."""
    src = _xref_edition(tmp_path / "src")
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "--only", "pdf", "-q"]) == 0
    before, _, pdf = _xref_texts(out)
    _xref_edition(tmp_path / "src", FILLER + "\n\n" + FILLER)  # doc b moves on
    assert main(["build", str(src), "-o", str(out), "--only", "pdf", "-q"]) == 0
    after, _, pdf = _xref_texts(out)
    folio = pdf.dests["doc-b"] - pdf.dests["doc-a"] + 1
    assert after.startswith(f"No. 2, p. {folio},") and before != after


def test_a_cross_reference_to_an_unknown_target_is_located(run_check):
    from .conftest import only_error
    _, diags = run_check(documents={"d1.yaml": doc_yaml("See [](#nowhere).")})
    err = only_error(diags)
    assert "cross-reference to unknown id 'nowhere'" in err.message


def test_targets_are_unique(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml("[a]{#here} and [b]{#here}.")})
    assert [d.message for d in diags.errors] == ["target 'here' is defined twice"]


def test_plain_text_of_a_target_is_its_text(load_ok):
    edition = load_ok(documents={"d1.yaml": doc_yaml("A [named place]{#p1} here.")})
    assert plain(edition.documents[0].body[0].children) == "A named place here."
