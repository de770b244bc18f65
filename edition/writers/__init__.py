"""Writers: one per output, each behind the same small protocol.

A writer is a module with ``write(job) -> Written``: it reads the presented edition
(:class:`edition.present.Views`) and returns the files it made, in memory, with its
warnings and, for the print writer, the layout facts of this build. Writers never import
each other; the layout facts reach the EPUB through the :class:`Job`. The pipeline
writes the files only when every writer asked for has succeeded.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..diagnostics import Diagnostic
from ..layout.facts import LayoutFacts
from ..present import Views

Progress = Callable[[str, int, int, int], None]  # stage, done, total, pages so far


@dataclass
class Options:
    jobs: int = 1
    progress: Progress | None = None
    handout: str | None = None  # build this handout only
    teacher: bool | None = None  # only the teacher's (True) or students' (False) version


@dataclass
class Job:
    views: Views
    out_dir: Path
    options: Options = field(default_factory=Options)
    facts: LayoutFacts | None = None  # from the print layout of this build, if it ran


@dataclass
class Written:
    files: dict[Path, bytes]  # what to write where, once every writer has succeeded
    warnings: list[Diagnostic] = field(default_factory=list)
    facts: LayoutFacts | None = None


class Writer(Protocol):
    def __call__(self, job: Job) -> Written: ...


# in build order (the print layout first: the others cite its pages and lines)
REGISTRY: dict[str, str] = {
    "pdf": "edition.writers.pdf",
    "epub": "edition.writers.epub",
    "handouts": "edition.writers.handouts",
}


def writer(name: str) -> Writer:
    """The ``write`` function of the writer ``name`` (imported on first use)."""
    return importlib.import_module(REGISTRY[name]).write
