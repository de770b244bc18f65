"""The baseline: one plain WeasyPrint pass over the whole volume, as a naive tool would do.

The volume's HTML is the front matter, every document and the indexes, made with the
project's own print templates and stylesheet and concatenated into one HTML document
(each template's <body> content, wrapped in a div with the template's body class). Page
size, margins, folios and running heads come from a small page stylesheet below (the
builder sets these itself, outside print.css). Two variants:

* ``plain``: the HTML as the templates print it. No cross-reference computation: the
  contents list has no page numbers, and the index has one locator per document an
  entry occurs in, labelled with the document's ordinal (about as many locators as the
  real index, which has one per page, with the wrong numbers).
* ``naive``: what one pass needs for true page numbers: the contents entries and every
  index locator of the plain variant are ``target-counter(attr(href), page)`` links to
  the place itself (the entry's first occurrence in the document), so that WeasyPrint
  resolves them during layout. CSS cannot merge locators that land on the same page or
  make ranges, so such an index would repeat numbers; with one link per document
  rather than one per mention, this baseline errs on the fast side.

``python bench/baseline.py SRC --variant plain|naive [-o OUT.pdf]`` prints one JSON object
(times, pages, the process's own peak RSS); bench/run.py runs each variant in its own
process so that the peak RSS of one does not hide in the other's.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML

from edition.pipeline import check
from edition.present import Views, present
from edition.resolve import resolve
from edition.resolve.index import IndexEntry, Locator
from edition.writers.pdf import geometry, render
from edition.writers.pdf.chunks import PrintLayout

BODY = re.compile(r'<body class="([^"]*)">(.*)</body>', re.S)
LOCATOR = re.compile(r'<a href="#(?!idx-)([^"]+)">([^<]*?)(n?)</a>')

NAIVE_CSS = """
ul.toc li a::after { content: leader(". ") target-counter(attr(href), page); }
.index-entry a.loc::after { content: target-counter(attr(href), page); }
"""


def _body(html: str) -> str:
    match = BODY.search(html)
    if match is None:
        raise ValueError("template output without <body class=...>")
    return f'<div class="{match[1]}">{match[2]}</div>'


def page_css(views: Views, layout: PrintLayout) -> str:
    """Size, mirrored margins, folios and running heads for a one-pass volume."""
    g = geometry.MARGINS
    ed = views.res.edition
    running = geometry.css_string(ed.running_title or ed.title)
    right = f"margin: {g['top']}mm {g['outer']}mm {g['bottom']}mm {g['inner']}mm;"
    left = f"margin: {g['top']}mm {g['inner']}mm {g['bottom']}mm {g['outer']}mm;"
    none = ("@top-left { content: none; } @top-right { content: none; } "
            "@top-center { content: none; }")
    return f"""
@page {{ size: {layout.size}; }}
@page :right {{ {right} @top-right {{ content: counter(page); }}
  @top-center {{ content: string(runhead); font: 9pt/1 "EB Garamond", serif; }} }}
@page :left {{ {left} @top-left {{ content: counter(page); }}
  @top-center {{ content: {running}; font: 9pt/1 "EB Garamond", serif; }} }}
@page :first {{ {none}
  @bottom-center {{ content: counter(page); font: 9pt/1 "EB Garamond", serif; }} }}
@page :blank {{ {none} @bottom-center {{ content: none; }} }}
.doc-heading {{ string-set: runhead attr(data-bookmark); }}
"""


def _documents(views: Views) -> str:
    return _body(render.render_documents(views, views.documents, render.Repairs()))


def _locators(entry: IndexEntry, ordinal: dict[str, int]) -> list[Locator]:
    """One locator per document the entry occurs in, labelled with its ordinal."""
    by_doc: dict[str, list] = {}
    for occ in entry.occurrences:
        by_doc.setdefault(occ.doc_id, []).append(occ)
    return [Locator(ordinal[d], ordinal[d], all(o.in_note for o in occs),
                    [o.anchor for o in occs]) for d, occs in by_doc.items()]


def volume_html(views: Views, variant: str) -> str:
    """The whole volume as one HTML document (see the module docstring)."""
    ed = views.res.edition
    ordinal = {d.id: n for n, d in enumerate(ed.documents, 1)}
    indexes = [render.PrintedIndex(v.title, v.anchor, [(e, _locators(e, ordinal))
                                                       for e in v.entries])
               for v in views.indexes]
    toc = [render.TocEntry(f.title, f.anchor, "") for f in views.front]
    toc += [render.TocEntry(v.label, v.anchor, "", number=v.doc.number)
            for v in views.documents]
    toc += [render.TocEntry(v.title, v.anchor, "") for v in views.indexes]
    front = render.render_front(views, toc, phantoms=[])
    back = render.render_back(views, indexes, phantoms=[]) if indexes else ""
    back_body = _body(back) if back else ""
    if variant == "naive":
        back_body = LOCATOR.sub(r'<a class="loc" href="#\1"></a>\3', back_body)
    return (f'<!DOCTYPE html><html lang="{ed.language}"><head><meta charset="utf-8"/>'
            f"<title>{ed.title}</title></head><body>"
            f"{_body(front)}{_documents(views)}{back_body}</body></html>")


def run(source: Path, variant: str, out: Path) -> dict[str, Any]:
    """Build the baseline PDF; return what was measured."""
    t0 = time.perf_counter()
    edition, diags = check(source)
    if edition is None or diags.errors:
        raise SystemExit(f"{source}: the edition has errors; run `edition check`")
    views = present(resolve(edition))
    layout = PrintLayout(views)
    engine = layout.engine
    t1 = time.perf_counter()
    html = volume_html(views, variant)
    css = page_css(views, layout) + (NAIVE_CSS if variant == "naive" else "")
    t2 = time.perf_counter()
    doc = HTML(string=html, base_url=str(edition.source_dir), url_fetcher=engine.fetcher).render(
        stylesheets=[engine.css, CSS(string=css, font_config=engine.font_config)],
        font_config=engine.font_config)
    t3 = time.perf_counter()
    doc.write_pdf(out)
    t4 = time.perf_counter()
    return {
        "variant": variant, "documents": len(edition.documents), "pages": len(doc.pages),
        "load_s": t1 - t0, "html_s": t2 - t1, "render_s": t3 - t2, "write_pdf_s": t4 - t3,
        "weasyprint_s": t4 - t2, "html_chars": len(html),
        "target_counters": html.count('class="loc"') + (
            html.count('class="toc-level-') if variant == "naive" else 0),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="edition folder")
    parser.add_argument("--variant", choices=("plain", "naive"), default="plain")
    parser.add_argument("-o", "--out", type=Path, help="PDF to write (default: a temp file)")
    args = parser.parse_args(argv)
    if args.out:
        result = run(args.source, args.variant, args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result = run(args.source, args.variant, Path(tmp) / "baseline.pdf")
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
