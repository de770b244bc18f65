"""Command line: ``edition check SOURCE``, ``edition build SOURCE``,
``edition import-tei FILE -o DIR`` and ``edition export-tei SOURCE -o FILE.xml``; the
authoring commands ``new``, ``schema``, ``import-text`` and ``watch`` come from
:mod:`edition.authoring`."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from . import pipeline
from .authoring import add_commands
from .diagnostics import Diagnostic, Diagnostics, EditionError
from .readers.tei import TeiError, import_tei
from .resolve import resolve
from .writers import Progress as Report
from .writers.tei import export_tei


def _say(console: Console, *parts: str | tuple[str, str]) -> None:
    """Print ``parts`` (text, or text and a style) as they are: never read as markup, so
    a file or key named '[/bold]' prints as itself."""
    console.print(Text.assemble(*parts), highlight=False, soft_wrap=True)


def _print(console: Console, items: list[Diagnostic]) -> None:
    for d in items:
        style = "red" if d.severity == "error" else "yellow"
        _say(console, (str(d.loc), "bold"), ": ", (d.severity, style), f": {d.message}")
        if d.hint:
            console.print(f"    hint: {d.hint}", highlight=False, markup=False, soft_wrap=True)


@contextmanager
def _progress(console: Console, name: str, *, enabled: bool) -> Iterator[Report]:
    """A live display of stages, documents done, pages/s and time left (TTY only)."""
    if not enabled:
        yield lambda *_: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[pages]} pages, {task.fields[rate]} pages/s"),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}
        start = time.monotonic()

        def report(stage: str, done: int, total: int, pages: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{name}: {stage}", total=total, pages=0, rate=0)
            rate = round(pages / max(time.monotonic() - start, 1e-6), 1)
            bar.update(tasks[stage], completed=done, pages=pages, rate=rate)

        yield report


def _strict(diags: Diagnostics) -> None:
    """``--strict``: every warning counts as an error."""
    diags.items = [replace(d, severity="error") for d in diags.items]


def _print_json(console: Console, items: list[Diagnostic]) -> None:
    for d in items:
        console.print(json.dumps(d.as_json(), ensure_ascii=False), markup=False,
                      highlight=False, emoji=False, soft_wrap=True)


def cmd_check(args: argparse.Namespace, console: Console) -> int:
    start = time.monotonic()
    edition, diags = pipeline.check(args.source)
    if args.verbose and args.format == "text":
        console.print(f"read and checked in {time.monotonic() - start:.2f} s", highlight=False)
    if args.strict:
        _strict(diags)
    if args.format == "json":
        _print_json(console, diags.warnings + diags.errors)
        return 1 if diags.errors else 0
    if diags.warnings and not args.quiet:
        console.print(f"[yellow]{len(diags.warnings)} warning(s)[/yellow]")
        _print(console, diags.warnings)
    if diags.errors:
        console.print(f"[red]{len(diags.errors)} error(s)[/red]")
        _print(console, diags.errors)
        return 1
    assert edition is not None
    res = resolve(edition)
    notes = sum(len(d.notes) for d in edition.documents)
    apparatus = sum(len(v) for v in res.apparatus.values())
    console.print(f"[green]ok[/green]: {len(edition.documents)} document(s), {notes} note(s), "
                  f"{apparatus} apparatus entries, {len(res.occurrences)} name mentions")
    return 0


def cmd_build(args: argparse.Namespace, console: Console) -> int:
    wanted = args.only.split(",") if args.only else None
    if wanted and (unknown := pipeline.unknown_outputs(wanted)):
        _say(console, (f"unknown output(s): {', '.join(unknown)}", "red"),
             "; choose from " + ", ".join(pipeline.REGISTRY))
        return 2
    edition, diags = pipeline.check(args.source)
    if diags.warnings and not args.quiet:
        _print(console, diags.warnings)
    if diags.errors or edition is None:
        _print(console, diags.errors)
        console.print("[red]build failed; previous outputs are untouched[/red]")
        return 1
    live = console.is_terminal and not args.quiet
    if args.handout and not wanted:
        wanted = ["handouts"]
    try:
        outcome = pipeline.build(edition, Path(args.out), wanted, args.jobs,
                                 lambda name: _progress(console, name, enabled=live),
                                 args.handout, True if args.teacher else None)
    except EditionError as exc:
        _print(console, exc.diagnostics)
        console.print("[red]build failed; previous outputs are untouched[/red]")
        return 1
    if outcome.warnings and not args.quiet:
        _print(console, outcome.warnings)
    for name, paths in outcome.written.items():
        shown = paths if name == "handouts" or args.verbose else paths[:1]
        for path in shown:
            _say(console, (name, "green"), f": wrote {path}")
    return 0


def cmd_export_tei(args: argparse.Namespace, console: Console) -> int:
    """The edition as read, as one TEI file (docs/tei-export.md); errors as ``check``."""
    edition, diags = pipeline.check(args.source)
    if diags.warnings and not args.quiet:
        _print(console, diags.warnings)
    if diags.errors or edition is None:
        console.print(f"[red]{len(diags.errors)} error(s)[/red]")
        _print(console, diags.errors)
        return 1
    start = time.monotonic()
    try:
        export_tei(edition, Path(args.out))
    except EditionError as exc:
        console.print(f"[red]{len(exc.diagnostics)} error(s)[/red]")
        _print(console, exc.diagnostics)
        return 1
    _say(console, ("tei", "green"), f": wrote {args.out}")
    if args.verbose:
        console.print(f"{Path(args.out).stat().st_size} bytes in "
                      f"{time.monotonic() - start:.2f} s", highlight=False)
    return 0


def cmd_import_tei(args: argparse.Namespace, console: Console) -> int:
    try:
        report = import_tei(Path(args.file), Path(args.out), force=args.force)
    except TeiError as exc:
        console.print(str(exc), markup=False, highlight=False, soft_wrap=True)
        return 1
    except OSError as exc:
        _say(console, f"{exc.filename or args.out}: ", ("error", "red"),
             f": cannot write the edition folder: {exc.strerror or exc}")
        return 1
    if not args.quiet:
        console.print(report.format(), markup=False, highlight=False, soft_wrap=True)
    return 0


EXIT_CODES = """exit status: 0 done; 1 the edition has errors (with check --strict: or warnings),
or a file or folder cannot be used; 2 the command line is wrong"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edition", description="Build critical editions "
                                     "from YAML sources (docs/guide.md).", epilog=EXIT_CODES)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("check", "validate an edition and report every problem"),
                            ("build", "build the outputs into the output folder"),
                            ("export-tei", "export the edition as one TEI P5 file (FRUS style)")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("source", nargs="?", default="source", help="edition folder")
        p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
        p.add_argument("-v", "--verbose", action="store_true",
                       help="say more (timings, every file written)")
        if name == "check":
            p.add_argument("--strict", action="store_true",
                           help="count warnings as errors (exit 1 if there is any)")
            p.add_argument("--format", choices=("text", "json"), default="text",
                           help="json: one JSON object a line (file, line, column, "
                           "severity, code, message, hint)")
        if name == "build":
            p.add_argument("-o", "--out", default="build", help="output folder")
            p.add_argument("--only", help="comma-separated outputs: pdf, epub, handouts")
            p.add_argument("--handout", metavar="ID", help="build this handout only")
            p.add_argument("--teacher", action="store_true",
                           help="with --handout: only the teacher's version")
            p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                           help="worker processes for the PDF layout (default: all cores)")
        if name == "export-tei":
            p.add_argument("-o", "--out", required=True, metavar="FILE.xml",
                           help="the TEI file to write")
    p = sub.add_parser("import-tei", help="convert a FRUS-style TEI P5 volume into an "
                       "edition folder")
    p.add_argument("file", help="the TEI file")
    p.add_argument("-o", "--out", required=True, help="the edition folder to write")
    p.add_argument("--force", action="store_true",
                   help="write into a folder that is not empty (its document files are "
                   "replaced)")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    authoring = add_commands(sub)
    args = parser.parse_args(argv)
    console = Console(stderr=False, highlight=False)
    handlers = {"check": cmd_check, "build": cmd_build, "export-tei": cmd_export_tei,
                "import-tei": cmd_import_tei, **authoring}
    try:
        return handlers[args.command](args, console)
    except KeyboardInterrupt:
        console.print("[red]interrupted[/red]; previous outputs are untouched")
        return 130


if __name__ == "__main__":
    sys.exit(main())
