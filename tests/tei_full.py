"""An edition that uses every construct of the model the TEI export maps: parts (a
part entered twice, one entered by no document), datelines printed and made, labels
with notes, attachments, several signatories, every editorial sign and inline node."""

from __future__ import annotations

FILES = {
    'documents/d1.yaml': """\
id: d1
number: "1"
part: sub1
title: The Secretary of State to the President[^t]
date: "1918-11-13T13:30"
place: Paris
dateline:
  text: "[Paris]{.sc}, November 13, 1918—1:30 p.m."
  received: "[Received November 13—9:10 p.m.]"
source_note: "763.72119/2590: Telegram"
labels: ["[Translation][^lab]", "[^only]"]
reference: No. 1785
opener: "[Sir]{.sc}:"
body: |
  First *paragraph* with **strong**, [underlined]{.u}, x[2]{.sup}, [Печатается]{lang=ru},
  [Moscow]{.noindex} and [the president]{person=p_WW1} in [the capital]{place=paris}.\\
  After a break, [a spot]{#spot} and []{#empty-spot}, see [note](#t), [](#spot),
  [the other](#d2), [its note](#d2/n2), [elsewhere](#ext-1).

  [Text]{.supplied r=mt} and [two]{.illegible extent="two words"} and
  []{.illegible extent="a line"},
  []{.gap}, [the rest is lost]{.gap reason="Torn page"}, [sic]{.sic r="two words"},
  []{.omission mark="..."} and [corr]{.corr orig="cor" reason="Torn page"}.

  1. one
  2. two

     > quoted in an item

  - [(a)]{.label} labelled
closer: Very sincerely yours,
signed:
  - {name: "[Robert Lansing]{.sc}", person: p_LR1, title: Secretary of State}
  - {name: "W[alter]{.supplied} L", supplied: true}
  - {name: "[E]{.supplied}. House"}
postscript: |
  A postscript.
attachments:
  - label: "[Enclosure 1]"
    title: The enclosure
    dateline: {text: "London, December 3, 1918"}
    opener: Dear sir,
    body: Enclosed text[^a1].
    closer: Yours,
    signed: House
    postscript: Its postscript.
  - body: A bare attachment.
source: Printed from the archive.
notes:
  t: {series: footnote, n: "1", text: A note in the head.}
  lab: {series: footnote, n: "2", text: File translation revised.}
  only: {series: footnote, n: "3", text: "A label that is a call alone, and [a target]{#in-note}."}
  a1:
    series: commentary
    text: |
      A note with two paragraphs.

      - and a list
""",
    'documents/d2.yaml': """\
id: d2
number: "2"
part: ch2
title: Second document
date: "[1918-12~]"
place: {name: Washington, supplied: true}
body: Text of the second[^n2].
notes:
  n2: {series: footnote, n: "*", text: "Back to [the first](#d1/spot)."}
""",
    'documents/d3.yaml': """\
id: d3
number: "3"
part: ch1
title: Back in chapter one
date: "undated"
dateline: {}
body: Undated.
""",
    'documents/d4.yaml': """\
id: d4
number: "4"
title: Outside every part
date: "1919-01?"
body: No part.
""",
    'edition.yaml': """\
title: A full test edition
subtitle: Every construct
series: Test series
editors:
  - {name: Ann Editor, role: editor}
  - Bob Compiler
publisher: Test Press
licence: CC0
identifier: test-1
language: en
description: |
  A description with *emphasis*.

  > A quoted description.
documents:
  - documents/*.yaml
external:
  - {id: ext-1, label: Doc. 1 elsewhere}
note_series:
  - {id: footnote, name: Footnotes, placement: page, marks: source}
  - {id: commentary, name: Notes, placement: document-end, marks: arabic}
apparatus:
  reasons:
    mt: Machine error
    "two words": A key with a space
parts:
  - {id: comp1, title: "Compilation one:"}
  - {id: ch1, parent: comp1, title: Chapter *one*, intro: "For the armistice, see elsewhere."}
  - {id: sub1, parent: ch1, title: A subchapter}
  - {id: ch2, parent: comp1, title: Chapter two}
  - {id: empty, title: A part nobody enters}
front_matter:
  - {id: principles, title: Principles, body: "See [the first document](#d1)."}
abbreviations:
  - {abbr: Tel., expansion: Telegram}
output:
  date_format: month-day-year
""",
    'persons.yaml': """\
- id: p_LR1
  name: Lansing, Robert
  dates: 1864–1928
  gloss: Secretary of State; see [Wilson]{person=p_WW1}.
- id: p_WW1
  name: Wilson, Woodrow
  forms: [Wilson]
""",
    'places.yaml': """\
- id: paris
  name: Paris
  gloss: Capital of France.
""",
}
