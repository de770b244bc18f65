"""The pages as a reader judges them, checked on built PDFs: no bad lines in justified
text, no page left short inside a document, no heading at the foot of a page."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest
import weasyprint

from edition import anchors
from edition.cli import main
from edition.pipeline import load
from edition.present import present
from edition.resolve import resolve
from edition.synthetic import generate
from edition.writers.pdf.chunks import Workers, local_layout
from edition.writers.pdf.render import Repairs, render_documents

from .conftest import EDITION_YAML, doc_yaml, write_edition
from .pdfcheck import BuiltPdf
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

REPO = Path(__file__).resolve().parents[1]
HEADINGS = {11.5, 13.0}  # document and part titles
RUN_ON = "output: {documents_start: run-on}\n"


def check(src: Path, out: Path) -> dict[str, list[str]]:
    pdf = BuiltPdf(next(out.glob("*.pdf")))
    pages, height = rows(pdf.path)
    doc_ids = [d.id for d in load(src).documents]
    exempt = exempt_pages(pdf.dests, doc_ids, len(pages))
    front = set(range(min(pdf.dests[f"doc-{d}"] for d in doc_ids)))
    back = set(range(pdf.dests.get("index-persons", len(pages)), len(pages)))
    return {"bad lines": bad_lines(pages, skip=front),
            "widows and orphans": widows_and_orphans(pages, pdf.points, skip=front | back),
            "short pages": underfull_pages(pages, height, exempt),
            "headings at the foot": headings_at_foot(pages, HEADINGS),
            "hyphens across a recto's turn": turned_from_rectos(pages),
            "headings apart from their text": headings_apart(pdf.dests, doc_ids)}


def test_the_sample_is_well_set(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(REPO / "source"), "-o", str(out), "--only", "pdf", "-q"]) == 0
    assert check(REPO / "source", out) == {"bad lines": [], "widows and orphans": [],
                                           "short pages": [],
                                           "headings at the foot": [],
                                           "hyphens across a recto's turn": [],
                                           "headings apart from their text": []}


def test_the_front_matter_turns_no_word_from_a_recto(tmp_path):
    """A preface of long words: without the words kept whole, pp. 7 and 9 (rectos) ended
    in a hyphenated word."""
    words = ("the international representatives considered administrative arrangements "
             "concerning repatriation of prisoners and demarcation of frontiers between "
             "neighbouring governments whose plenipotentiaries negotiated extraordinary "
             "commercial conventions").split()
    body = "\n\n".join(" ".join((words[p:] + words[:p]) * 3).capitalize() + "."
                        for p in range(12))
    src = write_edition(tmp_path / "src", edition=EDITION_YAML + "front_matter:\n"
                        f"  - {{id: preface, title: Preface, body: {json.dumps(body)}}}\n")
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "--only", "pdf", "-q"]) == 0
    pdf = BuiltPdf(next(out.glob("*.pdf")))
    pages, _ = rows(pdf.path)
    assert pdf.dests["front-preface"] == 6 and pdf.dests["doc-d1"] > 9  # pp. 7 to 9
    assert turned_from_rectos(pages) == []


def test_a_documents_heading_goes_over_with_its_text(tmp_path):
    """Documents that run on: the second's heading, dateline and salutation never stay at
    the foot of a page whose text begins overleaf (before the fix, 3 of these 5 lengths
    of the first document left them there)."""
    words = ("the treaty of friendship between the two governments was signed at Moscow "
             "after long negotiations about the frontier and the question of the "
             "straits").split()
    rng = random.Random(5)

    def paragraph(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    apart = []
    for n in range(348, 408, 12):
        second = doc_yaml(paragraph(120) + "\n\n" + paragraph(80), id="d2", extra=(
            'dateline: {text: "Moscow, October 10, 1921"}\nopener: "Sir:"\n'))
        src = write_edition(tmp_path / f"e{n}", edition=EDITION_YAML + RUN_ON, documents={
            "d1.yaml": doc_yaml(paragraph(n)), "d2.yaml": second.replace('"1"', '"2"', 1)})
        views = present(resolve(load(src)))
        with Workers(views, 1):
            laid = local_layout().render(render_documents(views, views.documents, Repairs()))
        if laid.anchors[anchors.title("d2")] != laid.anchors[anchors.body_block("d2", 1)]:
            apart.append(n)
    assert apart == []


def test_the_widow_check_finds_lines_left_alone(tmp_path):
    """The check itself: three paragraphs set by WeasyPrint with one line allowed alone
    (``orphans: 1; widows: 1``) leave orphans and widows at some lengths of the first;
    with two lines, as the print style has it, none."""
    words = "the treaty of friendship between the two governments was signed".split()
    rng = random.Random(1)
    text = [rng.choice(words) for _ in range(800)]
    found: dict[int, list[str]] = {1: [], 2: []}
    for keep, n in itertools.product((1, 2), range(400, 520, 8)):
        html = (f"<style>@page {{size: 148mm 210mm; margin: 25mm 22mm}} body {{font: "
                f"10.5pt/13pt serif; text-align: justify; orphans: {keep}; widows: {keep}}}"
                f" p {{margin: 0; text-indent: 1em}}</style><p id='b-x-1'>"
                f"{' '.join(text[:n])}</p><p id='b-x-2'>{' '.join(text[n:n + 60])}</p>"
                f"<p id='b-x-3'>{' '.join(text[n + 60:])}</p>")
        weasyprint.HTML(string=html).write_pdf(tmp_path / "set.pdf")
        pdf = BuiltPdf(tmp_path / "set.pdf")
        found[keep] += widows_and_orphans(rows(pdf.path)[0], pdf.points)
    assert any("orphan" in f for f in found[1]) and any("widow" in f for f in found[1])
    assert found[2] == []


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["new-page", "run-on"])
def test_a_dense_generated_volume_is_well_set(tmp_path, layout):
    """Three more short page-foot notes in every paragraph, names, links and
    emendations everywhere: the markup that used to break lines apart."""
    src = generate(tmp_path / "src", 8, seed=3, long_note_every=4, extra_footnotes=3)
    if layout == "run-on":
        config = src / "edition.yaml"
        config.write_text(config.read_text() + RUN_ON)
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "--only", "pdf", "-q", "-j", "2"]) == 0
    found = check(src, out)
    assert found["bad lines"] == []
    assert found["widows and orphans"] == []
    assert found["headings at the foot"] == []
    assert found["hyphens across a recto's turn"] == []
    assert found["headings apart from their text"] == []
    if layout == "new-page":
        assert found["short pages"] == []


def test_a_signature_stays_with_its_title(tmp_path):
    """A signature whose title is set on a line of its own (FRUS: "D. E. Nolan" /
    "Brig. Gen., General Staff") is never split by a page turn: before, FRUS p. 598
    ended with the name and p. 599 began with the title. Lengths of the text before it
    put the signature at the foot of the page (9 of these 15 split it)."""
    words = "the report was prepared by the officers whom I sent to London".split()
    rng = random.Random(7)
    text = [rng.choice(words) for _ in range(500)]
    split = []
    for n in range(470, 500, 2):
        body = " ".join(text[:n]) + "."
        src = write_edition(tmp_path / f"e{n}", documents={"d1.yaml": doc_yaml(body, extra=(
            'closer: "Yours very truly,"\nsigned:\n  - {name: D. E. Nolan, '
            "title: 'Brig. Gen., General Staff'}\n"))})
        views = present(resolve(load(src)))
        with Workers(views, 1):
            laid = local_layout().render(render_documents(views, views.documents, Repairs()))
        pages = [k for k, page in enumerate(laid.pages) if any(
            b.element is not None and b.element.get("id") == "sig-d1"
            for b in page._page_box.descendants())]
        if len(pages) > 1:
            split.append(n)
    assert split == []
