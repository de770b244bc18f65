"""A footnote repair that cuts a paragraph at a line (issue 12): the paragraph split in
the HTML, the count of characters that names the line, and the laid-out result, whose
lines break where the whole paragraph's did."""

from __future__ import annotations

import random

import pytest
from lxml import html
from weasyprint.formatting_structure.boxes import TextBox

from edition import anchors
from edition.layout.flowtext import align, flow, hyphenated
from edition.layout.weasy import (
    Cut,
    _flow_lines,
    _line_text,
    page_cut,
    page_fill,
    turned_words,
)
from edition.pipeline import load
from edition.present import present
from edition.resolve import resolve
from edition.writers.pdf.chunks import Workers, local_layout
from edition.writers.pdf.render import Repairs, render_documents
from edition.writers.pdf.split import FLOATS, keep_whole, split_paragraph

from .conftest import doc_yaml, write_edition

PARA = ('<p id="b1" class="fn-flow" data-block="b1" data-para="0">One two '
        '<span id="m1" class="mention"><b>Mr.</b> Three Four</span> five'
        '<a class="call-anchor" id="c1"></a><span class="footnote" id="n1">Its note.</span>'
        ' six &amp; seven.</p>')


def _text(markup: str) -> str:
    return "".join(flow(html.fragment_fromstring(markup), FLOATS).text)


@pytest.mark.parametrize("count", range(1, 32))
def test_the_two_parts_hold_the_paragraph_once(count):
    head, tail = split_paragraph(PARA, count)
    assert _text(head) + _text(tail) == _text(PARA)
    ids = [e.get("id") for part in (head, tail) for e in html.fragment_fromstring(part).iter()
           if e.get("id")]
    assert sorted(ids) == ["b1", "c1", "m1", "n1"]  # each id once, none lost
    first, second = html.fragment_fromstring(head), html.fragment_fromstring(tail)
    assert first.get("id") == "b1" and second.get("id") is None
    assert first.get("class") == "fn-flow split-head"
    assert second.get("class") == "fn-flow force-break split-tail"
    assert second.get("data-block") == "b1" and second.get("data-para") == "0"


def test_a_name_that_begins_at_the_split_goes_whole_to_the_second_part():
    head, tail = split_paragraph(PARA, 6)  # "One two " | "Mr. Three Four …"
    assert 'id="m1"' in tail and "mention" not in head
    head, tail = split_paragraph(PARA, 9)  # inside the name: its id stays with its start
    assert 'id="m1"' in head and '<span class="mention">Three Four</span>' in tail


def test_the_note_is_not_counted_and_a_count_past_the_end_is_refused():
    assert _text(PARA).count("note") == 0
    assert split_paragraph(PARA, 31) is not None and split_paragraph(PARA, 32) is None


def test_lines_are_matched_to_the_paragraph_with_the_hyphens_the_breaks_added():
    text = flow(html.fragment_fromstring("<p>A hyphen\u00adated word and an­other one</p>"),
                FLOATS)
    assert align(text, ["A hyphen\u2010"], "ated word") is None  # the line begins mid-word
    assert align(text, ["A hyphenated", "word and an-"], "other") is None
    assert align(text, ["A hyphenated"], "word and") == len("Ahyphenated")
    assert align(text, ["A hyphenated"], "wort and") is None


WORDS = ("the treaty of friendship between the two governments was signed at Moscow "
         "after long negotiations about the frontier and the question of the straits "
         "which the delegates discussed in several sessions with great care").split()


