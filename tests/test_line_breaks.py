"""The print markup must not move line breaks: a paragraph with the builder's names,
cross-references, editorial signs and note calls breaks exactly where the same text
without them does (edition/layout/weasy.py: install_line_break_fix; PrintRenderer.inlines
sets every element edge at a space)."""

from __future__ import annotations

import re

import pytest
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes

from edition.assets import ASSETS
from edition.assets.face import font_face_css
from edition.layout import weasy  # noqa: F401  (installs the line-break fix)

NB = "\u00a0"
# One paragraph as PrintRenderer writes it (mentions, an xref in parentheses, a title
# with a no-break space, an apparatus lemma, a page-foot note), from the bug report.
MARKED = (
    'On my return from Berlin I learned that <span class="name person" id="m-1">Tevfik '
    'Rüştü</span> had, as reported in my despatch <a class="xref" href="#doc-20">(No.'
    f'{NB}20 of April 14),</a> a memorandum of a conversation with Dr.{NB}<span '
    'class="name person" id="m-3">Schacht</span> which had been communicated at <span '
    'class="name place" id="m-4">Ankara,</span> and that the Minister considered the '
    'question of the <span class="emendation" id="app-1" title="x">credits</span> closed. '
    'The memorandum, which I have not seen, is said to state that the German government '
    'would not object to the delivery of arms by private firms, provided that the '
    'Turkish government gave an assurance<a class="call-anchor" id="call-d-n1"></a><span '
    'class="footnote" id="note-d-n1" data-mark="*">A note.</span> that they would not be '
    'sent on to third countries. Both recognition and further assistance were discussed '
    f'by <span class="name person" id="m-7">Ismet</span> and Dr.{NB}<span class="name '
    'person" id="m-8">Schacht</span> at some length.')
PLAIN = re.sub(r'<a class="call-anchor"[^>]*></a><span class="footnote"[^>]*>[^<]*</span>',
               '<span class="fncall">*</span>', MARKED)
PLAIN = re.sub(r"</?(span|a)( [^>]*)?>", "", PLAIN.replace(
    '<span class="fncall">*</span>', "\x00")).replace("\x00", '<span class="fncall">*</span>')
FNCALL = (".fncall { font-size: calc(8.6pt * 0.7); line-height: 0; vertical-align: super;"
          " margin-left: 0.05em; }")


def lines(html_body: str, widths: list[float], extra_css: str) -> list[list[str]]:
    body = "".join(f'<p data-k="{i}" style="width: {w}px">{html_body}</p>'
                   for i, w in enumerate(widths))
    css = font_face_css() + (ASSETS / "print.css").read_text()
    doc = HTML(string=f'<html lang="en"><body><div class="body">{body}</div></body></html>',
               base_url=str(ASSETS)).render(
        stylesheets=[CSS(string=css), CSS(string="@page { size: 156mm 5000mm }"),
                     CSS(string=extra_css)])
    out: dict[int, list[str]] = {}

    def walk(box, key):
        if box.element is not None and not isinstance(
                box, (boxes.InlineLevelBox, boxes.LineBox)) and box.element.get("data-k"):
            key = int(box.element.get("data-k"))
        if isinstance(box, boxes.LineBox):
            text = "".join(b.text for b in box.descendants()
                           if isinstance(b, boxes.TextBox))
            out.setdefault(key, []).append(" ".join(text.split()))
        elif isinstance(box, boxes.ParentBox):
            for child in box.children:
                walk(child, key)

    for page in doc.pages:
        walk(page._page_box, None)
    return [out[i] for i in range(len(widths))]


@pytest.mark.parametrize("start", [240.0, 240.5, 241.0, 241.5])
def test_markup_does_not_move_line_breaks(start):
    widths = [start + 2 * i for i in range(105)]  # 240-450 px, 420 measures in all
    marked = lines(MARKED, widths, "")
    plain = lines(PLAIN, widths, FNCALL)
    bad = [(w, m, p) for w, m, p in zip(widths, marked, plain, strict=True) if m != p]
    assert not bad, f"{len(bad)} measures differ, e.g. {bad[0][0]} px: {bad[0][1]}"


TEXT = ("On my return from Berlin I learned that Tevfik Rüştü had, as reported in my "
        "despatch ([No. 20 of April 14](#d2)), a memorandum of a conversation with "
        "Dr. Schacht which had been communicated at Ankara, and that the Minister "
        "considered the question of the [credits]{.corr orig=\"credit\" reason=\"x\"} "
        "closed. Both recognition and further assistance were discussed by Ismet and "
        "Dr. Schacht (“at some length”) in Ankara’s offices.")


def test_the_print_renderer_keeps_every_edge_at_a_space(tmp_path):
    """The builder's own markup for names, a cross-reference in parentheses, an
    emendation and a no-break space: the same lines as the bare text."""
    from edition.pipeline import load
    from edition.present import present
    from edition.resolve import resolve
    from edition.visit import plain
    from edition.writers.pdf.render import PrintRenderer

    from .conftest import doc_yaml, write_edition
    persons = ("- {id: tr, name: Tevfik Rüştü, forms: [Tevfik Rüştü]}\n"
               "- {id: sc, name: Schacht, forms: [Schacht]}\n- {id: is, name: Ismet, "
               "forms: [Ismet]}\n")
    src = write_edition(tmp_path / "ed", persons=persons, documents={
        "d1.yaml": doc_yaml(TEXT), "d2.yaml": doc_yaml("Other.", id="d2")})
    views = present(resolve(load(src)))
    doc = views.res.edition.documents[0]
    html = str(PrintRenderer(views, doc).inlines(doc.body[0].children))
    assert html.count('class="name') == 6 and 'class="xref"' in html
    assert "(No.\u00a020 of April 14)," in re.sub(r"<[^>]+>", "", html)
    widths = [240.0 + 3 * i for i in range(70)]
    bare = str(plain(doc.body[0].children)).replace("&", "&amp;").replace("<", "&lt;")
    assert lines(html, widths, "") == lines(bare, widths, "")
