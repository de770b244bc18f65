"""Every class of source error is reported with its file, line, column and a useful message.

File names are as the loader prints them: relative to the folder that holds the edition
folder, so a fixture edition in ``<tmp>/ed`` reports ``ed/documents/d1.yaml``.
"""

from __future__ import annotations

import pytest

from edition.pipeline import check

from .conftest import EDITION_YAML, PERSONS_YAML, doc_yaml, only_error, where

DOC = "ed/documents/d1.yaml"
BODY_LINE = 6  # the first body line of doc_yaml() without ``extra``

WITH_EXTERNAL = EDITION_YAML + (
    "external:\n"
    "  - id: doc-264\n"
    "    label: Doc. No. 264\n"
)


def test_valid_fixture_has_no_diagnostics(run_check):
    edition, diags = run_check()
    assert diags.items == []
    assert edition is not None
    assert [d.id for d in edition.documents] == ["d1"]


# -- YAML level ------------------------------------------------------------------------


def test_malformed_yaml(run_check):
    text = "id: d1\nnumber: '1\ntitle: A document\n"  # the quote never closes
    _, diags = run_check(documents={"d1.yaml": text})
    err = only_error(diags)
    assert where(err) == (DOC, 4, 1)
    assert err.message == "malformed YAML: found unexpected end of stream"
    assert "quoted" in err.hint


def test_malformed_yaml_unquoted_colon(run_check):
    text = "id: d1\ntitle: [Angora]{place=ankara}: a note\n"
    _, diags = run_check(documents={"d1.yaml": text})
    err = only_error(diags)
    assert where(err) == (DOC, 2, 16)  # the '{' after the flow sequence '[Angora]'
    assert err.message.startswith("malformed YAML: ")


def test_duplicate_yaml_key(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml(extra="title: Again\n")})
    err = only_error(diags)
    assert where(err) == (DOC, 5, 1)
    assert err.message == "duplicate key 'title' (first defined at line 3)"


def test_duplicate_yaml_key_in_nested_mapping(run_check):
    doc = doc_yaml("Text[^a].", notes="a: one\na: two\n")
    _, diags = run_check(documents={"d1.yaml": doc})
    err = only_error(diags)
    assert where(err) == (DOC, 9, 3)
    assert err.message == "duplicate key 'a' (first defined at line 8)"


def test_recursive_alias_is_an_error_not_a_crash(run_check):
    # A YAML alias that refers to its own anchor makes an infinite structure.
    # BUG: edition/yamlsource.py _convert() follows aliases without a guard and
    # check() raises RecursionError instead of reporting an error.
    edition, diags = run_check(documents={"d1.yaml": doc_yaml(extra="opener: &a [*a]\n")})
    assert edition is None or diags.errors
    err = diags.errors[0]
    assert (err.loc.file, err.loc.line) == (DOC, 5)


def test_line_numbers_are_the_lines_an_editor_shows(run_check):
    # Web text often carries U+2028 LINE SEPARATOR (or U+0085 NEXT LINE) inside a line.
    # BUG: edition/yamlsource.py takes line numbers from PyYAML's marks, which count
    # U+2028, U+2029 and U+0085 as line breaks, while SourceFile.locate() counts only
    # '\n': the unknown field on line 8 is reported at line 9.
    doc = doc_yaml("Line one\u2028still line one.") + "closer: Yours.\ntitel: x\n"
    _, diags = run_check(documents={"d1.yaml": doc})
    err = only_error(diags)
    assert err.message == "unknown field 'titel'"
    assert where(err) == (DOC, 8, 1)


# -- schema level ----------------------------------------------------------------------


def test_unknown_field_with_hint(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml(extra="titel: Another\n")})
    err = only_error(diags)
    assert where(err) == (DOC, 5, 1)
    assert err.message == "unknown field 'titel'"
    assert err.hint.startswith("did you mean 'title'? allowed fields: attachments, body, closer,")


def test_unknown_nested_field_in_edition_yaml(run_check):
    _, diags = run_check(edition=EDITION_YAML + "typography:\n  dashes: en\n")
    err = only_error(diags)
    assert where(err) == ("ed/edition.yaml", 7, 3)
    assert err.message == "unknown field 'dashes'"
    assert err.hint.startswith("did you mean 'dash'?")


