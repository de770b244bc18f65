"""The authoring commands of the command line: ``new``, ``schema``, ``import-text`` and
``watch`` (``edition.cli`` adds them to its parser)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from . import pipeline
from .readers.plaintext import TextImportError, import_text
from .scaffold import ScaffoldError, new_edition
from .schemas import write_schemas

Handler = Callable[[argparse.Namespace, Console], int]


def say(console: Console, text: str, style: str = "") -> None:
    """Print a line made from user data (paths, messages): never read as markup."""
    console.print(text, style=style or None, markup=False, highlight=False, emoji=False,
                  soft_wrap=True)


def cmd_schema(args: argparse.Namespace, console: Console) -> int:
    try:
        written = write_schemas(Path(args.out))
    except OSError as exc:
        say(console, f"cannot write the schemas: {exc}", "red")
        return 1
    if not args.quiet:
        for path in written:
            say(console, f"schema: wrote {path}")
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
        for d in diags.items:
            say(console, str(d))
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
        say(console, report.format().replace("not mapped one to one", "guessed or not placed"))
    _, diags = pipeline.check(out)
    if diags.errors:
        say(console, f"the imported edition has {len(diags.errors)} error(s):", "red")
        for d in diags.errors:
            say(console, str(d))
        return 1
    if not args.quiet:
        say(console, f"{out} checks with {len(diags.warnings)} warning(s); next: edition "
                     f"check {out}, then edition build {out}", "green")
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
    return {"schema": cmd_schema, "new": cmd_new, "import-text": cmd_import_text}


def _verbosity(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="store_true", help="say more about each step")
