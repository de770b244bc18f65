"""Read an edition folder of YAML sources into the document model.

Every problem is reported with its place (file:line:column) and a hint, all together;
references between documents, notes and authorities are checked afterwards by
:mod:`edition.check`, which serves every reader.
"""

from __future__ import annotations

import difflib
import glob
import re
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import model as m
from ..dates import parse_date
from ..diagnostics import Diagnostic, Diagnostics, Loc
from ..paths import inside
from ..visit import paragraphs, plain, walk, walk_blocks
from .markdown import InlineParser, make_parser
from .schema import (
    ID_HINT,
    MAX_SLUG,
    AuthoritySpec,
    DocumentSpec,
    EditionSpec,
    HandoutSpec,
    PersonSpec,
    PlaceSpec,
    paragraph_range,
)
from .typography import Cleaner, suspicious
from .yamlfile import SourceFile, read_yaml

EDITION_FILE = "edition.yaml"
MAX_NOTES = 2_000  # in one document (docs/security.md)
UNBREAKABLE = re.compile(r"[^\s\u200b\u00ad\-–—]{61,}")  # longer than a line of the page

# document file → (its bytes and the settings it was read with, the document, its problems)
DocumentCache = dict[Path, tuple[tuple[str, bytes], m.Document | None, list[Diagnostic]]]


def read_folder(root: Path, diags: Diagnostics,
                cache: DocumentCache | None = None) -> m.Edition | None:
    """The edition in ``root`` as far as it can be read; problems go to ``diags``. With
    ``cache`` (kept between readings, as ``edition watch`` does), a document file whose
    bytes and settings have not changed is not read again."""
    return _Reader(root, diags, cache).run()


