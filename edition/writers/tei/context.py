"""What one export shares: the xml:ids given so far (each unique in the file) and the
categories of the reasons of editorial signs."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ... import model as m
from ...diagnostics import Diagnostic, Loc

SAFE_KEY = re.compile(r"[A-Za-z0-9_.-]+")
PAGE = ("pg_", "pg-")  # the names of FRUS's page breaks
ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")  # readers/schema.py ID_PATTERN


def note_id(doc_id: str, note: str) -> str:
    """The xml:id of a note (FRUS: 'd12fn3'): '{document}fn{note}', or the note's id
    alone when it is already such an id with no id after 'fn' (a FRUS note 'd12fn3',
    not 'd12fnd12fn3'), so that the importer reads back the note's id."""
    rest = note.removeprefix(f"{doc_id}fn")
    if rest != note and not ID.fullmatch(rest):
        return note
    return f"{doc_id}fn{note}"


def target_id(doc_id: str, name: str) -> str:
    """The xml:id of a target: names are unique in their document only."""
    return f"{doc_id}.{name}"


@dataclass
class Context:
    edition: m.Edition
    given: dict[str, str] = field(default_factory=dict)  # xml:id -> what has it
    problems: list[Diagnostic] = field(default_factory=list)
    inline_reasons: dict[str, str] = field(default_factory=dict)  # reason text -> id

    def __post_init__(self) -> None:
        # where what has no position of its own is reported, as the reader names files
        self.edition_file = Loc(f"{self.edition.source_dir.name}/edition.yaml")
        self.reason_ids = {key: f"reason.{key}" if SAFE_KEY.fullmatch(key) else f"reason-{i}"
                           for i, key in enumerate(self.edition.reasons, 1)}
        self.keyed: dict[str, str] = {}  # reason text -> id of the first key with it
        names = Counter(name for doc in self.edition.documents for name in doc.targets)
        # page targets ('pg_12', FRUS's 'pg-seq-0069') of one document only: a FRUS pb
        self.pages = {name for name, n in names.items() if n == 1 and name.startswith(PAGE)}
        for key, text in self.edition.reasons.items():
            self.keyed.setdefault(text, self.reason_ids[key])

    def claim(self, xml_id: str, what: str, loc: Loc | None = None) -> str:
        """``xml_id`` for ``what``; a second use of an id is a located error (TEI needs
        ids unique in the whole file; the edition's ids are unique per kind)."""
        if xml_id in self.given:
            self.problems.append(Diagnostic(
                loc or self.edition_file, f"the TEI export needs ids unique in the volume: "
                f"'{xml_id}' would be the id of {what} and of {self.given[xml_id]}",
                "rename one of them"))
        self.given.setdefault(xml_id, what)
        return xml_id

    def reason(self, text: str) -> str | None:
        """The pointer (@ana) to the category of a reason: a key of apparatus.reasons,
        or a reason written in the span itself (numbered in order of first use)."""
        if not text:
            return None
        found = self.keyed.get(text) or self.inline_reasons.setdefault(
            text, f"reason-inline.{len(self.inline_reasons) + 1}")
        return f"#{found}"
