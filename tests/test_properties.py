"""Property tests: the loader reports, it never crashes.

Hypothesis settings come from tests/conftest.py (150 examples; derandomized when CI is
set); ``pytest --hypothesis-profile=edition-long`` runs 3000 examples.

Whatever the editor types — broken YAML, odd Markdown, stray characters — ``check()``
returns either an edition or errors, and every diagnostic names a file of the edition
and a line in it (line 0 only for an error about a file as a whole).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from edition.pipeline import check
from edition.resolve import resolve

from .conftest import EDITION_YAML, doc_yaml, write_edition

# Characters that mean something to YAML or to the Markdown of text fields, the
# characters the cleaner replaces, and a little of everything else.
SPECIAL = [*":-?[]{}#&*!|>'\"%@`,\n\t ^().=\\/<_~", "ʹ", "ʺ", "‐", "…", "\u00a0", "\ufeff",
           "\u200b", "\u2028", "\x85", "\r"]
WORDS = ["id", "title", "body", "notes", "text", "series", "date", "documents", "persons",
         "editors", "licence", "external", "1921-10-10", "1921-02-30", "d1", "Angora",
         "{.corr orig=", "{place=ankara}", "{person=nobody}", "[^a]", "(#d1)", "(#x)",
         "{.omission}", "{.noindex}", "http://x", "\n  - ", "\n    ", ": |\n  ", "&a ", "*a"]
texty = st.lists(st.one_of(st.sampled_from(SPECIAL), st.sampled_from(WORDS),
                           st.text(max_size=4)), max_size=40).map("".join)


def assert_reports_cleanly(root: Path) -> None:
    edition, diags = check(root)
    if edition is None:
        assert diags.errors, "nothing loaded but no error reported"
    for d in diags.items:
        assert d.message.strip()
        assert d.loc.file.split("/")[0] == root.name, str(d)
        if d.loc.line == 0:
            assert d.loc.column == 0, str(d)
            continue
        path = root.parent / d.loc.file
        assert path.is_file(), str(d)
        # as YAML counts lines (U+2028 and U+0085 too; see test_load_errors for the
        # editor's count); the line after a final newline is the end of the file
        lines = path.read_text(encoding="utf-8").splitlines()
        assert 1 <= d.loc.line <= len(lines) + 1, str(d)
        assert d.loc.column >= 1, str(d)
    if edition is not None and not diags.errors:
        resolve(edition)


class Scratch:
    """A fresh edition folder per example (tmp_path is per test, not per example)."""

    def __enter__(self) -> Path:
        self.dir = Path(tempfile.mkdtemp(prefix="edition-prop-"))
        return self.dir / "ed"

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


@given(texty)
def test_arbitrary_edition_yaml(text):
    with Scratch() as root:
        write_edition(root, edition=text)
        assert_reports_cleanly(root)


@given(texty)
def test_arbitrary_document_file(text):
    with Scratch() as root:
        write_edition(root, documents={"d1.yaml": text})
        assert_reports_cleanly(root)


@given(st.integers(min_value=0, max_value=400), texty)
def test_valid_document_with_text_spliced_in(pos, text):
    valid = doc_yaml("In [Angora]{place=ankara}[^a] he said.", notes="a: A note.\n")
    pos = min(pos, len(valid))
    with Scratch() as root:
        write_edition(root, documents={"d1.yaml": valid[:pos] + text + valid[pos:]})
        assert_reports_cleanly(root)


MARKDOWN = [*SPECIAL, "*", "**", "_", "> ", "- ", "1. ", "# ", "    ", "\n\n", "[", "](",
                      "]{", "}", "[^", "[^a]", "[^b]", "{.sic}", "{.corr orig=\"x\"}",
                      "{.supplied}", "{.gap}", "{.omission mark=\"...\"}", "{.noindex}",
                      "{person=frunze}", "{place=ankara}", "{place=}", "(#d1)", "(#a)",
                      "Moscow", "M. V. Frunze", "Mr. ", "...", " - ", "```", "<b>", "&amp;",
                      "\\", "  \n", "---", "***", "| a |", "[x]: #d1"]
markdown = st.lists(st.one_of(st.sampled_from(MARKDOWN), st.text(max_size=3)),
                    max_size=60).map("".join)


@given(markdown, markdown)
def test_arbitrary_markdown_in_body_and_note(body, note):
    doc = {"id": "d1", "number": "1", "title": "A document", "date": "1921-10-10",
           "body": body, "notes": {"a": {"text": note}}}
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    with Scratch() as root:
        write_edition(root, documents={"d1.yaml": text})
        assert_reports_cleanly(root)


@given(markdown)
def test_arbitrary_markdown_in_inline_fields(text):
    doc = {"id": "d1", "number": "1", "title": text, "date": "1921", "body": "Text.",
           "closer": text, "source": text}
    with Scratch() as root:
        write_edition(root, documents={"d1.yaml": yaml.safe_dump(doc, allow_unicode=True)},
                      edition=EDITION_YAML + yaml.safe_dump({"description": text}))
        assert_reports_cleanly(root)
