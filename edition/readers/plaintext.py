"""``edition import-text``: a plain-text page of one document → an edition folder.

The page is read as the web collections print a document: its title line, a line with the
date (and the document's number), a salutation, the paragraphs, a complimentary close, the
signature (``[Chicherin]``: supplied), a source line, and the notes after it: unmarked
paragraphs (an unnumbered note), ``*`` notes and numbered notes, each running on until the
next mark. Paragraphs are the lines of the file, or its blank-line separated blocks when
it has blank lines. Lines before the title go into a front-matter section, so that no word
is lost. Everything the importer guessed or could not place is reported with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .tei import yamlout
from .tei.mdtext import escape_markdown
from .tei.report import ImportReport

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH = r"(?P<month>" + "|".join(m.capitalize() + "|" + m for m in MONTHS) + r")"
DATES = (
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
)
OMISSION = re.compile(r"\[(?:\.\.\.|…)\]")
STARS = re.compile(r"^(\*{1,4}|[†‡§])\s*")
NUMBERED = re.compile(r"^(\d{1,3})\s+(?=\S)")
# "[Chicherin]" (supplied), or up to four capitalised words, initials first: "G. Chicherin"
SIGNATURE = re.compile(r"^\[([^\[\]]{1,60})\]$|^((?:[A-Z][\w‐'-]*\.?\s){0,3}[A-Z][\w‐'-]+)$")
CLOSING = re.compile(r"\b(accept|assurance|respect|consideration|sincerely|faithfully|"
                     r"regards|obedient|yours)\b", re.I)
MENTIONED = re.compile(r"\bmentioned (\w+)")
SHORT = 120  # the longest a date line, a salutation or a source line is taken to be

SERIES = [
    {"id": "footnote", "name": "Footnotes", "placement": "page", "marks": "symbols"},
    {"id": "commentary", "name": "Notes", "placement": "document-end", "marks": "arabic"},
    {"id": "editorial", "name": "Editorial notes", "placement": "document-end",
     "marks": "alpha"},
]


class TextImportError(Exception):
    """The file cannot be read or the folder cannot take the edition."""


@dataclass
class _Block:
    """A paragraph of the page: its first line and its text, cut where Markdown goes."""

    line: int
    text: str
    calls: dict[int, str] = field(default_factory=dict)  # offset in text → note id

    def markdown(self) -> str:
        out, last = [], 0
        for at in sorted(self.calls):
            out += [_escape(self.text[last:at], start=last == 0), f"[^{self.calls[at]}]"]
            last = at
        out.append(_escape(self.text[last:], start=last == 0))
        return "".join(out)


@dataclass
class _Note:
    id: str
    series: str
    n: str
    blocks: list[_Block]


def import_text(path: Path, out: Path, title: str = "") -> ImportReport:
    """Convert the plain-text page ``path`` into the edition folder ``out`` (absent or
    empty); the report lists what was guessed or not placed."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise TextImportError(f"{out} exists and is not empty; choose a new folder")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TextImportError(f"cannot read {path}: {exc}") from None
    report = ImportReport(str(path), str(out))
    blocks = _blocks(text)
    if not blocks:
        raise TextImportError(f"{path} has no text")
    page = _Page(blocks, report)
    doc, front, persons = page.read()
    edition = {
        "title": title or page.title.rstrip(".") or "Imported text",
        "editors": ["Your Name"],
        "licence": "State the licence of the editorial matter here.",
        "documents": ["documents/*.yaml"],
        "persons": "persons.yaml",
        "places": "places.yaml",
        "note_series": SERIES,
        "default_note_series": "commentary",
    }
    report.add("placeholders to fill in", 0, "edition.yaml: editors, licence")
    if front:
        edition["front_matter"] = [{"id": "before-the-document",
                                    "title": "Text before the document in the source",
                                    "body": front}]
    report.count("documents")
    report.count("paragraphs", doc["body"].count("\n\n") + 1)
    report.count("notes", len(doc.get("notes", {})))
    yamlout.write(out / "edition.yaml", edition)
    yamlout.write(out / "persons.yaml", persons)
    yamlout.write(out / "places.yaml", [])
    yamlout.write(out / "documents" / f"{doc['id']}.yaml", doc)
    return report


