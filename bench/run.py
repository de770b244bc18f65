"""Run the benchmarks: ``python bench/run.py [--sizes 10,100,300 | --quick]``.

For each size N: generate a synthetic edition (cached under --work), then, each in its
own process, measure the PDF clean build (layout cache cleared), the PDF rebuild after
editing one paragraph of the middle document (restored afterwards), a rebuild with
nothing changed (the floor of any rebuild), the EPUB and the handouts builds, and the
two one-pass WeasyPrint baselines of bench/baseline.py. Prints a Markdown table and
appends it to bench/results.md. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from edition import synthetic

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402

RESULTS = BENCH / "results.md"
TIME = shutil.which("time", path="/usr/bin:/bin")
# Runs a command and writes its peak RSS in KiB (largest single process of the tree) and
# its user and system CPU seconds, like /usr/bin/time -f "%M %U %S", where that is missing.
WRAPPER = """import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{r.ru_maxrss} {r.ru_utime} {r.ru_stime}")
sys.exit(rc)"""
# a fixed build date: identical sources give identical PDFs (so an unnoticed edit shows)
ENV = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
OUTSIDE = re.compile(r"outside WeasyPrint\D{0,20}([\d.]+)\s*(%|s)", re.I)
TARGETS = {"ratio": 0.2, "rss_mb": 1024, "rebuild": 0.10, "outside": 0.10, "epub_s": 3.0,
           "lines": 0.10, "vs_reledmac": 1.0, "rebuild_reledmac": 0.1}


@dataclass
class Measure:
    """One measured process."""

    output: str
    wall: float | None = None  # None: not run, failed or timed out
    status: str = "ok"  # ok | n/a | timeout | failed
    pages: int | None = None
    rss_mb: float | None = None  # peak RSS of the largest single process
    tree_mb: float | None = None  # peak sampled PSS of the whole process tree
    others: float | None = None  # CPU cores busy with other processes meanwhile
    outside: float | None = None  # share of the wall time spent outside WeasyPrint
    note: str = ""
    limit: float | None = None  # the timeout, when it was hit
    ratios: dict[str, str] = field(default_factory=dict)


# -- processes -------------------------------------------------------------------------

def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        ppid = int(text[text.rindex(")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(stat.parent.name))
    return tree


def _memory_kb(pid: int) -> int:
    """PSS of a process (RSS where smaps_rollup is unreadable), in KiB."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf(
            "SC_PAGE_SIZE") // 1024
    except (OSError, ValueError):
        return 0


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process and its descendants every 100 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            tree, pids, total = _children(), [self.pid], 0
            while pids:
                pid = pids.pop()
                total += _memory_kb(pid)
                pids += tree.get(pid, [])
            self.peak_kb = max(self.peak_kb, total)


