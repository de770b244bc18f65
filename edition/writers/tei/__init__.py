"""Export an edition, as read, to one TEI P5 file in the FRUS style.

Not a build output (the pipeline's writers read the resolved, presented edition): the
export is the source itself — the text with its editorial signs and their reasons, the
notes where their calls stand with the source's own marks, the authority lists and the
builder's settings — so that a FRUS importer can read it back. docs/tei-export.md has the
mapping, model field by model field.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ... import model as m
from ...diagnostics import EditionError
from ..output import commit
from .context import Context
from .header import header
from .structure import text
from .xml import NSMAP, qname, serialize


def tei_document(edition: m.Edition) -> etree._Element:
    """The ``TEI`` element of ``edition``; raises :class:`EditionError` when two things
    would get the same xml:id."""
    ctx = Context(edition)
    body = text(ctx)
    root = etree.Element(qname("TEI"), {qname("xml:lang"): edition.language}, nsmap=NSMAP)
    root.extend([header(ctx), body])
    if ctx.problems:
        raise EditionError(ctx.problems)
    return root


def export_tei(edition: m.Edition, out: Path) -> None:
    """Write the TEI of ``edition`` (as :func:`edition.pipeline.load` returns it) to
    ``out``: UTF-8, pretty-printed, the same bytes for the same edition."""
    commit({out: serialize(tei_document(edition))})
