"""Parse the Markdown of text fields into model blocks and inline nodes.

CommonMark via markdown-it-py, with Pandoc-style bracketed spans (mdit-py-plugins attrs)
for names and editorial signs, ``[^id]`` note calls and ``[label](#id)`` cross-references.
Raw HTML is never passed through: it is reported as an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin

from .. import model as m
from .schema import ID_HINT, ID_PATTERN, LANGUAGE
from .typography import Cleaner, typography_plugin

ID = re.compile(ID_PATTERN)

Report = Callable[[str, str, str], None]  # (snippet to locate, message, hint)

SPAN_CLASSES = {
    "supplied": m.Supplied, "omission": m.Omission, "gap": m.Gap, "illegible": m.Illegible,
    "sic": m.Sic, "corr": m.Emendation, "noindex": m.NoIndex, "sc": m.SmallCaps,
    "u": m.Underline, "sup": m.Superscript, "label": m.Label,
}
SPAN_KEYS = {"class", "person", "place", "reason", "r", "orig", "mark", "extent", "id", "lang"}
LANG = re.compile(LANGUAGE)
MAX_BLOCK_DEPTH = 8  # block quotes and lists inside each other
MAX_INLINE_DEPTH = 16  # emphasis, spans and links inside each other
MAX_PARAGRAPH = 200_000  # characters in one paragraph
# markdown-it drops what lies deeper than its maxNesting; ours is far below it, so
# anything it would drop is refused first
PARSER_NESTING = 50
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _note_ref_rule(state: StateInline, silent: bool) -> bool:
    """``[^id]``: a call of the note ``id`` of the same document."""
    src, pos = state.src, state.pos
    if not src.startswith("[^", pos):
        return False
    end = src.find("]", pos + 2)
    label = src[pos + 2 : end] if end > 0 else ""
    if not label or any(c.isspace() or c in "[^" for c in label):
        return False
    if not silent:
        token = state.push("note_ref", "", 0)
        token.meta = {"id": label}
    state.pos = end + 1
    return True


def make_parser(cleaner: Cleaner) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                   "maxNesting": PARSER_NESTING})
    # a line '[x]: y' would be a link reference definition, and vanish from the text
    md.disable(["image", "html_inline", "html_block", "autolink", "reference"])
    md.use(attrs_plugin, spans=True, after=())
    md.inline.ruler.before("link", "note_ref", _note_ref_rule)
    typography_plugin(md, cleaner)
    return md


@dataclass
class InlineParser:
    """Turns Markdown strings into model nodes, reporting problems through ``report``."""

    md: MarkdownIt
    reasons: dict[str, str]

    def blocks(self, text: str, report: Report) -> list[m.Block]:
        for para in _BLANK_LINE.split(text):
            if len(para) > MAX_PARAGRAPH:
                report(para.strip()[:40], f"a paragraph of {len(para):,} characters: at most "
                       f"{MAX_PARAGRAPH:,} are allowed", "split it into paragraphs "
                       "(a blank line between them)")
                return []
        tokens = self.md.parse(text)
        deep = next((t for t in tokens if t.level > 2 * MAX_BLOCK_DEPTH), None)
        if deep is not None:
            line = text.splitlines()[deep.map[0]] if deep.map else ""
            report(line.strip(), f"block quotes and lists nested more than "
                   f"{MAX_BLOCK_DEPTH} deep", "nest them less deeply")
            return []
        blocks, _ = self._blocks(tokens, 0, report, closer=None)
        return blocks

    def inlines(self, text: str, report: Report) -> list[m.Inline]:
        """A one-paragraph field (title, opener, closer, source)."""
        blocks = self.blocks(text, report)
        if not blocks:
            return []
        if len(blocks) > 1 or not isinstance(blocks[0], m.Paragraph):
            report(text.strip().splitlines()[0] if text.strip() else text,
                   "this field takes one paragraph of text",
                   "remove blank lines, '>' quotes and list markers from it")
        first = blocks[0]
        return first.children if isinstance(first, m.Paragraph) else []

    # -- blocks ----------------------------------------------------------------------

    def _blocks(self, tokens: list[Token], i: int, report: Report,
                closer: str | None) -> tuple[list[m.Block], int]:
        out: list[m.Block] = []
        while i < len(tokens):
            tok = tokens[i]
            if closer and tok.type == closer:
                return out, i + 1
            if tok.type == "paragraph_open":
                out.append(m.Paragraph(self._inline(tokens[i + 1], report)))
                i += 3
            elif tok.type == "blockquote_open":
                inner, i = self._blocks(tokens, i + 1, report, "blockquote_close")
                out.append(m.BlockQuote(inner))
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                block = m.ListBlock(ordered=tok.type == "ordered_list_open",
                                    start=int(tok.attrs.get("start", 1) or 1))
                close = tok.type.replace("_open", "_close")
                i += 1
                while tokens[i].type != close:
                    item, i = self._blocks(tokens, i + 1, report, "list_item_close")
                    block.items.append(item)
                out.append(block)
                i += 1
            else:
                snippet = tok.content.strip().splitlines()[0] if tok.content.strip() else ""
                what = {"heading_open": "a heading", "fence": "a code block",
                        "code_block": "an indented code block", "hr": "a horizontal rule",
                        "html_block": "raw HTML"}.get(tok.type, tok.type)
                report(snippet or tok.markup, f"{what} is not allowed here",
                       "use paragraphs, '>' block quotes and lists; indent continuation "
                       "lines by at most three spaces")
                i = self._skip(tokens, i)
        return out, i

    @staticmethod
    def _skip(tokens: list[Token], i: int) -> int:
        depth = 0
        while i < len(tokens):
            depth += tokens[i].nesting
            i += 1
            if depth <= 0:
                return i
        return i

    # -- inlines ---------------------------------------------------------------------

    def _inline(self, token: Token, report: Report) -> list[m.Inline]:
        root: list[m.Inline] = []
        stack: list[list[m.Inline]] = [root]
        for tok in token.children or []:
            here = stack[-1]
            kind = tok.type
            if kind in ("text", "text_special", "code_inline"):
                if here and isinstance(here[-1], m.Text):
                    here[-1].text += tok.content
                else:
                    here.append(m.Text(tok.content))
            elif kind == "softbreak":
                here.append(m.Text(" "))
            elif kind == "hardbreak":
                here.append(m.LineBreak())
            elif kind == "note_ref":
                here.append(m.NoteRef(tok.meta["id"]))
            elif kind.endswith("_open") and len(stack) > MAX_INLINE_DEPTH:
                if len(stack) == MAX_INLINE_DEPTH + 1:
                    report(tok.markup or "[", f"emphasis, spans and links nested more than "
                           f"{MAX_INLINE_DEPTH} deep", "nest them less deeply")
                stack.append(here)  # the text stays, in the markup around it
            elif kind.endswith("_open"):
                node = self._open(tok, report)
                here.append(node)
                inner = node.children[0] if isinstance(node, m.Target) and node.children \
                    else node
                stack.append(inner.children)
            elif kind.endswith("_close"):
                if len(stack) > 1:
                    stack.pop()
            else:
                report(tok.content, f"unsupported markup ({kind})", "remove it")
        return _merge_text(root)

    def _open(self, tok: Token, report: Report) -> m.Container:
        if tok.type == "em_open":
            return m.Emph()
        if tok.type == "strong_open":
            return m.Strong()
        if tok.type == "link_open":
            href = str(tok.attrs.get("href", ""))
            if not href.startswith("#") or len(href) < 2:
                report(href, f"links may only point to a document or note id ('{href}')",
                       "write [label](#id); external web links are not allowed in the text")
                return m.Container()
            return m.CrossRef(target=href[1:])
        if tok.type == "span_open":
            return self._span(tok, report)
        return m.Container()

    def _span(self, tok: Token, report: Report) -> m.Container:
        """A span; one with an id (``{#name}``) is a target of cross-references, wrapped
        around the span it names when it has other attributes too."""
        attrs = {k: str(v) for k, v in tok.attrs.items()}
        name = attrs.pop("id", None)
        if name is None:
            return self._plain_span(attrs, report)
        if not ID.match(name):
            report(f"#{name}", f"'{name}' is not a valid target name", ID_HINT)
        if not attrs:
            return m.Target(name=name)
        return m.Target([self._plain_span(attrs, report)], name=name)

    def _plain_span(self, attrs: dict[str, str], report: Report) -> m.Container:
        if "lang" in attrs:
            lang = attrs.pop("lang")
            if not LANG.match(lang):
                report(f"lang={lang}", f"'{lang}' is not a language tag",
                       "write a BCP 47 tag such as ru, tr, fr or de-CH")
            if attrs:
                report(f"lang={lang}", "a language span takes only lang=",
                       "put other attributes on a span inside it")
            return m.Lang(lang=lang)
        classes = attrs.get("class", "").split()
        snippet = "{" + (f".{classes[0]}" if classes else next(iter(attrs), ""))
        for key in attrs:
            if key not in SPAN_KEYS:
                report(key + "=", f"unknown span attribute '{key}'",
                       f"use one of: {', '.join(sorted(SPAN_KEYS - {'class', 'id'}))}")
        names = [k for k in ("person", "place") if k in attrs]
        if names:
            if classes or len(names) > 1:
                report(snippet, "a name span takes only person= or place=",
                       "write [Angora]{place=ankara}")
            return m.Mention(kind=names[0], target=attrs[names[0]], explicit=True)
        if len(classes) != 1 or classes[0] not in SPAN_CLASSES:
            report(snippet, f"unknown span {{{' '.join('.' + c for c in classes)}}}",
                   "use one of: " + ", ".join("." + c for c in SPAN_CLASSES)
                   + ", or person=/place=")
            return m.Container()
        cls = SPAN_CLASSES[classes[0]]
        node = cls()
        if isinstance(node, m.Editorial):
            node.reason = self._reason(attrs, report, snippet)
        if isinstance(node, m.Emendation):
            if "orig" not in attrs:
                report(snippet, "an emendation needs the source reading",
                       'write [corrected]{.corr orig="source reading" reason="why"}')
            node.orig = attrs.get("orig", "")
        elif isinstance(node, m.Omission):
            node.mark = attrs.get("mark", "")
        elif isinstance(node, m.Illegible):
            node.extent = attrs.get("extent", "")
        return node

    def _reason(self, attrs: dict[str, str], report: Report, snippet: str) -> str:
        if "r" in attrs:
            key = attrs["r"]
            if key not in self.reasons:
                known = ", ".join(sorted(self.reasons)) or "none defined"
                report(f"r={key}", f"unknown reason key '{key}'",
                       f"define it under apparatus.reasons in edition.yaml (known: {known})")
                return ""
            return self.reasons[key]
        return attrs.get("reason", "")


def _merge_text(nodes: list[m.Inline]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for node in nodes:
        if isinstance(node, m.Text) and out and isinstance(out[-1], m.Text):
            out[-1] = m.Text(out[-1].text + node.text)
        else:
            out.append(node)
    return out