def _blocks(text: str) -> list[_Block]:
    lines = [(i, line.strip()) for i, line in enumerate(text.rstrip().splitlines(), 1)]
    if all(line for _, line in lines):
        return [_Block(i, line) for i, line in lines]
    out: list[_Block] = []
    current: list[tuple[int, str]] = []
    for i, line in [*lines, (0, "")]:
        if line:
            current.append((i, line))
        elif current:
            out.append(_Block(current[0][0], " ".join(t for _, t in current)))
            current = []
    return out


# body, closer, signature (name, supplied), source line, notes
_Tail = tuple[list[_Block], _Block | None, tuple[str, bool] | None, _Block | None,
              list[_Note]]


class _Page:
    """Finds the parts of the page, front to back."""

    def __init__(self, blocks: list[_Block], report: ImportReport):
        self.blocks = blocks
        self.report = report
        self.title = ""

    def read(self) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
        blocks, report = self.blocks, self.report
        at, date = self._date_line()
        head = blocks[max(at - 1, 0)] if at is not None else blocks[0]
        title_at = max(at - 1, 0) if at is not None else 0
        front = blocks[:title_at]
        if front:
            report.add("lines before the title → front matter 'before-the-document' "
                       "(delete it or move the text)", front[0].line,
                       f"lines {front[0].line}–{front[-1].line}")
        self.title = head.text
        doc: dict[str, Any] = {"id": "", "number": "1", "title": _escape(head.text)}
        rest = blocks[title_at + 1:]
        if at is not None:
            line = blocks[at]
            dateline, reference = date[0], line.text[date[1]:].strip(" ,;")
            doc["date"] = date[2]
            doc["dateline"] = _escape(dateline)
            if reference:
                doc["reference"] = reference
            rest = blocks[at + 1:]
        else:
            doc["date"] = "undated"
            report.add("no date line found: date 'undated'", head.line)
        doc["id"] = _doc_id(head.text, doc["date"])
        if rest and len(rest[0].text) <= SHORT and rest[0].text.endswith((",", ":")):
            doc["opener"] = _escape(rest[0].text)
            rest = rest[1:]
        doc["body"] = ""  # its place among the fields; the text once the calls are in
        body, closer, signed, source, notes = self._tail(rest)
        if not body:
            raise TextImportError("found no paragraphs of text after the title")
        self._place_calls(notes, body, closer)
        if closer:
            doc["closer"] = closer.markdown()
        persons = []
        if signed:
            name, supplied = signed
            person = _slug(name) or "signatory"
            doc["signed"] = {"name": _escape(name), **({"supplied": True} if supplied else {}),
                             "person": person}
            persons = [{"id": person, "name": name, "forms": [name]}]
            report.add("signatory added to persons.yaml: complete the entry", 0, name)
        if source:
            doc["source"] = source.markdown()
        doc["body"] = "\n\n".join(b.markdown() for b in body)
        if notes:
            doc["notes"] = {n.id: {"series": n.series, **({"n": n.n} if n.n else {}),
                                   "text": "\n\n".join(b.markdown() for b in n.blocks)}
                            for n in notes}
        return doc, "\n\n".join(b.markdown() for b in front), persons

    def _date_line(self) -> tuple[int | None, tuple[str, int, str]]:
        """The index of the first short block holding a date, its dateline text, where the
        dateline ends, and the date (ISO)."""
        for i, block in enumerate(self.blocks[:12]):
            if len(block.text) > SHORT:
                continue
            for pattern in DATES:
                found = pattern.search(block.text)
                if found:
                    month = found["month"]
                    month = month if month.isdigit() else str(MONTHS.index(month.lower()) + 1)
                    iso = f"{found['year']}-{int(month):02d}-{int(found['day']):02d}"
                    return i, (block.text[:found.end()], found.end(), iso)
        return None, ("", 0, "")

    def _tail(self, rest: list[_Block]) -> _Tail:
        """Body, closer, signature, source line and notes of what follows the opener."""
        sig_at = next((i for i, b in enumerate(rest) if i and SIGNATURE.match(b.text)), None)
        if sig_at is None:
            self.report.add("no signature found: every paragraph before the notes is in "
                            "the body",
                            rest[0].line if rest else 0)
            return self._split_notes(rest)
        body, after = rest[:sig_at], rest[sig_at + 1:]
        closer = None
        if body and len(body[-1].text) <= 2 * SHORT and CLOSING.search(body[-1].text):
            closer = body.pop()
        found = SIGNATURE.match(rest[sig_at].text)
        assert found is not None
        signed = ((found[1] or found[2]).strip(), bool(found[1]))  # the name, supplied
        source = None
        if after and len(after[0].text) <= SHORT and not _mark(after[0].text):
            source = after.pop(0)
        return body, closer, signed, source, _notes(after)

    @staticmethod
    def _split_notes(rest: list[_Block]) -> _Tail:
        first = next((i for i, b in enumerate(rest) if i and _mark(b.text)), len(rest))
        return rest[:first], None, None, None, _notes(rest[first:])

    def _place_calls(self, notes: list[_Note], body: list[_Block],
                     closer: _Block | None) -> None:
        """Put each note's call where its mark stands, else at the end of the body."""
        for note in notes:
            where = _find_call(note, body + ([closer] if closer else []))
            if where is None:
                block = body[-1]
                block.calls[len(block.text)] = note.id
                self.report.add("note call not found: put at the end of the body; move "
                                f"[^{note.id}] where it belongs", note.blocks[0].line,
                                f"note {note.n or note.id}")
                continue
            block, start, end, how = where
            block.text = block.text[:start] + block.text[end:]
            block.calls = {k if k <= start else k - (end - start): v
                           for k, v in block.calls.items()}
            block.calls[start] = note.id
            before, after = block.text[max(start - 30, 0):start], block.text[start:start + 20]
            self.report.add("note call placed by a guess: check it", block.line,
                            f"note {note.n or note.id}, {how}: …{before}[^{note.id}]{after}…")


