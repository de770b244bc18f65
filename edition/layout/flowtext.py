"""The text of a paragraph as its lines show it, counted in the same way on both sides of
the layout: in the HTML element (the renderer's) and in the line boxes (WeasyPrint's).

Only visible characters count: white space collapses or breaks lines, a soft hyphen is
invisible until it ends a line, and the floats (page-foot notes) leave the line. So a
count of characters names the same place in a paragraph before and after it is laid out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HYPHENS = ("-", "\u2010", "\u00ad")  # what ends a line that hyphenates a word
Place = tuple[Any, str, int]  # element, "text" or "tail", index in that string


def counts(ch: str) -> bool:
    return not ch.isspace() and ch != "\u00ad"


@dataclass
class Flow:
    """The flow text of an element: every character, where it is, and which count."""

    text: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    counted: list[int] = field(default_factory=list)  # indexes of the counted characters

    def add(self, element: Any, attr: str) -> None:
        for i, ch in enumerate(getattr(element, attr) or ""):
            if counts(ch):
                self.counted.append(len(self.text))
            self.text.append(ch)
            self.places.append((element, attr, i))

    def place(self, count: int) -> Place | None:
        """Where the ``count``-th counted character is (None past the end)."""
        return self.places[self.counted[count]] if count < len(self.counted) else None


def flow(element: Any, floats: frozenset[str]) -> Flow:
    """The flow text of ``element``: its descendants with a class in ``floats`` left out
    (their tails are in the flow)."""
    out = Flow()

    def walk(el: Any) -> None:
        out.add(el, "text")
        for child in el:
            if isinstance(child.tag, str) and \
                    not floats & set((child.get("class") or "").split()):
                walk(child)
            out.add(child, "tail")

    walk(element)
    return out


def _through(text: Flow, lines: list[str]) -> int | None:
    """The number of counted characters the lines hold, when their text is the flow's
    (each may end in a hyphen its break added); None when it is not."""
    chars = [text.text[i] for i in text.counted]
    at = 0
    for line in lines:
        shown = [ch for ch in line if counts(ch)]
        for k, ch in enumerate(shown):
            if at < len(chars) and chars[at] == ch:
                at += 1
            elif not (k == len(shown) - 1 and ch in HYPHENS):  # a hyphen the break added
                return None
    return at


def align(text: Flow, before: list[str], first: str) -> int | None:
    """The number of counted characters the lines ``before`` hold, when their text and
    the first characters of the line ``first`` after them are the flow's and that line
    begins a word; None when they do not match."""
    at = _through(text, before)
    if at is None:
        return None
    chars = [text.text[i] for i in text.counted]
    head = "".join(ch for ch in first if counts(ch))[:8]
    if not head or "".join(chars[at:at + len(head)]) != head:
        return None
    start = text.counted[at]
    if at == 0 or not any(ch.isspace() for ch in text.text[text.counted[at - 1] + 1:start]):
        return None
    return at


def hyphenated(text: Flow, before: list[str], line: str) -> int | None:
    """The count of characters before the word that the line ``line`` (after the lines
    ``before``) ends by hyphenating: a hyphen its break added, not one of the text
    ("Jugo-Slav"); None when the line does not end so or the lines are not the flow's."""
    shown = [ch for ch in line if counts(ch)]
    if not shown or shown[-1] not in HYPHENS:
        return None
    at = _through(text, [*before, "".join(shown[:-1])])
    if at is None or at == 0 or at >= len(text.counted) or \
            text.text[text.counted[at]] == shown[-1]:
        return None
    while at > 0 and not any(ch.isspace() for ch in
                             text.text[text.counted[at - 1] + 1:text.counted[at]]):
        at -= 1
    return at
