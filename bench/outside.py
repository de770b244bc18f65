"""Time outside WeasyPrint: a cold PDF build whose main-process wall time is split into
WeasyPrint (laying out or writing in this process, or waiting for the workers that do)
and everything else (loading, resolving, templates, cache, assembly).

    python bench/outside.py SOURCE_DIR OUT_DIR JOBS
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import weasyprint

import edition.layout.weasy as weasy
import edition.writers.pdf as pdf_writer
import edition.writers.pdf.chunks as chunks
from edition import pipeline


class Clock:
    """Adds up the time spent in the outermost of the wrapped calls."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.depth = 0

    def wrap(self, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            self.depth += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.depth -= 1
                if self.depth == 0:
                    self.seconds += time.perf_counter() - start
        return timed


def main() -> None:
    src, out, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    clock = Clock()
    weasy.Engine.render = clock.wrap(weasy.Engine.render)
    chunks.lay_out_static = pdf_writer.lay_out_static = clock.wrap(chunks.lay_out_static)
    Future.result = clock.wrap(Future.result)
    weasyprint.Document.write_pdf = clock.wrap(weasyprint.Document.write_pdf)
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    pipeline.build(pipeline.load(src), out, ["pdf"], jobs)
    total = time.perf_counter() - start
    outside = total - clock.seconds
    print(f"total {total:.1f} s; WeasyPrint or waiting for it {clock.seconds:.1f} s; "
          f"outside WeasyPrint {outside:.1f} s = {100 * outside / total:.1f} %")


if __name__ == "__main__":
    main()
