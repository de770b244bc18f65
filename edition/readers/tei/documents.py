"""A ``div[@type='document']`` to a document file: heading, source note and labels,
dateline and date, body, closer and signatures, postscript, attachments and notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from . import dating
from . import mdtext as md
from .mdtext import Break, Piece
from .text import Converter
from .xml import children, line, name, norm, plain, xml_id

_BODY = {"p", "list", "quote", "table", "figure"}


@dataclass
class _Unit:
    """A document or an attachment while it is read."""

    conv: Converter
    data: dict[str, Any] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    labels: list[list[Piece]] = field(default_factory=list)
    source_note: list[Piece] | None = None
    title: list[Piece] | None = None

    def last_line(self) -> list[Piece] | None:
        """The label, title or source line read last (where an uncalled note is called)."""
        for pieces in (self.labels[-1] if self.labels else None, self.title, self.source_note):
            if pieces is not None:
                return pieces
        return None


def document(div: etree._Element, conv: Converter, part: str | None) -> dict[str, Any]:
    """The document file of ``div``; ``conv.pending`` holds the page targets that open its
    body (page breaks before it)."""
    unit = _Unit(conv)
    data: dict[str, Any] = {"id": xml_id(div), "number": div.get("n") or xml_id(div)}
    if not div.get("n"):
        conv.report.add("document without @n → its id is its number", line(div), xml_id(div))
    if part:
        data["part"] = part
    dateline_el = None
    for child in children(div):
        kind = name(child)
        if kind == "dateline" and dateline_el is None and not unit.body:
            dateline_el = child
            if not (conv.links.builder and _made(child)):
                unit.data["dateline"] = _dateline(child, conv)
        elif kind == "postscript" and unit.data.get("attachments"):
            conv.report.add("postscript after an attachment → the attachment's postscript",
                            line(child))
            attachment = unit.data["attachments"][-1]
            attachment["postscript"] = md.join_blocks(
                [attachment.get("postscript", ""), *conv.blocks(child)])
        elif kind == "frus:attachment":
            unit.data.setdefault("attachments", []).append(_attachment(child, conv))
        else:
            _child(unit, child)
    data["date"] = _date(div, dateline_el, conv)
    place = _place(dateline_el, conv.links.builder)
    if place:
        data["place"] = place
    if conv.pending:
        conv.report.add("page break at the end of a document → target in a paragraph of "
                        "its own", line(div))
        unit.body.append(md.inline(conv.pending))
        conv.pending = []
    _finish(unit)
    for key in ("source_note", "title", "labels", "dateline", "reference", "opener", "body",
                "closer", "signed", "postscript", "attachments", "source"):
        if key in unit.data:
            data[key] = unit.data[key]
    if unit.title is None:
        conv.report.add("document without a heading → empty title", line(div), xml_id(div))
    data.setdefault("title", "")
    data.setdefault("body", "")
    if conv.notes:
        data["notes"] = conv.notes
    return data


def _child(unit: _Unit, child: etree._Element) -> None:
    """A child of a document or attachment other than its dateline and attachments."""
    conv, kind = unit.conv, name(child)
    if kind == "note" and child.get("type") == "source" and child.get("rend") == "end":
        unit.data["source"] = conv.field(child, take=False)  # the export's source line
    elif kind == "note" and child.get("type") == "source" and not unit.body:
        pieces = conv.pieces(child)
        if unit.source_note is None and unit.title is None:
            unit.source_note = pieces
            return
        if unit.title is None:
            conv.report.add("second source note before the heading → a label line",
                            line(child))
        unit.labels.append(pieces)
    elif kind == "note" and child.get("type") != "source":
        call = conv.element(child)
        where = unit.last_line()
        if unit.body or where is None:
            unit.body[-1:] = [(unit.body[-1] if unit.body else "") + md.inline(call)]
        else:
            where += call
        conv.report.add("note not called in the text → called at the end of the line before "
                        "it", line(child), xml_id(child))
    elif kind == "head" and unit.title is None:
        unit.title = conv.pieces(child)
        if any(name(e) == "lb" for e in child.iter()):
            conv.report.add("lb in a heading → space", line(child))
    elif kind == "pb":
        conv.hold(child)
    elif kind in _BODY:
        if "closer" in unit.data:
            conv.report.add(f"<{kind}> after the closer → appended to the body", line(child))
        unit.body += conv.block(child, after=unit.body[-1] if unit.body else "")
    elif kind == "closer" and "closer" not in unit.data:
        closer, signed = _closer(child, conv)
        unit.data["closer"] = closer
        if signed:
            unit.data["signed"] = signed[0] if len(signed) == 1 else signed
    elif kind == "opener" and "opener" not in unit.data:
        _opener(unit, child)
    elif kind == "postscript":
        unit.data["postscript"] = md.join_blocks([unit.data.get("postscript", ""),
                                                  *conv.blocks(child)])
    else:
        conv.report.add(f"<{kind}> in a document → paragraph of the body", line(child))
        unit.body.append(conv.field(child))


def _opener(unit: _Unit, el: etree._Element) -> None:
    """The export's opener: ``idno[@type='reference']`` and ``salute``."""
    for child in children(el):
        if name(child) == "idno" and child.get("type") == "reference":
            unit.data["reference"] = plain(child)
        elif name(child) == "salute":
            unit.data["opener"] = unit.conv.field(child)
        else:
            unit.conv.report.add(f"<{name(child)}> in an opener → not imported", line(child))


