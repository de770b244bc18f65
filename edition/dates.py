"""Document dates: ISO 8601 with the EDTF qualifiers an editor needs.

``1921-10-10`` (day), ``1921-10`` (month), ``1921`` (year); a day may carry a time,
``1918-11-12T10:17`` (seconds allowed); a trailing ``~`` marks an approximate date and
``?`` an uncertain one (EDTF level 1); ``undated`` for none. A date the editors supplied
(not stated in the document) is written in square brackets: ``[1921-10-10]``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True, slots=True)
class DocDate:
    """A possibly partial, approximate or uncertain date."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False
    supplied: bool = False
    time: str = ""  # 'HH:MM' when the source gives one


    @property
    def precision(self) -> Literal["day", "month", "year", "none"]:
        if self.year is None:
            return "none"
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        """ISO form for sorting and metadata ('' when undated)."""
        if self.year is None:
            return ""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def display(self, order: str = "day-month-year") -> str:
        """Human form: '10 October 1921' (or 'October 10, 1921' in ``month-day-year``
        order), 'c. October 1921', '[10 October 1921]'."""
        if self.year is None:
            return "Undated"
        text = str(self.year)
        if self.month:
            text = f"{MONTHS[self.month - 1]} {text}"
        if self.day:
            text = f"{MONTHS[self.month - 1]} {self.day}, {self.year}" \
                if order == "month-day-year" else f"{self.day} {text}"
        if self.approximate:
            text = f"c. {text}"
        if self.uncertain:
            text = f"{text}?"
        return f"[{text}]" if self.supplied else text


def parse_date(raw: str) -> DocDate:
    """Parse a source date; raise ValueError with a readable reason."""
    text = raw.strip()
    supplied = text.startswith("[") and text.endswith("]")
    if supplied:
        text = text[1:-1].strip()
    if text.lower() == "undated":
        return DocDate(supplied=supplied)
    approximate = uncertain = False
    text, _, clock = text.partition("T")
    time = ""
    if clock:
        hms = clock.split(":")
        if not (2 <= len(hms) <= 3 and all(p.isdigit() and len(p) == 2 for p in hms)
                and int(hms[0]) < 24 and all(int(p) < 60 for p in hms[1:])):
            raise ValueError(f"'{raw}' is not a date and time: write 1918-11-12T10:17")
        time = f"{hms[0]}:{hms[1]}"
    while text and text[-1] in "~?%":
        approximate |= text[-1] in "~%"
        uncertain |= text[-1] in "?%"
        text = text[:-1]
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"'{raw}' is not a date")
    if len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
        raise ValueError(f"'{raw}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    if time and len(parts) != 3:
        raise ValueError(f"'{raw}': a time needs a full date, as in 1918-11-12T10:17")
    year, month, day = (int(p) for p in parts + ["0"] * (3 - len(parts)))
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"'{raw}' is not a real date ({exc})") from None
    return DocDate(year, month or None, day or None, approximate, uncertain, supplied, time)
