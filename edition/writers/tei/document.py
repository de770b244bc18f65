"""A document as a FRUS ``div[@type='document']``, with its attachments."""

from __future__ import annotations

import dataclasses

from lxml import etree

from ... import model as m
from ...dates import DocDate
from .context import Context
from .text import TeiText
from .xml import Pieces, append, tei


def document(ctx: Context, doc: m.Document) -> etree._Element:
    """Source note, head, labels, dateline, opener, body, closer, postscript,
    attachments and source line, in the order FRUS prints them."""
    text = TeiText(ctx, doc)
    div = tei("div", {"type": "document", "xml:id": ctx.claim(doc.id, f"document '{doc.id}'",
                                                              doc.loc), "n": doc.number})
    content: Pieces = [*source_note(text, doc.source_note, "inline"),
                       tei("head", None, text.inlines(doc.title))]
    for label in doc.labels:
        content += source_note(text, label, "inline")
    content.append(dateline(ctx, text, doc))
    if doc.reference or doc.opener:
        content.append(tei("opener", None, [
            *([tei("idno", {"type": "reference"}, [doc.reference])] if doc.reference else []),
            *salute(text, doc.opener)]))
    content += text.blocks(doc.body)
    content += closing(text, doc.closer, doc.signed, doc.postscript)
    content += [attachment(text, att) for att in doc.attachments]
    content += source_note(text, doc.source, "end")
    return append(div, content)


def source_note(text: TeiText, nodes: list[m.Inline], rend: str) -> Pieces:
    """A FRUS source note (``note[@type='source']``): the archival source before the
    head, a label after it, the source line at the end (@rend 'end'). A note called
    at its very end follows it, as FRUS places the notes of labels."""
    if not nodes:
        return []
    last = nodes[-1]
    if isinstance(last, m.NoteRef) and len(nodes) > 1:
        return [*source_note(text, nodes[:-1], rend), *text.note_ref(last)]
    return [tei("note", {"type": "source", "rend": rend}, text.inlines(nodes))]


def salute(text: TeiText, nodes: list[m.Inline]) -> Pieces:
    return [tei("salute", None, text.inlines(nodes))] if nodes else []


def closing(text: TeiText, closer: list[m.Inline], signed: list[m.Signature],
            postscript: list[m.Block]) -> Pieces:
    out: Pieces = []
    if closer or signed:
        out.append(tei("closer", None, [*salute(text, closer),
                                        *(signature(text, sig) for sig in signed)]))
    if postscript:
        out.append(tei("postscript", None, text.blocks(postscript)))
    return out


def signature(text: TeiText, sig: m.Signature) -> etree._Element:
    """``signed``: the name (a persName linked to the person), the title on a line of
    its own in italics. The reader wraps a linked name in NoIndex; @corresp says it."""
    nodes = sig.name
    if sig.person and len(nodes) == 1 and isinstance(nodes[0], m.NoIndex):
        nodes = nodes[0].children
    name = text.inlines(nodes)
    if sig.person:
        name = [tei("persName", {"corresp": f"#{sig.person}"}, name)]
    if sig.supplied:
        name = [supplied(name)]
    if sig.title:
        name += [tei("lb"), tei("hi", {"rend": "italic"}, [tei("roleName", None, [sig.title])])]
    return tei("signed", None, name)


def dateline(ctx: Context, text: TeiText, doc: m.Document) -> etree._Element:
    """The dateline as the document prints it, with the place and date as empty
    elements (their values in attributes); else one made of them, as FRUS prints it."""
    if doc.dateline is not None:
        return printed_dateline(text, doc.dateline, [*place_name(doc.place, None),
                                                     date(doc.date, None)])
    order = ctx.edition.date_format
    shown = dataclasses.replace(doc.date, supplied=False).display(order)
    made = place_name(doc.place, doc.place.name) if doc.place else []
    return tei("dateline", None, [*made, *([", "] if made else []), date(doc.date, shown)])


def printed_dateline(text: TeiText, line: m.Dateline, before: Pieces) -> etree._Element:
    """The printed text, then the line of receipt after ``lb`` (FRUS), as a seg."""
    received = ([tei("lb"), tei("seg", {"type": "received"}, text.inlines(line.received))]
                if line.received else [])
    return tei("dateline", None, [*before, *text.inlines(line.text), *received])


def place_name(place: m.PlaceLine | None, shown: str | None) -> Pieces:
    """A place line; ``shown`` None: the place as an empty element, its name in @key."""
    if place is None:
        return []
    el = tei("placeName", {"key": place.name} if shown is None else None,
             [] if shown is None else [shown])
    return [supplied([el]) if place.supplied else el]


def date(value: DocDate, shown: str | None) -> etree._Element:
    """``date``: @when ISO (with the time, seconds ':00' as FRUS), @precision 'low' when
    approximate, @cert 'low' when uncertain, inside :func:`supplied` when the editors
    supplied it; ``shown`` None: no text (the printed dateline has it)."""
    when = value.iso + (f"T{value.time}:00" if value.time else "")
    el = tei("date", {"when": when or None, "precision": "low" if value.approximate else None,
                      "cert": "low" if value.uncertain else None},
             [shown] if shown is not None else [])
    return supplied([el]) if value.supplied else el


def supplied(content: Pieces) -> etree._Element:
    """A place, date or signature the editors supplied, told apart from the editorial
    sign Supplied (a ``supplied`` without @evidence) by @evidence 'external'."""
    return tei("supplied", {"evidence": "external"}, content)


def attachment(text: TeiText, att: m.Attachment) -> etree._Element:
    """``frus:attachment``: label (a source note), head, dateline, opener, body, closer,
    postscript."""
    content: Pieces = [*source_note(text, att.label, "inline")]
    if att.title:
        content.append(tei("head", None, text.inlines(att.title)))
    if att.dateline is not None:
        content.append(printed_dateline(text, att.dateline, []))
    if att.opener:
        content.append(tei("opener", None, salute(text, att.opener)))
    content += text.blocks(att.body)
    content += closing(text, att.closer, att.signed, att.postscript)
    return tei("frus:attachment", None, content)
