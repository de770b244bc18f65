"""Console output of the authoring commands: user data is never read as rich markup."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from .diagnostics import Diagnostic


def say(console: Console, text: str, style: str = "") -> None:
    """Print a line made from user data (paths, messages) as it is."""
    console.print(text, style=style or None, markup=False, highlight=False, emoji=False,
                  soft_wrap=True)


def diagnostics(console: Console, items: list[Diagnostic]) -> None:
    """Every diagnostic as ``FILE:LINE:COLUMN: severity: message`` and its hint."""
    for d in items:
        style = "red" if d.severity == "error" else "yellow"
        console.print(Text.assemble((str(d.loc), "bold"), ": ", (d.severity, style),
                                    f": {d.message}"),
                      highlight=False, markup=False, emoji=False, soft_wrap=True)
        if d.hint:
            say(console, f"    hint: {d.hint}")
