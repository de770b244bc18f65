"""The print page: size, mirrored margins, and the CSS a chunk's pages are laid out with."""

from __future__ import annotations

import unicodedata

MARGINS = {"top": 19, "bottom": 22, "inner": 17, "outer": 20}  # mm; mirrored on versos
MM = 72 / 25.4  # PDF points per mm
PX = 96 / 25.4  # CSS px per mm


def css_string(text: str) -> str:
    """``text`` as a CSS string: quotes, backslashes, line breaks and every other control
    or separator character written as hex escapes, NUL as U+FFFD."""
    out = []
    for ch in text.replace("\x00", "\ufffd"):
        if ch in '"\\' or unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs"):
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def margins(side: str) -> str:
    g = MARGINS
    left, right = (g["inner"], g["outer"]) if side == "right" else (g["outer"], g["inner"])
    return f"margin: {g['top']}mm {right}mm {g['bottom']}mm {left}mm;"


def content_css(size: str) -> str:
    """Pages of a chunk: no furniture, the recto's margins on every page."""
    return (f"@page {{ size: {size}; {margins('right')} "
            "@top-left { content: none; } @top-center { content: none; } "
            "@top-right { content: none; } @bottom-center { content: none; } }\n"
            f"@page :left {{ {margins('right')} }}")
