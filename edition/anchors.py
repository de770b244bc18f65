"""Every id that ties the outputs together: the one place where ids are spelled.

The PDF's named destinations, the page map and layout facts, the EPUB's fragment ids and
the links between them all use these names. No other module formats an id.
"""

from __future__ import annotations

# -- documents and their parts ---------------------------------------------------------


def document(doc_id: str) -> str:
    return f"doc-{doc_id}"


def heading(doc_id: str) -> str:
    return f"heading-{doc_id}"


def title(doc_id: str) -> str:
    """The document's title; also the block of the page map where the document begins."""
    return f"title-{doc_id}"


def opener(doc_id: str) -> str:
    return f"opener-{doc_id}"


def closer(doc_id: str) -> str:
    return f"closer-{doc_id}"


def source(doc_id: str) -> str:
    return f"source-{doc_id}"


def source_note(doc_id: str) -> str:
    """A document's source note (FRUS: at the foot of its first page, unnumbered)."""
    return f"srcnote-{doc_id}"


def signature(doc_id: str, n: int = 0) -> str:
    """The ``n``-th signature of a document (0: the first; those of attachments follow)."""
    return f"sig-{doc_id}" if n == 0 else f"sig-{doc_id}-{n}"


def body_block(doc_id: str, n: int) -> str:
    """The ``n``-th (1-based) top-level block of a document's body."""
    return f"b-{doc_id}-{n}"


def part_line(doc_id: str, key: str) -> str:
    """A one-paragraph part of a document other than title, opener, closer and source:
    an attachment's title ('a1-title'), its opener…"""
    return f"{key}-{doc_id}"


def part_block(doc_id: str, key: str, n: int) -> str:
    """The ``n``-th block of a postscript or an attachment's body ('a1-body')."""
    return f"p-{doc_id}-{key}-{n}"


def attachment(doc_id: str, k: int) -> str:
    """The ``k``-th (1-based) attachment of a document."""
    return f"att-{doc_id}-{k}"


def part_heading(part_id: str) -> str:
    """The heading of a part of the volume."""
    return f"part-{part_id}"


def heading_line(doc_id: str, key: str) -> str:
    """A line of a document's or an attachment's heading that a print page can begin
    with: a label ('label-1'), the dateline ('dateline'), the line of receipt
    ('received'); an attachment's ('a1-label', 'a1-dateline', 'a1-received')."""
    return f"hl-{doc_id}-{key}"


def note_block(doc_id: str, note_id: str, n: int) -> str:
    """The ``n``-th (1-based) top-level block of a note."""
    return f"b-{doc_id}-{note_id}-{n}"


def part_opening(doc_id: str, part_id: str) -> str:
    """The heading of a part as printed before the document that opens it, as a line a
    print page can begin with (a part entered twice is printed, and named, twice)."""
    return f"ph-{doc_id}-{part_id}"


def opens_document(block: str) -> bool:
    """Whether a page that begins in this page-map block opens a document: at its title,
    or at the heading of a part printed before it."""
    return block.startswith(("title-", "ph-"))


# -- notes, names, apparatus -----------------------------------------------------------


def call(doc_id: str, note_id: str) -> str:
    return f"call-{doc_id}-{note_id}"


def note(doc_id: str, note_id: str) -> str:
    return f"note-{doc_id}-{note_id}"


def note_piece(doc_id: str, note_id: str, k: int) -> str:
    """The ``k``-th piece (k ≥ 1) of a long page-foot note continued on later pages
    (print only; ``~`` is in no source id)."""
    return f"{note(doc_id, note_id)}~{k}"


def note_pointer(doc_id: str, note_id: str) -> str:
    """The one-line pointer left on the call's page by a note moved to the document's end."""
    return f"{note(doc_id, note_id)}-pointer"


def notes_section(series_id: str, doc_id: str) -> str:
    return f"notes-{series_id}-{doc_id}"


def apparatus_section(doc_id: str) -> str:
    return f"apparatus-{doc_id}"


def mention(doc_id: str, n: int) -> str:
    """The ``n``-th (1-based) mention of a name in a document (text, then notes)."""
    return f"m-{doc_id}-{n}"


def target(doc_id: str, name: str) -> str:
    """A place in a document's text that cross-references name (``{#name}``)."""
    return f"t-{doc_id}-{name}"


def apparatus_entry(doc_id: str, n: int) -> str:
    """The ``n``-th (1-based) lemma of a document's apparatus."""
    return f"app-{doc_id}-{n}"


def apparatus_item(anchor: str) -> str:
    """The apparatus entry of the lemma ``anchor`` (where the text links to)."""
    return f"{anchor}-entry"


def apparatus_line(anchor: str) -> str:
    """The box in an apparatus entry where its line number is set."""
    return f"{anchor}-line"


# -- front and back matter -------------------------------------------------------------

CONTENTS = "contents"
ABBREVIATIONS = "abbreviations"
PERSONS = "persons"
BOOK_TITLE = "title"


def front_section(section_id: str) -> str:
    return f"front-{section_id}"


def person_entry(person_id: str) -> str:
    """A person in the front matter's list of persons."""
    return f"person-{person_id}"


def index(key: str) -> str:
    """An index as a whole ('persons', 'places')."""
    return f"index-{key}"


def index_entry(kind: str, authority_id: str) -> str:
    """The main entry of a person or place in its index."""
    return f"idx-{kind}-{authority_id}"


def page(label: str) -> str:
    """The EPUB's marker of a print page (an XML name)."""
    return "page-" + "".join(c if c.isascii() and (c.isalnum() or c in "_.-") else "_"
                             for c in label)
