"""Shared helpers: small fixture editions written into a temporary folder."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from edition.cli import main
from edition.diagnostics import Diagnostic, Diagnostics
from edition.pipeline import check
from edition.present import present
from edition.resolve import Resolved
from edition.writers import Job, Options
from edition.writers import epub as epub_writer
from edition.writers import pdf as pdf_writer
from edition.writers.output import commit

settings.register_profile(
    "edition", max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("edition-ci", parent=settings.get_profile("edition"),
                          derandomize=True, database=None)
settings.register_profile("edition-long", parent=settings.get_profile("edition"),
                          max_examples=3000)
settings.load_profile("edition-ci" if os.environ.get("CI") else "edition")

EDITION_YAML = """\
title: A test edition
editors: [Test Editor]
licence: CC0
documents:
  - documents/*.yaml
"""

PERSONS_YAML = """\
- id: chicherin
  name: Chicherin, Georgy Vasilyevich
  forms: [Chicherin]
- id: frunze
  name: Frunze, Mikhail Vasilyevich
  forms: [M. V. Frunze, Frunze]
"""

PLACES_YAML = """\
- id: ankara
  name: Ankara
  forms: [Ankara, Angora]
  see_from: [Angora]
- id: moscow
  name: Moscow
  forms: [Moscow]
"""


def doc_yaml(body: str = "Text.", *, id: str = "d1", notes: str = "", extra: str = "",
             date: str = "1921-10-10") -> str:
    """A document file: ``body`` becomes a block scalar; ``notes`` is YAML under ``notes:``."""
    text = (
        f"id: {id}\n"
        'number: "1"\n'
        "title: A document\n"
        f'date: "{date}"\n'
        f"{extra}"
        "body: |\n" + textwrap.indent(textwrap.dedent(body).strip("\n"), "  ") + "\n"
    )
    if notes:
        text += "notes:\n" + textwrap.indent(textwrap.dedent(notes).strip("\n"), "  ") + "\n"
    return text


def write_edition(root: Path, *, edition: str | None = EDITION_YAML,
                  persons: str | None = PERSONS_YAML, places: str | None = PLACES_YAML,
                  documents: dict[str, str] | None = None) -> Path:
    """Write an edition folder under ``root``; ``None`` leaves a file out.

    ``documents`` maps file names (relative to ``documents/``) to their YAML text; by
    default there is one valid document, ``d1.yaml``.
    """
    root.mkdir(parents=True, exist_ok=True)
    files = {"edition.yaml": edition, "persons.yaml": persons, "places.yaml": places}
    for name, text in files.items():
        if text is not None:
            (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    docs = {"d1.yaml": doc_yaml()} if documents is None else documents
    (root / "documents").mkdir(exist_ok=True)
    for name, text in docs.items():
        (root / "documents" / name).write_text(text, encoding="utf-8")
    return root


Checker = Callable[..., tuple]


@pytest.fixture
def make(tmp_path: Path) -> Callable[..., Path]:
    """``make(**files)`` writes an edition into ``tmp_path/ed`` and returns its folder."""

    def _make(**kwargs) -> Path:
        return write_edition(tmp_path / "ed", **kwargs)

    return _make


@pytest.fixture
def run_check(make) -> Checker:
    """``run_check(**files)`` writes an edition and returns ``check()``'s result."""

    def _run(**kwargs):
        return check(make(**kwargs))

    return _run


@pytest.fixture
def load_ok(run_check) -> Callable:
    """``load_ok(**files)``: the loaded edition, failing the test on any error."""

    def _load(**kwargs):
        edition, diags = run_check(**kwargs)
        assert not diags.errors, "\n".join(str(d) for d in diags.errors)
        assert edition is not None
        return edition

    return _load


def only_error(diags: Diagnostics) -> Diagnostic:
    """The single error of a run (fails with every diagnostic listed otherwise)."""
    assert len(diags.errors) == 1, "\n".join(str(d) for d in diags.items) or "no errors"
    return diags.errors[0]


def where(d: Diagnostic) -> tuple[str, int, int]:
    return (d.loc.file, d.loc.line, d.loc.column)


def write_pdf(res: Resolved, out: Path, jobs: int = 1) -> tuple[Path, list[Diagnostic]]:
    """Run the print writer alone and write its files; the PDF's path and the warnings."""
    written = pdf_writer.write(Job(present(res), out, Options(jobs)))
    commit(written.files)
    return next(p for p in written.files if p.suffix == ".pdf"), written.warnings


def write_epub(res: Resolved, out: Path, *,
               embed_fonts: bool | None = None) -> tuple[Path, list[Diagnostic]]:
    """Run the EPUB writer alone (with the page map in ``out``, if any) and write it."""
    written = epub_writer.write(Job(present(res), out), embed_fonts=embed_fonts)
    commit(written.files)
    return next(iter(written.files)), written.warnings


def build_pdf_cli(src: Path, out: Path) -> Path:
    """``edition build SRC -o OUT --only pdf -j 1 -q``, as a user runs it: the PDF."""
    assert main(["build", str(src), "-o", str(out), "--only", "pdf", "-j", "1", "-q"]) == 0
    return next(out.glob("*.pdf"))
