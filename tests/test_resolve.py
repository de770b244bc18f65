"""Resolution across the edition: note marks, name mentions, apparatus, index entries."""

from __future__ import annotations

import pytest

from edition import model as m
from edition.present import where
from edition.resolve import Occurrence, note_mark, resolve
from edition.resolve.index import entries, locators
from edition.visit import plain, walk_blocks

from .conftest import EDITION_YAML, doc_yaml

SERIES = EDITION_YAML + """\
note_series:
  - {id: foot, name: Footnotes, placement: page, marks: symbols}
  - {id: comm, name: Notes, placement: document-end, marks: arabic}
  - {id: ed, name: Editorial notes, placement: document-end, marks: alpha}
  - {id: vol, name: Volume notes, placement: document-end, marks: roman, restart: volume}
default_note_series: comm
"""


def mentions(blocks) -> list[tuple[str, str, str, bool]]:
    return [(n.kind, n.target, plain(n.children), n.explicit)
            for n in walk_blocks(blocks) if isinstance(n, m.Mention)]


# -- note marks ------------------------------------------------------------------------


def test_note_mark_styles():
    assert [note_mark("symbols", n) for n in range(1, 9)] == \
        ["*", "†", "‡", "§", "‖", "¶", "**", "††"]
    assert [note_mark("arabic", n) for n in (1, 2, 10)] == ["1", "2", "10"]
    assert [note_mark("alpha", n) for n in (1, 2, 26, 27, 52, 53, 702, 703)] == \
        ["a", "b", "z", "aa", "az", "ba", "zz", "aaa"]
    assert [note_mark("roman", n) for n in (1, 4, 9, 14, 40, 1994)] == \
        ["i", "iv", "ix", "xiv", "xl", "mcmxciv"]


def test_marks_count_per_series_in_call_order_and_restart_per_document(load_ok):
    notes_a = """\
        z: {text: Z, series: foot}
        y: {text: Y, series: comm}
        x: {text: X, series: foot}
        w: {text: W, series: ed}
        v: {text: V, series: foot}
        u: {text: U, series: ed}
        t: {text: T, series: vol}
    """
    docs = {
        "a.yaml": doc_yaml("1[^x] 2[^y] 3[^z] 4[^w] 5[^v] 6[^u] 7[^t].", id="a",
                           notes=notes_a),
        "b.yaml": doc_yaml("1[^p] 2[^q] 3[^r] 4[^s].", id="b",
                           notes="p: {text: P, series: foot}\nq: Q\nr: {text: R, series: vol}\n"
                                 "s: {text: S, series: ed}\n"),
    }
    edition = load_ok(edition=SERIES, documents=docs)
    res = resolve(edition)
    a, b = res.edition.documents
    assert [(n.id, n.mark) for n in res.notes_in_order(a)] == [
        ("x", "*"), ("y", "1"), ("z", "†"), ("w", "a"), ("v", "‡"), ("u", "b"), ("t", "i")]
    # restart: document for foot/comm/ed; the 'vol' series goes on counting
    assert [(n.id, n.mark) for n in res.notes_in_order(b)] == [
        ("p", "*"), ("q", "1"), ("r", "ii"), ("s", "a")]
    assert [n.id for n in res.notes_in_order(a, "foot")] == ["x", "z", "v"]
    calls = [n for n in walk_blocks(a.body) if isinstance(n, m.NoteRef)]
    assert [(c.note_id, c.mark, c.anchor) for c in calls][:2] == [
        ("x", "*", "call-a-x"), ("y", "1", "call-a-y")]
    assert a.notes["x"].anchor == "note-a-x"


def test_default_series_are_symbol_footnotes_and_arabic_notes(load_ok):
    doc = doc_yaml("1[^a] 2[^b] 3[^c].", notes="a: A\nb: {text: B, series: footnote}\nc: C\n")
    edition = load_ok(documents={"d1.yaml": doc})
    res = resolve(edition)
    assert [(n.id, n.series, n.mark) for n in res.notes_in_order(res.edition.documents[0])] == [
        ("a", "commentary", "1"), ("b", "footnote", "*"), ("c", "commentary", "2")]