def _finish(unit: _Unit) -> None:
    """Write the heading lines, body and closer fields of ``unit`` into its data."""
    conv = unit.conv
    if unit.source_note is not None:
        unit.data["source_note"] = conv.paragraph(unit.source_note, take=False)
    if unit.title is not None:
        unit.data["title"] = conv.paragraph(unit.title, breaks=False, take=False)
    if unit.labels:
        unit.data["labels"] = [conv.paragraph(p, take=False) for p in unit.labels]
    if unit.body:
        unit.data["body"] = md.join_blocks(unit.body)
    if not unit.data.get("closer"):
        unit.data.pop("closer", None)
    if not unit.data.get("postscript"):
        unit.data.pop("postscript", None)


def _attachment(el: etree._Element, conv: Converter) -> dict[str, Any]:
    unit = _Unit(conv)
    for child in children(el):
        kind = name(child)
        if kind == "note" and child.get("type") == "source" and unit.title is None \
                and not unit.body:
            if unit.labels:
                conv.report.add("second label of an attachment → a label line of its own",
                                line(child))
            unit.labels.append(conv.pieces(child))
        elif kind == "dateline" and "dateline" not in unit.data and not unit.body:
            unit.data["dateline"] = _dateline(child, conv)
        elif kind == "frus:attachment":
            conv.report.add("attachment inside an attachment → its text joins the body",
                            line(child))
            unit.body += conv.blocks(child)
        else:
            _child(unit, child)
    data: dict[str, Any] = {}
    if unit.labels:
        data["label"] = md.inline([p for i, label in enumerate(unit.labels)
                                   for p in ([Break()] if i else []) + label])
    if unit.title is not None:
        data["title"] = conv.paragraph(unit.title, breaks=False, take=False)
    _finish(unit)
    for key in ("dateline", "opener", "body", "closer", "signed", "postscript"):
        if key in unit.data:
            data[key] = unit.data[key]
    data.setdefault("body", "")
    return data


# -- dateline, date, place ---------------------------------------------------------------


def _dateline(el: etree._Element, conv: Converter) -> dict[str, str]:
    """The dateline as printed; the line of receipt apart: the export's
    ``seg[@type='received']`` after an ``lb``, or (FRUS) the line after the first ``lb``
    when it starts with '[Received'."""
    seg = next((c for c in children(el) if name(c) == "seg" and c.get("type") == "received"),
               None)
    split = seg.getprevious() if seg is not None else None
    text: list[Piece] = [norm(el.text)]
    rest: list[Piece] | None = None
    for child in children(el):
        kind = name(child)
        if kind == "lb" and rest is None and (seg is None or child is split):
            rest = [norm(child.tail)]
            continue
        target = text if rest is None else rest
        if child is seg:
            target += conv.pieces(child)
        elif not _placeholder(child):
            target += conv.element(child)
        target.append(norm(child.tail))
    if rest is not None and seg is None and \
            not md.inline(rest).startswith(("\\[Received", "Received")):
        text, rest = [*text, Break(), *rest], None
    out = {"text": conv.paragraph(text, take=False)} if md.has_text(text) else {}
    if rest is not None and md.has_text(rest):
        out["received"] = conv.paragraph(rest, take=False)
    return out


def _placeholder(el: etree._Element) -> bool:
    """The export's empty place and date of a printed dateline (their values are in
    attributes), or a ``supplied`` round one of them."""
    return name(el) in ("placeName", "date", "supplied") and not "".join(el.itertext()) \
        and all(_placeholder(c) for c in children(el))


