"""The footnote area measured note by note (edition/layout/footnote_area.py) sets every
page as WeasyPrint's own measure does, on pages crowded with notes."""

from __future__ import annotations

import pytest
from weasyprint.formatting_structure import boxes
from weasyprint.layout import LayoutContext

from edition.layout import footnote_area
from edition.pipeline import load
from edition.present import present
from edition.resolve import resolve
from edition.synthetic import generate
from edition.writers.pdf.chunks import Workers, local_layout
from edition.writers.pdf.render import Repairs, render_documents


def _pages(html: str) -> list[tuple]:
    """Each page's anchors and its footnote area's notes and height."""
    laid = local_layout().render(html)
    out = []
    for number, page in enumerate(laid.pages):
        areas = [b for b in page._page_box.children if isinstance(b, boxes.FootnoteAreaBox)]
        notes = [(c.element.get("id"), c.position_y) for a in areas for c in a.children
                 if c.element is not None]
        out.append((sorted(a for a, p in laid.anchors.items() if p == number), notes,
                    [a.height for a in areas]))
    return out


def test_pages_crowded_with_notes_are_set_as_weasyprint_sets_them(tmp_path, monkeypatch):
    src = generate(tmp_path / "src", 6, seed=2, long_note_every=2, extra_footnotes=3)
    views = present(resolve(load(src)))
    with Workers(views, 1):
        html = render_documents(views, views.documents, Repairs())
        ours = _pages(html)
        calls = []
        monkeypatch.setattr(LayoutContext, "_update_footnote_area",
                            lambda self: calls.append(1) or footnote_area._original(self))
        theirs = _pages(html)
    assert len(calls) > 50  # the original measured the area that often
    assert max(len(notes) for _, notes, _ in ours) >= 6
    assert ours == theirs


@pytest.mark.parametrize("margin", ["0", "1mm"])
def test_a_note_with_margins_is_measured_by_weasyprint(tmp_path, monkeypatch, margin):
    """Heights add up only without vertical margins: a note with them (a style sheet of
    the edition's own) falls back to WeasyPrint's measure."""
    fallbacks = []
    original = footnote_area._original
    monkeypatch.setattr(footnote_area, "_original",
                        lambda self: fallbacks.append(1) or original(self))
    notes = "".join(f'<span class="footnote" style="margin-bottom: {margin}">Note {i}.'
                    "</span>" for i in range(4))
    local_layout().render(f"<p>Text{notes} and more text.</p>")
    assert bool(fallbacks) == (margin != "0")
