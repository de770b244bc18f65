"""The height of a page's footnote area, each note laid out once per page.

WeasyPrint 70 measures the footnote area again each time a note is added to the page,
taken off it or moved on (``LayoutContext._update_footnote_area``), laying out every
note already there anew: with n notes on a page, about n²/2 note layouts. On a volume
with several page-foot notes a page this was 40% of the layout time. Here each note is
laid out once, alone in a copy of the page's area, and the area's height is the sum of
the notes' heights, added in order as the area's own layout adds them: the same wherever
the notes have no vertical margins (the print style gives them none; a note with margins
falls back to WeasyPrint's own measure). The area printed on the page is still laid out
by WeasyPrint at the end of the page (``layout/page.py``): only the room left for the text
is computed here, and it agrees with WeasyPrint's to about 1e-13 pt, far inside the
relative 1e-9 that its page-break test allows (``LayoutContext.overflows``).
"""

from __future__ import annotations

from math import inf

from weasyprint.formatting_structure import build
from weasyprint.layout import LayoutContext
from weasyprint.layout.block import block_level_layout

_original = LayoutContext._update_footnote_area


def _alone(context: LayoutContext, note) -> tuple:
    """``note`` laid out alone in a copy of the page's footnote area: (the laid-out area,
    the note's margin height, whether its height adds up as is), once per page."""
    area = context.current_footnote_area
    memo = context.__dict__.setdefault("_edition_notes", {})
    key = (id(area), id(note))
    if key not in memo:
        single = area.copy()
        single.children = [note]
        laid = block_level_layout(context, build.create_anonymous_boxes(single.deepcopy()),
                                  -inf, None, area.page)[0]
        child = laid.children[0]
        plain = len(laid.children) == 1 and child.margin_top == 0 and child.margin_bottom == 0
        memo[key] = (area, note, laid, child.margin_height(), plain)  # keeps the ids taken
    return memo[key][2:]


def _update_footnote_area(self: LayoutContext) -> bool:
    """Update the page bottom and the footnote area's height; whether the notes overflow
    the area's largest height (WeasyPrint's own contract)."""
    notes = self.current_page_footnotes
    measured = [_alone(self, note) for note in notes]
    if not notes or not all(plain for _, _, plain in measured):
        return _original(self)
    if self.current_footnote_area.height != "auto" and not self.in_column:
        self.page_bottom += self.current_footnote_area.margin_height()
    self.current_footnote_area.children = notes
    area = measured[0][0].copy()
    top = y = area.content_box_y()
    for _, height, _ in measured:
        y += height
    area.height = max(min(max(0, y - top), area.max_height), area.min_height)
    self.current_footnote_area.height = area.height
    if not self.in_column:
        self.page_bottom -= area.margin_height()
    bottom = area.position_y + area.margin_height() - area.margin_bottom
    return y > bottom


def install_footnote_area_cache() -> None:
    """Replace ``LayoutContext._update_footnote_area`` (idempotent)."""
    LayoutContext._update_footnote_area = _update_footnote_area
