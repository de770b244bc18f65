"""Import a FRUS-style TEI P5 volume as an edition folder of YAML sources.

``import_tei(path, out)`` writes edition.yaml, persons.yaml, places.yaml and one file per
document into ``out`` and returns an :class:`ImportReport`: the counts, and every construct
that was not mapped one to one, with its line in the TEI file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..schema import MAX_SLUG, SLUG
from . import header, yamlout
from .links import Links
from .report import ImportReport
from .text import Converter
from .volume import Volume
from .xml import TeiError, div_type, parse, strip_comments, xml_id

__all__ = ["ImportReport", "TeiError", "import_tei"]

OUTPUT = {"documents_start": "run-on", "date_format": "month-day-year", "source_notes": "head"}
FOOTNOTES = {"id": "footnote", "name": "Footnotes", "placement": "page", "marks": "source"}


def import_tei(path: Path, out: Path, *, force: bool = False) -> ImportReport:
    """Convert the TEI file ``path`` into the edition folder ``out``.

    Raises :class:`TeiError` when the file cannot be read or ``out`` is not empty (unless
    ``force``: then the files are overwritten and old document files removed).
    """
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not force)):
        raise TeiError(str(out), "the output folder exists and is not empty",
                       hint="choose a new folder, or pass --force to write into it")
    root = parse(path).getroot()
    report = ImportReport(str(path), str(out))
    for kind, line in strip_comments(root):
        report.add(f"{kind} → not imported", line)
    settings = header.settings(root)
    links = Links(documents={xml_id(d) for d in root.iter() if div_type(d) == "document"},
                  builder=settings is not None)
    header.externals(root, links)
    reasons = header.reasons(root, links)
    places = header.authorities(root, report, links, "place")
    persons = header.authorities(root, report, links, "person")
    ids = {p["id"] for p in persons}
    volume = Volume(report, ids, links)
    volume.read(root)
    front = header.front_matter(root, report, links, ids)
    edition = _edition(header.edition(root, report, Converter(report, ids, links, calls=False)),
                       front, volume, links)
    if settings is not None:  # the export's settings instead of FRUS's
        edition.update(header.builder_settings(settings))
        edition["apparatus"] = {**edition["apparatus"], "reasons": reasons}
        if abbreviations := header.abbreviations(root):
            edition["abbreviations"] = abbreviations
    documents = links.resolve(volume.documents, report)
    edition = links.resolve(edition, report)
    _count(report, documents, volume, links)
    _write(out, edition, persons, places, documents, report)
    return report


def _edition(data: dict[str, Any], front: list[dict[str, str]], volume: Volume,
             links: Links) -> dict[str, Any]:
    data["documents"] = ["documents/*.yaml"]
    data["persons"] = "persons.yaml"
    data["places"] = "places.yaml"
    if links.externals:
        data["external"] = list(links.externals.values())
    data["note_series"] = [FOOTNOTES]
    data["default_note_series"] = FOOTNOTES["id"]
    data["indexes"] = ["persons"]
    data["line_numbers"] = {"every": 0}  # FRUS prints none
    if front:
        data["front_matter"] = front
    if volume.parts:
        data["parts"] = volume.parts
    data["output"] = {**OUTPUT, "slug": _slug(data.get("identifier", ""))}
    if data.get("subtitle"):  # FRUS heads its pages with the volume's own title
        data["output"]["running_title"] = data["subtitle"]
    return data


def _slug(identifier: str) -> str:
    """The volume's identifier as a safe file name for the outputs (output.slug)."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", identifier)[:MAX_SLUG].strip("-.")
    return slug if SLUG.fullmatch(slug) else "edition"


def _count(report: ImportReport, documents: list[dict[str, Any]], volume: Volume,
           links: Links) -> None:
    attachments = [a for d in documents for a in d.get("attachments", [])]
    report.count("documents", len(documents))
    report.count("attachments", len(attachments))
    report.count("notes", sum(len(d.get("notes", {})) for d in documents))
    report.count("source notes", sum(1 for d in documents if d.get("source_note")))
    report.count("labels", sum(len(d.get("labels", [])) for d in documents)
                 + sum(1 for a in attachments if a.get("label")))
    report.count("parts", len(volume.parts))
    report.count("page targets", len(links.pages))
    report.count("external references", len(links.externals))


def _write(out: Path, edition: dict[str, Any], persons: list[dict[str, Any]],
           places: list[dict[str, Any]],
           documents: list[dict[str, Any]], report: ImportReport) -> None:
    width = max(3, len(str(len(documents))))
    names = {f"d{i:0{width}d}.yaml": doc for i, doc in enumerate(documents, 1)}
    folder = out / "documents"
    for old in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if old.name not in names:
            old.unlink()
            report.add("old document file removed (--force)", 0, str(old))
    yamlout.write(out / "edition.yaml", edition)
    yamlout.write(out / "persons.yaml", persons)
    yamlout.write(out / "places.yaml", places)
    for file_name, doc in names.items():
        yamlout.write(folder / file_name, doc)
