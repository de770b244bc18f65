"""The output writers a build can run, by name. Each takes the resolved edition and the
output folder and returns the path it wrote with its warnings; writers never know about
each other."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .diagnostics import Diagnostic
from .resolve import Resolved

Writer = Callable[[Resolved, Path], tuple[Path, list[Diagnostic]]]


def available() -> dict[str, Writer | None]:
    """Writers in build order; None marks an output that is not implemented yet."""
    from .pdf import write_pdf

    return {"pdf": write_pdf, "epub": None, "handouts": None}
