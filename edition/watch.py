"""``edition watch``: rebuild an edition whenever one of its files changes.

A build that fails prints its errors and changes nothing: the outputs and the preview stay
those of the last good build (``pipeline.build`` writes all files or none). The loop only
ends when asked to (Ctrl-C, or the ``stop`` event of :meth:`Watcher.run`).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import watchfiles
from rich.console import Console

from . import pipeline
from .console import diagnostics, say
from .diagnostics import Diagnostic, EditionError
from .preview import Pages
from .readers import DocumentCache


class Watcher:
    """Builds ``outputs`` of ``source`` into ``out``; the EPUB's pages go to ``pages``."""

    def __init__(self, source: Path, out: Path, outputs: list[str], console: Console, *,
                 jobs: int = 1, quiet: bool = False, verbose: bool = False):
        self.source, self.out, self.outputs = source, out, outputs
        self.console, self.jobs, self.quiet, self.verbose = console, jobs, quiet, verbose
        self.pages = Pages()
        self.warned: set[Diagnostic] = set()
        self.documents: DocumentCache = {}  # unchanged files are not read again

    def build(self) -> bool:
        """One build; True when it succeeded."""
        start = time.monotonic()
        edition, diags = pipeline.check(self.source, self.documents)
        if diags.errors or edition is None:
            diagnostics(self.console, diags.errors)
            say(self.console, f"{len(diags.errors)} error(s): outputs and preview unchanged",
                "red")
            return False
        try:
            outcome = pipeline.build(edition, self.out, self.outputs, self.jobs)
        except EditionError as exc:
            diagnostics(self.console, exc.diagnostics)
            say(self.console, "build failed: outputs and preview unchanged", "red")
            return False
        except Exception as exc:  # a bug or a full disk must not end the session
            say(self.console, f"build failed ({type(exc).__name__}: {exc}); outputs and "
                "preview unchanged", "red")
            return False
        new = [d for d in diags.warnings + outcome.warnings if d not in self.warned]
        self.warned |= set(new)
        if new and not self.quiet:
            diagnostics(self.console, new)
        if "epub" in outcome.written:
            self.pages.load(outcome.written["epub"][0])
        if not self.quiet:
            say(self.console, f"build {self.pages.build}: {len(edition.documents)} "
                f"document(s) in {time.monotonic() - start:.1f} s", "green")
        return True

    def run(self, stop: threading.Event | None = None) -> None:
        """Build now, then after every change until ``stop`` is set."""
        self.build()
        out = self.out.resolve()
        for changes in watchfiles.watch(self.source, stop_event=stop, watch_filter=_Sources(out),
                                        debounce=200, step=50, raise_interrupt=False):
            if self.verbose:
                for _, path in sorted(changes, key=lambda c: c[1]):
                    say(self.console, f"changed: {path}")
            self.build()


class _Sources(watchfiles.DefaultFilter):
    """The edition's files, not the outputs when they are written inside it."""

    def __init__(self, out: Path):
        super().__init__()
        self.out = str(out)

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        inside_out = path == self.out or path.startswith(self.out + os.sep)
        return not inside_out and super().__call__(change, path)
