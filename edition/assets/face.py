"""The book face: EB Garamond from the pip package ``fontpkg-eb-garamond`` (SIL OFL 1.1).

It covers Latin Extended (Turkish ş ğ ı İ), Cyrillic and Greek in roman and italic, with
old-style figures and true small caps; bold comes from its weight axis. WeasyPrint
falls back silently to another font for a missing glyph, so the writer asks
:func:`missing_glyphs` about every character it sets and warns.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fontpkg_eb_garamond
from fontTools.ttLib import TTFont

FAMILY = "EB Garamond"
FONT_DIR = Path(fontpkg_eb_garamond.ROOT) / "files"
FACES = {"normal": FONT_DIR / "EBGaramond[wght].ttf",
         "italic": FONT_DIR / "EBGaramond-Italic[wght].ttf"}
LICENCE = Path(fontpkg_eb_garamond.ROOT) / "LICENSE"
# Static instances of FACES at the weights the print style sets (tools/static_faces.py):
# WeasyPrint would instance the variable fonts again in every PDF the writer makes.
STATIC_DIR = Path(__file__).resolve().parent / "fonts"
WEIGHTS = (400, 500, 600, 700)
STATIC = {(style, weight): STATIC_DIR / f"EBGaramond-{style}-{weight}.ttf"
          for style in FACES for weight in WEIGHTS}


def font_face_css() -> str:
    """@font-face rules for the book face in print, one per style and weight (file URLs,
    served by the safe fetcher)."""
    return "\n".join(
        f'@font-face {{ font-family: "{FAMILY}"; src: url("{path.as_uri()}"); '
        f"font-style: {style}; font-weight: {weight}; }}"
        for (style, weight), path in STATIC.items()
    )


@cache
def baseline_shift() -> float:
    """Where the baseline of a line with ``line-height: 0`` lies below the line's top,
    in ems: half the difference of the face's ascent and descent (as Pango places it)."""
    font = TTFont(str(FACES["normal"]), lazy=True)
    units = font["head"].unitsPerEm
    return (font["hhea"].ascent + font["hhea"].descent) / 2 / units


@cache
def _cmaps() -> list[set[int]]:
    return [set(TTFont(str(path), lazy=True).getBestCmap()) for path in FACES.values()]


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` that some style of the book face cannot set."""
    cmaps = _cmaps()
    return {ch for ch in set(text)
            if ch not in " \t\r\n" and any(ord(ch) not in cmap for cmap in cmaps)}
