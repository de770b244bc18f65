"""Classroom handouts: the sample handout and its teacher's version, read back from the
built PDFs; malformed handouts are located errors."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from edition import model as m
from edition.cli import main
from edition.pipeline import load
from edition.present import handout_view, present
from edition.resolve import resolve
from edition.visit import block_text, plain, walk_blocks

from .conftest import doc_yaml, only_error, where
from .pdfcheck import MM, norm_words

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "source"
HANDOUT = "soviet-turkish-1921"
TEXT_LEFT = 27 * MM  # handouts set their text 28 mm from the left edge


def lines_of(path: Path) -> list[tuple[int, float, float, str, str]]:
    """(page, baseline, size, text, margin number) of every printed line, in reading order;
    a number in the left margin belongs to the line whose baseline it shares (±0.3 pt)."""
    out = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            rows: dict[float, list[dict]] = {}
            margin = [c for c in page.chars if c["x1"] < TEXT_LEFT]
            for ch in page.chars:
                if ch["x1"] >= TEXT_LEFT:
                    rows.setdefault(round(ch["matrix"][5], 1), []).append(ch)
            for base in sorted(rows, reverse=True):
                chars = sorted(rows[base], key=lambda c: c["x0"])
                digits = "".join(c["text"] for c in sorted(margin, key=lambda c: c["x0"])
                                 if abs(c["matrix"][5] - base) < 0.3)
                out.append((number, base, max(c["size"] for c in chars),
                            "".join(c["text"] for c in chars), digits))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    assert main(["build", str(SOURCE), "-o", str(out), "-q"]) == 0
    return out / "handouts" / f"{HANDOUT}.pdf", out / "handouts" / f"{HANDOUT}-teacher.pdf"


@pytest.fixture(scope="module")
def views():
    return present(resolve(load(SOURCE)))


def text_of(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def test_both_versions_are_a4_and_carry_their_marks(built):
    students, teacher = built
    for path in built:
        with pdfplumber.open(path) as pdf:
            assert all((round(p.width), round(p.height)) == (595, 842) for p in pdf.pages)
            pages = [p.extract_text() or "" for p in pdf.pages]
        assert all(f"page {i} of {len(pages)}" in t for i, t in enumerate(pages, 1))
        marked = ["Teacher’s version" in t for t in pages]
        assert all(marked) if path == teacher else not any(marked)
    with pdfplumber.open(students) as pdf:
        assert len(pdf.pages) <= 4  # the page count the handout asks for


def test_the_selected_paragraphs_and_only_they_are_printed(built, views):
    students, _ = built
    doc = views.res.edition.documents[0]
    printed = "".join(norm_words(text_of(students)))
    signs = views.res.edition.signs
    for n, block in enumerate(doc.body, 1):
        words = "".join(norm_words(block_text(block, signs))[:12])
        assert (words in printed) == (n in (6, 9, 11)), n
    text = text_of(students)
    assert text.count("[…]\n") >= 3  # before ¶6, between ¶6 and ¶9, ¶9 and ¶11
    assert "Mr. Ambassador," not in text.split("Persons and places")[0].split("[…]")[0]


def test_every_fifth_line_is_numbered_within_the_handout(built, views):
    students, teacher = built
    lines = lines_of(students)
    signs = views.res.edition.signs
    doc = views.res.edition.documents[0]
    keys = ["".join(norm_words(t)) for _, _, _, t, _ in lines]
    first = "".join(norm_words(block_text(doc.body[5], signs))[:8])
    last = "".join(norm_words(block_text(doc.body[10], signs))[-6:])
    start = next(i for i, k in enumerate(keys) if first in k)
    if lines[start - 1][3] == "[…]":  # the text begins with the sign of what is left out
        start -= 1
    joined = ""
    end = start
    for i in range(start, len(keys)):
        joined += keys[i]
        if last in joined:
            end = i
            break
    text = [ln for ln in lines[start:end + 1] if 10.4 <= ln[2] <= 11.6]  # text, quotes, […]
    numbered = [(i + 1, ln[4]) for i, ln in enumerate(text) if ln[4]]
    assert numbered == [(k, str(k)) for k in range(5, len(text) + 1, 5)]
    assert len(numbered) >= 6
    def text_lines(rows):  # within the text area: running heads and folios set apart
        return [(ln[0], ln[1], ln[3], ln[4]) for ln in rows if 26 * MM < ln[1] < 841 - 24 * MM]
    count = len(text_lines(lines[:end + 1]))
    assert text_lines(lines_of(teacher))[:count] == text_lines(lines[:end + 1])


def test_the_glossary_lists_exactly_the_names_of_the_excerpt(built, views):
    students, _ = built
    ed = views.res.edition
    hv = handout_view(views, ed.handouts[0])
    ex = hv.excerpts[0]
    text_blocks = [item[1] for item in ex.blocks if item]
    note_blocks = [b for note in ex.notes for b in note.blocks]
    title = [m.Paragraph(ex.view.doc.title)]
    named = {(n.kind, n.target) for n in walk_blocks(text_blocks + note_blocks + title)
             if isinstance(n, m.Mention)}
    expected = {ed.authorities(kind)[key].name for kind, key in named}
    assert {a.name for a in hv.glossary} == expected
    glossary = text_of(students).split("Persons and places")[1].split("Questions")[0]
    flat = " ".join(glossary.split())
    for name in expected:
        assert " ".join(name.split()) in flat, name
    body_only = {a.name for a in ed.persons.values()} - expected
    assert not any(f"{n} (" in flat or f"\n{n}\n" in glossary for n in body_only)


def test_questions_for_students_and_answers_for_the_teacher(built, views):
    students, _ = built
    handout = views.res.edition.handouts[0]
    s_text, t_text = (" ".join(text_of(p).split()) for p in built)
    for q in handout.questions:
        first = " ".join(plain(q.text).split()[:6])
        assert first in s_text and first in t_text
        answer = " ".join(block_text(q.answer[0], views.res.edition.signs).split()[:6])
        assert answer not in s_text and answer in t_text
    assert "Notes for the teacher" in t_text and "Notes for the teacher" not in s_text
    with pdfplumber.open(students) as pdf:  # ruled lines to write the answers on
        rules = {(n, round(box["top"])) for n, p in enumerate(pdf.pages) for box in p.rects
                 if box["x1"] - box["x0"] > 300 and 15 < box["bottom"] - box["top"] < 30}
    assert len(rules) == sum(q.lines for q in handout.questions)


def test_one_handout_and_only_the_teachers_version(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(SOURCE), "-o", str(out), "--handout", HANDOUT, "--teacher",
                 "-q"]) == 0
    assert sorted(p.name for p in (out / "handouts").iterdir()) == [f"{HANDOUT}-teacher.pdf"]
    assert not list(out.glob("*.pdf"))
    assert main(["build", str(SOURCE), "-o", str(out), "--handout", "nope", "-q"]) == 1


HANDOUT_YAML = """\
id: h1
title: A handout
excerpts:
  - document: {doc}
    paragraphs: [{paras}]
