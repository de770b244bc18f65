"""The date of a document: from its dateline's ``date/@when``, or, for documents without
one, from a date stated in its heading or in a closing place-and-date line."""

from __future__ import annotations

import re

from lxml import etree

from ...dates import MONTHS, parse_date
from .xml import name, norm

_MONTH = "|".join(MONTHS)
_DAY_FIRST = rf"(?P<d1>\d{{1,2}}) (?P<m1>{_MONTH}),? (?P<y1>\d{{4}})"
_MONTH_FIRST = rf"(?P<m2>{_MONTH}) (?P<d2>\d{{1,2}}), (?P<y2>\d{{4}})"
_MONTH_YEAR = rf"(?P<m3>{_MONTH}),? (?P<y3>\d{{4}})"
_DATE = re.compile(rf"\b(?:{_DAY_FIRST}|{_MONTH_FIRST}|{_MONTH_YEAR})\b")
_CLOSING = re.compile(rf"(?:[^.]{{0,60}}[,”] )?(?:{_DATE.pattern})\.?")


def when(value: str) -> str | None:
    """``1918-11-12T10:17:00`` as the builder writes it (``1918-11-12T10:17``); None when
    it is not a date the builder reads."""
    value = value.strip()
    if "T" in value:
        day, _, clock = value.partition("T")
        value = f"{day}T{clock[:5]}"
    try:
        parse_date(value)
    except ValueError:
        return None
    return value


def dates_in(text: str) -> list[str]:
    """The distinct dates written out in ``text`` ('November 11, 1918', '12 January,
    1919', 'May, 1918'), as ISO dates."""
    found = []
    for match in _DATE.finditer(text):
        groups = match.groupdict()
        year = groups["y1"] or groups["y2"] or groups["y3"]
        month = MONTHS.index(groups["m1"] or groups["m2"] or groups["m3"]) + 1
        day = groups["d1"] or groups["d2"]
        iso = f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        if when(iso) and iso not in found:
            found.append(iso)
    return found


def closing_date(text: str) -> str | None:
    """The date of a closing line such as 'Washington, November 13, 1918.'."""
    if not _CLOSING.fullmatch(text):
        return None
    dates = dates_in(text)
    return dates[0] if len(dates) == 1 else None


def text_before(root: etree._Element, target: etree._Element) -> str:
    """The text of ``root`` that precedes ``target`` (a descendant)."""
    out = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            if el is target:
                break
            out.append(el.text or "")
        elif el is not root:
            out.append(el.tail or "")
    return norm("".join(out))


def qualified(dateline: etree._Element, date: etree._Element, value: str) -> tuple[str, str]:
    """``value`` with the qualifiers the dateline states: '[…]' when the date stands in
    brackets, '~' after 'circa', '?' for '(?)'; and a word on what was read."""
    before = text_before(dateline, date)
    after = norm("".join(date.itertext()) + (date.tail or ""))
    day, _, clock = value.partition("T")
    notes = []
    if re.search(r"\bcirca\s*$", before):
        day += "~"
        notes.append("circa → approximate")
    if "(?)" in after:
        day += "?"
        notes.append("(?) → uncertain")
    value = f"{day}T{clock}" if clock else day
    if before.count("[") > before.count("]"):
        value = f"[{value}]"
        notes.append("in brackets → supplied")
    return value, ", ".join(notes)


def exported(date: etree._Element) -> str:
    """The date the export wrote: @when, '~' for @precision 'low', '?' for @cert 'low',
    '[…]' inside ``supplied``; no @when: undated."""
    value = when(date.get("when", "")) if date.get("when") else None
    if value is None:
        return "undated"
    day, _, clock = value.partition("T")
    day += ("~" if date.get("precision") == "low" else "") + \
        ("?" if date.get("cert") == "low" else "")
    value = f"{day}T{clock}" if clock else day
    parent = date.getparent()
    return f"[{value}]" if parent is not None and name(parent) == "supplied" else value


def first(root: etree._Element, kind: str) -> etree._Element | None:
    return next((el for el in root.iter() if name(el) == kind), None)
