"""Confinement: a path an edition names must stay inside its folder, symlinks resolved."""

from __future__ import annotations

from pathlib import Path


def inside(root: Path, path: Path) -> bool:
    """Whether ``path`` (symlinks resolved) lies inside ``root``."""
    return path.resolve().is_relative_to(root.resolve())


def edition_file(root: Path, relative: str) -> Path | None:
    """The file ``relative`` under ``root`` if it exists and stays inside ``root``."""
    path = root / relative
    return path if path.is_file() and inside(root, path) else None
