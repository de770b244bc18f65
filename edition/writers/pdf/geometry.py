"""The print page: size, mirrored margins, and the CSS a chunk's pages are laid out with."""

from __future__ import annotations

MARGINS = {"top": 19, "bottom": 22, "inner": 17, "outer": 20}  # mm; mirrored on versos
MM = 72 / 25.4  # PDF points per mm
PX = 96 / 25.4  # CSS px per mm
PAGE_SIZES = {"a4": "A4", "letter": "letter", "us-letter": "letter", "trim": "156mm 234mm"}


def page_size(value: str) -> str:
    """The CSS page size of ``output.page_size`` (a name or two lengths)."""
    return PAGE_SIZES.get(value.lower(), value)


def css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


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
