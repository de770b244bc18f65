"""Markdown text for the builder's reader: escaping, inline pieces and blocks.

The converters build a field as a list of pieces: plain text (``str``, escaped here so
that the builder reads it back as exactly that text), :class:`Raw` Markdown syntax and
:class:`Break` (a hard line break). :func:`inline` turns the pieces into one paragraph of
Markdown; :func:`join_blocks`, :func:`quote` and :func:`list_item` assemble blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ASCII punctuation that starts or ends inline markup anywhere in a line: emphasis, spans,
# links, note calls (a "^" after the "[" of a span), code, entities and raw HTML
_INLINE_SPECIAL = frozenset("\\`*_[]{}<&^")
# characters that open a block at the start of a line: headings, quotes, lists, setext
# underlines, fences
_LINE_START_SPECIAL = frozenset("#>-+=~")
_ORDERED_MARKER = re.compile(r"(\d{1,9})([.)])(?=[ \t]|$)")
_LINE_BREAKS = frozenset("\n\r\u2028\u2029")  # YAML or CommonMark would break here


@dataclass(frozen=True, slots=True)
class Raw:
    """Markdown syntax, written as it is."""

    text: str


@dataclass(frozen=True, slots=True)
class Break:
    """A hard line break."""


Piece = str | Raw | Break


def _c1(ch: str) -> bool:
    """A C1 control character: no character reference can write it (HTML maps them)."""
    return "\x7f" <= ch <= "\x9f"


def _entity(ch: str) -> str:
    return f"&#x{ord(ch):X};"


def escape_markdown(text: str, *, line_start: bool = True, line_end: bool = True) -> str:
    """``text`` written so that the builder's Markdown reads it as exactly this text.

    ``line_start``: the text begins a line, where ``#``, ``>``, ``-``, ``+``, ``=``, ``~``
    and ``13.`` would start a block; whitespace there (and, with ``line_end``, at the end)
    would be stripped, so it is written as a character reference, as are characters that
    break lines.
    """
    out = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        edge = (line_start and i == 0) or (line_end and i == last)
        if ch in _LINE_BREAKS or (ch.isspace() and edge and not _c1(ch)):
            out.append(_entity(ch))
        elif ch in _INLINE_SPECIAL or (line_start and i == 0 and ch in _LINE_START_SPECIAL):
            out.append("\\" + ch)
        else:
            out.append(ch)
    result = "".join(out)
    if line_start:
        marker = _ORDERED_MARKER.match(result)
        if marker:
            result = f"{marker.group(1)}\\{marker.group(2)}{result[marker.end():]}"
    return result


def wrap(open_: str, inner: list[Piece], close: str) -> list[Piece]:
    """``inner`` between two pieces of syntax, with the whitespace at its edges moved
    outside (``* text*`` is not emphasis); nothing when ``inner`` is empty."""
    inner = list(inner)
    lead = trail = ""
    while inner and isinstance(inner[0], str) and not inner[0].strip():
        lead += inner.pop(0)
    while inner and isinstance(inner[-1], str) and not inner[-1].strip():
        trail = inner.pop() + trail
    if inner and isinstance(inner[0], str) and inner[0] != inner[0].lstrip():
        lead += inner[0][: len(inner[0]) - len(inner[0].lstrip())]
        inner[0] = inner[0].lstrip()
    if inner and isinstance(inner[-1], str) and inner[-1] != inner[-1].rstrip():
        trail = inner[-1][len(inner[-1].rstrip()):] + trail
        inner[-1] = inner[-1].rstrip()
    if not inner:
        return [lead + trail] if lead + trail else []
    return [lead, Raw(open_), *inner, Raw(close), trail]


def has_text(pieces: list[Piece]) -> bool:
    """Whether the pieces print anything (syntax such as a target counts)."""
    return any(isinstance(p, Raw) or (isinstance(p, str) and p.strip()) for p in pieces)


def inline(pieces: list[Piece], *, breaks: bool = True) -> str:
    """One paragraph of Markdown; without ``breaks`` a line break is a space.

    Runs of spaces become one, and spaces at the ends of the paragraph and of its lines
    are dropped.
    """
    lines: list[list[Piece]] = [[]]
    for piece in pieces:
        if isinstance(piece, Break) and breaks:
            lines.append([])
        elif isinstance(piece, Break):
            lines[-1].append(" ")
        elif isinstance(piece, str):
            if lines[-1] and isinstance(lines[-1][-1], str):
                lines[-1][-1] += piece
            else:
                lines[-1].append(piece)
        else:
            lines[-1].append(piece)
    rendered = [_line(line) for line in lines]
    rendered = [r for r in rendered if r] if breaks else rendered
    return "\\\n".join(rendered)


def _line(pieces: list[Piece]) -> str:
    texts = [re.sub(" {2,}", " ", p) if isinstance(p, str) else p for p in pieces]
    texts = [p for p in texts if p != ""]
    if texts and isinstance(texts[0], str):
        texts[0] = texts[0].lstrip(" ")
    if texts and isinstance(texts[-1], str):
        texts[-1] = texts[-1].rstrip(" ")
    last = len(texts) - 1
    return "".join(p.text if isinstance(p, Raw)
                   else escape_markdown(p, line_start=i == 0, line_end=i == last)
                   for i, p in enumerate(texts) if p)


def join_blocks(blocks: list[str]) -> str:
    """Blocks separated by blank lines."""
    return "\n\n".join(b for b in blocks if b)


def quote(blocks: list[str]) -> str:
    """A block quote of ``blocks``."""
    text = join_blocks(blocks)
    return "\n".join(f"> {ln}" if ln else ">" for ln in text.split("\n"))


def list_item(marker: str, blocks: list[str]) -> str:
    """One list item: ``marker`` ('-' or '3.') before its first block, the rest indented
    to the item's content."""
    text = join_blocks(blocks)
    pad = " " * (len(marker) + 1)
    lines = text.split("\n") if text else [""]
    first = f"{marker} {lines[0]}" if lines[0] else marker
    return "\n".join([first, *[pad + ln if ln else "" for ln in lines[1:]]])
