"""JSON Schemas of the source files, made from the pydantic models of readers/schema.py.

Editors' tools (VS Code with the YAML extension, any yaml-language-server) validate a
file as it is typed when its first line is ``# yaml-language-server: $schema=PATH``. The
schemas accept what the reader accepts: every scalar of a source file is read as a
string, so a text field also takes a number or a boolean, a number field a string of
digits, and a boolean field the words the reader knows (``yes``, ``off``…). A value the
reader refuses for a reason a schema cannot state (a date that does not exist, a
reference to nothing) is left to ``edition check``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from .readers.schema import DocumentSpec, EditionSpec, HandoutSpec, PersonSpec, PlaceSpec

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
BOOLEAN_WORDS = r"^([Tt]rue|TRUE|[Ff]alse|FALSE|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[01])$"
INTEGER_TEXT = r"^\s*[+-]?[0-9]+\s*$"

# file name → (what it validates, title)
FILES: dict[str, tuple[Any, str]] = {
    "edition.schema.json": (EditionSpec, "edition.yaml"),
    "document.schema.json": (DocumentSpec, "a document file"),
    "persons.schema.json": (list[PersonSpec] | None, "persons.yaml"),
    "places.schema.json": (list[PlaceSpec] | None, "places.yaml"),
    "handout.schema.json": (HandoutSpec, "a handout file of handouts/"),
}


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema by file name."""
    return {name: _schema(kind, title) for name, (kind, title) in FILES.items()}


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written


def _schema(kind: Any, title: str) -> dict[str, Any]:
    raw = (kind.model_json_schema() if isinstance(kind, type) and issubclass(kind, BaseModel)
           else TypeAdapter(kind).json_schema())
    wraps = _string_wrapped(kind)
    for name, definition in raw.get("$defs", {}).items():
        if name in wraps:
            raw["$defs"][name] = {"anyOf": [{"type": "string"}, definition]}
    return {"$schema": SCHEMA_DIALECT, **_lenient(raw), "title": f"edition builder: {title}"}


def _string_wrapped(kind: Any) -> set[str]:
    """Names of the models that also take a plain string (their ``plain_string``)."""
    found: set[str] = set()

    def visit(cls: type[BaseModel]) -> None:
        if cls.__name__ in found or cls in seen:
            return
        seen.add(cls)
        if "plain_string" in cls.__pydantic_decorators__.model_validators:
            found.add(cls.__name__)
        for info in cls.model_fields.values():
            for sub in _models_in(info.annotation):
                visit(sub)

    seen: set[type] = set()
    for model in _models_in(kind):
        visit(model)
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def _lenient(node: Any) -> Any:
    """The schema with scalars as the reader reads them (see the module's docstring)."""
    if isinstance(node, list):
        return [_lenient(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _lenient(value) for key, value in node.items()}
    kind = node.get("type")
    if kind == "string" and "enum" not in node and "const" not in node:
        node["type"] = ["string", "number", "boolean"]
    elif kind == "integer":
        bounds = {k: node.pop(k) for k in ("minimum", "maximum") if k in node}
        return {**{k: v for k, v in node.items() if k != "type"},
                "anyOf": [{"type": "integer", **bounds},
                          {"type": "string", "pattern": INTEGER_TEXT}]}
    elif kind == "boolean":
        return {**{k: v for k, v in node.items() if k != "type"},
                "anyOf": [{"type": "boolean"}, {"type": "string", "pattern": BOOLEAN_WORDS},
                          {"type": "integer", "enum": [0, 1]}]}
    return node
