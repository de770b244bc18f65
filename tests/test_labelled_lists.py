"""A list whose items open with the source's own labels ('(a)', 'b.') prints those labels
as its markers, with no bullet beside them, in the PDF and the EPUB."""

from __future__ import annotations

import zipfile

from edition.cli import main

from .conftest import doc_yaml, write_edition
from .pdfcheck import BuiltPdf

BODY = """\
Before the list.

- [(a)]{.label} The first point.
- [(b)]{.label} The second point.

* A bullet.
* Another bullet.
"""


def test_labels_replace_bullets(tmp_path):
    src = write_edition(tmp_path / "src", documents={"d1.yaml": doc_yaml(BODY)})
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "--only", "pdf,epub", "-q"]) == 0
    text = "\n".join(BuiltPdf(next(out.glob("*.pdf"))).texts)
    assert "(a) The first point." in text and "(b) The second point." in text
    assert text.count("•") == 2  # the two plain bullets only
    with zipfile.ZipFile(next(out.glob("*.epub"))) as book:
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert xhtml.count('class="labelled"') == 1
