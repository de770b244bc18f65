"""The sample edition in source/ against the web text it was made from.

The seed is the text of the web page (shared/seeds/ beside the repository: /work/shared
here, ``<clone>/../shared`` on CI). Every one of its words must survive in the edition:
in the reading text, in the notes, or in the apparatus (an emendation's source reading,
an omission's own mark, a note's own number in the source).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from edition import model as m
from edition.pipeline import check
from edition.resolve import resolve
from edition.visit import plain, walk, walk_blocks

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "source"
SEED = REPO / ".." / "shared" / "seeds" / "000_8250b7ef3490c935.txt"
PAGE_CHROME = {"Marx-Engels | Lenin | Stalin | Home Page", "Download PDF"}


# -- normalising -----------------------------------------------------------------------

_QUOTES = dict.fromkeys(map(ord, "ʹʺ’‘“”'\"`´"), None)
_DASHES = dict.fromkeys(map(ord, "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), " ")


def words(text: str) -> list[str]:
    """Words for comparison: NFKC, quotes and apostrophes dropped, hyphens and dashes
    as spaces, lower case, split on non-word characters. A number glued to a capitalised
    word by the web page ('1941Concentrated', a lost line break) is split."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    text = re.sub(r"(?<=\d)(?=[A-Z])", " ", text)
    return re.findall(r"\w+", text.lower())


# -- what the edition holds ------------------------------------------------------------


