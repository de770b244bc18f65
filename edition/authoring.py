"""The authoring commands of the command line: ``new``, ``schema``, ``import-text`` and
``watch`` (``edition.cli`` adds them to its parser)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from . import pipeline
from .console import diagnostics, say
from .preview import HOST, serve
from .readers.plaintext import TextImportError, import_text
from .scaffold import ScaffoldError, new_edition
from .schemas import write_schemas
from .watch import Watcher

Handler = Callable[[argparse.Namespace, Console], int]


def cmd_schema(args: argparse.Namespace, console: Console) -> int:
    try:
        written = write_schemas(Path(args.out))
    except OSError as exc:
        say(console, f"cannot write the schemas: {exc}", "red")
        return 1
    if args.verbose:
        for path in written:
            say(console, f"wrote {path}")
    if not args.quiet:
        say(console, f"schema: wrote {len(written)} schemas into {args.out}")
    return 0


def cmd_new(args: argparse.Namespace, console: Console) -> int:
    folder = Path(args.folder)
    try:
        written = new_edition(folder, args.title)
    except (ScaffoldError, OSError) as exc:
        say(console, f"error: {exc}", "red")
        return 1
    if args.verbose:
        for path in written:
            say(console, f"wrote {path}")
    _, diags = pipeline.check(folder)
    if diags.items:  # the scaffold itself is wrong: say so rather than hide it
        diagnostics(console, diags.items)
        return 1
    if not args.quiet:
        say(console, f"new edition in {folder}: {len(written)} files. Next:", "green")
        say(console, f"  edition check {folder}\n  edition build {folder} -o build\n"
                     f"  edition watch {folder}   (rebuild and preview as you edit)")
    return 0


def cmd_import_text(args: argparse.Namespace, console: Console) -> int:
    out = Path(args.out)
    try:
        report = import_text(Path(args.file), out, args.title)
    except (TextImportError, OSError) as exc:
        say(console, f"error: {exc}", "red")
        return 1
    if not args.quiet:
        say(console, report.format("guessed or not placed"))
    if args.verbose:
        for path in sorted(out.rglob("*.yaml")):
            say(console, f"wrote {path}")
    _, diags = pipeline.check(out)
    if diags.errors:
        say(console, f"the imported edition has {len(diags.errors)} error(s):", "red")
        diagnostics(console, diags.errors)
        return 1
    if not args.quiet:
        say(console, f"{out} checks with {len(diags.warnings)} warning(s); next: edition "
                     f"check {out}, then edition build {out}", "green")
    return 0


def cmd_watch(args: argparse.Namespace, console: Console) -> int:
    outputs = args.only.split(",")
    if unknown := pipeline.unknown_outputs(outputs):
        say(console, f"unknown output(s): {', '.join(unknown)}; choose from "
            + ", ".join(pipeline.REGISTRY), "red")
        return 2
    source = Path(args.source)
    if not (source / "edition.yaml").is_file():
        say(console, f"error: {source / 'edition.yaml'} not found", "red")
        return 1
    watcher = Watcher(source, Path(args.out), outputs, console, jobs=args.jobs,
                      quiet=args.quiet, verbose=args.verbose)
    server = None
    if "epub" in outputs and args.port >= 0:
        try:
            server = serve(watcher.pages, args.port)
        except OSError as exc:
            say(console, f"error: cannot serve the preview on {HOST}:{args.port}: {exc}", "red")
            return 1
        say(console, f"preview: http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        watcher.run()
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    return 0


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add the authoring commands to ``sub``; their handlers by command name."""
    p = sub.add_parser("schema", help="write the JSON Schemas of the source files (for "
                       "editors that validate YAML as it is typed)")
    p.add_argument("-o", "--out", default=".schema", help="folder to write them into")
    _verbosity(p)
    p = sub.add_parser("new", help="start a new edition: an example document, persons, "
                       "places, a handout and the JSON Schemas, ready to build")
    p.add_argument("folder", help="the folder to create (absent or empty)")
    p.add_argument("--title", default="A new edition", help="the title of the volume")
    _verbosity(p)
    p = sub.add_parser("import-text", help="turn a plain-text page of one document (title, "
                       "date line, paragraphs, signature, notes) into an edition folder")
    p.add_argument("file", help="the text file (UTF-8)")
    p.add_argument("-o", "--out", required=True, help="the edition folder to write (absent "
                   "or empty)")
    p.add_argument("--title", default="", help="the title of the volume (default: the "
                   "document's)")
    _verbosity(p)
    p = sub.add_parser("watch", help="rebuild on every change and serve a live preview of "
                       "the EPUB on 127.0.0.1")
    p.add_argument("source", nargs="?", default="source", help="edition folder")
    p.add_argument("-o", "--out", default="build", help="output folder")
    p.add_argument("--only", default="epub", help="comma-separated outputs to rebuild "
                   "(default: epub; the preview needs epub)")
    p.add_argument("--port", type=int, default=8765, help="preview port (0: any free port; "
                   "-1: no preview)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes for the PDF "
                   "layout")
    _verbosity(p)
    return {"schema": cmd_schema, "new": cmd_new, "import-text": cmd_import_text,
            "watch": cmd_watch}


def _verbosity(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="store_true", help="say more about each step")
