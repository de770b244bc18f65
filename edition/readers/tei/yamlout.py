"""YAML as the builder reads it: block scalars for text of several lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_YAML_BREAKS = ("\x85", "\u2028", "\u2029")  # a block scalar would turn them into '\n'


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    block = "\n" in value and not any(c in value for c in _YAML_BREAKS)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if block else None)


_Dumper.add_representer(str, _str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


def write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(data), encoding="utf-8")
