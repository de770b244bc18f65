"""The output writers a build can run, by name. Each takes the resolved edition, the
output folder and the build options, and returns the path it wrote with its warnings;
writers never know about each other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .resolve import Resolved

Progress = Callable[[str, int, int, int], None]  # stage, done, total, pages so far


@dataclass
class Options:
    jobs: int = 1
    progress: Progress | None = None


Writer = Callable[[Resolved, Path, Options], tuple[Path, list[Diagnostic]]]


def available() -> dict[str, Writer | None]:
    """Writers in build order; None marks an output that is not implemented yet."""
    from .epub import write_epub
    from .pdf import write_pdf

    return {
        "pdf": lambda res, out, opts: write_pdf(res, out, opts.jobs, opts.progress),
        "epub": lambda res, out, opts: write_epub(res, out),
        "handouts": None,
    }