def _busy_seconds() -> float:
    """CPU seconds all processes of the machine have used since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def wait_idle(max_wait: float, threshold: float = 0.3) -> float:
    """Wait (at most ``max_wait`` s) until the machine's other processes use less than
    ``threshold`` cores over 2 s; return the seconds waited."""
    start = time.perf_counter()
    while (waited := time.perf_counter() - start) < max_wait:
        busy = _busy_seconds()
        time.sleep(2)
        if (_busy_seconds() - busy) / 2 < threshold:
            break
    return waited


@dataclass
class Run:
    wall: float
    returncode: int | None  # None: timed out
    output: str
    rss_mb: float | None
    tree_mb: float | None
    others: float | None  # cores busy with other processes during the run


IDLE_WAIT = 0.0  # set by --idle-wait


def measure(cmd: list[str], timeout: float) -> Run:
    """Run ``cmd`` in its own process group; wall time, output and peak memory."""
    wait_idle(IDLE_WAIT)
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        if TIME:
            full = [TIME, "-f", "%M %U %S", "-o", rss.name, *cmd]
        else:
            full = [sys.executable, "-c", WRAPPER, rss.name, *cmd]
        busy, start = _busy_seconds(), time.perf_counter()
        proc = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True, env=ENV)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        try:
            out, _ = proc.communicate(timeout=timeout)
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group of the process started here
            out, _ = proc.communicate()
            code = None
        wall, busy = time.perf_counter() - start, _busy_seconds() - busy
        sampler.done.set()
        sampler.join()
        lines = Path(rss.name).read_text().strip().splitlines()
        fields = lines[-1].split() if lines else []
    try:
        kb, own = int(fields[0]), float(fields[1]) + float(fields[2])
    except (IndexError, ValueError):  # killed: time wrote nothing useful
        kb, own = 0, None
    others = None if own is None else max(0.0, (busy - own) / wall)
    return Run(wall, code, out, kb / 1024 if kb else None,
               sampler.peak_kb / 1024 if sampler.peak_kb else None, others)


# -- the measurements ------------------------------------------------------------------

def cli_jobs_flag(jobs: int) -> list[str]:
    """``-j N`` when the CLI has it."""
    help_text = subprocess.run(["edition", "build", "--help"], capture_output=True,
                               text=True).stdout
    return ["-j", str(jobs)] if re.search(r"(^|\s)-j\b|--jobs", help_text) else []


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page\b", path.read_bytes())) or None


def _outside(text: str, wall: float) -> float | None:
    match = OUTSIDE.search(text)
    if not match:
        return None
    value = float(match[1])
    return value / 100 if match[2] == "%" else value / wall


def build(src: Path, out: Path, output: str, label: str, jobs: list[str],
          timeout: float) -> Measure:
    """``edition build --only OUTPUT``; n/a when the writer does not exist (yet)."""
    suffix = {"pdf": ".pdf", "epub": ".epub"}.get(output)
    if suffix:
        for old in out.glob(f"*{suffix}"):
            old.unlink()
    cmd = ["edition", "build", str(src), "-o", str(out), "--only", output, "-q", *jobs]
    run = measure(cmd, timeout)
    m = Measure(label, rss_mb=run.rss_mb, tree_mb=run.tree_mb, others=run.others)
    if run.returncode is None:
        m.status, m.note, m.limit = "timeout", f"killed after {timeout:.0f} s", timeout
        return m
    if "not implemented yet" in run.output:
        m.status, m.note = "n/a", "not implemented yet"
        return m
    files = sorted(out.glob(f"*{suffix}")) if suffix else []
    if run.returncode != 0 or not files:
        m.status = "failed" if run.returncode != 0 else "n/a"
        m.note = (run.output.strip().splitlines() or ["no output file"])[-1][:120]
        return m
    m.wall = run.wall
    m.outside = _outside(run.output, run.wall)
    if suffix == ".pdf":
        m.pages = pdf_pages(files[0])
    return m


def edit_paragraph(src: Path) -> tuple[Path, bytes, str]:
    """Change three words of the first paragraph of the middle document in place (same
    lengths); return the file, its original bytes and a description."""
    files = sorted((src / "documents").glob("*.yaml"))
    path = files[len(files) // 2]
    original = path.read_bytes()
    doc = yaml.safe_load(original)
    paragraphs = doc["body"].split("\n\n")
    i = next(k for k, p in enumerate(paragraphs) if not p.startswith(">"))
    text = paragraphs[i]
    plain_end = min((text.index(c) for c in "[{" if c in text), default=len(text))
    by_length: dict[int, list[str]] = {}
    for w in sorted(set(synthetic.WORDS)):
        by_length.setdefault(len(w), []).append(w)
    changed = []
    for match in list(re.finditer(r"(?<![\w^])[a-z]{4,9}(?!\w)", text[:plain_end]))[1:4]:
        word = match[0]
        others = [w for w in by_length.get(len(word), []) if w != word] or [word[::-1]]
        new = others[int(hashlib.sha256(word.encode()).hexdigest(), 16) % len(others)]
        text = text[:match.start()] + new + text[match.end():]
        changed.append(f"{word}→{new}")
    paragraphs[i] = text
    doc["body"] = "\n\n".join(paragraphs)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000),
                    "utf-8")
    return path, original, f"{path.stem} ¶{i + 1}: {', '.join(changed)}"


def baseline(src: Path, variant: str, timeout: float) -> Measure:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, str(BENCH / "baseline.py"), str(src), "--variant", variant,
               "-o", str(Path(tmp) / "baseline.pdf")]
        run = measure(cmd, timeout)
    m = Measure(f"baseline {variant}", rss_mb=run.rss_mb, tree_mb=run.tree_mb,
                others=run.others)
    if run.returncode is None:
        m.status, m.note, m.limit = "timeout", f"killed after {timeout:.0f} s", timeout
        return m
    lines = [ln for ln in run.output.splitlines() if ln.startswith("{")]
    if run.returncode != 0 or not lines:
        m.status = "failed"
        m.note = (run.output.strip().splitlines() or ["?"])[-1][:120]
        return m
    data = json.loads(lines[-1])
    m.wall, m.pages = run.wall, data["pages"]
    m.outside = 1 - data["weasyprint_s"] / run.wall
    m.note = (f"render {data['render_s']:.1f} s + write_pdf {data['write_pdf_s']:.1f} s"
              + (f"; {data['target_counters']} target-counters" if variant == "naive" else ""))
    return m


def without_line_numbers(src: Path) -> Path:
    """A copy of the edition ``src`` that prints no line numbers (line_numbers.every 0)."""
    copy = src.with_name(src.name + "-nolines")
    if not copy.is_dir():
        shutil.copytree(src, copy)
        config = copy / "edition.yaml"
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        data["line_numbers"] = {"every": 0}
        config.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return copy


def latex(src: Path, work: Path, plain: bool, timeout: float) -> Measure:
    """The same edition typeset with LaTeX (bench/reledmac.py): reledmac with line numbers
    and a line-keyed apparatus (pdflatex ×2, makeindex, pdflatex), or plain LaTeX."""
    label = "LaTeX plain" if plain else "LaTeX reledmac"
    if not shutil.which("pdflatex"):
        return Measure(label, status="n/a", note="pdflatex is not installed")
    cmd = [sys.executable, str(BENCH / "reledmac.py"), str(src), str(work), "--run",
           *(["--plain"] if plain else [])]
    run = measure(cmd, timeout)
    m = Measure(label, rss_mb=run.rss_mb, tree_mb=run.tree_mb, others=run.others)
    if run.returncode is None:
        m.status, m.note, m.limit = "timeout", f"killed after {timeout:.0f} s", timeout
        return m
    start = run.output.find("{")
    if run.returncode != 0 or start < 0:
        m.status, m.note = "failed", (run.output.strip().splitlines() or ["?"])[-1][:120]
        return m
    data = json.loads(run.output[start:])
    m.wall, m.pages = data["total_s"], data["pages"]  # the LaTeX runs, not the conversion
    steps = ", ".join(f"{k} {v:.1f}" for k, v in data["steps_s"].items())
    m.note = f"{steps}; conversion {data['convert_s']:.1f} s (not counted)"
    return m


def bench_size(n: int, work: Path, jobs: list[str], timeout: float,
               baseline_timeout: float, dense: bool = False) -> list[Measure]:
    log = lambda msg: print(f"[N={n}] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    src = generate.cached(n, work, dense=dense)
    out = work / f"out-{src.name}"
    log(f"edition in {src}")
    shutil.rmtree(out / ".cache", ignore_errors=True)
    clean = build(src, out, "pdf", "PDF clean", jobs, timeout)
    log(f"PDF clean: {clean.wall} s")
    before = next(iter(out.glob("*.pdf")), None)
    digest = hashlib.sha256(before.read_bytes()).hexdigest() if before else ""
    path, original, what = edit_paragraph(src)
    try:
        rebuild = build(src, out, "pdf", "PDF rebuild (1 ¶ edited)", jobs, timeout)
    finally:
        path.write_bytes(original)
    after = next(iter(out.glob("*.pdf")), None)
    same = after is not None and hashlib.sha256(after.read_bytes()).hexdigest() == digest
    rebuild.note = "; ".join(x for x in (what, rebuild.note, "PDF UNCHANGED: the edit "
                                         "was not picked up" if same else "") if x)
    log(f"PDF rebuild: {rebuild.wall} s")
    noop = build(src, out, "pdf", "PDF rebuild (no change)", jobs, timeout)
    again = next(iter(out.glob("*.pdf")), None)
    if again and digest and hashlib.sha256(again.read_bytes()).hexdigest() != digest:
        noop.note = "; ".join(x for x in (noop.note, "PDF differs from the clean build") if x)
    bare = without_line_numbers(src)
    out_bare = work / f"out-{bare.name}"
    shutil.rmtree(out_bare / ".cache", ignore_errors=True)
    no_lines = build(bare, out_bare, "pdf", "PDF clean, no line numbers", jobs, timeout)
    log(f"PDF clean without line numbers: {no_lines.wall} s")
    rows = [clean, rebuild, noop, no_lines,
            build(src, out, "epub", "EPUB", jobs, timeout),
            build(src, out, "handouts", "handouts", jobs, timeout)]
    log("EPUB, handouts done")
    for plain in (False, True):
        rows.append(latex(src, work / f"latex-{src.name}", plain, timeout))
        log(f"{rows[-1].output}: {rows[-1].wall} s")
    for variant in ("plain", "naive"):
        rows.append(baseline(src, variant, baseline_timeout))
        log(f"baseline {variant}: {rows[-1].wall} s")
    by = {m.output: m for m in rows}
    for m in (clean, rebuild, noop):
        for variant in ("plain", "naive"):
            m.ratios[variant] = _ratio(m, by[f"baseline {variant}"])
    rebuild.ratios["clean"] = _ratio(rebuild, clean)
    noop.ratios["clean"] = _ratio(noop, clean)
    clean.ratios["no lines"] = _ratio(clean, no_lines)
    for m in (clean, rebuild, noop):
        m.ratios["reledmac"] = _ratio(m, by["LaTeX reledmac"])
    return rows


def _ratio(m: Measure, ref: Measure) -> str:
    if m.wall is None:
        return "–"
    if ref.status == "timeout" and ref.limit:
        return f"<{m.wall / ref.limit:.3f}"
    return f"{m.wall / ref.wall:.3f}" if ref.wall else "–"


# -- the report ------------------------------------------------------------------------

def machine() -> str:
    model = next((ln.split(":", 1)[1].strip() for ln in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if ln.startswith("model name")), platform.processor() or "?")
    mem = next((int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal:")), 0)
    return f"{model}, {os.cpu_count()} cores, {mem / 1024**2:.1f} GiB"


def revision() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=BENCH.parent, capture_output=True,
                              text=True).stdout.strip()
    head = git("rev-parse", "--short", "HEAD") or "?"
    if not git("status", "--porcelain", "edition", "styles"):
        return head
    diff = git("diff", "HEAD", "--", "edition", "styles") + git(
        "ls-files", "--others", "--exclude-standard", "edition", "styles")
    return f"{head} + uncommitted changes (diff {hashlib.sha256(diff.encode()).hexdigest()[:8]})"


def _num(x: float | None, fmt: str) -> str:
    return "–" if x is None else format(x, fmt)


def table(rows: list[tuple[int, Measure]], where: str, when: str) -> str:
    head = ("| machine | date (UTC) | N | output | wall s | pages | pages/s | peak RSS MB "
            "(max proc / tree) | × plain | × naive | × clean | × reledmac | × no lines "
            "| outside WeasyPrint | other load (cores) | notes |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for n, m in rows:
        wall = m.status if m.wall is None else f"{m.wall:.2f}"
        pps = f"{m.pages / m.wall:.1f}" if m.wall and m.pages else "–"
        rss = f"{_num(m.rss_mb, '.0f')} / {_num(m.tree_mb, '.0f')}" if m.status != "n/a" \
            else "–"
        outside = _num(m.outside * 100 if m.outside is not None else None, ".1f")
        outside += "%" if m.outside is not None else ""
        lines.append(f"| {where} | {when} | {n} | {m.output} | {wall} | "
                     f"{m.pages if m.pages else '–'} | {pps} | {rss} | "
                     f"{m.ratios.get('plain', '–')} | {m.ratios.get('naive', '–')} | "
                     f"{m.ratios.get('clean', '–')} | {m.ratios.get('reledmac', '–')} | "
                     f"{m.ratios.get('no lines', '–')} | {outside} | {_num(m.others, '.2f')} | "
                     f"{m.note} |")
    return "\n".join(lines)


def verdicts(rows: list[tuple[int, Measure]]) -> list[str]:
    """The issue's targets (stated for 300 documents), checked at the largest size run."""
    n = max(k for k, _ in rows)
    by = {m.output: m for k, m in rows if k == n}
    clean, rebuild, epub = by["PDF clean"], by["PDF rebuild (1 ¶ edited)"], by["EPUB"]
    out = [f"Targets (set for N = 300), checked at N = {n}:"]

    def line(name: str, value: str, ok: bool | None) -> None:
        mark = "n/a" if ok is None else "met" if ok else "NOT met"
        out.append(f"- {name}: {value} — {mark}")

    for variant in ("plain", "naive"):
        r = clean.ratios.get(variant, "–")
        ok = None if r == "–" else float(r.lstrip("<")) <= TARGETS["ratio"]
        line(f"PDF clean ≤ 0.2× baseline {variant}", r if r == "–" else f"{r}×", ok)
    done = [m for m in (clean, rebuild) if m.wall is not None]
    peak = max((m.rss_mb or 0 for m in done), default=0)
    tree = max((m.tree_mb or 0 for m in done), default=0)
    line("peak RSS ≤ 1 GiB", f"{peak:.0f} MB largest process, {tree:.0f} MB whole tree"
         if done else "no successful PDF build",
         None if not done else (tree or peak) <= TARGETS["rss_mb"])
    r = rebuild.ratios.get("clean", "–")
    floor = by["PDF rebuild (no change)"].ratios.get("clean", "–")
    line("rebuild ≤ 10% of clean", r if r == "–" else f"{r}× (with nothing changed: "
         f"{floor}×)",
         None if r == "–" else float(r) <= TARGETS["rebuild"])
    line("time outside WeasyPrint ≤ 10%",
         "not exposed by the CLI" if clean.outside is None else f"{clean.outside:.1%}",
         None if clean.outside is None else clean.outside <= TARGETS["outside"])
    line("EPUB ≤ 3 s", epub.status if epub.wall is None else f"{epub.wall:.2f} s",
         None if epub.wall is None else epub.wall <= TARGETS["epub_s"])
    r = clean.ratios.get("no lines", "–")
    line("line numbering adds ≤ 10% to a clean build", r if r == "–" else f"{r}×",
         None if r == "–" else float(r) <= 1 + TARGETS["lines"])
    for m, target in ((clean, TARGETS["vs_reledmac"]), (rebuild, TARGETS["rebuild_reledmac"])):
        r = m.ratios.get("reledmac", "–")
        line(f"{m.output} ≤ {target}× reledmac's full build", "–" if r == "–" else
             f"ratio vs reledmac: {r}", None if r == "–" else float(r) <= target)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,300", help="comma-separated N")
    parser.add_argument("--quick", action="store_true", help="N = 10 only (for CI)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="-j for `edition build` when it has it (default: all cores)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir())
                        / "edition-bench", help="generated editions and outputs")
    parser.add_argument("--timeout", type=float, default=900, help="per build, seconds")
    parser.add_argument("--baseline-timeout", type=float, default=900,
                        help="per baseline, seconds")
    parser.add_argument("--idle-wait", type=float, default=60,
                        help="before each measurement, wait up to this many seconds for "
                        "other processes to go quiet (default 60; 0: don't)")
    parser.add_argument("--dense", action="store_true",
                        help="dense editions: three more page-foot notes per paragraph")
    parser.add_argument("--no-record", action="store_true",
                        help="print only; do not append to bench/results.md")
    args = parser.parse_args(argv)
    global IDLE_WAIT
    IDLE_WAIT = args.idle_wait
    sizes = [10] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    args.work.mkdir(parents=True, exist_ok=True)
    jobs = cli_jobs_flag(args.jobs)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    rows = [(n, m) for n in sizes
            for m in bench_size(n, args.work, jobs, args.timeout, args.baseline_timeout,
                                args.dense)]
    density = " (dense: three more page-foot notes per paragraph)" if args.dense else ""
    report = "\n".join([
        f"## {when} UTC — sizes {', '.join(map(str, sizes))}{density}", "",
        f"Machine: {machine()}; Python {platform.python_version()}; edition at "
        f"{revision()}; `edition build` flags: {' '.join(jobs) or '(no -j)'}; peak RSS "
        f"by {'/usr/bin/time' if TIME else 'a python wrapper'}.", "",
        table(rows, machine(), when), "", *verdicts(rows), ""])
    print(report)
    if not args.no_record:
        if not RESULTS.exists():
            RESULTS.write_text("# Benchmark results\n\nAppended by `python bench/run.py`, "
                               "newest last; bench/README.md explains the columns.\n",
                               encoding="utf-8")
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write("\n" + report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
