"""The EPUB's cover: the editor's own image (``output.epub_cover``, confined to the
edition folder), or a typographic SVG cover made from the title page's words."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from markupsafe import escape

from ... import model as m
from ...diagnostics import Diagnostic, Loc
from ...paths import edition_file

MEDIA = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg"}
WIDTH, HEIGHT = 600, 900


@dataclass(frozen=True, slots=True)
class Cover:
    file: str  # inside EPUB/
    data: bytes
    media_type: str


def _lines(text: str, width: int, size: int, y: int, style: str = "") -> tuple[str, int]:
    out = []
    for line in textwrap.wrap(text, width):
        y += int(size * 1.25)
        out.append(f'<text x="{WIDTH // 2}" y="{y}" font-size="{size}"{style}>'
                   f"{escape(line)}</text>")
    return "\n".join(out), y


def typographic(ed: m.Edition) -> bytes:
    """Title, subtitle, editors and series, centred in a ruled frame."""
    title, y = _lines(ed.title, 24, 40, 120)
    subtitle, y = _lines(ed.subtitle, 44, 22, y + 30, ' font-style="italic"') \
        if ed.subtitle else ("", y)
    editors = "Edited by " + ", ".join(name for name, _ in ed.editors)
    names, _ = _lines(editors, 40, 24, max(y + 60, 640))
    series, _ = _lines(ed.series_title, 44, 20, 800) if ed.series_title else ("", 0)
    return f'''<?xml version="1.0" encoding="utf-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {WIDTH} {HEIGHT}" \
width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(ed.title)}">
<title>{escape(ed.title)}</title>
<rect width="{WIDTH}" height="{HEIGHT}" fill="#f6f1e7"/>
<rect x="30" y="30" width="{WIDTH - 60}" height="{HEIGHT - 60}" fill="none" stroke="#3a2f25" \
stroke-width="3"/>
<g font-family="EB Garamond, Georgia, serif" fill="#1d1712" text-anchor="middle">
{title}
{subtitle}
{names}
{series}
</g>
</svg>
'''.encode()


def cover(ed: m.Edition) -> tuple[Cover, list[Diagnostic]]:
    """The editor's image when edition.yaml names a usable one, else the generated cover."""
    warnings = []
    if ed.epub_cover:
        path = edition_file(ed.source_dir, ed.epub_cover)
        media = MEDIA.get(path.suffix.lower()) if path else None
        if path is not None and media is not None:
            return Cover(f"images/cover{path.suffix.lower()}", path.read_bytes(), media), []
        warnings.append(Diagnostic(Loc(str(ed.source_dir / "edition.yaml")),
                                   f"output.epub_cover '{ed.epub_cover}' is not a JPEG, PNG "
                                   "or SVG file inside the edition folder; the EPUB has a "
                                   "generated cover", "name an image file of the edition "
                                   "folder", "warning"))
    return Cover("images/cover.svg", typographic(ed), MEDIA[".svg"]), warnings