class _Reader:
    def __init__(self, root: Path, diags: Diagnostics, cache: DocumentCache | None = None):
        self.root = root
        self.diags = diags
        self.cache = cache
        self.settings = ""

    # -- helpers ---------------------------------------------------------------------

    def validate(self, src: SourceFile, data: Any, cls: type[BaseModel],
                 base: tuple = ()) -> Any:
        """Validate ``data`` against ``cls``; report each error at its place (one per
        place: a value that fits none of a field's forms is reported once)."""
        if data is None:
            data = {}
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            seen: set[tuple] = set()
            for err in exc.errors():
                where = _path(err["loc"])
                if where not in seen:
                    seen.add(where)
                    self._schema_error(src, base, err, cls)
            return None

    def _schema_error(self, src: SourceFile, base: tuple, err: dict, cls: type) -> None:
        loc_path = (*base, *_path(err["loc"]))
        field = str(err["loc"][-1]) if err["loc"] else ""
        kind = err["type"]
        if kind == "extra_forbidden":
            parent = _model_at(cls, [p for p in err["loc"][:-1] if not isinstance(p, int)])
            allowed = sorted(parent.model_fields) if parent else []
            close = difflib.get_close_matches(field, allowed, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.diags.error(src.loc(loc_path, key=True), f"unknown field '{field}'",
                             hint + "allowed fields: " + ", ".join(allowed))
        elif kind == "missing":
            self.diags.error(src.loc(loc_path[:-1]), f"missing required field '{field}'",
                             f"add '{field}:' here")
        elif kind == "string_pattern_mismatch" and field == "language":
            self.diags.error(src.loc(loc_path), f"'{err['input']}' is not a language tag",
                             "write a BCP 47 tag such as en, ru, tr or de-CH")
        elif kind == "string_pattern_mismatch":
            self.diags.error(src.loc(loc_path), f"'{err['input']}' is not a valid id", ID_HINT)
        else:
            what = f"field '{field}'" if field else "value"
            self.diags.error(src.loc(loc_path), f"{what}: {_plain_message(err)}",
                             "see docs/source-format.md for the expected form")

    def reporter(self, src: SourceFile, path: tuple):
        def report(snippet: str, message: str, hint: str) -> None:
            self.diags.error(src.locate(path, snippet), message, hint)
        return report

    def text(self, src: SourceFile, path: tuple, value: str, *, inline: bool = False):
        report = self.reporter(src, path)
        if inline:
            nodes = self.parser.inlines(value, report)
            self._locate_nodes(src, path, walk(nodes))
            self._unbreakable(src, path, plain(nodes))
            return nodes
        blocks = self.parser.blocks(value, report)
        self._locate_nodes(src, path, walk_blocks(blocks))
        for para in paragraphs(blocks):
            self._unbreakable(src, path, plain(para.children))
        return blocks

    def _unbreakable(self, src: SourceFile, path: tuple, text: str) -> None:
        """A warning for a string no line can break, which would run into the margin."""
        for run in UNBREAKABLE.findall(text):
            self.diags.warning(src.locate(path, run[:20]), f"{len(run)} characters without "
                               "a space: the print edition cannot break them and they may "
                               "run into the margin", "add spaces, or break points: a soft "
                               "hyphen (U+00AD) or a zero-width space (U+200B)")

    @staticmethod
    def _locate_nodes(src: SourceFile, path: tuple, nodes) -> None:
        seen: dict[str, int] = {}

        def locate(snippet: str):
            nth = seen.get(snippet, 0)
            seen[snippet] = nth + 1
            return src.locate(path, snippet, nth)

        for node in nodes:
            if isinstance(node, m.NoteRef):
                node.loc = locate(f"[^{node.note_id}]")
            elif isinstance(node, m.CrossRef):
                node.loc = locate(f"(#{node.target})")
            elif isinstance(node, m.Mention) and node.explicit:
                node.loc = locate(f"{node.kind}={node.target}")
            elif isinstance(node, m.Target):
                node.loc = locate(f"#{node.name}")

    def scan_chars(self, src: SourceFile) -> None:
        """One warning per suspicious character of a file, at its first occurrence."""
        for ch in dict.fromkeys(src.text):
            why = suspicious(ch, self.replace)
            if why:
                self.diags.warning(
                    src.at(src.text.index(ch)),
                    f"character U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED')} "
                    f"({src.text.count(ch)}× in this file): {why}",
                    "nothing to do if the replacement is right; otherwise correct the text "
                    "or record an emendation",
                )

    # -- the run ---------------------------------------------------------------------

    def run(self) -> m.Edition | None:
        src = read_yaml(self.root / EDITION_FILE, self.diags)
        if src is None:
            return None
        spec: EditionSpec | None = self.validate(src, src.data, EditionSpec)
        if spec is None:
            return None
        for key in [k for k in spec.typography.replace if len(k) != 1]:
            self.diags.error(src.loc(("typography", "replace", key), key=True),
                             f"typography.replace: '{key}' is not one character",
                             "each key is the single character to replace")
            del spec.typography.replace[key]
        self.replace = spec.typography.replace
        self.scan_chars(src)
        typo = m.Typography(**spec.typography.model_dump())
        self.cleaner = Cleaner(typo)
        self.parser = InlineParser(make_parser(self.cleaner), spec.apparatus.reasons)

        series = {s.id: m.NoteSeries(**s.model_dump()) for s in spec.note_series}
        if spec.default_note_series not in series:
            self.diags.error(src.loc(("default_note_series",)),
                             f"default_note_series '{spec.default_note_series}' is not defined",
                             "name one of the ids under note_series: " + ", ".join(series))
        self._unique(src, "note_series", [s.id for s in spec.note_series], "note series")
        self._unique(src, "external", [e.id for e in spec.external], "external reference")
        self._unique(src, "front_matter", [s.id for s in spec.front_matter],
                     "front-matter section")
        persons = self._authorities(src, spec.persons, "person", PersonSpec)
        places = self._authorities(src, spec.places, "place", PlaceSpec)
        externals = {e.id: m.External(e.id, e.label, e.description) for e in spec.external}

        self.settings = repr((str(self.root), spec.typography.model_dump(),
                              spec.apparatus.reasons, sorted(series), spec.default_note_series))
        for css in sorted(self.root.glob("styles/*.css")):
            if not inside(self.root, css):
                self.diags.error(Loc(self._shown(css)), "this stylesheet leads outside "
                                 "the edition folder", "replace the link by a copy of the file")
        documents = []
        for path in self._document_paths(src, spec.documents):
            doc = self._cached_document(path, series, spec.default_note_series)
            if doc is not None:
                documents.append(doc)
        self._check_document_ids(documents)

        edition = m.Edition(
            source_dir=self.root,
            slug=spec.output.slug or _slug(spec.title),
            title=spec.title,
            subtitle=spec.subtitle,
            editors=[(e.name, e.role) for e in spec.editors],
            language=spec.language,
            publisher=spec.publisher,
            series_title=spec.series,
            licence=spec.licence,
            identifier=spec.identifier,
            description=self.text(src, ("description",), spec.description),
            documents=documents,
            persons=persons,
            places=places,
            externals=externals,
            note_series=series,
            reasons=spec.apparatus.reasons,
            indexes=list(spec.indexes),
            front_matter=[
                m.Section(s.id, s.title, self.text(src, ("front_matter", i, "body"), s.body))
                for i, s in enumerate(spec.front_matter)
            ],
            abbreviations=[(a.abbr, a.expansion) for a in spec.abbreviations],
            typography=typo,
            signs=m.Signs(**spec.signs.model_dump()),
            page_size=m.parse_page_size(spec.output.page_size),
            line_numbers=m.LineNumbers(**spec.line_numbers.model_dump()),
            apparatus_placement=spec.apparatus.placement,
            documents_start=spec.output.documents_start,
            document_numbers=spec.output.document_numbers,
            handouts=self._handouts(src, spec),
            parts=[m.Part(p.id, self.text(src, ("parts", i, "title"), p.title, inline=True),
                          p.parent, self.text(src, ("parts", i, "intro"), p.intro),
                          src.loc(("parts", i, "id"))) for i, p in enumerate(spec.parts)],
            date_format=spec.output.date_format,
            source_notes=spec.output.source_notes,
            running_title=spec.output.running_title,
            epub_fonts=spec.output.epub_fonts,
            epub_cover=spec.output.epub_cover,
            subjects=list(spec.subjects),
        )
        return edition

    def _handouts(self, src: SourceFile, spec: EditionSpec) -> list[m.Handout]:
        """The handouts of edition.yaml, then one per file of the folder handouts/."""
        found = [(src, ("handouts", i), h) for i, h in enumerate(spec.handouts)]
        folder = self.root / "handouts"
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                if not inside(self.root, path):
                    self.diags.error(Loc(self._shown(path)), "this handout file leads "
                                     "outside the edition folder",
                                     "replace the link by a copy of the file")
                    continue
                hsrc = read_yaml(path, self.diags)
                if hsrc is None:
                    continue
                self.scan_chars(hsrc)
                hspec = self.validate(hsrc, hsrc.data, HandoutSpec)
                if hspec is not None:
                    found.append((hsrc, (), hspec))
        out: list[m.Handout] = []
        seen: dict[str, m.Handout] = {}
        for hsrc, base, h in found:
            loc = hsrc.loc((*base, "id"))
            if h.id in seen:
                self.diags.error(loc, f"duplicate handout id '{h.id}'",
                                 f"also used at {seen[h.id].loc}; handout ids must be unique")
                continue
            excerpts = [m.Excerpt(e.document, sorted({n for item in e.paragraphs
                                                       for n in paragraph_range(item)}) or None,
                                  hsrc.loc((*base, "excerpts", k)))
                        for k, e in enumerate(h.excerpts)]
            questions = [m.Question(self.text(hsrc, (*base, "questions", k, "question"),
                                              q.question, inline=True), q.lines,
                                    self.text(hsrc, (*base, "questions", k, "answer"), q.answer))
                         for k, q in enumerate(h.questions)]
            handout = m.Handout(
                h.id, h.title, h.course, h.paper, h.notes, h.apparatus, h.line_numbers,
                h.glossary, h.pages, self.text(hsrc, (*base, "introduction"), h.introduction),
                excerpts, questions, self.text(hsrc, (*base, "teacher_notes"), h.teacher_notes),
                loc)
            seen[h.id] = handout
            out.append(handout)
        return out

    def _unique(self, src: SourceFile, field: str, ids: list[str], what: str) -> None:
        seen: dict[str, int] = {}
        for i, key in enumerate(ids):
            if key in seen:
                self.diags.error(src.loc((field, i, "id")),
                                 f"duplicate {what} id '{key}' (also entry {seen[key] + 1})",
                                 "ids must be unique; rename one of them")
            seen.setdefault(key, i)

    @staticmethod
    def _escapes(pattern: str) -> bool:
        return Path(pattern).is_absolute() or ".." in Path(pattern).parts

    def _document_paths(self, src: SourceFile, patterns: list[str]) -> list[Path]:
        paths: list[Path] = []
        for i, pattern in enumerate(patterns):
            loc = src.loc(("documents", i))
            if self._escapes(pattern):
                self.diags.error(loc, f"document path '{pattern}' leaves the edition folder",
                                 "give paths relative to the folder of edition.yaml")
                continue
            if glob.has_magic(pattern):
                found = sorted(self.root.glob(pattern))
                if not any(p.is_file() for p in found):
                    self.diags.error(loc, f"no file matches '{pattern}'", "check the pattern")
                paths.extend(p for p in found if p.is_file() and self._confined(loc, p))
            else:
                path = self.root / pattern
                if not path.is_file():
                    self.diags.error(loc, f"document file '{pattern}' not found",
                                     "check the path; it is relative to edition.yaml")
                elif self._confined(loc, path):
                    paths.append(path)
        return list(dict.fromkeys(paths))

    def _shown(self, path: Path) -> str:
        """The name of ``path`` under the edition folder as written (a link, not where
        it leads)."""
        return f"{self.diags.rel(self.root)}/{path.relative_to(self.root)}"

    def _confined(self, loc: Loc, path: Path) -> bool:
        """Whether ``path``, symlinks resolved, stays inside the edition; if not, an error."""
        if inside(self.root, path):
            return True
        self.diags.error(loc, f"'{path.relative_to(self.root)}' leads outside the edition "
                         "folder (a symbolic link)", "replace the link by a copy of the file")
        return False

    def _authorities(self, esrc: SourceFile, name: str, kind: str,
                     cls: type[AuthoritySpec]) -> dict[str, m.Authority]:
        if self._escapes(name):
            self.diags.error(esrc.loc((f"{kind}s",)), f"{kind}s file '{name}' leaves the "
                             "edition folder", "give a path relative to edition.yaml, inside "
                             "the edition folder")
            return {}
        path = self.root / name
        if not path.exists():
            self.diags.error(esrc.loc((f"{kind}s",)), f"{kind}s file '{name}' not found",
                             f"create {name} (a list of entries) or fix the path")
            return {}
        if not self._confined(esrc.loc((f"{kind}s",)), path):
            return {}
        src = read_yaml(path, self.diags)
        if src is None or src.data is None:
            return {}
        self.scan_chars(src)
        if not isinstance(src.data, list):
            self.diags.error(src.loc(), f"{name} must be a list of {kind}s",
                             "start each entry with '- id: ...'")
            return {}
        out: dict[str, m.Authority] = {}
        for i, raw in enumerate(src.data):
            spec = self.validate(src, raw, cls, (i,))
            if spec is None:
                continue
            for field in ("forms", "see_from"):
                for k, form in enumerate(getattr(spec, field)):
                    if not form.strip():
                        self.diags.error(src.loc((i, field, k)), f"an empty {field} entry",
                                         "remove it: an empty form would match everywhere")
            if spec.id in out:
                self.diags.error(src.loc((i, "id")), f"duplicate {kind} id '{spec.id}'",
                                 f"first defined at {out[spec.id].loc}; rename or merge")
                continue
            out[spec.id] = m.Authority(
                kind=kind, id=spec.id, name=spec.name, sort=spec.sort or spec.name,
                forms=spec.forms, see_from=spec.see_from,
                gloss=self.text(src, (i, "gloss"), spec.gloss, inline=True),
                loc=src.loc((i,)), dates=getattr(spec, "dates", ""),
            )
        return out

    def _cached_document(self, path: Path, series: dict[str, m.NoteSeries],
                         default_series: str) -> m.Document | None:
        """The document of ``path``, from the cache when it was read with the same bytes
        and settings (later stages only read documents: resolve works on a copy)."""
        if self.cache is None:
            return self._document(path, series, default_series)
        try:
            key = (self.settings, path.read_bytes())
        except OSError:  # read_yaml reports it
            return self._document(path, series, default_series)
        hit = self.cache.get(path)
        if hit is not None and hit[0] == key:
            self.diags.items += hit[2]
            return hit[1]
        before = len(self.diags.items)
        doc = self._document(path, series, default_series)
        self.cache[path] = (key, doc, self.diags.items[before:])
        return doc

    def _document(self, path: Path, series: dict[str, m.NoteSeries],
                  default_series: str) -> m.Document | None:
        src = read_yaml(path, self.diags)
        if src is None:
            return None
        self.scan_chars(src)
        spec: DocumentSpec | None = self.validate(src, src.data, DocumentSpec)
        if spec is None:
            return None
        if len(spec.notes) > MAX_NOTES:
            self.diags.error(src.loc(("notes",), key=True), f"{len(spec.notes):,} notes in "
                             f"one document: at most {MAX_NOTES:,} are allowed",
                             "split the document")
            return None
        notes: dict[str, m.Note] = {}
        for note_id, note in spec.notes.items():
            base = ("notes", note_id)
            series_id = note.series or default_series
            if series_id not in series:
                self.diags.error(src.loc((*base, "series")), f"unknown note series '{series_id}'",
                                 "use one of: " + ", ".join(series))
            blocks = self.text(src, (*base, "text"), note.text)
            for node in walk_blocks(blocks):
                if isinstance(node, m.NoteRef):
                    self.diags.error(node.loc or src.loc(base),
                                     f"a note cannot call another note ([^{node.note_id}])",
                                     "move the call into the document's text")
            notes[note_id] = m.Note(note_id, spec.id, series_id, blocks,
                                    src.loc(base, key=True), n=note.n)
        def inline(*path: str | int) -> list[m.Inline]:
            value: object = spec
            for part in path:
                value = value[part] if isinstance(part, int) else getattr(value, part)
            return self.text(src, path, str(value or ""), inline=True)

        doc = m.Document(
            id=spec.id,
            number=spec.number,
            title=inline("title"),
            date=parse_date(spec.date),
            place=m.PlaceLine(spec.place.name, spec.place.supplied) if spec.place else None,
            reference=self.cleaner.clean(spec.reference),
            opener=inline("opener"),
            body=self.text(src, ("body",), spec.body),
            closer=inline("closer"),
            signed=self._signed(src, ("signed",), spec.signed),
            source=inline("source"),
            notes=notes,
            loc=src.loc(("id",)),
            part=spec.part,
            dateline=self._dateline(src, ("dateline",), spec.dateline),
            source_note=inline("source_note"),
            labels=[inline("labels", i) for i in range(len(spec.labels))],
            postscript=self.text(src, ("postscript",), spec.postscript),
            attachments=[self._attachment(src, ("attachments", k), att)
                         for k, att in enumerate(spec.attachments)],
        )
        self._collect_targets(doc)
        return doc

    def _signed(self, src: SourceFile, path: tuple, spec) -> list[m.Signature]:
        """One signatory or several; a name linked to a person is not searched for names
        again (the signature is that person's mention)."""
        specs = spec if isinstance(spec, list) else [spec] if spec else []
        out = []
        for i, sig in enumerate(specs):
            where = (*path, i) if isinstance(spec, list) else path
            name = self.text(src, (*where, "name"), sig.name, inline=True)
            if sig.person:
                name = [m.NoIndex(name)]
            out.append(m.Signature(name, sig.supplied, sig.person,
                                   self.cleaner.clean(sig.title)))
        return out

    def _dateline(self, src: SourceFile, path: tuple, spec) -> m.Dateline | None:
        if spec is None:
            return None
        return m.Dateline(self.text(src, (*path, "text"), spec.text, inline=True),
                          self.text(src, (*path, "received"), spec.received, inline=True))

    def _attachment(self, src: SourceFile, path: tuple, spec) -> m.Attachment:
        def inline(name: str) -> list[m.Inline]:
            return self.text(src, (*path, name), getattr(spec, name), inline=True)
        return m.Attachment(
            label=inline("label"), title=inline("title"),
            dateline=self._dateline(src, (*path, "dateline"), spec.dateline),
            opener=inline("opener"), body=self.text(src, (*path, "body"), spec.body),
            closer=inline("closer"), signed=self._signed(src, (*path, "signed"), spec.signed),
            postscript=self.text(src, (*path, "postscript"), spec.postscript))

    def _collect_targets(self, doc: m.Document) -> None:
        """The names of the targets in a document's text and notes, each once."""
        blocks = [b for _, bs in doc.parts() for b in bs]
        blocks += [b for note in doc.notes.values() for b in note.blocks]
        for node in walk_blocks(blocks):
            if not isinstance(node, m.Target):
                continue
            loc = node.loc or doc.loc
            if node.name in doc.targets:
                self.diags.error(loc, f"target '{node.name}' is defined twice",
                                 f"first at {doc.targets[node.name]}; give each a name of "
                                 "its own")
            elif node.name in doc.notes:
                self.diags.error(loc, f"target '{node.name}' has the name of a note",
                                 "rename the target or the note")
            else:
                doc.targets[node.name] = loc

    def _check_document_ids(self, documents: list[m.Document]) -> None:
        seen: dict[str, m.Document] = {}
        for doc in documents:
            if doc.id in seen:
                self.diags.error(doc.loc, f"duplicate document id '{doc.id}'",
                                 f"also used at {seen[doc.id].loc}; document ids must be unique")
            seen.setdefault(doc.id, doc)


def _path(loc: tuple) -> tuple:
    """A pydantic error location without the names of the union members it tried."""
    return tuple(p for p in loc if not (isinstance(p, str) and (
        p.endswith("Spec") or _UNION_TAG.fullmatch(p)
        or p in ("str", "int", "bool", "function-after"))))


_UNION_TAG = re.compile(r"[\w-]+\[.*\]")  # 'list[SignedSpec]', not a key such as '[x]'


PLAIN = {  # pydantic's error types in an editor's words
    "string_type": "must be text", "int_type": "must be a whole number",
    "int_parsing": "must be a whole number", "bool_type": "must be true or false",
    "bool_parsing": "must be true or false", "list_type": "must be a list (lines starting "
    "with '- ')", "dict_type": "must be a mapping (lines of 'key: value')",
    "model_type": "must be a mapping (lines of 'key: value')", "model_attributes_type":
    "must be a mapping (lines of 'key: value')", "none_required": "must be empty",
}


def _plain_message(err: dict) -> str:
    kind, ctx = err["type"], err.get("ctx", {})
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} entry or entries"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    return PLAIN.get(kind, err["msg"].removeprefix("Value error, "))


def _model_at(cls: type[BaseModel], path: list) -> type[BaseModel] | None:
    """The pydantic model class reached by following field names ``path`` from ``cls``."""
    import typing

    current: Any = cls
    for part in path:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = field.annotation
        while typing.get_origin(current) is not None:
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[-1] if args else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words[:6])[:MAX_SLUG].strip("-") or "edition"
