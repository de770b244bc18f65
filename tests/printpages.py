"""Print page markers against the PDF's own text: the words after each EPUB page-break
marker must be the first words of that page's body in the PDF (running head, folio and
line numbers left out). Used by the tests and runnable by hand:
``python -m tests.printpages BOOK.epub BOOK.pdf``."""

from __future__ import annotations

import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from lxml import etree
from pypdf import PdfReader

from edition.writers.pdf.geometry import MARGINS

MM = 72 / 25.4
XHTML = "{http://www.w3.org/1999/xhtml}"
TYPE = "{http://www.idpf.org/2007/ops}type"
SKIP = {"noteref", "backlink", "footnote"}  # calls, backlinks, pop-up notes (page foot)
NUMBER = "doc-number"  # 'No. 3' in the EPUB's heading, '3' in print
WHERE = "app-where"  # 'l. 12' in the EPUB's apparatus, the line number '12' in print
SOURCE_NOTE = "doc-source-note"  # under the heading: a page-foot note in print
HEADINGS = {f"h{n}" for n in range(1, 7)}
LETTERS = 40  # letters compared at each page start


def letters(text: str, digits: bool = False) -> str:
    """Letters only, lower case: note calls, line numbers, punctuation and the hyphens of
    words broken across lines drop out (``digits``: digits stay, for a page of figures)."""
    return "".join(c for c in text.lower() if c.isalpha() or (digits and c.isdigit()))


def _page_words(pdf: Path, keep) -> dict[str, str]:
    """The words of every page of the PDF that ``keep(word, page)`` accepts, by label."""
    labels = PdfReader(pdf).page_labels
    with pdfplumber.open(pdf) as doc:
        return {label: " ".join(w["text"] for w in page.extract_words() if keep(w, page))
                for label, page in zip(labels, doc.pages, strict=True)}


TOP = (MARGINS["top"] - 1) * MM  # the top of the text block, a point of slack
EDGE = min(MARGINS["inner"], MARGINS["outer"]) * MM


def pdf_pages(pdf: Path) -> dict[str, str]:
    """The body text of every page of the PDF by page label: words below the running
    head and inside the text block (line numbers stand in the margin)."""
    return _page_words(pdf, lambda w, page: w["top"] >= TOP and w["x1"] > EDGE
                       and w["x0"] < page.width - EDGE)


def running_heads(pdf: Path) -> dict[str, str]:
    """The running head of every page by page label ('' where there is none): the words
    above the text block."""
    return _page_words(pdf, lambda w, page: w["bottom"] < TOP)


def _skipped(el: etree._Element) -> bool:
    """Text print does not set in the flow: calls, backlinks, pop-up notes, the 'No.' of
    a heading, hidden text, and the source note under a heading (a page-foot note in
    print)."""
    if set((el.get(TYPE) or "").split()) & SKIP or el.get("class") == NUMBER \
            or el.get("hidden") is not None:
        return True
    before = el.getprevious()
    return el.get("class") == SOURCE_NOTE and before is not None \
        and etree.QName(before).localname in HEADINGS


def _text_after(tree: etree._Element, marker: etree._Element | None) -> str:
    """The reading text after ``marker`` to the end of its file (None: the whole file)."""
    out: list[str] = []
    seen = marker is None

    def walk(el: etree._Element, skip: bool) -> None:
        nonlocal seen
        if el is marker:
            seen = True
        skip = skip or _skipped(el)
        if seen and not skip:
            text = el.text or ""
            out.append(re.sub(r"^l\.\s", "", text) if el.get("class") == WHERE else text)
        for child in el:
            walk(child, skip)
            if seen and not skip:
                out.append(child.tail or "")

    walk(tree, False)
    return " ".join(out)


@dataclass(frozen=True)
class Mismatch:
    label: str
    epub: str
    pdf: str

    def __str__(self) -> str:
        return f"page {self.label}: EPUB '{self.epub}…' but PDF '{self.pdf}…'"


def spine(z: zipfile.ZipFile) -> list[str]:
    """The book's content documents in reading order (zip names)."""
    container = etree.fromstring(z.read("META-INF/container.xml"))
    opf_name = container.find(".//{*}rootfile").get("full-path")
    opf = etree.fromstring(z.read(opf_name))
    base = opf_name.rpartition("/")[0]
    hrefs = {i.get("id"): i.get("href") for i in opf.iter("{*}item")}
    return [f"{base}/{hrefs[r.get('idref')]}" if base else hrefs[r.get("idref")]
            for r in opf.iter("{*}itemref")]


def check(epub: Path, pdf: Path) -> tuple[int, list[Mismatch]]:
    """Compare every marker of ``epub`` with its page of ``pdf``: (markers, mismatches).

    The text after a marker runs on into the next files of the spine (a page can end a
    document and begin the next). The marker goes before a word a page begins inside (the
    second half of a hyphenated word), so the PDF's first letters may start within the
    EPUB's first word."""
    pages = pdf_pages(pdf)
    count = 0
    bad: list[Mismatch] = []
    with zipfile.ZipFile(epub) as z:
        names = spine(z)
        trees = [etree.fromstring(z.read(name)) for name in names]
        whole: dict[int, str] = {}
        for k, tree in enumerate(trees):
            for el in tree.iter(f"{XHTML}span"):
                if "pagebreak" not in (el.get(TYPE) or "").split():
                    continue
                count += 1
                label = el.get("aria-label")
                figures = not letters(pages.get(label, ""))  # a page without words
                want = letters(pages.get(label, ""), figures)[:LETTERS]
                after = _text_after(tree, el)
                following = k + 1
                while len(letters(after)) < len(want) and following < len(trees):
                    if following not in whole:
                        whole[following] = _text_after(
                            trees[following].find(f"{XHTML}body"), None)
                    after += " " + whole[following]
                    following += 1
                words = re.findall(r"\S+", after)
                first = letters(words[0], figures) if words else ""
                got = letters(after, figures)
                at = got.find(want) if want else -1
                if not want or at < 0 or at > max(len(first) - 1, 0):
                    bad.append(Mismatch(label, " ".join(words[:8]),
                                        " ".join(pages.get(label, "").split()[:8])))
    return count, bad


def split_words(epub: Path) -> list[str]:
    """Labels of markers set inside a word (a letter right before and right after)."""
    out = []
    with zipfile.ZipFile(epub) as z:
        for name in (n for n in z.namelist() if n.endswith(".xhtml")):
            text = z.read(name).decode()
            for match in re.finditer(r'(\w)<span epub:type="pagebreak"[^>]*aria-label="([^"]*)"'
                                     r"[^>]*></span>(\w)", text):
                out.append(match.group(2))
    return out


if __name__ == "__main__":
    n, mismatches = check(Path(sys.argv[1]), Path(sys.argv[2]))
    for mm in mismatches:
        print(mm)
    print(f"{n} markers, {len(mismatches)} wrong, "
          f"{len(split_words(Path(sys.argv[1])))} inside a word")
