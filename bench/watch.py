"""Edit → visible in ``edition watch``'s preview: ``python bench/watch.py [N] [--edits K]``.

Generates a synthetic edition of N documents (default 300; bench/generate.py), runs the
watcher and its preview server in this process, then K times (default 3) changes one word
in the first paragraph of the middle document and measures the time from the write to
the moment the preview serves the page with the new word: the file event, the rebuild
(check, resolve, present, write) and the page reload a browser makes when ``/__build``
changes. Prints a Markdown table. A benchmark, not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

import yaml
from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import generate
from edition.preview import serve
from edition.watch import Watcher


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode()


def measure(documents: int, work: Path, edits: int, outputs: list[str]) -> dict[str, object]:
    source = generate(documents, work / f"watch-{documents}")
    log = io.StringIO()
    watcher = Watcher(source, work / f"watch-{documents}-out", outputs, Console(file=log))
    server = serve(watcher.pages, 0)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    stop = threading.Event()
    start = time.monotonic()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    while watcher.pages.build < 1:
        time.sleep(0.02)
    first = time.monotonic() - start
    docs = sorted((source / "documents").glob("*.yaml"))
    middle = docs[len(docs) // 2]
    page = f"{base}/EPUB/doc-{middle.stem}.xhtml"
    original = middle.read_text(encoding="utf-8")
    latencies = []
    try:
        for k in range(1, edits + 1):
            word = f"Watchword{k}"
            data = yaml.safe_load(original)
            data["body"] = f"{word} {data['body']}"
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
            before = _get(f"{base}/__build")
            t0 = time.monotonic()
            middle.write_text(text, encoding="utf-8")
            while _get(f"{base}/__build") == before:
                time.sleep(0.05)
            assert word in _get(page), f"the rebuilt page lacks {word}"
            latencies.append(time.monotonic() - t0)
    finally:
        middle.write_text(original, encoding="utf-8")
        stop.set()
        thread.join(timeout=60)
        server.shutdown()
    builds = re.findall(r"build \d+: .* in ([\d.]+) s", log.getvalue())
    return {"N": documents, "outputs": ",".join(outputs), "first build s": round(first, 2),
            "rebuilds s (as the watcher logs them)": ", ".join(builds[1:]),
            "edit → visible s": ", ".join(f"{x:.2f}" for x in latencies),
            "median s": round(statistics.median(latencies), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", nargs="?", type=int, default=300)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--only", default="epub", help="outputs the watcher rebuilds")
    parser.add_argument("--work", type=Path, default=Path("/tmp/edition-bench"))
    args = parser.parse_args()
    row = measure(args.documents, args.work, args.edits, args.only.split(","))
    print("| " + " | ".join(row) + " |")
    print("|" + "---|" * len(row))
    print("| " + " | ".join(str(v) for v in row.values()) + " |")


if __name__ == "__main__":
    main()
