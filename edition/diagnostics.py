"""Located diagnostics: every problem in a source names file, line, column and a fix.

Every diagnostic has a stable code (``unknown-note``, ``yaml-malformed``…) for editors'
tooling and the troubleshooting guide (docs/guide.md); it is worked out from the message,
so the modules that report problems only write messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Loc:
    """A position in a source file (1-based line and column)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


# (code, message pattern), matched in order at the start of the message
CODES: tuple[tuple[str, str], ...] = (
    ("file-not-found", r"file not found|\w+ file '[^']*' not found"),
    ("file-unreadable", r"cannot read file"),
    ("yaml-malformed", r"malformed YAML"),
    ("yaml-alias", r"YAML anchors and aliases"),
    ("yaml-merge-key", r"YAML merge keys"),
    ("yaml-key", r"a key must be a plain word"),
    ("yaml-duplicate-key", r"duplicate key '"),
    ("unknown-field", r"unknown field '"),
    ("missing-field", r"missing required field '"),
    ("invalid-id", r"'.*' is not a valid id$"),
    ("invalid-value", r"(field '[^']*'|value): "),
    ("unknown-default-series", r"default_note_series '"),
    ("duplicate-id", r"duplicate [\w ]+ id '"),
    ("path-outside", r".* lead(s)? outside the edition folder|.* leaves the edition folder"),
    ("no-match", r"no file matches '"),
    ("not-a-list", r"\S+ must be a list of "),
    ("suspicious-character", r"character U\+"),
    ("one-paragraph", r"this field takes one paragraph"),
    ("markup-not-allowed", r".* is not allowed here$"),
    ("markup-unsupported", r"unsupported markup"),
    ("external-link", r"links may only point to"),
    ("invalid-target", r"'.*' is not a valid target name"),
    ("invalid-language", r"'.*' is not a language tag"),
    ("span-mixed", r"a (language|name) span takes only"),
    ("unknown-attribute", r"unknown span attribute '"),
    ("unknown-span", r"unknown span \{"),
    ("emendation-without-orig", r"an emendation needs the source reading"),
    ("unknown-reason", r"unknown reason key '"),
    ("unknown-series", r"unknown note series '"),
    ("note-in-note", r"a note cannot call another note"),
    ("duplicate-target", r"target '.*' is defined twice"),
    ("target-is-note", r"target '.*' has the name of a note"),
    ("unknown-note", r"unknown note id '"),
    ("note-called-twice", r"note '.*' is called twice"),
    ("note-not-called", r"note '.*' is never called"),
    ("unknown-person", r"unknown person id '"),
    ("unknown-place", r"unknown place id '"),
    ("unknown-target", r"cross-reference to unknown id '"),
    ("unknown-part", r"unknown part '"),
    ("part-order", r"the parent '.*' of part '.*' is not declared before it"),
    ("note-without-mark", r"note '.*' has no mark of its own"),
    ("duplicate-mark", r"notes '.*' and '.*' both print the mark"),
    ("unknown-document", r"handout '.*': unknown document '"),
    ("paragraph-out-of-range", r"handout '.*': document '.*' has \d+ paragraphs"),
    ("unknown-handout", r"no handout '"),
    ("handout-too-long", r"handout '.*' has \d+ pages, more than"),
    ("too-many-symbols", r"document '.*' has more notes of the series"),
    ("template-error", r"template error: "),
    ("missing-glyph", r"the font .* has no glyph"),
    ("note-off-page", r"footnote '.*' could not be set|an apparatus entry could not be set"),
    ("fetch-refused", r"refused to fetch "),
    ("no-page-map", r"no page map of the print edition|the page map "),
    ("page-order", r"page .* begins before page "),
    ("tei-note-outside", r"a note call outside the documents"),
    ("tei-duplicate-id", r"the TEI export needs ids unique"),
    ("internal", r"the lemma '.*' is on no numbered line|'.*' is missing from the laid-out PDF"
                 r"|\d+ print page\(s\) have no marker"),
)
_PATTERNS = [(code, re.compile(pattern)) for code, pattern in CODES]


def code_of(message: str) -> str:
    """The stable code of a message (``other`` for a message no pattern knows)."""
    return next((code for code, pattern in _PATTERNS if pattern.match(message)), "other")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    loc: Loc
    message: str
    hint: str = ""
    severity: Severity = "error"
    code: str = ""

    def __post_init__(self) -> None:
        if not self.code:
            object.__setattr__(self, "code", code_of(self.message))

    def as_json(self) -> dict[str, str | int]:
        """The fields editors' tooling reads (``edition check --format json``)."""
        return {"file": self.loc.file, "line": self.loc.line, "column": self.loc.column,
                "severity": self.severity, "code": self.code, "message": self.message,
                "hint": self.hint}

    def __str__(self) -> str:
        text = f"{self.loc}: {self.severity}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


@dataclass
class Diagnostics:
    """Collects every error and warning of a run so they can be reported together."""

    root: Path | None = None
    items: list[Diagnostic] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        path = Path(path)
        if self.root is not None:
            try:
                return str(path.resolve().relative_to(self.root.resolve().parent))
            except ValueError:
                pass
        return str(path)

    def error(self, loc: Loc, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(loc, message, hint, "error"))

    def warning(self, loc: Loc, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(loc, message, hint, "warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]


class EditionError(Exception):
    """Raised when a stage cannot go on; carries every diagnostic found so far."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))
