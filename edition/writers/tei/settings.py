"""The builder's settings of an edition (how it prints, not what it says) in a small
vocabulary of its own, for the header's ``xenoData``: note series, signs, typography,
line numbers and output options."""

from __future__ import annotations

from lxml import etree

from ... import model as m

NS = "urn:x-edition:settings"


def _el(name: str, attrs: dict[str, object] | None = None,
        children: list[etree._Element] | None = None, text: str | None = None
        ) -> etree._Element:
    el = etree.Element(f"{{{NS}}}{name}", {k: _value(v) for k, v in (attrs or {}).items()})
    el.extend(children or [])
    el.text = text
    return el


def _value(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _words(name: str, values: list[str]) -> list[etree._Element]:
    return [_el(name, text=v) for v in values]


def settings(ed: m.Edition) -> etree._Element:
    typo, lines, signs = ed.typography, ed.line_numbers, ed.signs
    root = etree.Element(f"{{{NS}}}settings", nsmap={"e": NS})
    root.extend([
        _el("output", {"slug": ed.slug, "running-title": ed.running_title,
                       "page-size": ed.page_size.source, "documents-start": ed.documents_start,
                       "document-numbers": ed.document_numbers,
                       "date-format": ed.date_format, "source-notes": ed.source_notes,
                       "epub-fonts": ed.epub_fonts}),
        _el("indexes", children=_words("index", ed.indexes)),
        _el("apparatus", {"placement": ed.apparatus_placement}),
        _el("line-numbers", {"every": lines.every, "restart": lines.restart,
                             "position": lines.position}, _words("count", lines.count)),
        _el("typography", {"quotes": typo.quotes, "dash": typo.dash,
                           "ellipsis": typo.ellipsis, "nbsp-initials": typo.nbsp_initials},
            [*(_el("replace", {"from": k, "to": v}) for k, v in typo.replace.items()),
             *_words("nbsp-after", typo.nbsp_after)]),
        _el("signs", {"omission": signs.omission, "sic": signs.sic,
                      "illegible": signs.illegible, "gap": signs.gap}),
        *(_el("note-series", {"id": s.id, "name": s.name, "placement": s.placement,
                              "marks": s.marks, "restart": s.restart})
          for s in ed.note_series.values()),
    ])
    return root
