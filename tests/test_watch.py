"""``edition watch``: an edit is rebuilt and served; a broken edit changes nothing."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

from rich.console import Console

from edition.pipeline import check
from edition.preview import serve
from edition.scaffold import DOCUMENT, new_edition
from edition.synthetic import generate
from edition.watch import Watcher

REPO = str(Path(__file__).resolve().parents[1])  # this checkout's package, not an install


def wait_for(condition, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_watch_rebuilds_serves_the_new_text_and_survives_errors(tmp_path):
    source, out = tmp_path / "ed", tmp_path / "out"
    new_edition(source, "Watched")
    log = io.StringIO()
    console = Console(file=log, width=200)
    watcher = Watcher(source, out, ["epub"], console)
    server = serve(watcher.pages, 0)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,))
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        wait_for(lambda: watcher.pages.build == 1)
        page = "/EPUB/doc-commissar-ambassador-1921-10-10.xhtml"
        first = fetch(base + page)
        assert "The friendship of our peoples" in first
        assert 'src="/__reload.js" data-build="1"' in first
        assert fetch(base + "/__build") == "1"

        doc = source / DOCUMENT
        doc.write_text(doc.read_text(encoding="utf-8").replace(
            "The friendship of our peoples", "The lasting friendship of our peoples"),
            encoding="utf-8")
        wait_for(lambda: watcher.pages.build == 2)
        assert "The lasting friendship" in fetch(base + page)
        epub = next(out.glob("*.epub"))
        with zipfile.ZipFile(epub) as z:
            assert b"The lasting friendship" in z.read(page.lstrip("/"))

        before = epub.read_bytes()
        doc.write_text(doc.read_text(encoding="utf-8").replace("[^kars]", "[^karss]"),
                       encoding="utf-8")
        wait_for(lambda: "unknown note id 'karss'" in log.getvalue())
        assert watcher.pages.build == 2 and epub.read_bytes() == before
        assert "The lasting friendship" in fetch(base + page)
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(timeout=10)
        server.shutdown()
        server.server_close()
    assert not thread.is_alive()


def test_preview_listens_on_loopback_only_and_redirects_to_the_contents(tmp_path):
    source = tmp_path / "ed"
    new_edition(source, "Served")
    watcher = Watcher(source, tmp_path / "out", ["epub"], Console(file=io.StringIO()))
    server = serve(watcher.pages, 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
        port = server.server_address[1]
        assert "No good build yet" in fetch(f"http://127.0.0.1:{port}/")
        assert watcher.build()
        contents = fetch(f"http://127.0.0.1:{port}/")  # follows the redirect
        assert "<nav" in contents and "Contents" in contents
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/EPUB/nothing.xhtml", timeout=5)
            raise AssertionError("served a page that is not in the build")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_watch_command_serves_and_stops_cleanly_on_ctrl_c(tmp_path):
    new_edition(tmp_path / "ed", "Stopped")
    proc = subprocess.Popen([sys.executable, "-m", "edition.cli", "watch", "ed", "-o", "out",
                             "--port", "0"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": REPO})
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        assert port, first
        lines = [proc.stdout.readline()]
        while lines[-1] and "build 1:" not in lines[-1] and len(lines) < 10:
            lines.append(proc.stdout.readline())
        assert "build 1:" in lines[-1], lines
        assert "Contents" in fetch(f"http://127.0.0.1:{port[1]}/")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
        rest = proc.stdout.read()
        assert "Traceback" not in rest, rest
    finally:
        proc.kill()


def test_rebuilds_read_again_only_the_documents_that_changed(tmp_path):
    root = generate(tmp_path / "gen", 4, seed=5)
    first = sorted((root / "documents").glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("body:", "body: Russiaʹs", 1),
                     encoding="utf-8")
    cache: dict = {}
    ed1, diags1 = check(root, cache)
    ed2, diags2 = check(root, cache)
    assert ed1 is not None and ed2 is not None
    assert [d1 is d2 for d1, d2 in zip(ed1.documents, ed2.documents, strict=True)] == [True] * 4
    assert diags1.items == diags2.items and len(diags1.warnings) == 1
    last = sorted((root / "documents").glob("*.yaml"))[-1]
    last.write_text(last.read_text(encoding="utf-8").replace("body:", "body: Changed", 1),
                    encoding="utf-8")
    ed3, diags3 = check(root, cache)
    fresh, diags_fresh = check(root)
    assert ed3 is not None and fresh is not None
    assert [d2 is d3 for d2, d3 in zip(ed2.documents, ed3.documents, strict=True)] == [
        True, True, True, False]
    assert ed3.documents == fresh.documents and diags3.items == diags_fresh.items
