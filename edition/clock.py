"""The build's time, for every output: SOURCE_DATE_EPOCH when set (reproducible builds)."""

from __future__ import annotations

import datetime as dt
import os

from .diagnostics import Diagnostic, EditionError, Loc


def build_time() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else now; UTC, whole seconds. A value that is not a
    time raises :class:`EditionError`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise EditionError([Diagnostic(
            Loc("SOURCE_DATE_EPOCH"), f"SOURCE_DATE_EPOCH={epoch!r} is not a time",
            "set it to a whole number of seconds since 1970-01-01 UTC (such as the output "
            "of git log -1 --format=%ct), or unset it")]) from None