def _made(dateline: etree._Element) -> bool:
    """Whether the export made this dateline of the place and date (its date has text)."""
    date = dating.first(dateline, "date")
    return date is not None and bool("".join(date.itertext()))


def _date(div: etree._Element, dateline: etree._Element | None, conv: Converter) -> str:
    report, doc = conv.report, xml_id(div)
    date = dating.first(dateline, "date") if dateline is not None else None
    if conv.links.builder:  # the export's date is its attributes (tei-export.md §3.2)
        return dating.exported(date) if date is not None else "undated"
    if date is not None and date.get("when"):
        value = dating.when(date.get("when", ""))
        if value is not None:
            value, how = dating.qualified(dateline, date, value)
            if how:
                report.add("date of the dateline qualified", line(date), f"{doc}: "
                           f"{how} ({value})")
            return value
        report.add("date/@when that is not a date → ignored", line(date), date.get("when", ""))
    head = next((c for c in children(div) if name(c) == "head"), None)
    in_head = dating.dates_in(_text_without_notes(head)) if head is not None else []
    closing = [d for d in map(dating.closing_date, _closing_lines(div)) if d]
    where = line(dateline) if dateline is not None else line(div)
    found = set(in_head) | set(closing)
    if len(found) == 1 and len(in_head) <= 1:
        value = closing[0] if closing else f"[{in_head[0]}]"
        source = "its closing line" if closing else "its heading (supplied)"
        report.add("document without date/@when → date from " + source, where,
                   f"{doc}: {value}")
        return value
    why = "dates disagree: " + ", ".join(sorted(found)) if found else "no date stated"
    report.add("document without date/@when → undated", where, f"{doc}: {why}")
    return "undated"


def _text_without_notes(el: etree._Element) -> str:
    out = [el.text or ""]
    for child in children(el):
        if name(child) != "note":
            out.append(_text_without_notes(child))
        out.append(child.tail or "")
    return norm("".join(out)).strip()


def _closing_lines(div: etree._Element) -> list[str]:
    """The last paragraph of the text and the paragraphs of postscripts."""
    paras = [c for c in children(div) if name(c) == "p"]
    out = [plain(paras[-1])] if paras else []
    for post in (c for c in children(div) if name(c) == "postscript"):
        out += [plain(p) for p in children(post) if name(p) == "p"]
    return out


def _place(dateline: etree._Element | None, exported: bool) -> dict[str, Any] | None:
    """The place of the dateline: the text of its ``placeName`` (the export's empty one:
    its @key), supplied when in an open bracket or (export) in ``supplied``."""
    place = dating.first(dateline, "placeName") if dateline is not None else None
    if place is None:
        return None
    text = plain(place).rstrip(" ,.") or place.get("key", "")
    if exported:
        parent = place.getparent()
        supplied = parent is not None and name(parent) == "supplied"
    else:
        before = dating.text_before(dateline, place)
        supplied = before.count("[") > before.count("]")
    return {"name": text, "supplied": True} if supplied else {"name": text}


# -- closer and signatures ----------------------------------------------------------------


@dataclass
class _Sig:
    name: list[Piece]
    person: str | None = None
    title: str | None = None
    supplied: bool = False


def _closer(el: etree._Element, conv: Converter) -> tuple[str, list[dict[str, str]]]:
    """The closer's own lines, and its signatures: each with the text around it on its
    line, its person and the italic title after it."""
    lines: list[list[etree._Element | str]] = [[norm(el.text)]]
    for child in children(el):
        if name(child) == "lb":
            lines.append([])
        else:
            lines[-1].append(child)
        if name(child) == "salute":  # the export's closing words: a line of their own
            lines.append([])
        lines[-1].append(norm(child.tail))
    closer: list[Piece] = []
    sigs: list[_Sig] = []
    for nodes in lines:
        if not any(_is(n, "signed") for n in nodes):
            if not sigs:
                closer += [Break(), *_pieces(nodes, conv)] if closer else _pieces(nodes, conv)
            elif not _title(nodes, sigs[-1], conv):
                sigs[-1].name += [Break(), *_pieces(nodes, conv)]
            continue
        before: list[etree._Element | str] = []
        on_line = False
        for node in nodes:
            if not _is(node, "signed"):
                before.append(node)
                continue
            if sigs and _title(before, sigs[-1], conv):
                before = []
            elif on_line:  # between two signatures of a line: it ends the first
                sigs[-1].name += _pieces(before, conv)
                before = []
            new = _signed(node, conv)
            new[0].name = [*_pieces(before, conv), *new[0].name]
            sigs += new
            before, on_line = [], True
        if before and not _title(before, sigs[-1], conv):
            sigs[-1].name += _pieces(before, conv)
    signed = []
    for sig in sigs:
        out = {"name": conv.paragraph(sig.name)}
        if sig.person:
            out["person"] = sig.person
        if sig.title:
            out["title"] = sig.title
        if sig.supplied:
            out["supplied"] = True
        signed.append(out)
    return conv.paragraph(closer), signed


