"""Page furniture: running heads and folios for every page of the volume, in one pass.

One empty page per page of the volume, with the real mirrored margins: the verso head is
the edition's running title, the recto head the document on that page; openings carry
only a folio at the foot, blank pages nothing. Front matter has roman folios. Laying out
800 empty pages takes a couple of seconds, so chunks never need to know their folios.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from markupsafe import escape

from .geometry import css_string, margins

Kind = Literal["front", "opening", "page", "blank"]


@dataclass(frozen=True, slots=True)
class Slot:
    """One page of the volume as the furniture sees it."""

    kind: Kind
    head: str = ""  # the recto head of a text page


def furniture_html(slots: list[Slot]) -> str:
    divs = "".join(f'<div class="fp {s.kind}" data-head="{escape(s.head)}"></div>'
                   for s in slots)
    return f"<!DOCTYPE html><html><body>{divs}</body></html>"


def furniture_css(size: str, running_title: str, roman: bool) -> str:
    counter = "counter(page, lower-roman)" if roman else "counter(page)"
    none = ("@top-left { content: none; } @top-center { content: none; } "
            "@top-right { content: none; } @bottom-center { content: none; }")
    return f"""
@page {{ size: {size}; }}
@page :right {{ {margins("right")}
  @top-right {{ content: {counter}; }} @top-center {{ content: string(head); }} }}
@page :left {{ {margins("left")}
  @top-left {{ content: {counter}; }} @top-center {{ content: {css_string(running_title)}; }} }}
@page opening {{ {none} @bottom-center {{ content: {counter}; }} }}
@page front {{ {none} @bottom-center {{ content: {counter}; }} }}
@page blank {{ {none} }}
html, body {{ margin: 0; }}
.fp {{ break-before: page; string-set: head attr(data-head); height: 1px; }}
.fp:first-child {{ break-before: auto; }}
.fp.opening {{ page: opening; }}
.fp.front {{ page: front; }}
.fp.blank {{ page: blank; }}
"""