def source_text(nodes: list[m.Inline], notes: dict[str, m.Note]) -> str:
    """The source's own reading of inline nodes: an emendation gives its ``orig``, an
    omission its ``mark``, a note call the note's number in the source; what the editors
    add (supplied text, the description of a gap) is left out."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, m.Text):
            out.append(node.text)
        elif isinstance(node, m.LineBreak):
            out.append("\n")
        elif isinstance(node, m.Emendation):
            out.append(f" {node.orig} ")
        elif isinstance(node, m.Omission):
            out.append(f" {node.mark} ")
        elif isinstance(node, m.NoteRef):
            note = notes.get(node.note_id)
            out.append(f" {note.n if note else ''} ")
        elif isinstance(node, m.Supplied | m.Gap):
            continue
        elif isinstance(node, m.Container):
            out.append(source_text(node.children, notes))
    return "".join(out)


def blocks_text(blocks: list[m.Block], notes: dict[str, m.Note], inlines=source_text) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, m.Paragraph):
            out.append(inlines(block.children, notes))
        elif isinstance(block, m.BlockQuote):
            out.append(blocks_text(block.blocks, notes, inlines))
        else:
            out.extend(blocks_text(item, notes, inlines) for item in block.items)
    return "\n".join(out)


def reading_text(nodes: list[m.Inline], notes=None) -> str:
    return plain(nodes)


@pytest.fixture(scope="module")
def edition() -> m.Edition:
    edition, diags = check(SOURCE)
    assert not diags.errors, "\n".join(str(d) for d in diags.errors)
    assert edition is not None
    return edition


@pytest.fixture(scope="module")
def doc(edition) -> m.Document:
    [doc] = [d for d in edition.documents if d.date.iso == "1921-10-10"]
    return doc


@pytest.fixture(scope="module")
def seed_words() -> Counter:
    if not SEED.is_file():
        pytest.skip(f"seed text not found at {SEED.resolve()} (shared/ beside the clone)")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return Counter(words("\n".join(ln for ln in lines if ln.strip() not in PAGE_CHROME)))


def document_source(doc: m.Document) -> str:
    """The document as its source reads it: text fields, then notes with their numbers."""
    parts = [blocks_text(blocks, doc.notes) for _, blocks in doc.parts()]
    parts += [f"{n.n} {blocks_text(n.blocks, doc.notes)}" for n in doc.notes.values()]
    return "\n".join(parts)


def metadata(edition: m.Edition, doc: m.Document) -> str:
    """Editorial fields that render lines of the page: the collection's title line, the
    date and reference line (the signature is a text field of the document)."""
    return "\n".join([edition.title, edition.subtitle, doc.date.display(), doc.reference])


# -- fidelity --------------------------------------------------------------------------


def test_every_word_of_the_seed_survives(edition, doc, seed_words):
    have = Counter(words(document_source(doc) + "\n" + metadata(edition, doc)))
    missing = seed_words - have
    assert not missing, f"{sum(missing.values())} word(s) of the seed are lost: " + \
        ", ".join(f"{w}×{n}" if n > 1 else w for w, n in sorted(missing.items()))


def test_every_seed_word_is_somewhere_in_the_model(edition, doc, seed_words):
    """As sets, over everything the model keeps: reading text and apparatus together."""
    res = resolve(edition)
    reading = "\n".join(blocks_text(b, doc.notes, reading_text) for _, b in doc.parts())
    notes = "\n".join(f"{n.n} " + blocks_text(n.blocks, doc.notes, reading_text)
                      for n in doc.notes.values())
    apparatus = "\n".join(f"{e.lemma} {e.source}" for e in res.apparatus[doc.id])
    have = set(words("\n".join([reading, notes, apparatus, metadata(edition, doc)])))
    missing = set(seed_words) - have
    assert not missing, "seed words not in the model: " + ", ".join(sorted(missing))


def test_the_edition_adds_no_unmarked_words(doc, seed_words):
    """Read back as the source reads it, the document has no word the seed lacks: every
    editorial addition is marked (supplied text, gap, emendation)."""
    extra = Counter(words(document_source(doc))) - seed_words
    assert not extra, "words not in the seed and not marked as editorial: " + \
        ", ".join(sorted(extra))


# -- facts of the sample ---------------------------------------------------------------


def test_signature_is_supplied(doc):
    [sig] = doc.signed
    assert (plain(sig.name), sig.supplied, sig.person) == ("Chicherin", True, "chicherin")


def test_source_line_is_emended_and_apparatus_keeps_the_source(edition, doc):
    assert plain(doc.source) == "Printed from the archive."
    [corr] = [n for n in walk(doc.source) if isinstance(n, m.Emendation)]
    assert corr.orig == "Printed by architect."
    res = resolve(edition)
    entries = [e for e in res.apparatus[doc.id] if e.place.part == "source"]
    assert [(e.kind, e.lemma, e.source) for e in entries] == [
        ("emendation", "Printed from the archive.", "Printed by architect.")]
    assert entries[0].reason  # a reason is given


def test_no_raw_primes_or_unicode_hyphens_in_the_reading_text(edition, doc):
    texts = {name: blocks_text(blocks, doc.notes, reading_text) for name, blocks in doc.parts()}
    texts |= {f"note {n.id}": blocks_text(n.blocks, doc.notes, reading_text)
              for n in doc.notes.values()}
    texts["front matter"] = "\n".join(blocks_text(s.blocks, {}, reading_text)
                                      for s in edition.front_matter)
    for name, text in texts.items():
        for ch in "\u02b9\u02ba\u2010":
            assert ch not in text, f"U+{ord(ch):04X} in the reading text of {name}: " + \
                text[max(0, text.index(ch) - 30): text.index(ch) + 30]
    assert "Russia’s interests" in texts["body"]
    assert "Yusuf Kemal-bey" in texts["body"]


def test_kars_footnote_refers_to_external_doc_264(edition):
    res = resolve(edition)
    [doc] = [d for d in res.edition.documents if d.date.iso == "1921-10-10"]
    [para] = [b for b in doc.body if isinstance(b, m.Paragraph)
              and "signed in Kars" in plain(b.children)]
    nodes = para.children
    [i] = [i for i, n in enumerate(nodes) if isinstance(n, m.NoteRef)
           and plain(nodes[:i]).endswith("signed in Kars")]
    note = doc.notes[nodes[i].note_id]
    assert edition.note_series[note.series].placement == "page"
    assert (note.n, note.mark) == ("*", "*")
    refs = [n for n in walk_blocks(note.blocks) if isinstance(n, m.CrossRef)]
    assert [(r.target, r.external) for r in refs] == [("doc-264", True)]
    assert edition.externals["doc-264"].label == "Doc. No. 264"
    assert plain(refs[0].children) == "Doc.\u00a0No.\u00a0264"
    assert note in res.notes_in_order(doc)


def test_sample_is_indexed(edition, doc):
    res = resolve(edition)
    places = {o.key for o in res.occurrences if o.kind == "place"}
    persons = {o.key for o in res.occurrences if o.kind == "person"}
    assert {"ankara", "moscow", "kars", "mesopotamia"} <= places
    assert {"chicherin", "ali-fuad", "yusuf-kemal", "frunze"} <= persons