def test_missing_required_field(run_check):
    text = "id: d1\nnumber: '1'\ndate: '1921'\nbody: Text.\n"
    _, diags = run_check(documents={"d1.yaml": text})
    err = only_error(diags)
    assert where(err) == (DOC, 1, 1)
    assert err.message == "missing required field 'title'"
    assert err.hint == "add 'title:' here"


def test_missing_required_field_of_edition(run_check):
    _, diags = run_check(edition=EDITION_YAML.replace("licence: CC0\n", ""))
    err = only_error(diags)
    assert where(err) == ("ed/edition.yaml", 1, 1)
    assert err.message == "missing required field 'licence'"


def test_invalid_id(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml(id="1st")})
    err = only_error(diags)
    assert where(err) == (DOC, 1, 5)
    assert err.message == "'1st' is not a valid id"


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("1921-02-30", "field 'date': '1921-02-30' is not a real date "
                       "(day is out of range for month)"),
        ("1921-13", "field 'date': '1921-13' is not a real date (month must be in 1..12)"),
        ("yesterday", "field 'date': 'yesterday' is not a date"),
        ("1921-2-3", "field 'date': '1921-2-3' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_bad_dates(run_check, date, message):
    _, diags = run_check(documents={"d1.yaml": doc_yaml(date=date)})
    err = only_error(diags)
    assert where(err) == (DOC, 4, 7)
    assert err.message == message


@pytest.mark.parametrize("date", ["1921", "1921-10", "1921-10-10~", "1921?", "[1921-10-10]",
                                  "undated"])
def test_good_dates(load_ok, date):
    edition = load_ok(documents={"d1.yaml": doc_yaml(date=date)})
    assert edition.documents[0].date.iso == date.strip("[]~?").replace("undated", "")


# -- identifiers and references --------------------------------------------------------


def test_unknown_person_in_span(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml("Met [him]{person=nobody} there.")})
    err = only_error(diags)
    assert where(err) == (DOC, BODY_LINE, 13)  # at 'person=nobody'
    assert err.message == "unknown person id 'nobody'"
    assert err.hint == "add it to persons.yaml"


def test_unknown_place_in_span_suggests_close_id(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml("In [Angora]{place=angora} then.")})
    err = only_error(diags)
    assert where(err) == (DOC, BODY_LINE, 15)
    assert err.message == "unknown place id 'angora'"
    assert err.hint == "did you mean 'ankara'? add it to places.yaml"


def test_unknown_person_in_note_text(run_check):
    doc = doc_yaml("Text[^a].", notes="a:\n  text: See [him]{person=nobody}.\n")
    _, diags = run_check(documents={"d1.yaml": doc})
    err = only_error(diags)
    assert where(err) == (DOC, 9, 21)
    assert err.message == "unknown person id 'nobody'"


def test_position_inside_short_form_note(run_check):
    # A note may be written as a plain string (``id: text``) instead of ``id: {text: ...}``.
    # BUG: edition/load.py _document() locates inside the path ('notes', id, 'text'), which
    # only exists in the long form; for the short form every position inside the note
    # falls back to the start of the note (line 8 here), not the offending span.
    doc = doc_yaml("Text[^a].", notes="a: |\n  First line.\n  Met [him]{person=nobody}.\n")
    _, diags = run_check(documents={"d1.yaml": doc})
    err = only_error(diags)
    assert err.message == "unknown person id 'nobody'"
    assert where(err) == (DOC, 10, 15)


def test_unknown_note_id(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml("Text[^nope] here.")})
    err = only_error(diags)
    assert where(err) == (DOC, BODY_LINE, 7)
    assert err.message == "unknown note id 'nope'"


def test_duplicate_document_ids_in_two_files(run_check):
    _, diags = run_check(documents={"a.yaml": doc_yaml(), "b.yaml": doc_yaml()})
    err = only_error(diags)
    assert where(err) == ("ed/documents/b.yaml", 1, 5)
    assert err.message == "duplicate document id 'd1'"
    assert "ed/documents/a.yaml:1:5" in err.hint


def test_duplicate_person_ids(run_check):
    persons = PERSONS_YAML + "- id: chicherin\n  name: Somebody else\n"
    _, diags = run_check(persons=persons)
    err = only_error(diags)
    assert where(err) == ("ed/persons.yaml", 7, 7)
    assert err.message == "duplicate person id 'chicherin'"
    assert "ed/persons.yaml:1:3" in err.hint