"""


@pytest.mark.parametrize(("doc", "paras", "message"), [
    ("d2", "1", "handout 'h1': unknown document 'd2'"),
    ("d1", "5", "handout 'h1': document 'd1' has 2 paragraphs, not 5"),
    ("d1", '"3-1"', "field 'paragraphs': '3-1' is not a range of paragraphs from 1"),
])
def test_a_malformed_handout_is_a_located_error(run_check, make, doc, paras, message):
    src = make(documents={"d1.yaml": doc_yaml("One.\n\nTwo.")})
    (src / "handouts").mkdir()
    (src / "handouts" / "h1.yaml").write_text(HANDOUT_YAML.format(doc=doc, paras=paras))
    from edition.pipeline import check
    _, diags = check(src)
    err = only_error(diags)
    assert err.message.startswith(message), err.message
    file, line, column = where(err)
    assert file.endswith("handouts/h1.yaml") and line >= 3 and column >= 1


def test_a_handout_longer_than_asked_warns(make, tmp_path):
    src = make(documents={"d1.yaml": doc_yaml("\n\n".join(["Words and more words."] * 200))})
    (src / "handouts").mkdir()
    (src / "handouts" / "h1.yaml").write_text(
        "id: h1\ntitle: A handout\npages: 1\nexcerpts:\n  - document: d1\n")
    from edition.pipeline import build
    outcome = build(load(src), tmp_path / "out", ["handouts"])
    assert any("more than the 1 asked for" in w.message for w in outcome.warnings)
    assert re.search(r"h1\.pdf$", str(outcome.written["handouts"][0]))