@pytest.fixture(scope="module")
def volume(tmp_path_factory):
    """One document of long paragraphs whose third calls a page-foot note."""
    rng = random.Random(12)

    def paragraph(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    body = "\n\n".join([paragraph(260), paragraph(200),
                        paragraph(160) + "[^n1] " + paragraph(240), paragraph(200)])
    src = write_edition(tmp_path_factory.mktemp("split"), documents={"d1.yaml": doc_yaml(
        body, notes='n1: {series: footnote, text: "A note of a few words."}')})
    edition = src / "edition.yaml"
    edition.write_text(edition.read_text() + "note_series:\n"
                       "  - {id: footnote, name: Footnotes, placement: page, marks: symbols}\n"
                       "  - {id: commentary, name: Notes, placement: document-end}\n")
    views = present(resolve(load(src)))
    with Workers(views, 1):
        yield views, local_layout()


def _lines(laid) -> list[tuple[int, str, str]]:
    """(page, data-block, text) of every line of the main flow."""
    return [(n, block.element.get("data-block") or "", _line_text(line))
            for n, page in enumerate(laid.pages) for block, line in _flow_lines(page._page_box)]


def _right_edges(laid) -> list[float]:
    """Where the text of every line of the main flow ends."""
    return [max(b.position_x + b.width for b in line.descendants() if isinstance(b, TextBox))
            for page in laid.pages for _, line in _flow_lines(page._page_box)]


def test_a_cut_breaks_the_page_at_the_line_and_keeps_every_line_as_it_was(volume):
    views, layout = volume
    docs = [views.doc("d1")]
    before = layout.render(render_documents(views, docs, Repairs()))
    call = anchors.call("d1", "n1")
    cut = page_cut(before, call, anchors.note("d1", "n1"), FLOATS, late=False)
    assert cut is not None and cut.count > 0 and not cut.late
    key = ("d1", "n1")
    html_ = render_documents(views, docs, Repairs(breaks={key}, cuts={key: cut}))
    assert html_.count("split-tail") == 1 and html_.count("force-break") == 1
    after = layout.render(html_)
    old, new = _lines(before), _lines(after)
    assert [t for _, _, t in old] == [t for _, _, t in new]  # the same lines, in order
    first = next(i for i, (_, _, t) in enumerate(new) if i and new[i - 1][0] != new[i][0]
                 and new[i][1] == new[i - 1][1] == cut.block)
    # the call's line (or one just before it) begins a page, after lines of its paragraph
    assert new[first - 1][1] == cut.block and after.anchors[call] == new[first][0]
    assert after.anchors[anchors.note("d1", "n1")] == after.anchors[call]
    edges = _right_edges(after)  # the first part's last line is justified like the others
    assert edges[first - 1] == pytest.approx(edges[first - 2], abs=0.5)


def test_a_cut_low_on_the_page_leaves_the_call_where_it_is(volume):
    views, layout = volume
    docs = [views.doc("d1")]
    before = layout.render(render_documents(views, docs, Repairs()))
    call, note = anchors.call("d1", "n1"), anchors.note("d1", "n1")
    cut = page_cut(before, call, note, FLOATS)
    assert cut is not None and cut.late  # the page has room below the call
    key = ("d1", "n1")
    after = layout.render(render_documents(views, docs, Repairs(breaks={key}, cuts={key: cut})))
    assert after.anchors[call] == before.anchors[call] == after.anchors[note]
    old, new = _lines(before), _lines(after)
    assert [t for _, _, t in old] == [t for _, _, t in new]
    page = before.anchors[call]
    assert sum(p == page for p, _, _ in new) < sum(p == page for p, _, _ in old)


def test_a_cut_is_named_by_its_block_and_paragraph():
    repairs = Repairs(breaks={("d", "n")}, cuts={("d", "n"): Cut("b", 2, 40),
                                                 ("d", "m"): Cut("b", 2, 10)})
    assert repairs.cut_at("b", 2) == 40  # the cut of a repair not asked for is ignored
    assert repairs.cut_at("b", 1) is None


def test_a_word_kept_whole_is_set_in_a_span_that_is_not_hyphenated():
    markup = '<p id="b">One two <i>thr</i>ee four five, six</p>'
    assert keep_whole(markup, [3, 15]) == ('<p id="b">One <span class="keep-whole">two</span> '
                                           '<i>thr</i>ee four <span class="keep-whole">five,'
                                           '</span> six</p>')
    assert keep_whole(markup, [6]) == markup  # "three" crosses an element's edge
    name = '<p id="b">Mr. <span class="name">McFadden</span>, of the Board</p>'
    assert keep_whole(name, [3]) == ('<p id="b">Mr. <span class="name"><span class="keep-whole">'
                                     'McFadden</span></span>, of the Board</p>')


def test_the_word_a_break_hyphenates_is_found_but_not_a_hyphen_of_the_text():
    text = flow(html.fragment_fromstring("<p>The Jugo-Slav state and its fron\u00adtiers</p>"),
                FLOATS)
    assert hyphenated(text, ["The Jugo-Slav"], "state and its fron\u2010") == len(
        "TheJugo-Slavstateandits")
    assert hyphenated(text, [], "The Jugo-") is None  # the text's own hyphen
    assert hyphenated(text, [], "The Jugo-Slav state") is None


def test_words_hyphenated_across_a_page_turn_are_found_and_kept_whole(volume):
    views, layout = volume
    docs = [views.doc("d1")]
    found = []
    for size in range(200, 240, 3):  # page heights until a page ends in a hyphenated word
        css = layout.page_css.replace(layout.size, f"156mm {size}mm")
        laid = layout.render(render_documents(views, docs, Repairs()), css)
        if found := turned_words(laid, FLOATS):
            break
    assert found, "no page ended in a hyphenated word"
    page, word = found[0]
    assert _lines(laid)[[n for n, _, _ in _lines(laid)].index(page + 1) - 1][2].endswith(
        "\u2010")
    again = layout.render(render_documents(views, docs, Repairs(whole=frozenset([word]))), css)
    assert (page, word) not in turned_words(again, FLOATS)
    assert 'class="keep-whole"' in again.html


def test_a_page_is_filled_to_its_last_line_or_wholly_with_notes_at_its_foot(volume):
    views, layout = volume
    docs = [views.doc("d1")]
    laid = layout.render(render_documents(views, docs, Repairs()))
    fills = [page_fill(laid, i) for i in range(len(laid.pages))]
    assert fills[laid.anchors[anchors.note("d1", "n1")]] == 1.0
    assert all(f > 0.95 for f in fills[:-1]) and 0 < fills[-1] < 0.95, fills
