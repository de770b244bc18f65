"""Page furniture: running heads, folios and line numbers for every page.

One empty page per page of the volume, with the real mirrored margins: the verso head is
the edition's running title, the recto head the document on that page; openings carry
only a folio at the foot, blank pages nothing. Front matter has roman folios. Line
numbers are set in the margin at the baseline of their line, and the line numbers of
apparatus entries in the boxes kept for them (lines.py), so they never move a line of
the text. Laying out 800 empty pages takes a couple of seconds, so chunks never need to
know their folios. Each page carries its folio as text, so the furniture can be laid out
a run of pages at a time (``RUN`` of them: one layout of every page of a large volume
took more memory than any other step of the build).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from markupsafe import escape

from .geometry import css_string, margins

Kind = Literal["front", "opening", "page", "blank"]
NUMBER_SIZE = 10.0  # CSS px (7.5pt): the margin line numbers
RUN = 64  # pages of furniture laid out at a time (even: each run opens on a recto)


@dataclass(frozen=True, slots=True)
class Mark:
    """A number drawn on a page: in the margin (``left`` None) on the ``side`` of the text
    column, or at ``left`` (an apparatus entry's box); positions in CSS px from the top
    left of the text area, ``top`` the top of a line whose baseline is the text's."""

    top: float
    label: str
    side: Literal["left", "right"] = "right"
    left: float | None = None
    size: float = 0.0


@dataclass(frozen=True, slots=True)
class Slot:
    """One page of the volume as the furniture sees it."""

    kind: Kind
    head: str = ""  # the recto head of a text page
    marks: tuple[Mark, ...] = ()


def _mark(mark: Mark) -> str:
    label = escape(mark.label)
    if mark.left is None:
        return f'<span class="ln {mark.side}" style="top: {mark.top:.3f}px">{label}</span>'
    return (f'<span class="al" style="top: {mark.top:.3f}px; left: {mark.left:.3f}px; '
            f'font-size: {mark.size:.3f}px">{label}</span>')


def furniture_html(slots: list[Slot], folios: list[str]) -> str:
    """The furniture of ``slots``, each page printing its folio from ``folios``."""
    divs = "".join(f'<div class="fp {s.kind}" data-head="{escape(s.head)}" '
                   f'data-folio="{escape(folio)}">{"".join(_mark(m) for m in s.marks)}</div>'
                   for s, folio in zip(slots, folios, strict=True))
    return f"<!DOCTYPE html><html><body>{divs}</body></html>"


def furniture_css(size: str, running_title: str) -> str:
    folio = "string(folio)"  # each page's own, from its data-folio
    none = ("@top-left { content: none; } @top-center { content: none; } "
            "@top-right { content: none; } @bottom-center { content: none; }")
    return f"""
@page {{ size: {size}; }}
@page :right {{ {margins("right")}
  @top-right {{ content: {folio}; }} @top-center {{ content: string(head); }} }}
@page :left {{ {margins("left")}
  @top-left {{ content: {folio}; }} @top-center {{ content: {css_string(running_title)}; }} }}
@page opening {{ {none} @bottom-center {{ content: {folio}; }} }}
@page front {{ {none} @bottom-center {{ content: {folio}; }} }}
@page blank {{ {none} }}
html, body {{ margin: 0; }}
.fp {{ break-before: page; string-set: head attr(data-head), folio attr(data-folio); height: 1px;
  position: relative; }}
.ln, .al {{ position: absolute; line-height: 0; white-space: nowrap; text-indent: 0;
  font-variant-numeric: lining-nums tabular-nums; }}
.ln {{ font-size: {NUMBER_SIZE}px; width: 8mm; }}
.ln.right {{ left: calc(100% + 3.5mm); text-align: left; }}
.ln.left {{ right: calc(100% + 3.5mm); text-align: right; }}
.fp:first-child {{ break-before: auto; }}
.fp.opening {{ page: opening; }}
.fp.front {{ page: front; }}
.fp.blank {{ page: blank; }}
"""
