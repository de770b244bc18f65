"""Read YAML keeping the position of every value.

Scalars stay strings (no implicit booleans or dates: ``no`` is a word, ``1921-10-10`` a
date string for the date parser); the schema converts types. Every value's node is kept
by its path so that later stages can point at ``file:line:column``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostics, Loc

Path_ = tuple[str | int, ...]
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class SourceFile:
    """A parsed YAML file: its data and the node of every path in it."""

    path: Path
    name: str  # as shown in diagnostics
    text: str
    data: Any = None
    nodes: dict[Path_, yaml.Node] = field(default_factory=dict)
    keys: dict[Path_, yaml.Node] = field(default_factory=dict)

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
        return Loc(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def locate(self, path: Path_, snippet: str) -> Loc:
        """Position of ``snippet`` inside the scalar at ``path`` (falls back to the scalar)."""
        node = self.nodes.get(tuple(path))
        if node is None or not snippet:
            return self.loc(path)
        start, end = node.start_mark.index, node.end_mark.index
        found = self.text.find(snippet, start, max(end, start + 1))
        if found < 0:
            return self.loc(path)
        line = self.text.count("\n", 0, found) + 1
        column = found - (self.text.rfind("\n", 0, found) + 1) + 1
        return Loc(self.name, line, column)


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
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Loc(name, mark.line + 1, mark.column + 1) if mark else Loc(name)
        problem = exc.problem or exc.context or "malformed YAML"
        diags.error(
            loc,
            f"malformed YAML: {problem}",
            "check indentation and quoting; a value containing ': ' or starting "
            "with '[', '{', '*' or '&' must be quoted or written as a block (|)",
        )
        return None
    except yaml.YAMLError as exc:
        diags.error(Loc(name), f"malformed YAML: {exc}", "check the file's syntax")
        return None
    if root is not None:
        src.data = _convert(root, (), src, diags)
    return src


def _convert(node: yaml.Node, path: Path_, src: SourceFile, diags: Diagnostics) -> Any:
    src.nodes[path] = node
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in _NULLS:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), src, diags) for i, item in enumerate(node.value)]
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
                first = src.keys[(*path, key)]
                diags.error(
                    _mark(src, key_node),
                    f"duplicate key '{key}' (first defined at line {first.start_mark.line + 1})",
                    "every key and id must be unique; rename or merge the two entries",
                )
                continue
            src.keys[(*path, key)] = key_node
            out[key] = _convert(value_node, (*path, key), src, diags)
        return out
    return None


def _mark(src: SourceFile, node: yaml.Node) -> Loc:
    return Loc(src.name, node.start_mark.line + 1, node.start_mark.column + 1)
