"""The round trip of the TEI import and export: import → export → import gives the same
model for the constructs both carry, on the real FRUS volume and on the sample edition
(docs/tei-export.md, "Round trip", says what holds and what does not)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from edition import model as m
from edition.pipeline import check, load
from edition.readers.tei import ImportReport, import_tei
from edition.synthetic import generate
from edition.visit import PlainText, paragraphs, walk
from edition.writers.tei import export_tei

from .tei_full import FILES

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "frus1919Parisv01.xml"


# -- what is compared ----------------------------------------------------------------------


def shape(nodes: list[m.Inline]) -> list[tuple[Any, ...]]:
    """The inline nodes other than text, depth first, with what they say: the kind and
    target of a mention, the note of a call, the target of a reference, the kind and
    reason of an editorial sign, the name of a target, the language of a span."""
    out: list[tuple[Any, ...]] = []
    for node in walk(nodes):
        if isinstance(node, m.Mention):
            out.append(("mention", node.kind, node.target))
        elif isinstance(node, m.NoteRef):
            out.append(("note", node.note_id))
        elif isinstance(node, m.CrossRef):
            out.append(("ref", node.target))
        elif isinstance(node, m.Emendation):
            out.append(("emendation", node.orig, node.reason))
        elif isinstance(node, m.Omission):
            out.append(("omission", node.mark, node.reason))
        elif isinstance(node, m.Illegible):
            out.append(("illegible", node.extent, node.reason))
        elif isinstance(node, m.Editorial):
            out.append((type(node).__name__.lower(), node.reason))
        elif isinstance(node, m.Target):
            out.append(("target", node.name))
        elif isinstance(node, m.Lang):
            out.append(("lang", node.lang))
        elif not isinstance(node, m.Text):
            out.append((type(node).__name__.lower(),))
    return out


def inline(nodes: list[m.Inline]) -> tuple[str, list[tuple[Any, ...]]]:
    return PlainText().inlines(nodes), shape(nodes)


def blocks(items: list[m.Block]) -> list[Any]:
    """Each block's text and inline structure, and the kind and numbering of lists."""
    out: list[Any] = []
    for block in items:
        if isinstance(block, m.Paragraph):
            out.append(inline(block.children))
        elif isinstance(block, m.BlockQuote):
            out.append(("quote", blocks(block.blocks)))
        else:
            out.append(("list", block.ordered, block.start if block.ordered else None,
                        [blocks(item) for item in block.items]))
    return out


def dateline(line: m.Dateline | None) -> Any:
    return None if line is None else (inline(line.text), inline(line.received))


def signatures(signed: list[m.Signature]) -> list[Any]:
    return [(inline(s.name), s.person, s.title, s.supplied) for s in signed]


def document(doc: m.Document) -> dict[str, Any]:
    return {
        "id": doc.id, "number": doc.number, "title": inline(doc.title), "date": str(doc.date),
        "place": doc.place, "part": doc.part, "dateline": dateline(doc.dateline),
        "source_note": inline(doc.source_note), "labels": [inline(x) for x in doc.labels],
        "reference": doc.reference, "opener": inline(doc.opener), "body": blocks(doc.body),
        "closer": inline(doc.closer), "signed": signatures(doc.signed),
        "postscript": blocks(doc.postscript), "source": inline(doc.source),
        "attachments": [(inline(a.label), inline(a.title), dateline(a.dateline),
                         inline(a.opener), blocks(a.body), inline(a.closer),
                         signatures(a.signed), blocks(a.postscript)) for a in doc.attachments],
        "notes": {n.id: (n.n, n.series, blocks(n.blocks)) for n in doc.notes.values()},
        "targets": sorted(doc.targets),
    }


def authority(a: m.Authority) -> dict[str, Any]:
    return {"id": a.id, "name": a.name, "sort": a.sort, "dates": a.dates, "forms": a.forms,
            "see_from": a.see_from, "gloss": inline(a.gloss)}


def views(ed: m.Edition) -> Iterator[tuple[str, Any]]:
    """(what, value) for everything compared, in order."""
    yield "edition", (ed.title, ed.subtitle, ed.series_title, ed.identifier, ed.language,
                      ed.editors, ed.publisher, ed.licence)
    yield "description", blocks(ed.description)
    for section in ed.front_matter:
        yield f"section {section.id}", (section.title, blocks(section.blocks))
    yield "abbreviations", ed.abbreviations
    yield "settings", (ed.slug, ed.running_title, ed.page_size, ed.documents_start,
                       ed.date_format, ed.source_notes, ed.epub_fonts, ed.indexes,
                       ed.apparatus_placement, ed.line_numbers, ed.typography, ed.signs,
                       ed.note_series, ed.reasons)
    for doc in ed.documents:
        for key, value in document(doc).items():
            yield f"document {doc.id} {key}", value
    for a in [*ed.persons.values(), *ed.places.values()]:
        yield f"{a.kind} {a.id}", authority(a)
    for part in ed.parts:
        yield f"part {part.id}", (part.parent, inline(part.title), blocks(part.intro))
    for ext in ed.externals.values():
        yield f"external {ext.id}", (ext.label, ext.description)


