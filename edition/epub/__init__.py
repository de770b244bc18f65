"""The EPUB 3 writer: ``build/<slug>.epub`` from the resolved edition.

Order of work: read the page map the print writer left beside the outputs
(:mod:`.pagebreaks`), render every content document from the templates of
``templates/epub`` (:mod:`.documents`, :mod:`.render`, :mod:`.indexes`), let EbookLib
write the container and package document (:mod:`.package`), make the zip reproducible
(:mod:`.reproducible`), and replace the previous EPUB only when all of that succeeded.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..clock import build_time
from ..diagnostics import Diagnostic, Loc
from ..model import Edition
from ..output import atomic
from ..resolve import Resolved
from .documents import CSS, ENV, FONTS_CSS, Page, content_documents
from .package import write_package
from .pagebreaks import load_breaks
from .reproducible import normalise

FONTS_ENV = "EDITION_EPUB_FONTS"  # 'embed' (or 1, yes, true) embeds the book face


def embed_fonts_default() -> bool:
    return os.environ.get(FONTS_ENV, "").strip().lower() in {"1", "yes", "true", "embed"}


def _fonts(ed: Edition) -> tuple[list[tuple[str, bytes]], list[Page]]:
    """The book face and the page with its licence (SIL OFL asks for the licence to
    travel with the fonts)."""
    from ..pdf.fonts import FACES, LICENCE  # the same files the PDF is set in

    fonts = [(f"fonts/{path.name.replace('[wght]', '-VF')}", path.read_bytes())
             for path in FACES.values()]
    licence = LICENCE.read_text(encoding="utf-8")
    html = ENV.get_template("font-licence.xhtml").render(
        ed=ed, title="Font licence",
        styles=[CSS, FONTS_CSS], here="font-licence.xhtml", licence=licence)
    return fonts, [Page("font-licence", "font-licence.xhtml", "Font licence", html)]


def write_epub(res: Resolved, out_dir: Path, *,
               embed_fonts: bool | None = None) -> tuple[Path, list[Diagnostic]]:
    """Write the EPUB atomically: a failed build leaves the previous file untouched.

    Fonts are embedded when ``embed_fonts`` is true, or when it is None and either
    ``output.epub_fonts`` in edition.yaml is true or the environment variable
    EDITION_EPUB_FONTS says 'embed'; by default the book reads in the reading system's
    own fonts.
    """
    ed = res.edition
    fonts_wanted = (ed.epub_fonts or embed_fonts_default()) if embed_fonts is None \
        else embed_fonts
    breaks, warnings = load_breaks(res, out_dir)
    built = build_time()
    book = content_documents(res, breaks, built, fonts_wanted)
    if breaks is not None and len(book.markers) != len(breaks.markers):
        lost = {mk.label for mk in breaks.markers} - {mk.label for mk in book.markers}
        warnings.append(Diagnostic(Loc("epub"), f"{len(lost)} print page(s) have no marker "
                                   f"in the EPUB (e.g. page {sorted(lost)[0]})",
                                   "report this as a bug", "warning"))
    fonts, extra = _fonts(ed) if fonts_wanted else ([], [])
    data = normalise(write_package(res, book, built, fonts, extra), built)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{ed.slug}.epub"
    with atomic(target) as tmp:
        tmp.write_bytes(data)
    return target, warnings