def test_unknown_note_series_is_an_error(run_check):
    doc = doc_yaml("1[^a].", notes="a: {text: A, series: margin}\n")
    _, diags = run_check(documents={"d1.yaml": doc})
    [err] = diags.errors
    assert (err.loc.file, err.loc.line, err.message) == (
        "ed/documents/d1.yaml", 8, "unknown note series 'margin'")


# -- mentions --------------------------------------------------------------------------


PERSONS = """\
- id: frunze
  name: Frunze, Mikhail Vasilyevich
  forms: [M. V. Frunze, Frunze]
- id: fuad
  name: Ali Fuat Pasha (Cebesoy)
  sort: Ali Fuat
  forms: [Ali Fuad, Ali Fuad pasha]
  see_from: ["Cebesoy, Ali Fuat"]
"""


def test_forms_longest_first_and_on_word_boundaries(load_ok):
    body = "M. V. Frunze met Ali Fuad pasha and Frunze in Angora, not in Angoras or Moscowite."
    edition = load_ok(persons=PERSONS, documents={"d1.yaml": doc_yaml(body)})
    res = resolve(edition)
    assert mentions(edition.documents[0].body) == []  # the model read is left as it was
    assert mentions(res.edition.documents[0].body) == [
        ("person", "frunze", "M.\u00a0V.\u00a0Frunze", False),
        ("person", "fuad", "Ali Fuad pasha", False),
        ("person", "frunze", "Frunze", False),
        ("place", "ankara", "Angora", False),
    ]


def test_noindex_and_explicit_spans_win(load_ok):
    body = ("[Moscow]{.noindex} and [the capital]{place=moscow} and [Frunze]{person=fuad} "
            "and *Moscow*.")
    edition = load_ok(persons=PERSONS, documents={"d1.yaml": doc_yaml(body)})
    res = resolve(edition)
    assert mentions(res.edition.documents[0].body) == [
        ("place", "moscow", "the capital", True),
        ("person", "fuad", "Frunze", True),
        ("place", "moscow", "Moscow", False),
    ]


def test_mentions_in_notes_titles_and_signature_are_collected(load_ok):
    doc = doc_yaml("In Moscow[^a].", notes="a: Frunze went to Ankara.\n",
                   extra="signed: {name: Frunze, person: frunze}\n").replace(
        "title: A document", "title: Note to Ali Fuad")
    edition = load_ok(persons=PERSONS, documents={"d1.yaml": doc})
    res = resolve(edition)
    got = [(o.kind, o.key, o.anchor, o.note_id, o.in_note) for o in res.occurrences]
    assert got == [
        ("person", "fuad", "m-d1-1", None, False),
        ("place", "moscow", "m-d1-2", None, False),
        ("person", "frunze", "m-d1-3", "a", True),
        ("place", "ankara", "m-d1-4", "a", True),
        ("person", "frunze", "sig-d1", None, False),
    ]
    title = [m.Paragraph(res.edition.documents[0].title)]
    assert mentions(title) == [("person", "fuad", "Ali Fuad", False)]


def test_no_mentions_inside_cross_references(load_ok):
    docs = {"a.yaml": doc_yaml("Moscow.", id="a"),
            "b.yaml": doc_yaml("See [the Moscow note](#a).", id="b")}
    edition = load_ok(documents=docs)
    res = resolve(edition)
    assert [(o.doc_id, o.key) for o in res.occurrences] == [("a", "moscow")]


# -- apparatus -------------------------------------------------------------------------


def test_apparatus_entries(load_ok):
    edition_yaml = EDITION_YAML + "apparatus:\n  reasons:\n    caps: Capital restored\n"
    body = ('In [Angora]{.corr orig="angora" r=caps} [no assistance or assistance]{.sic} '
            'it[]{.omission mark="..."} [Chicherin]{.supplied}.\n\n'
            'Then[]{.gap reason="Breaks off."}[^a]')
    doc = doc_yaml(body, notes='a:\n  text: \'[From]{.corr orig="from"} 1921.\'\n')
    edition = load_ok(edition=edition_yaml, documents={"d1.yaml": doc})
    res = resolve(edition)
    got = [(e.kind, e.lemma, e.source, e.reason, where(e.place), e.anchor)
           for e in res.apparatus["d1"]]
    assert got == [
        ("emendation", "Angora", "angora", "Capital restored", "¶ 1", "app-d1-1"),
        ("omission", "[…]", "...", "", "¶ 1", "app-d1-2"),
        ("gap", "[gap]", "", "Breaks off.", "¶ 2", "app-d1-3"),
        ("emendation", "From", "from", "", "note 1", "app-d1-4"),
    ]