def test_note_never_called(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml("No call here.", notes="a: A note.\n")})
    err = only_error(diags)
    assert where(err) == (DOC, 8, 3)
    assert err.message == "note 'a' is never called"
    assert err.hint.startswith("put [^a] where the note belongs")


def test_note_called_twice(run_check):
    doc = doc_yaml("First[^a] and\nagain[^a].", notes="a: A note.\n")
    _, diags = run_check(documents={"d1.yaml": doc})
    err = only_error(diags)
    # BUG: edition/load.py _locate_nodes() finds a note call by searching the field for
    # '[^a]', which always gives the first occurrence: the error and its hint's "first
    # call at" both name line 6, column 8.
    assert where(err) == (DOC, BODY_LINE + 1, 8)  # the second call
    assert err.message == "note 'a' is called twice"
    assert f"first call at {DOC}:{BODY_LINE}:8" in err.hint


def test_dangling_cross_reference(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml("See [x](#nowhere).")})
    err = only_error(diags)
    assert where(err) == (DOC, BODY_LINE, 10)
    assert err.message == "cross-reference to unknown id 'nowhere'"
    assert "external:" in err.hint


def test_cross_reference_to_declared_external_is_accepted(load_ok):
    doc = doc_yaml("See[^k] it.", notes='k: "cm. [Doc. No. 264](#doc-264)"\n')
    edition = load_ok(edition=WITH_EXTERNAL, documents={"d1.yaml": doc})
    assert edition.externals["doc-264"].label == "Doc. No. 264"
    from edition import model as m
    from edition.resolve import resolve
    from edition.visit import walk_blocks

    resolved = resolve(edition).edition
    refs = [n for n in walk_blocks(resolved.documents[0].notes["k"].blocks)
            if isinstance(n, m.CrossRef)]
    assert [(r.target, r.external) for r in refs] == [("doc-264", True)]


def test_cross_references_to_documents_and_their_notes(run_check):
    docs = {
        "a.yaml": doc_yaml("Text[^k].", id="a", notes="k: A note.\n"),
        "b.yaml": doc_yaml("[doc](#a), [note](#a/k), [bad](#a/zz)", id="b"),
    }
    _, diags = run_check(documents=docs)
    err = only_error(diags)
    assert where(err) == ("ed/documents/b.yaml", BODY_LINE, 33)
    assert err.message == "cross-reference to unknown id 'a/zz'"


# -- inline markup ---------------------------------------------------------------------


def test_unknown_span_class(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml("A [b]{.foo} c.")})
    err = only_error(diags)
    assert where(err) == (DOC, BODY_LINE, 8)
    assert err.message == "unknown span {.foo}"
    assert ".corr" in err.hint


def test_unknown_span_attribute(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml("A [b]{.sic foo=1} c.")})
    err = only_error(diags)
    assert where(err) == (DOC, BODY_LINE, 14)
    assert err.message == "unknown span attribute 'foo'"


def test_emendation_without_source_reading(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml("A [b]{.corr} c.")})
    err = only_error(diags)
    assert where(err) == (DOC, BODY_LINE, 8)
    assert err.message == "an emendation needs the source reading"


def test_unknown_reason_key(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml('A [b]{.corr orig="c" r=zz} d.')})
    err = only_error(diags)
    assert where(err) == (DOC, BODY_LINE, 24)
    assert err.message == "unknown reason key 'zz'"


@pytest.mark.parametrize("url", ["http://example.org/", "https://example.org/x"])
def test_web_link_rejected(run_check, url):
    _, diags = run_check(documents={"d1.yaml": doc_yaml(f"A [b]({url}) c.")})
    err = only_error(diags)
    assert where(err) == (DOC, BODY_LINE, 9)
    assert err.message == f"links may only point to a document or note id ('{url}')"


def test_heading_not_allowed_in_body(run_check):
    _, diags = run_check(documents={"d1.yaml": doc_yaml("Text.\n\n# A heading")})
    err = only_error(diags)
    assert where(err) == (DOC, BODY_LINE + 2, 3)
    assert err.message == "a heading is not allowed here"


def test_note_calling_a_note(run_check):
    doc = doc_yaml("Text[^a][^b].", notes="a:\n  text: See[^b].\nb: B.\n")
    _, diags = run_check(documents={"d1.yaml": doc})
    err = only_error(diags)
    assert where(err) == (DOC, 9, 14)
    assert err.message == "a note cannot call another note ([^b])"


