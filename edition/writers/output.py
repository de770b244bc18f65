"""Writing the outputs of a build all together, or not at all.

Every file is first written to a temporary file beside its target; only when all of them
are written are they renamed over the previous outputs, with Ctrl-C and SIGTERM held
until the last rename. A build that fails before that leaves every previous output as it
was.
"""

from __future__ import annotations

import errno
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..diagnostics import Diagnostic, EditionError, Loc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C or SIGTERM during the renames takes effect after the last one (main thread
    only: elsewhere Python delivers no signals anyway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda n, _: caught.append(n))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            signal.raise_signal(caught[0])


def commit(files: dict[Path, bytes]) -> None:
    """Write ``files`` (target -> bytes): all of them, or none if anything fails; raises
    :class:`EditionError` at the file that cannot be written (a folder in its place, no
    permission, a full disk)."""
    staged: list[tuple[str, Path]] = []
    mode = 0o666 & ~_umask()  # mkstemp makes files private; outputs are ordinary files
    target = None
    try:
        for target, data in files.items():
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, "a folder is in the way")
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(tmp, mode)
        with _signals_deferred():
            for tmp, target in staged:
                os.replace(tmp, target)
    except OSError as exc:
        raise EditionError([Diagnostic(
            Loc(str(target or "output")), f"cannot write the outputs: {exc.strerror or exc}",
            "choose an output folder (-o) or file that you may write to")]) from None
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
