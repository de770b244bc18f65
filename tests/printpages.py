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
LETTERS = 40  # letters compared at each page start


def letters(text: str) -> str:
    """Letters only, lower case: note calls, line numbers, punctuation and the hyphens of
    words broken across lines drop out."""
    return "".join(c for c in text.lower() if c.isalpha())


def pdf_pages(pdf: Path) -> dict[str, str]:
    """The body text of every page of the PDF by page label: words below the running
    head and inside the text block (line numbers stand in the margin)."""
    labels = PdfReader(pdf).page_labels
    out: dict[str, str] = {}
    edge = min(MARGINS["inner"], MARGINS["outer"]) * MM
    with pdfplumber.open(pdf) as doc:
        for label, page in zip(labels, doc.pages, strict=True):
            words = [w for w in page.extract_words()
                     if w["top"] >= (MARGINS["top"] - 1) * MM
                     and w["x1"] > edge and w["x0"] < page.width - edge]
            out[label] = " ".join(w["text"] for w in words)
    return out


def _text_after(tree: etree._Element, marker: etree._Element) -> str:
    """The reading text after ``marker`` to the end of its file."""
    out: list[str] = []
    seen = False

    def walk(el: etree._Element, skip: bool) -> None:
        nonlocal seen
        if el is marker:
            seen = True
        skip = (skip or bool(set((el.get(TYPE) or "").split()) & SKIP)
                or el.get("class") == NUMBER or el.get("hidden") is not None)
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


def check(epub: Path, pdf: Path) -> tuple[int, list[Mismatch]]:
    """Compare every marker of ``epub`` with its page of ``pdf``: (markers, mismatches).

    The marker goes before a word a page begins inside (the second half of a hyphenated
    word), so the PDF's first letters may start within the EPUB's first word."""
    pages = pdf_pages(pdf)
    count = 0
    bad: list[Mismatch] = []
    with zipfile.ZipFile(epub) as z:
        for name in sorted(n for n in z.namelist() if n.endswith(".xhtml")):
            tree = etree.fromstring(z.read(name))
            for el in tree.iter(f"{XHTML}span"):
                if "pagebreak" not in (el.get(TYPE) or "").split():
                    continue
                count += 1
                label = el.get("aria-label")
                after = _text_after(tree, el)
                words = re.findall(r"\S+", after)
                first = letters(words[0]) if words else ""
                want = letters(pages.get(label, ""))[:LETTERS]
                got = letters(after)
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
