"""Read YAML keeping the position of every value.

Scalars stay strings (no implicit booleans or dates: ``no`` is a word, ``1921-10-10`` a
date string for the date parser); the schema converts types. Every value's node is kept
by its path so that later stages can point at ``file:line:column``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostics, Loc

Path_ = tuple[str | int, ...]
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: same marks, 20x faster
_NULLS = {"", "~", "null", "Null", "NULL"}
ALIAS = -1  # in the set of nodes seen: an alias was met


@dataclass
class SourceFile:
    """A parsed YAML file: its data and the node of every path in it."""

    path: Path
    name: str  # as shown in diagnostics
    text: str
    data: Any = None
    nodes: dict[Path_, yaml.Node] = field(default_factory=dict)
    keys: dict[Path_, yaml.Node] = field(default_factory=dict)

    def at(self, index: int) -> Loc:
        """Position of a character index (lines counted by '\n' only, as editors do)."""
        line = self.text.count("\n", 0, index) + 1
        return Loc(self.name, line, index - (self.text.rfind("\n", 0, index) + 1) + 1)

    def loc(self, path: Path_ = (), *, key: bool = False) -> Loc:
        """Position of the value at ``path`` (or of its key), else of its nearest parent."""
        table = self.keys if key else self.nodes
        probe = tuple(path)
        while probe not in table and probe:
            probe = probe[:-1]
            table = self.nodes
        node = table.get(probe)
        if node is None:
            return Loc(self.name, 1, 1)
        return self.at(node.start_mark.index)

    def locate(self, path: Path_, snippet: str, nth: int = 0) -> Loc:
        """Position of the ``nth`` ``snippet`` inside the value at ``path`` (or its
        nearest parent); falls back to the value's start."""
        probe = tuple(path)
        while probe not in self.nodes and probe:
            probe = probe[:-1]
        node = self.nodes.get(probe)
        if node is None or not snippet:
            return self.loc(path)
        start, end = node.start_mark.index, max(node.end_mark.index, node.start_mark.index + 1)
        found = start - 1
        for _ in range(nth + 1):
            found = self.text.find(snippet, found + 1, end)
            if found < 0:
                return self.loc(path)
        return self.at(found)


def read_yaml(path: Path, diags: Diagnostics) -> SourceFile | None:
    """Parse ``path``; report malformed YAML and duplicate keys; None if unusable."""
    name = diags.rel(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        diags.error(Loc(name), "file not found", "check the path in edition.yaml")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        diags.error(Loc(name), f"cannot read file: {exc}", "save the file as UTF-8")
        return None
    src = SourceFile(path, name, text)
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = src.at(mark.index) if mark else Loc(name)
        problem = exc.problem or exc.context or "malformed YAML"
        diags.error(
            loc,
            f"malformed YAML: {problem}",
            "check indentation and quoting; a value containing ': ' or starting "
            "with '[', '{', '*' or '&' must be quoted or written as a block (|)",
        )
        return None
    except yaml.reader.ReaderError as exc:
        diags.error(src.at(exc.position), f"character U+{exc.character:04X} is not allowed "
                    "in a source file", "remove it; it is invisible in most editors")
        return None
    except yaml.YAMLError as exc:
        diags.error(Loc(name), f"malformed YAML: {exc}", "check the file's syntax")
        return None
    if root is not None:
        seen: set[int] = set()
        src.data = _convert(root, (), src, diags, seen)
        if ALIAS in seen:
            for event in yaml.parse(text, Loader=LOADER):
                if isinstance(event, yaml.AliasEvent):
                    diags.error(src.at(event.start_mark.index), "YAML anchors and aliases "
                                "(&name, *name) are not supported",
                                "write the value out where it is needed")
    return src


def _bad_chars(value: str) -> list[str]:
    """Characters no output may carry: controls (but tab and line breaks), surrogates and
    noncharacters, which only YAML escapes ("\\x01") can put into a value."""
    return [c for c in dict.fromkeys(value) if c not in "\t\n\r" and (
        unicodedata.category(c) in ("Cc", "Cs") or 0xFDD0 <= ord(c) <= 0xFDEF
        or ord(c) & 0xFFFE == 0xFFFE)]


def _convert(node: yaml.Node, path: Path_, src: SourceFile, diags: Diagnostics,
             seen: set[int]) -> Any:
    if id(node) in seen:  # the same node twice: a YAML alias (*name), reported by caller
        seen.add(ALIAS)
        return node.value if isinstance(node, yaml.ScalarNode) else None
    seen.add(id(node))
    src.nodes[path] = node
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in _NULLS:
            return None
        bad = _bad_chars(node.value)
        if bad:
            diags.error(_mark(src, node), "this value contains the control character(s) "
                        + ", ".join(f"U+{ord(c):04X}" for c in bad),
                        "remove the escape (such as \\x01) that puts it there")
            return "".join(c for c in node.value if c not in bad)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), src, diags, seen)
                for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                diags.error(_mark(src, key_node), "a key must be a plain word", "write key: value")
                continue
            key = key_node.value
            if key == "<<":
                diags.error(_mark(src, key_node), "YAML merge keys (<<) are not supported",
                            "write the fields out")
                continue
            if key in out:
                first = src.at(src.keys[(*path, key)].start_mark.index)
                diags.error(
                    _mark(src, key_node),
                    f"duplicate key '{key}' (first defined at line {first.line})",
                    "every key and id must be unique; rename or merge the two entries",
                )
                continue
            src.keys[(*path, key)] = key_node
            out[key] = _convert(value_node, (*path, key), src, diags, seen)
        return out
    return None


def _mark(src: SourceFile, node: yaml.Node) -> Loc:
    return src.at(node.start_mark.index)
