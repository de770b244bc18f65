"""The TEI importer's Markdown: escaped text reads back as exactly that text, whatever it
holds, and assembled pieces read back as the markup they stand for."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from edition import model as m
from edition.readers.markdown import InlineParser, make_parser
from edition.readers.schema import TypographySpec
from edition.readers.tei.mdtext import Break, Raw, escape_markdown, inline, list_item, quote, wrap
from edition.readers.tei.yamlout import dump
from edition.readers.typography import Cleaner
from edition.readers.yamlfile import LOADER

CLEANER = Cleaner(m.Typography(**TypographySpec().model_dump()))
PARSER = InlineParser(make_parser(CLEANER), {})

# the characters an XML 1.0 document can hold, without C1 controls (which no character
# reference can write: HTML maps &#x85; to another character)
XML_CHAR = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff") \
    .filter(lambda c: c in "\t\n\r" or (c >= " " and not "\x7f" <= c <= "\x9f"))
MARKUP_CHAR = st.sampled_from(list("\\`*_[]{}<>&#-+=~!()^.:|\"' \t\n13a\u00a0"))
TEXT = st.text(XML_CHAR, min_size=1) | st.text(MARKUP_CHAR, min_size=1)


def read_inline(markdown: str) -> list[m.Inline]:
    problems: list[tuple] = []
    nodes = PARSER.inlines(markdown, lambda *p: problems.append(p))
    assert not problems, problems
    return nodes


def read_blocks(markdown: str) -> list[m.Block]:
    problems: list[tuple] = []
    blocks = PARSER.blocks(markdown, lambda *p: problems.append(p))
    assert not problems, problems
    return blocks


@given(TEXT)
def test_escaped_text_reads_back_as_one_text_node(text):
    """Any text → escape → the builder's parser gives that text (as its typography
    cleans it) as one Text node, and nothing else."""
    expected = CLEANER.clean(text)
    assert read_inline(escape_markdown(text)) == ([m.Text(expected)] if expected else [])


@given(TEXT)
def test_escaped_text_survives_yaml(text):
    """Written by the importer's YAML writer and read by the builder's YAML reader."""
    markdown = escape_markdown(text)
    loaded = yaml.load(dump({"body": markdown, "list": [markdown]}), Loader=LOADER)
    assert loaded == {"body": markdown, "list": [markdown]}


# a cleaner that changes nothing in text without straight quotes, dashes and full stops
# (its quotation marks are control characters no XML text holds)
IDENTITY = InlineParser(make_parser(Cleaner(m.Typography(
    replace={}, quotes="\x01\x02\x03\x04", dash="em", ellipsis=False, nbsp_after=[],
    nbsp_initials=False))), {})
WORDS = TEXT.map(lambda s: re.sub(r"[ \t\r\n]+", " ", s).strip()) \
    .filter(lambda s: s and not set(s) & set("\"'-–—."))


@given(WORDS)
def test_escaped_text_inside_markup_stays_text(text):
    """Inside emphasis and a span, and at the start of a line after a hard break."""
    pieces = ["a ", *wrap("*", [text], "*"), " b", Break(), text,
              *wrap("[", [text], "]{.sc}")]
    problems: list[tuple] = []
    nodes = IDENTITY.inlines(inline(pieces), lambda *p: problems.append(p))
    assert not problems
    assert nodes == [m.Text("a "), m.Emph([m.Text(text)]), m.Text(" b"), m.LineBreak(),
                     m.Text(text), m.SmallCaps([m.Text(text)])]


@pytest.mark.parametrize(("text", "markdown"), [
    ("13. Autocracy is dead.", "13\\. Autocracy is dead."),
    ("1) Politics", "1\\) Politics"),
    ("1918.The", "1918.The"),
    ("- a", "\\- a"),
    ("+ a", "\\+ a"),
    ("# a", "\\# a"),
    ("> a", "\\> a"),
    ("a > b # c - d", "a > b # c - d"),
    ("[etc.]", "\\[etc.\\]"),
    ("*", "\\*"),
    ("x_y", "x\\_y"),
    ("{.sc}", "\\{.sc\\}"),
    ("<b>", "\\<b>"),
    ("AT&T", "AT\\&T"),
    ("a\\b", "a\\\\b"),
    ("`code`", "\\`code\\`"),
    ("\u00a0a", "&#xA0;a"),
    ("a\nb", "a&#xA;b"),
])
def test_escapes(text, markdown):
    assert escape_markdown(text) == markdown
    assert read_inline(markdown) == [m.Text(CLEANER.clean(text))]


def test_only_a_line_start_escapes_block_markers():
    assert escape_markdown("13. a", line_start=False) == "13. a"
    assert escape_markdown("- a", line_start=False) == "- a"


def test_inline_pieces_read_back_as_their_markup():
    pieces = ["  13. Sir", " ", *wrap("*", [" the ", "Times "], "*"), "said", Break(), "  ",
              *wrap("[", ["Wilson"], "]{person=p_WW1}"), Raw("[^n1]"), "   end  "]
    markdown = inline(pieces)
    assert markdown == "13\\. Sir *the Times* said\\\n[Wilson]{person=p_WW1}[^n1] end"
    nodes = read_inline(markdown)
    assert [type(n) for n in nodes] == [m.Text, m.Emph, m.Text, m.LineBreak, m.Mention,
                                        m.NoteRef, m.Text]
    assert inline(pieces, breaks=False).count("\\\n") == 0


def test_empty_markup_is_left_out():
    assert wrap("*", [" "], "*") == [" "]
    assert inline(["a", *wrap("*", [], "*"), "b"]) == "ab"


def test_blocks_nest():
    item = list_item("-", ["[(a)]{.label} first", list_item("-", ["inner"])])
    markdown = "\n\n".join(["Intro:", quote(["q1", item]), list_item("3.", ["three"])])
    blocks = read_blocks(markdown)
    assert [type(b) for b in blocks] == [m.Paragraph, m.BlockQuote, m.ListBlock]
    inner = blocks[1].blocks[1]
    assert isinstance(inner, m.ListBlock) and isinstance(inner.items[0][1], m.ListBlock)
    assert isinstance(inner.items[0][0].children[0], m.Label)
    assert blocks[2].ordered and blocks[2].start == 3