# -- paths -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["../elsewhere/x.yaml", "documents/../../x.yaml", "/etc/x.yaml"])
def test_document_path_leaving_the_folder(run_check, path):
    _, diags = run_check(edition=EDITION_YAML + f"  - {path}\n")
    err = only_error(diags)
    assert where(err) == ("ed/edition.yaml", 6, 5)
    assert err.message == f"document path '{path}' leaves the edition folder"


@pytest.mark.parametrize("path", ["../people.yaml", "/etc/passwd"])
def test_persons_path_leaving_the_folder(tmp_path, make, path):
    # BUG: edition/load.py _authorities() joins 'persons:' to the edition folder without
    # the '..'/absolute check that document paths get, so an edition can read any file
    # on the machine ('/etc/passwd' is parsed and its name printed in diagnostics).
    (tmp_path / "people.yaml").write_text(PERSONS_YAML, encoding="utf-8")
    root = make(edition=f"persons: {path}\n" + EDITION_YAML)
    _, diags = check(root)
    err = only_error(diags)
    assert where(err) == ("ed/edition.yaml", 1, 10)
    assert "leaves the edition folder" in err.message


def test_missing_document_file(run_check):
    _, diags = run_check(edition=EDITION_YAML + "  - documents/absent.yaml\n")
    err = only_error(diags)
    assert where(err) == ("ed/edition.yaml", 6, 5)
    assert err.message == "document file 'documents/absent.yaml' not found"


def test_glob_skips_folders(make):
    # BUG: edition/load.py _document_paths() keeps every glob match, folders too, so
    # 'documents/*' with a sub-folder reports "cannot read file: [Errno 21] Is a
    # directory" (at line 0 of the folder) instead of reading only the files.
    root = make(edition=EDITION_YAML.replace("documents/*.yaml", "documents/*"))
    (root / "documents" / "images").mkdir()
    _, diags = check(root)
    assert diags.errors == []


def test_missing_persons_file(run_check):
    _, diags = run_check(persons=None)
    err = only_error(diags)
    assert err.loc.file == "ed/edition.yaml"
    assert err.message == "persons file 'persons.yaml' not found"


# -- all errors together ---------------------------------------------------------------


def test_all_errors_of_a_run_are_reported_together(run_check):
    docs = {
        "a.yaml": doc_yaml("A [b]{.foo} c[^nope].", id="a"),
        "b.yaml": doc_yaml(id="b", date="1921-02-30"),
    }
    _, diags = run_check(documents=docs)
    got = sorted((*where(d), d.message) for d in diags.errors)
    assert got == [
        ("ed/documents/a.yaml", BODY_LINE, 8, "unknown span {.foo}"),
        ("ed/documents/a.yaml", BODY_LINE, 16, "unknown note id 'nope'"),
        ("ed/documents/b.yaml", 4, 7,
         "field 'date': '1921-02-30' is not a real date (day is out of range for month)"),
    ]


def test_a_broken_file_does_not_hide_errors_in_other_files(run_check):
    docs = {"a.yaml": "id: [\n", "b.yaml": doc_yaml("See [x](#nowhere).", id="b")}
    _, diags = run_check(documents=docs)
    got = sorted((d.loc.file, d.message.split(":")[0]) for d in diags.errors)
    assert got == [("ed/documents/a.yaml", "malformed YAML"),
                   ("ed/documents/b.yaml", "cross-reference to unknown id 'nowhere'")]


# -- warnings --------------------------------------------------------------------------


def test_replaced_character_is_a_warning_not_an_error(run_check):
    edition, diags = run_check(documents={"d1.yaml": doc_yaml("Russiaʹs interests.")})
    assert edition is not None and diags.errors == []
    [warning] = diags.warnings
    assert where(warning) == (DOC, BODY_LINE, 9)
    assert warning.message.startswith("character U+02B9 MODIFIER LETTER PRIME (1× in this file)")


def test_character_warning_points_at_first_occurrence_in_file(run_check):
    # BUG: edition/load.py _document() scans the notes before the title and body, so the
    # one warning per character and file points at an occurrence in a note (line 8)
    # although the first one in the file is in the body (line 6).
    doc = doc_yaml("Russiaʹs interests[^a].", notes="a: Turkeyʹs policy.\n")
    _, diags = run_check(documents={"d1.yaml": doc})
    [warning] = diags.warnings
    assert "(2× in this file)" in warning.message
    assert where(warning) == (DOC, BODY_LINE, 9)
