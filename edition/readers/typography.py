"""Typographic cleaning of the reading text: the one place where it happens.

It runs as a markdown-it core rule over the text tokens of each paragraph, after inline
parsing, so markup is never touched and quotes are decided from the characters around
them even across spans and note calls. Source readings kept in the apparatus
(``orig=`` of an emendation) are not cleaned.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from ..model import Typography

NBSP = "\u00a0"
_OPENERS = set("([{<–—-/\u00a0")
_INITIALS = re.compile(r"(?<![\w.])([A-Z]\.) (?=[A-Z])")


def _abbrev_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted(set(words), key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in words) + r") (?=\S)")


class Cleaner:
    """Applies one :class:`Typography` configuration to strings of plain text."""

    def __init__(self, config: Typography):
        self.config = config
        self.table = str.maketrans(config.replace)
        self.abbrev = _abbrev_pattern(config.nbsp_after)

    def clean_runs(self, runs: list[str]) -> list[str]:
        """Clean consecutive runs of one paragraph, deciding quotes across run boundaries."""
        runs = [self._local(r.translate(self.table)) for r in runs]
        chars = list("".join(runs))
        for i, ch in enumerate(chars):
            if ch in "\"'":
                prev = chars[i - 1] if i else " "
                nxt = chars[i + 1] if i + 1 < len(chars) else " "
                chars[i] = self._quote(ch, prev, nxt)
        close_d, open_d = self.config.quotes[1], self.config.quotes[0]
        for i in range(1, len(chars) - 1):  # a space inside the quotation marks goes
            if chars[i] == " " and (chars[i + 1] == close_d or chars[i - 1] == open_d):
                chars[i] = ""
        out, pos = [], 0
        for run in runs:
            out.append("".join(chars[pos : pos + len(run)]))
            pos += len(run)
        return out

    def clean(self, text: str) -> str:
        return self.clean_runs([text])[0]

    def _local(self, text: str) -> str:
        cfg = self.config
        if cfg.ellipsis:
            text = text.replace("...", "…")
        text = text.replace("---", "—").replace("--", "–")
        dash = "—" if cfg.dash == "em" else " – "
        text = re.sub(r"(?<=\S) [-–—] (?=\S)", dash, text)
        if self.abbrev is not None:
            text = self.abbrev.sub(lambda m: m.group(1) + NBSP, text)
        if cfg.nbsp_initials:
            text = _INITIALS.sub(lambda m: m.group(1) + NBSP, text)
        return re.sub(r" {2,}", " ", text)

    def _quote(self, ch: str, prev: str, nxt: str) -> str:
        open_d, close_d, open_s, close_s = self.config.quotes
        after_space = prev.isspace() or prev in _OPENERS
        before_space = nxt.isspace() or unicodedata.category(nxt).startswith("P")
        if ch == '"':
            return open_d if after_space and not (before_space and nxt != "“") else close_d
        if after_space and nxt.isalpha():  # ('90s: an apostrophe, not a quote)
            return open_s
        return close_s


def typography_plugin(md: MarkdownIt, cleaner: Cleaner) -> None:
    """Register the cleaner as the last core rule of ``md``."""

    def rule(state: StateCore) -> None:
        for token in state.tokens:
            if token.type != "inline" or not token.children:
                continue
            merged: list = []  # a line break inside a paragraph is a space; adjacent
            for child in token.children:  # text is one run, so rules see across breaks
                if child.type == "softbreak":
                    child.type, child.content = "text", " "
                if child.type == "text" and merged and merged[-1].type == "text":
                    merged[-1].content += child.content
                else:
                    merged.append(child)
            token.children = merged
            texts = [t for t in merged if t.type == "text"]
            for tok, cleaned in zip(texts, cleaner.clean_runs([t.content for t in texts]),
                                    strict=True):
                tok.content = cleaned

    md.core.ruler.push("edition_typography", rule)


SUSPICIOUS_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}


def suspicious(ch: str, replace: dict[str, str]) -> str | None:
    """Why ``ch`` deserves a warning, or None."""
    if ch in replace:
        return f"replaced by '{replace[ch]}' (typography.replace)"
    if ch in "\n\r\t\u00ad\ufeff":
        return None
    if ch == "\ufffd":
        return "a replacement character: the text was decoded wrongly somewhere"
    if unicodedata.category(ch) in SUSPICIOUS_CATEGORIES:
        return "an invisible or unassigned character"
    return None
