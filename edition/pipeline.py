"""The stages of a build, in order: read → check → resolve → present → write.

:func:`check` reads an edition and checks its references; :func:`build` resolves and
presents it once, runs the writers asked for in their order (the print writer's layout
facts go to the writers after it), and writes their files only when all of them have
succeeded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import readers
from .check import check_anchors, check_handouts, check_parts, check_references
from .clock import build_time
from .diagnostics import Diagnostic, Diagnostics, EditionError, Loc
from .layout.facts import LayoutFacts
from .model import Edition
from .present import present
from .resolve import resolve
from .writers import REGISTRY, Job, Options, Progress, writer
from .writers.output import commit


def check(source_dir: Path | str,
          cache: readers.DocumentCache | None = None) -> tuple[Edition | None, Diagnostics]:
    """Read what can be read and check it; the edition with every error and warning
    (``cache``: documents read before, for rebuilds in one process)."""
    root = Path(source_dir)
    diags = Diagnostics(root=root)
    edition = readers.read(root, diags, cache)
    if edition is not None:
        check_references(edition, diags)
        check_handouts(edition, diags)
        check_parts(edition, diags)
        check_anchors(edition, diags)
    return edition, diags


def load(source_dir: Path | str) -> Edition:
    """Read and check; raise :class:`EditionError` with every error found."""
    edition, diags = check(source_dir)
    if edition is None or diags.errors:
        raise EditionError(diags.errors)
    return edition


@dataclass
class Outcome:
    """What a build wrote (per output) and what it warned about."""

    written: dict[str, list[Path]] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)


def unknown_outputs(names: Iterable[str]) -> list[str]:
    return [n for n in names if n not in REGISTRY]


def build(edition: Edition, out_dir: Path, outputs: list[str] | None = None,
          jobs: int = 1,
          progress: Callable[[str], AbstractContextManager[Progress]] | None = None,
          handout: str | None = None, teacher: bool | None = None) -> Outcome:
    """Build ``outputs`` (default: all) of a checked edition into ``out_dir``; with
    ``handout``, only that handout (and with ``teacher``, only that version of it).

    Raises :class:`EditionError` if a writer fails; then nothing has been written.
    """
    if handout is not None and handout not in {h.id for h in edition.handouts}:
        known = ", ".join(h.id for h in edition.handouts) or "none"
        raise EditionError([Diagnostic(Loc("edition.yaml"), f"no handout '{handout}'",
                                       f"name one of the handouts of the edition ({known})")])
    build_time()  # a bad SOURCE_DATE_EPOCH fails here, before any work
    views = present(resolve(edition))
    outcome = Outcome(warnings=list(views.res.warnings))
    files: dict[Path, bytes] = {}
    facts: LayoutFacts | None = None
    for name in REGISTRY:
        if outputs is not None and name not in outputs:
            continue
        write = writer(name)
        with (progress(name) if progress else nullcontext(None)) as report:
            try:
                written = write(Job(views, out_dir, Options(jobs, report, handout, teacher),
                                    facts))
            except jinja2.TemplateError as exc:
                raise EditionError([_template_error(exc)]) from None
        facts = written.facts or facts
        files.update(written.files)
        if written.files:
            outcome.written[name] = list(written.files)
        outcome.warnings += written.warnings
    commit(files)
    return outcome


def _template_error(exc: jinja2.TemplateError) -> Diagnostic:
    """A template of the edition (or of the builder) that cannot be used."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or "template"
    line = getattr(exc, "lineno", 0) or 0
    return Diagnostic(Loc(str(name), line, 1 if line else 0), f"template error: {exc.message}",
                      "fix the template (see docs/customising.md), or remove it to use the "
                      "builder's own")