def _is(node: etree._Element | str, kind: str) -> bool:
    return not isinstance(node, str) and name(node) == kind


def _pieces(nodes: list[etree._Element | str], conv: Converter) -> list[Piece]:
    out: list[Piece] = []
    for node in nodes:
        out += [node] if isinstance(node, str) else conv.element(node)
    return out


def _title(nodes: list[etree._Element | str], sig: _Sig, conv: Converter) -> bool:
    """Whether ``nodes`` hold the signatory's title (an italic line after the name): then
    it is set on ``sig``, and the punctuation before it joins the name."""
    his = [n for n in nodes if _is(n, "hi")]
    if sig.title is not None or len(his) != 1 or his[0].get("rend") != "italic":
        return False
    hi = his[0]
    at = nodes.index(hi)
    rest = [n for n in nodes[at + 1:] if not isinstance(n, str) or n.strip()]
    if any(not isinstance(n, str) for n in nodes[:at]) or rest:
        return False
    sig.name += [n for n in nodes[:at] if isinstance(n, str)]
    if any(name(e) in ("persName", "note", "ref") for e in hi.iter()):
        conv.report.add("signatory's title with a name, note or reference → kept in the "
                        "signature, in italics on a line of its own", line(hi))
        sig.name += [Break(), *conv.element(hi)]
        sig.title = ""
        return True
    if any(name(e) == "lb" for e in hi.iter()):
        conv.report.add("lb in a signatory's title → space", line(hi))
    sig.title = plain(hi)
    return True


def _signed(el: etree._Element, conv: Converter) -> list[_Sig]:
    """The signatures of a ``signed``: one, or one per item of a list inside it."""
    lists = [c for c in children(el) if name(c) == "list"]
    if not lists:
        return [_signature(el, conv)]
    if norm(el.text).strip() or any(name(c) != "list" or norm(c.tail).strip()
                                    for c in children(el)):
        conv.report.add("text beside a list of signatories → dropped", line(el))
    return [_signature(item, conv) for lst in lists for item in children(lst)
            if name(item) == "item"]


def _signature(el: etree._Element, conv: Converter) -> _Sig:
    """One signature: its person is the one persName with @corresp it holds; the export's
    title (``lb``, then ``hi/roleName``) and supplied name (``supplied[@evidence]``)."""
    kids = list(children(el))
    title = None
    if len(kids) >= 2 and name(kids[-2]) == "lb" and name(kids[-1]) == "hi" \
            and [name(c) for c in children(kids[-1])] == ["roleName"]:
        title, kids = plain(kids[-1]), kids[:-2]
    sig = _name(el, kids, conv)
    sig.title = title
    return sig


def _name(el: etree._Element, kids: list[etree._Element], conv: Converter) -> _Sig:
    """The name of a signature: the text and ``kids`` of ``el``."""
    def pieces(linked: etree._Element | None = None) -> list[Piece]:
        out: list[Piece] = [norm(el.text)]
        for child in kids:
            out += conv.pieces(child) if child is linked else conv.element(child)
            out.append(norm(child.tail))
        return out

    if len(kids) == 1 and name(kids[0]) == "supplied" and kids[0].get("evidence") \
            and not norm(el.text).strip() and not norm(kids[0].tail).strip():
        sig = _name(kids[0], list(children(kids[0])), conv)
        sig.supplied = True
        return sig
    linked = [p for k in kids for p in k.iter() if name(p) == "persName" and p.get("corresp")]
    person = linked[0].get("corresp", "").removeprefix("#") if len(linked) == 1 else None
    if person not in conv.persons or linked[0].getparent() is not el:
        return _Sig(pieces())
    conv.report.count("person mentions linked")
    if linked[0].get("type"):
        conv.report.add("persName/@type (sender or recipient) → not carried", line(linked[0]),
                        linked[0].get("type", ""))
    return _Sig(pieces(linked[0]), person)