# -- indexes ---------------------------------------------------------------------------


def test_index_entries_sorted_with_see_entries(load_ok):
    persons = PERSONS + "- id: abc\n  name: Äbc, Zed\n  forms: [Äbc]\n"
    body = "Frunze, Ali Fuad, Äbc, Angora, Moscow and Angora."
    edition = load_ok(persons=persons, documents={"d1.yaml": doc_yaml(body)})
    res = resolve(edition)
    people = [(e.heading, e.see.id if e.see else None, len(e.occurrences))
              for e in entries(res, "person")]
    assert people == [
        ("Äbc, Zed", None, 1),
        ("Ali Fuat Pasha (Cebesoy)", None, 1),
        ("Cebesoy, Ali Fuat", "fuad", 0),
        ("Frunze, Mikhail Vasilyevich", None, 1),
    ]
    places = [(e.heading, e.see.id if e.see else None, len(e.occurrences), e.anchor)
              for e in entries(res, "place")]
    assert places == [
        ("Angora", "ankara", 0, "idx-place-ankara"),
        ("Ankara", None, 2, "idx-place-ankara"),
        ("Moscow", None, 1, "idx-place-moscow"),
    ]


def test_unmentioned_authorities_have_no_entry(load_ok):
    edition = load_ok(documents={"d1.yaml": doc_yaml("Nobody here.")})
    assert entries(resolve(edition), "place") == []


def occ(anchor: str, note: str | None = None) -> Occurrence:
    return Occurrence("person", "x", "d", anchor, note)


@pytest.mark.parametrize(
    ("pages", "notes", "labels"),
    [
        ({"a": 3, "b": 4, "c": 5}, set(), ["3–5"]),
        ({"a": 3, "b": 4, "c": 6}, set(), ["3–4", "6"]),
        ({"a": 5, "b": 3}, set(), ["3", "5"]),
        ({"a": 7, "b": 7}, {"a"}, ["7"]),  # text and note on one page: a text locator
        ({"a": 7}, {"a"}, ["7n"]),
        ({"a": 7, "b": 8}, {"a", "b"}, ["7n", "8n"]),  # note pages are never joined
        ({"a": 7, "b": 8}, {"a"}, ["7n", "8"]),  # nor a note page with a text page
        ({"a": 1, "b": 2, "c": 3, "d": 3}, {"d"}, ["1–3"]),
    ],
)
def test_locators(pages, notes, labels):
    occurrences = [occ(a, "n" if a in notes else None) for a in pages]
    assert [loc.label() for loc in locators(occurrences, pages)] == labels


def test_locators_skip_anchors_without_a_page():
    got = locators([occ("a"), occ("b"), occ("c")], {"a": 2, "c": 3})
    assert [(g.label(), g.anchors) for g in got] == [("2–3", ["a", "c"])]


def test_symbols_give_way_to_numbers_past_the_doubled_symbols(load_ok):
    calls = " ".join(f"Text {k}.[^f{k}]" for k in range(1, 14))
    notes = "".join(f"f{k}: {{text: Note {k}., series: foot}}\n" for k in range(1, 14))
    few = " ".join(f"Text {k}.[^f{k}]" for k in range(1, 13))
    few_notes = "".join(f"f{k}: {{text: Note {k}., series: foot}}\n" for k in range(1, 13))
    edition = load_ok(edition=SERIES, documents={
        "a.yaml": doc_yaml(calls, id="a", notes=notes),
        "b.yaml": doc_yaml(few, id="b", notes=few_notes)})
    res = resolve(edition)
    a, b = res.edition.documents
    assert [n.mark for n in res.notes_in_order(a)] == [str(k) for k in range(1, 14)]
    assert [n.mark for n in res.notes_in_order(b)][-2:] == ["‖‖", "¶¶"]
    [warning] = res.warnings
    assert "document 'a'" in warning.message and "numbered" in warning.message
