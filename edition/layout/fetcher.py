"""The only way WeasyPrint may read a file: inside the edition or the builder's assets.

No network, no ``file://`` outside the allowed folders, no ``..`` escapes (paths are
resolved, symlinks included, before the check).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class SafeFetcher(URLFetcher):
    """Serves ``file:`` URLs below ``roots``; refuses and records everything else."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols=["file"])
        self.roots = [Path(r).resolve() for r in roots]
        self.refused: list[str] = []

    def allowed(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
            return path
        return None

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = self.allowed(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"refused to fetch {url!r}: outside the edition and assets")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
