"""Time outside WeasyPrint: a cold PDF build whose main-process wall time is split into
WeasyPrint (laying out or writing in this process, or waiting for the workers that do)
and everything else (loading, resolving, templates, cache, assembly).

    python bench/outside.py SOURCE_DIR OUT_DIR JOBS
"""

import shutil
import sys
import time
from concurrent.futures import Future
from pathlib import Path

t0 = time.perf_counter()
import edition.pdf as P
import edition.pdf.chunks as C
import edition.pdf.layout as L
from edition.load import load
from edition.resolve import resolve

weasy = 0.0
depth = 0
def timed(fn):
    def wrapper(*a, **k):
        global weasy, depth
        depth += 1
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            depth -= 1
            if depth == 0:
                weasy += time.perf_counter() - t
    return wrapper
L.Layout.render = timed(L.Layout.render)
C.lay_out_static = timed(C.lay_out_static); P.lay_out_static = C.lay_out_static
Future.result = timed(Future.result)
import weasyprint

weasyprint.Document.write_pdf = timed(weasyprint.Document.write_pdf)
src, out, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
shutil.rmtree(out, ignore_errors=True)
res = resolve(load(src))
P.write_pdf(res, out, jobs)
total = time.perf_counter() - t0
print(f"total {total:.1f} s; WeasyPrint or waiting for it {weasy:.1f} s; outside {total - weasy:.1f} s = {100 * (total - weasy) / total:.1f}%")
