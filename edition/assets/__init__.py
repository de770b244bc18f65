"""What every writer shares to look the same: stylesheets and the book face (:mod:`.face`).

An edition may replace a stylesheet with its own ``styles/<name>.css``; it is read from
inside the edition folder only, and what it fetches goes through the safe fetcher.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import edition_file

ASSETS = Path(__file__).resolve().parent


def stylesheet(name: str, source_dir: Path) -> tuple[str, Path]:
    """The stylesheet ``name`` ('print', 'epub') and the folder its URLs are relative to:
    the edition's own ``styles/<name>.css`` when it has one, else the builder's."""
    own = edition_file(source_dir, f"styles/{name}.css")
    path = own or ASSETS / f"{name}.css"
    return path.read_text(encoding="utf-8"), path.parent
