"""``edition new DIR``: a new edition folder that checks clean and builds at once.

It holds one example document with every common construct of the source format, the
authority files, a classroom handout and the JSON Schemas its files name in their first
line, so that an editor's YAML tooling validates them as they are typed.
"""

from __future__ import annotations

import json
from pathlib import Path

from .schemas import write_schemas

SCHEMA_DIR = ".schema"
DOCUMENT = "documents/1921-10-10-commissar-ambassador.yaml"


class ScaffoldError(Exception):
    """The folder cannot take a new edition."""


def new_edition(folder: Path, title: str) -> list[Path]:
    """Write a new edition into ``folder`` (absent or empty); the files written."""
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(f"{folder} is not empty; choose a new folder")
    files = {
        "edition.yaml": _schema_line("edition", 0) + EDITION.replace("@TITLE@",
                                                                     json.dumps(title)),
        DOCUMENT: _schema_line("document", 1) + DOCUMENT_YAML,
        "persons.yaml": _schema_line("persons", 0) + PERSONS,
        "places.yaml": _schema_line("places", 0) + PLACES,
        "handouts/example.yaml": _schema_line("handout", 1) + HANDOUT,
    }
    written = write_schemas(folder / SCHEMA_DIR)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _schema_line(kind: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{kind}.schema.json\n"


EDITION = """\
# The volume: its title page, the list of its documents, note series and apparatus.
# docs/source-format.md describes every field; docs/guide.md is the user guide.
title: @TITLE@
editors:
  - name: Your Name
    role: editor
language: en
licence: "Editorial matter: CC BY 4.0. The documents are historical texts."
documents:
  - documents/*.yaml          # file-name order: start file names with the date
persons: persons.yaml
places: places.yaml
note_series:
  - {id: footnote, name: Footnotes, placement: page, marks: symbols}
  - {id: commentary, name: Notes, placement: document-end, marks: arabic}
default_note_series: commentary
apparatus:
  reasons:                    # named in editorial spans with r=KEY
    caps: Capital letter of a proper name restored
    typo: Misprint of the source corrected
front_matter:
  - id: principles
    title: Editorial principles
    body: |
      The text follows the source. Corrections are recorded in the textual apparatus
      with the reading of the source; readings kept as they stand are marked *sic*;
      text supplied by the editors stands in square brackets.
"""

DOCUMENT_YAML = """\
# One document. Text fields are Markdown with editorial spans [text]{...}:
#   [August]{.corr orig="august" r=caps}   an emendation, with the source's reading
#   [no help or help]{.sic}                a reading kept as it stands
#   [to]{.supplied}                        text supplied by the editors
#   []{.gap}  []{.omission}                a gap in the source, an omission
#   [Ali Fuad]{person=ali-fuad}            a name (names in persons.yaml are also found)
#   text[^note-id]                         a note call; the note is under notes:
id: commissar-ambassador-1921-10-10
number: "1"
title: Note of the commissar for foreign affairs to the ambassador of Turkey
date: "1921-10-10"
dateline: "[Moscow]{place=moscow}, 10 October 1921"
reference: No. 11/5255
source_note: "Archive of foreign policy, fond 1, file 2: typed copy"
opener: Mr. Ambassador,
body: |
  The memorandum dated 4 [August]{.corr orig="august" r=caps} in Angora and signed by
  [the commissioner]{person=yusuf-kemal}, as well as your letter of 17 September, raises
  a number of questions of a very diverse nature.[^letter]

  We can declare that [no assistance or assistance]{.sic} was given [to]{.supplied}
  persons hostile to the present government of Turkey. If some agents of the government
  violate the principles of the treaty, []{.gap reason="The sentence breaks off in the source."}

  The agreement with the Caucasian republics is to be signed in Kars in the near
  future.[^kars] []{.omission} The friendship of our peoples rests on the Moscow treaty.
closer: Please accept, Mr. Ambassador, the assurance of my deepest respect.
signed:
  name: Chicherin
  supplied: true              # not signed in the copy: prints as [Chicherin]
  person: chicherin
source: Printed from the archive.
notes:
  letter:
    series: footnote          # at the foot of the page, marked *
    text: The letter of 17 September is not printed in this volume.
  kars:
    text: |
      The treaty of Kars was signed on 13 October 1921 by Turkey and the Caucasian
      republics.
"""

PERSONS = """\
# The index of names. 'forms' are found in the text by themselves.
- id: chicherin
  name: Chicherin, Georgy Vasilyevich
  dates: 1872–1936
  forms: [Chicherin]
  gloss: People’s Commissar for Foreign Affairs of the RSFSR, 1918–1930.
- id: yusuf-kemal
  name: Yusuf Kemal Bey
  sort: Yusuf Kemal
  forms: [Yusuf Kemal]
  gloss: Commissar for foreign affairs of the Ankara government in 1921.
"""

PLACES = """\
# The index of places.
- id: moscow
  name: Moscow
  forms: [Moscow]
- id: ankara
  name: Ankara
  forms: [Ankara, Angora]
  see_from: [Angora]
- id: kars
  name: Kars
  forms: [Kars]
"""

HANDOUT = """\
# A classroom handout (docs/handouts.md): edition build writes it with its
# teacher's version into build/handouts/.
id: example
title: A Soviet note to Turkey (1921)
course: Diplomacy between the wars
excerpts:
  - document: commissar-ambassador-1921-10-10
    paragraphs: [1, 2]
questions:
  - question: What does the commissar deny in the second paragraph?
    lines: 3
    answer: That the Russian government helped persons hostile to the government of Turkey.
"""
