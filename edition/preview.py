"""The live preview of ``edition watch``: the last good EPUB's pages over HTTP, on
127.0.0.1 only.

Pages are served from memory, as the EPUB holds them, with one script added to every
XHTML page: it asks ``/__build`` for the build number each second and reloads the page
when a newer build has replaced it.
"""

from __future__ import annotations

import mimetypes
import threading
import zipfile
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

HOST = "127.0.0.1"
RELOAD_JS = b"""(function () {
  var mine = document.currentScript.getAttribute("data-build");
  setInterval(function () {
    fetch("/__build", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (n) { if (n !== mine) { location.reload(); } })
      .catch(function () {});
  }, 1000);
})();
"""

WAITING = (b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>edition watch</title>'
           b'</head><body><p>No good build yet: the console says why.</p>'
           b'<script src="/__reload.js" data-build="0"></script></body></html>')


@dataclass
class Pages:
    """The files of the last good EPUB by path, and the number of its build."""

    build: int = 0
    files: dict[str, bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def load(self, epub: Path) -> None:
        """Take the pages of ``epub`` (a new build)."""
        with zipfile.ZipFile(epub) as z:
            files = {name: z.read(name) for name in z.namelist() if not name.endswith("/")}
        with self.lock:
            self.files = files
            self.build += 1

    def get(self, path: str) -> tuple[int, bytes | None]:
        with self.lock:
            return self.build, self.files.get(path)

    def start_page(self) -> str | None:
        """The EPUB's table of contents, or None before the first good build."""
        with self.lock:
            names = sorted(n for n in self.files if n.endswith("nav.xhtml"))
        return "/" + names[0] if names else None


def serve(pages: Pages, port: int) -> ThreadingHTTPServer:
    """Serve ``pages`` on 127.0.0.1:``port`` (0: any free port) in a daemon thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if path == "/":
                start = pages.start_page()
                if start is None:  # this page reloads when the first good build is there
                    self._send(WAITING, "text/html; charset=utf-8")
                    return
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", start)
                self.end_headers()
                return
            if path == "/__build":
                self._send(str(pages.get("")[0]).encode(), "text/plain")
                return
            if path == "/__reload.js":
                self._send(RELOAD_JS, "text/javascript")
                return
            build, body = pages.get(path.lstrip("/"))
            if body is None:
                self.send_error(HTTPStatus.NOT_FOUND, "not in the last good build")
                return
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            if path.endswith(".xhtml"):
                kind = "application/xhtml+xml"
                script = f'<script src="/__reload.js" data-build="{build}"></script></body>'
                body = body.replace(b"</body>", script.encode(), 1)
            self._send(body, kind)

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Requests are not logged: the console is for the builds."""

    server = ThreadingHTTPServer((HOST, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview", daemon=True).start()
    return server
