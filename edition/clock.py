"""The build's time, for every output: SOURCE_DATE_EPOCH when set (reproducible builds)."""

from __future__ import annotations

import datetime as dt
import os


def build_time() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else now; UTC, whole seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.replace(microsecond=0)
