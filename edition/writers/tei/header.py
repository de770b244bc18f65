"""The ``teiHeader``: titles, editors, publication, the description, the reasons of the
editorial signs (a taxonomy that @ana points to) and the builder's settings."""

from __future__ import annotations

from lxml import etree

from ... import model as m
from .context import Context
from .settings import settings
from .text import TeiText
from .xml import Pieces, tei


def header(ctx: Context) -> etree._Element:
    """Built after the text, which is where the reasons written in spans are found."""
    ed = ctx.edition
    titles = [tei("title", {"type": "complete"}, [ed.title])]
    if ed.subtitle:
        titles.append(tei("title", {"type": "sub"}, [ed.subtitle]))
    if ed.series_title:
        titles.append(tei("title", {"type": "series"}, [ed.series_title]))
    titles += [tei("editor", {"role": role}, [name]) for name, role in ed.editors]
    publication = [tei("publisher", None, [ed.publisher]),
                   tei("availability", None, [tei("licence", None, [ed.licence])])]
    if ed.identifier:
        publication.append(tei("idno", {"type": "frus"}, [ed.identifier]))
    file_desc = tei("fileDesc", None, [
        tei("titleStmt", None, titles), tei("publicationStmt", None, publication),
        tei("sourceDesc", None, description(ctx, ed.description))])
    parts: Pieces = [file_desc]
    if taxonomies := reasons(ctx):
        parts.append(tei("encodingDesc", None, [tei("classDecl", None, taxonomies)]))
    parts.append(tei("xenoData", None, [settings(ed)]))
    return tei("teiHeader", None, parts)


def description(ctx: Context, blocks: list[m.Block]) -> Pieces:
    """``sourceDesc`` holds paragraphs only: a quotation or list goes inside one; an
    empty ``p`` (TEI wants one) when there is no description."""
    plain = TeiText(ctx)
    paras = [el if isinstance(b, m.Paragraph) else tei("p", None, [el])
             for b in blocks for el in plain.block(b)]
    return paras or [tei("p")]


def reasons(ctx: Context) -> Pieces:
    """``taxonomy[@xml:id='reasons']``: apparatus.reasons, the key in @n;
    ``taxonomy[@xml:id='reasons-inline']``: reasons written in a span (reason="…")."""
    out: Pieces = []
    keyed = [(ctx.reason_ids[key], key, text) for key, text in ctx.edition.reasons.items()]
    inline = [(xml_id, None, text) for text, xml_id in ctx.inline_reasons.items()]
    for tax_id, entries in (("reasons", keyed), ("reasons-inline", inline)):
        if not entries:
            continue
        cats = [tei("category", {"xml:id": ctx.claim(xml_id, f"the reason '{key or text}'"),
                                 "n": key}, [tei("catDesc", None, [text])])
                for xml_id, key, text in entries]
        out.append(tei("taxonomy", {"xml:id": ctx.claim(tax_id, f"the {tax_id}")}, cats))
    return out
