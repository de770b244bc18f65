"""Writing the outputs of a build all together, or not at all.

Every file is first written to a temporary file beside its target; only when all of them
are written are they renamed over the previous outputs. A build that fails before that
leaves every previous output as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def commit(files: dict[Path, bytes]) -> None:
    """Write ``files`` (target -> bytes): all of them, or none if anything fails."""
    staged: list[tuple[str, Path]] = []
    mode = 0o666 & ~_umask()  # mkstemp makes files private; outputs are ordinary files
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(tmp, mode)
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
