"""The authoring commands of the command line: ``new``, ``schema``, ``import-text`` and
``watch`` (``edition.cli`` adds them to its parser)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

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


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add the authoring commands to ``sub``; their handlers by command name."""
    p = sub.add_parser("schema", help="write the JSON Schemas of the source files (for "
                       "editors that validate YAML as it is typed)")
    p.add_argument("-o", "--out", default=".schema", help="folder to write them into")
    _verbosity(p)
    return {"schema": cmd_schema}


def _verbosity(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="store_true", help="say more about each step")
