"""The pages as a reader judges them, checked on built PDFs: no bad lines in justified
text, no page left short inside a document, no heading at the foot of a page."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.cli import main
from edition.pipeline import load
from edition.synthetic import generate

from .pdfcheck import BuiltPdf
from .pdfquality import (
    bad_lines,
    exempt_pages,
    headings_at_foot,
    rows,
    turned_from_rectos,
    underfull_pages,
)

REPO = Path(__file__).resolve().parents[1]
HEADINGS = {11.5, 13.0}  # document and part titles


def check(src: Path, out: Path) -> dict[str, list[str]]:
    pdf = BuiltPdf(next(out.glob("*.pdf")))
    pages, height = rows(pdf.path)
    doc_ids = [d.id for d in load(src).documents]
    exempt = exempt_pages(pdf.dests, doc_ids, len(pages))
    front = set(range(min(pdf.dests[f"doc-{d}"] for d in doc_ids)))
    return {"bad lines": bad_lines(pages, skip=front),
            "short pages": underfull_pages(pages, height, exempt),
            "headings at the foot": headings_at_foot(pages, HEADINGS),
            "hyphens across a recto's turn": turned_from_rectos(pages, skip=front)}


def test_the_sample_is_well_set(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(REPO / "source"), "-o", str(out), "--only", "pdf", "-q"]) == 0
    assert check(REPO / "source", out) == {"bad lines": [], "short pages": [],
                                           "headings at the foot": [],
                                           "hyphens across a recto's turn": []}


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["new-page", "run-on"])
def test_a_dense_generated_volume_is_well_set(tmp_path, layout):
    """Three more short page-foot notes in every paragraph, names, links and
    emendations everywhere: the markup that used to break lines apart."""
    src = generate(tmp_path / "src", 8, seed=3, long_note_every=4, extra_footnotes=3)
    if layout == "run-on":
        config = src / "edition.yaml"
        config.write_text(config.read_text() + "output: {documents_start: run-on}\n")
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "--only", "pdf", "-q", "-j", "2"]) == 0
    found = check(src, out)
    assert found["bad lines"] == []
    assert found["headings at the foot"] == []
    assert found["hyphens across a recto's turn"] == []
    if layout == "new-page":
        assert found["short pages"] == []
