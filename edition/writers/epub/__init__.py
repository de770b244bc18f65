"""The EPUB 3 writer: ``<slug>.epub`` from the presented edition.

Order of work: take the layout facts of this build's print layout, or the page map an
earlier one left (:mod:`.pagebreaks`), render every content document from the templates
of ``templates/epub`` (:mod:`.documents`, :mod:`.render`, :mod:`.indexes`), let EbookLib
write the container and package document (:mod:`.package`) and make the zip
reproducible (:mod:`.reproducible`).
"""

from __future__ import annotations

import os
from collections import Counter

from ...assets.face import FACES, LICENCE
from ...clock import build_time
from ...diagnostics import Diagnostic, Loc
from ...present import Views
from .. import Job, Written
from .cover import cover
from .documents import CSS, FONTS_CSS, Page, content_documents, templates
from .package import write_package
from .pagebreaks import load_breaks
from .reproducible import normalise

FONTS_ENV = "EDITION_EPUB_FONTS"  # 'embed' (or 1, yes, true) embeds the book face


def embed_fonts_default() -> bool:
    return os.environ.get(FONTS_ENV, "").strip().lower() in {"1", "yes", "true", "embed"}


def _fonts(views: Views) -> tuple[list[tuple[str, bytes]], list[Page]]:
    """The book face and the page with its licence (SIL OFL asks for the licence to
    travel with the fonts)."""
    ed = views.res.edition
    fonts = [(f"fonts/{path.name.replace('[wght]', '-VF')}", path.read_bytes())
             for path in FACES.values()]
    licence = LICENCE.read_text(encoding="utf-8")
    html = templates(ed.source_dir).get_template("font-licence.xhtml").render(
        ed=ed, views=views, title="Font licence",
        styles=[CSS, FONTS_CSS], here="font-licence.xhtml", licence=licence)
    return fonts, [Page("font-licence", "font-licence.xhtml", "Font licence", html)]


def write(job: Job, *, embed_fonts: bool | None = None) -> Written:
    """The EPUB of ``job``.

    Fonts are embedded when ``embed_fonts`` is true, or when it is None and either
    ``output.epub_fonts`` in edition.yaml is true or the environment variable
    EDITION_EPUB_FONTS says 'embed'; by default the book reads in the reading system's
    own fonts.
    """
    views = job.views
    res = views.res
    ed = res.edition
    fonts_wanted = (ed.epub_fonts or embed_fonts_default()) if embed_fonts is None \
        else embed_fonts
    breaks, warnings = load_breaks(res, job.facts, job.out_dir)
    book = content_documents(views, breaks, fonts_wanted)
    placed = Counter(mk.id for mk in book.markers)
    wrong = [mk.label for mk in breaks.markers if placed[mk.id] != 1] if breaks else []
    if wrong:
        warnings.append(Diagnostic(Loc("epub"), f"{len(wrong)} print page(s) have no marker "
                                   f"or more than one in the EPUB (e.g. page {wrong[0]})",
                                   "report this as a bug", "warning"))
    fonts, extra = _fonts(views) if fonts_wanted else ([], [])
    image, problems = cover(ed)
    warnings += problems
    page = Page("cover", "cover.xhtml", "Cover", templates(ed.source_dir).get_template(
        "cover.xhtml").render(ed=ed, views=views, title="Cover",
                              styles=[CSS] + ([FONTS_CSS] if fonts_wanted else []),
                              here="cover.xhtml", image=image.file))
    book.pages.insert(0, page)
    built = build_time()
    data = normalise(write_package(views, book, built, fonts, extra, image), built)
    return Written({job.out_dir / f"{ed.slug}.epub": data}, warnings)
