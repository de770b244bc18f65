"""The JSON Schemas accept every file the reader accepts and reject broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from edition.cli import main
from edition.diagnostics import Diagnostics
from edition.pipeline import check
from edition.readers.yamlfile import read_yaml
from edition.schemas import schemas
from edition.synthetic import generate

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = schemas()


class Yaml12Loader(yaml.SafeLoader):
    """YAML as an editor's language server types it (no timestamps, YAML 1.2 style)."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema_for(root: Path, path: Path) -> dict:
    rel = path.relative_to(root)
    if rel.parts[0] == "documents":
        return SCHEMAS["document.schema.json"]
    if rel.parts[0] == "handouts":
        return SCHEMAS["handout.schema.json"]
    return SCHEMAS[{"edition.yaml": "edition.schema.json", "persons.yaml": "persons.schema.json",
                    "places.yaml": "places.schema.json"}[rel.name]]


def problems(schema: dict, data) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def every_file(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if ".schema" not in p.parts)


@pytest.mark.parametrize("kind", ["typed", "as the reader reads"])
def test_schemas_accept_every_file_of_the_sample(kind):
    root = REPO / "source"
    files = every_file(root)
    assert len(files) >= 5
    for path in files:
        if kind == "typed":
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
        else:
            data = read_yaml(path, Diagnostics()).data
        assert problems(schema_for(root, path), data) == [], path


def test_schemas_accept_a_generated_edition(tmp_path):
    root = generate(tmp_path / "gen", 6, seed=2)
    assert not check(root)[1].errors
    for path in every_file(root):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
        assert problems(schema_for(root, path), data) == [], path


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d.update(refrence="No. 1"), "Additional properties"),
    (lambda d: d.pop("body"), "'body' is a required property"),
    (lambda d: d.update(place={"name": "Moscow", "supplied": "perhaps"}), "perhaps"),
    (lambda d: d.update(notes={"a": {"text": "x", "colour": "red"}}), "colour"),
    (lambda d: d.update(signed=[["Chicherin"]]), "Chicherin"),
])
def test_document_schema_rejects_a_broken_file(change, expected):
    path = next((REPO / "source" / "documents").glob("*.yaml"))
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
    change(data)
    found = problems(SCHEMAS["document.schema.json"], data)
    assert found and any(expected in p for p in found), found


def test_edition_schema_rejects_a_wrong_choice():
    data = yaml.load((REPO / "source" / "edition.yaml").read_text(encoding="utf-8"),
                     Loader=Yaml12Loader)
    data["note_series"][0]["marks"] = "stars"
    assert problems(SCHEMAS["edition.schema.json"], data)
    data["note_series"][0]["marks"] = "symbols"
    data["line_numbers"] = {"every": "five"}
    assert problems(SCHEMAS["edition.schema.json"], data)


def test_schema_command_writes_every_schema(tmp_path, capsys):
    assert main(["schema", "-o", str(tmp_path / "s")]) == 0
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert names == sorted(SCHEMAS)
    for name in names:
        schema = json.loads((tmp_path / "s" / name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
    assert "wrote" in capsys.readouterr().out
