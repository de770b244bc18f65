"""What an import did: counts, and every construct not mapped one to one, with its line."""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Entry:
    category: str  # the construct and what was done with it
    line: int  # its line in the TEI file (0: the file as a whole)
    detail: str = ""


@dataclass
class ImportReport:
    source: str
    out: str
    counts: Counter[str] = field(default_factory=Counter)
    entries: list[Entry] = field(default_factory=list)

    def add(self, category: str, line: int, detail: str = "") -> None:
        self.entries.append(Entry(category, line, detail))

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def categories(self) -> dict[str, list[Entry]]:
        """The entries by category, in the order categories first occur."""
        out: dict[str, list[Entry]] = {}
        for entry in self.entries:
            out.setdefault(entry.category, []).append(entry)
        return out

    def format(self, heading: str = "not mapped one to one") -> str:
        """The report as printed by ``edition import-tei`` (and ``import-text``, with its
        own ``heading`` for the entries)."""
        lines = [f"imported {self.source} into {self.out}"]
        lines += [f"  {what}: {n}" for what, n in self.counts.items()]
        groups = self.categories()
        lines.append(f"{heading}: {len(self.entries)} construct(s) in "
                     f"{len(groups)} categories")
        for category, entries in groups.items():
            entries = sorted(entries, key=lambda e: e.line)
            lines.append(f"- {category} ({len(entries)})")
            plain = [e for e in entries if not e.detail]
            lines += [f"    line {e.line}: {e.detail}" if e.line else f"    {e.detail}"
                      for e in entries if e.detail]
            if plain:
                numbers = ", ".join(str(e.line) for e in plain)
                word = "line " if len(plain) == 1 else "lines "
                lines += textwrap.wrap(word + numbers, 96, initial_indent="    ",
                                       subsequent_indent="      ")
        return "\n".join(lines)
