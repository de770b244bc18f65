"""Reading a built PDF back: page texts, named destinations, folios (for the PDF tests)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pdfplumber
import pypdf

MM = 72 / 25.4
MARGIN_NUMBER = 16.9 * MM  # line numbers stand this close to the page edge, or closer


def in_margin(obj: dict, width: float) -> bool:
    """Whether a character stands in a side margin (a line number), not in the text."""
    return obj.get("x0", MARGIN_NUMBER) > width - MARGIN_NUMBER or \
        obj.get("x1", width) < MARGIN_NUMBER


def in_order(expected: list[str], printed: list[str]) -> list[str]:
    """Words of ``expected`` not found in ``printed`` in the same order."""
    pos, missing = 0, []
    for word in expected:
        try:
            pos = printed.index(word, pos) + 1
        except ValueError:
            missing.append(word)
    return missing


def norm_words(text: str) -> list[str]:
    """Words for comparison: NFKC, lower case, letters and digits only."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[-\u2010\u00ad]\n", "", text)  # hyphenation at a line end
    return [w for w in (re.sub(r"[^\w]", "", t) for t in text.split()) if w]


def squash(text: str) -> str:
    """Letters and digits only (names split by hyphenation still match)."""
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", text).lower())


@dataclass
class BuiltPdf:
    path: Path

    @cached_property
    def texts(self) -> list[str]:
        """Page texts without the line numbers in the margins."""
        with pdfplumber.open(self.path) as pdf:
            return [page.filter(lambda o, w=page.width: not in_margin(o, w)).extract_text(
                x_tolerance=1.5) or "" for page in pdf.pages]

    @cached_property
    def margin_numbers(self) -> list[list[tuple[str, float, float]]]:
        """The line numbers of each page: (number, x, baseline) in PDF points."""
        out = []
        with pdfplumber.open(self.path) as pdf:
            for page in pdf.pages:
                chars = [c for c in page.chars if in_margin(c, page.width)]
                rows: dict[float, list[dict]] = {}
                for c in chars:
                    rows.setdefault(round(c["matrix"][5], 2), []).append(c)
                out.append([("".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"])),
                             min(c["x0"] for c in cs), base) for base, cs in sorted(
                                 rows.items(), reverse=True)])
        return out

    @cached_property
    def main_texts(self) -> list[str]:
        """Page texts of the main text only: no note calls or footnotes (characters under
        8.8 pt), no running heads or folios (outside the text block)."""
        out = []
        with pdfplumber.open(self.path) as pdf:
            for page in pdf.pages:
                top, bottom = 16 * MM, page.height - 17 * MM
                text = page.filter(lambda o, t=top, b=bottom, w=page.width:
                                   o.get("size", 10) >= 8.8 and not in_margin(o, w)
                                   and o.get("top", t) >= t and o.get("bottom", b) <= b)
                out.append(text.extract_text(x_tolerance=1.5) or "")
        return out

    @cached_property
    def dests(self) -> dict[str, int]:
        """Named destination (HTML anchor) -> 0-based physical page."""
        reader = pypdf.PdfReader(self.path)
        return {name: reader.get_destination_page_number(dest)
                for name, dest in reader.named_destinations.items()}

    @cached_property
    def points(self) -> dict[str, tuple[int, float]]:
        """Named destination -> (0-based physical page, its top in PDF points)."""
        reader = pypdf.PdfReader(self.path)
        return {name: (reader.get_destination_page_number(dest), float(dest.top or 0))
                for name, dest in reader.named_destinations.items()}

    def page_of_folio(self, folio: int, first_body_anchor: str) -> int:
        """Physical page of an arabic folio (body and back matter run on from folio 1)."""
        return self.dests[first_body_anchor] + folio - 1

    def folio_printed(self, physical: int) -> str:
        """The folio as printed at the top or bottom of a page."""
        lines = [ln.strip() for ln in self.texts[physical].splitlines() if ln.strip()]
        candidates = [lines[0].split()[0], lines[0].split()[-1], lines[-1]] if lines else []
        return next((c for c in candidates if re.fullmatch(r"\d+|[ivxlc]+", c)), "")
