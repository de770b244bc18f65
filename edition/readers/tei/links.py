"""Pointers: where each target and note landed, the links to them (written once every
document is converted: a reference may point forward), the places and the reasons of
editorial signs that ``@corresp`` and ``@ana`` name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..schema import ID_PATTERN
from .report import ImportReport

ID = re.compile(ID_PATTERN)
_SENTINEL = re.compile("\x00ref(\\d+)\x00")


@dataclass(frozen=True, slots=True)
class _Use:
    target: str  # the TEI id, without '#'
    label: str  # Markdown
    doc_id: str  # the document the reference stands in
    line: int


@dataclass
class Links:
    # xml:id of a target or note → (its document, its name there)
    placed: dict[str, tuple[str, str]] = field(default_factory=dict)
    notes: dict[str, tuple[str, str]] = field(default_factory=dict)
    pages: set[str] = field(default_factory=set)  # the targets of page breaks
    documents: set[str] = field(default_factory=set)
    externals: dict[str, dict[str, str]] = field(default_factory=dict)
    places: set[str] = field(default_factory=set)
    # the category of a reason → its span attribute ('r', key) or ('reason', text)
    reasons: dict[str, tuple[str, str]] = field(default_factory=dict)
    builder: bool = False  # written by edition export-tei (it has e:settings)
    _uses: list[_Use] = field(default_factory=list)
    _done: list[str] | None = None

    def place(self, xml_id: str, doc_id: str, target: str) -> None:
        self.placed[xml_id] = (doc_id, target)

    def internal(self, target: str, label: str, doc_id: str, line: int) -> str:
        """A placeholder for a reference to ``#target``, replaced by :meth:`resolve`."""
        self._uses.append(_Use(target, label, doc_id, line))
        return f"\x00ref{len(self._uses) - 1}\x00"

    def external(self, target: str, label: str) -> str | None:
        """The id of the external entry for ``vol#id`` (declared once), or None when the
        target cannot be one."""
        ext = target.replace("#", ".")
        if not ID.match(ext):
            return None
        self.externals.setdefault(ext, {"id": ext, "label": label, "description": target})
        return ext

    def resolve(self, data: Any, report: ImportReport) -> Any:
        """``data`` with every placeholder replaced by its link, or by its label alone
        when the target is not in the documents (worked out once, when every target is
        placed)."""
        if self._done is None:
            self._done = [self._link(use, report) for use in self._uses]
        done = self._done

        def walk(value: Any) -> Any:
            if isinstance(value, str):
                return _SENTINEL.sub(lambda m: done[int(m.group(1))], value)
            if isinstance(value, list):
                return [walk(v) for v in value]
            if isinstance(value, dict):
                return {k: walk(v) for k, v in value.items()}
            return value

        return walk(data)

    def _link(self, use: _Use, report: ImportReport) -> str:
        placed = self.placed.get(use.target) or self.notes.get(use.target)
        if placed is not None and placed[0] == use.doc_id:
            return f"[{use.label}](#{placed[1]})"
        if placed is not None:
            what = "page" if use.target in self.pages else \
                "target" if use.target in self.placed else "note"
            report.add(f"ref to a {what} of another document → link to its target", use.line,
                       f"#{use.target} in {placed[0]}")
            return f"[{use.label}](#{placed[0]}/{placed[1]})"
        if use.target in self.documents or use.target in self.externals:
            return f"[{use.label}](#{use.target})"
        what = "an index entry" if use.target.startswith("in") else \
            "a page outside the documents" if use.target.startswith("pg") else "an unknown id"
        report.add(f"ref to {what} → plain text", use.line, f"#{use.target}")
        return use.label
