"""``edition new``: a folder that checks clean, validates against its schemas and builds."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml

from edition.cli import main
from edition.pipeline import check

from .conftest import build_pdf_cli
from .test_json_schema import Yaml12Loader


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "ed"
    assert main(["new", str(folder), "--title", "Notes: of 1921", "-q"]) == 0
    return folder


def test_new_edition_checks_with_no_error_and_no_warning(scaffold):
    edition, diags = check(scaffold)
    assert diags.items == []
    assert edition is not None and edition.title == "Notes: of 1921"
    doc = edition.documents[0]
    assert len(doc.notes) == 2 and doc.signed and doc.dateline is not None
    assert edition.handouts and edition.persons and edition.places


def test_every_file_names_its_schema_and_validates(scaffold):
    files = sorted(p for p in scaffold.rglob("*.yaml"))
    assert len(files) == 5
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema_path = (path.parent / first.split("$schema=", 1)[1]).resolve()
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == [], path


def test_new_edition_builds_an_epub(scaffold, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(scaffold), "-o", str(out), "--only", "epub", "-q"]) == 0
    epub = next(out.glob("*.epub"))
    with zipfile.ZipFile(epub) as z:
        text = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert "no assistance or assistance" in text and "Chicherin" in text


def test_new_edition_builds_a_pdf(scaffold, tmp_path):
    assert build_pdf_cli(scaffold, tmp_path / "out").stat().st_size > 10_000


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 1
    assert "is not empty" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
