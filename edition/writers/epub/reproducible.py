"""Byte-identical EPUBs: rewrite the zip EbookLib made with fixed entry metadata.

``zipfile`` stamps every entry with the local time of the build and with the host's file
system and permissions. The entries are copied in their order, with the build time
(from SOURCE_DATE_EPOCH) as their timestamp, regular-file permissions, no extra fields,
``mimetype`` first and stored uncompressed as OCF requires, everything else deflated.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

MIMETYPE = b"application/epub+zip"
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a zip can record


def zip_time(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    when = max(when.astimezone(dt.UTC), ZIP_EPOCH)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


def normalise(data: bytes, when: dt.datetime) -> bytes:
    """The same EPUB with every entry stamped ``when`` and platform details removed."""
    stamp = zip_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        if names[:1] != ["mimetype"] or src.read("mimetype") != MIMETYPE:
            raise ValueError("an EPUB must begin with its uncompressed mimetype entry")
        for name in names:
            info = zipfile.ZipInfo(name, stamp)
            info.create_system = 3  # Unix, whatever the host
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                dst.writestr(info, src.read(name))
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, src.read(name), compresslevel=9)
    return out.getvalue()