def _notes(blocks: list[_Block]) -> list[_Note]:
    """Notes after the text: unmarked paragraphs first (one unnumbered note), then each
    marked note with the unmarked paragraphs after it."""
    notes: list[_Note] = []
    for block in blocks:
        mark = _mark(block.text)
        if mark:
            series = "commentary" if mark[0][0].isdigit() else "footnote"
            block.text = block.text[len(mark[1]):]
            kind = "note" if series == "commentary" else "star"
            count = sum(1 for n in notes if n.series == series) + 1
            notes.append(_Note(f"{kind}-{count}", series, mark[0], [block]))
        elif notes:
            notes[-1].blocks.append(block)
        else:
            notes.append(_Note("unnumbered-1", "editorial", "", [block]))
    return notes


def _find_call(note: _Note, text: list[_Block]):
    """Where the call of ``note`` stands: its mark in the text, or after the word an
    unnumbered note names ('In the mentioned memorandum…')."""
    if not note.n:
        word = MENTIONED.search(note.blocks[0].text)
        if word:
            for block in text:
                found = re.search(rf"\b{re.escape(word[1])}\b", block.text)
                if found:
                    return block, found.end(), found.end(), f"after '{word[1]}'"
        return None
    if note.n[0].isdigit():
        pattern = re.compile(rf"(?<=[^\W\d_])( ?{note.n})(?!\d|[,./]\d)"
                             rf"(?=[.,;:!?…)\]]|\s+[A-Z“\"]|$)")
    else:
        pattern = re.compile(rf"(?<=[^\s*])( ?{re.escape(note.n)})(?=[\s.,;:]|$)")
    for block in text:
        found = pattern.search(block.text)
        if found:
            return block, found.start(1), found.end(1), f"the mark '{note.n}'"
    return None


def _mark(text: str) -> tuple[str, str] | None:
    """The mark a note starts with (``*``, ``1``) and the text it takes up."""
    found = STARS.match(text) or NUMBERED.match(text)
    return (found[1], found[0]) if found else None


def _escape(text: str, *, start: bool = True) -> str:
    """Plain text as Markdown: omissions in square brackets become omission signs."""
    pieces, last = [], 0
    for found in OMISSION.finditer(text):
        pieces += [escape_markdown(text[last:found.start()], line_start=start and last == 0,
                                   line_end=False), "[]{.omission}"]
        last = found.end()
    pieces.append(escape_markdown(text[last:], line_start=start and last == 0,
                                  line_end=False))
    return "".join(pieces)


def _slug(text: str, words: int = 5) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower().replace("ʹ", ""))[:words])


def _doc_id(title: str, date: str) -> str:
    return "doc-" + "-".join(p for p in (date if date[0].isdigit() else "", _slug(title)) if p)