def differences(a: m.Edition, b: m.Edition) -> list[str]:
    """What differs between two editions: the name of each field, and its two values."""
    left, right = dict(views(a)), dict(views(b))
    return [f"{key}:\n  {left.get(key)!r}\n  {right.get(key)!r}"
            for key in dict.fromkeys([*left, *right]) if left.get(key) != right.get(key)]


def counts(ed: m.Edition) -> Counter[str]:
    """What the round trip carried, counted."""
    c: Counter[str] = Counter(documents=len(ed.documents), persons=len(ed.persons),
                              places=len(ed.places), parts=len(ed.parts),
                              externals=len(ed.externals))
    for doc in ed.documents:
        c["notes"] += len(doc.notes)
        c["targets"] += len(doc.targets)
        c["attachments"] += len(doc.attachments)
        c["signatures"] += len(doc.signed) + sum(len(x.signed) for x in doc.attachments)
        texts = [items for _, items in doc.parts()] + [n.blocks for n in doc.notes.values()]
        for node in (n for items in texts for p in paragraphs(items) for n in walk(p.children)):
            c[type(node).__name__] += 1
    return c


# -- the tests -----------------------------------------------------------------------------


def round_trip(edition: m.Edition, folder: Path) -> tuple[m.Edition, ImportReport]:
    """``edition`` exported to TEI, imported back and loaded; the report of the import."""
    tei = folder / "export.xml"
    export_tei(edition, tei)
    report = import_tei(tei, folder / "back")
    return load(folder / "back"), report


@dataclass
class Trip:
    first: m.Edition
    second: m.Edition
    reports: tuple[ImportReport, ImportReport]


@pytest.fixture(scope="module")
def frus(tmp_path_factory) -> Trip:
    """The FRUS volume imported (once for the module), exported and imported again."""
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is not here")
    root = tmp_path_factory.mktemp("roundtrip")
    report = import_tei(CORPUS, root / "first")
    first, diags = check(root / "first")
    assert first is not None and not diags.errors
    second, again = round_trip(first, root)
    return Trip(first, second, (report, again))


def test_frus_import_export_import_gives_the_same_model(frus):
    carried = counts(frus.first)
    print(dict(carried))
    assert [carried[k] for k in ("documents", "notes", "targets", "externals", "persons",
                                 "parts", "CrossRef", "Mention")] \
        == [409, 385, 564, 47, 173, 36, 121, 1646]
    diffs = differences(frus.first, frus.second)
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs[:20])


def test_the_second_import_reports_nothing_the_first_did_not(frus):
    """The export writes FRUS's encoding where FRUS has one: what the second import could
    not map one to one, the first could not either."""
    first, second = (set(r.categories()) for r in frus.reports)
    assert second - first == set()
    assert frus.reports[1].counts == frus.reports[0].counts


@pytest.mark.parametrize("name", ["sample", "synthetic", "full"])
def test_an_edition_exported_and_imported_is_the_same_model(name, tmp_path):
    """The sample edition, a generated one and the test edition with every construct
    (tests/tei_full.py), as loaded vs. exported and imported back."""
    if name == "sample":
        first = load(REPO / "source")
    elif name == "synthetic":
        first = load(generate(tmp_path / "synthetic", 20))
    else:
        for path, text in FILES.items():
            (tmp_path / "full" / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "full" / path).write_text(text, encoding="utf-8")
        first = load(tmp_path / "full")
    second, report = round_trip(first, tmp_path)
    print(name, dict(counts(first)))
    diffs = differences(first, second)
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs[:20])
    if name == "sample":  # nothing is lost on the way: the report only says where it went
        assert list(report.categories()) == [
            "the list of persons → persons.yaml (the builder prints its own list)"]


def test_a_value_the_span_syntax_cannot_write_is_reported(tmp_path):
    """A source reading with a quote: the emendation keeps its reading, without ``orig``."""
    tei = tmp_path / "volume.xml"
    tei.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        '<title type="complete">V</title></titleStmt></fileDesc></teiHeader><text><body>'
        '<div type="document" xml:id="d1" n="1"><head>H</head><p>He said '
        '<choice><sic>"no"</sic><corr>no</corr></choice>.</p></div></body></text></TEI>',
        encoding="utf-8")
    report = import_tei(tei, tmp_path / "out")
    [entry] = [e for e in report.entries if e.category.startswith("orig=")]
    assert entry.detail == '"no"'
    [para] = load(tmp_path / "out").documents[0].body
    assert shape(para.children) == [("emendation", "", "")]
    assert PlainText().inlines(para.children) == "He said no."
