"""Names in the text: the forms of the authority files found in plain text, and every
mention (found or marked by the editors) numbered with its anchor."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import anchors
from .. import model as m
from ..visit import Visitor, walk_blocks


@dataclass(slots=True)
class Occurrence:
    """One mention of a person or place, with the anchor that marks it in every output."""

    kind: str
    key: str
    doc_id: str
    anchor: str
    note_id: str | None = None  # set when the mention is inside a note

    @property
    def in_note(self) -> bool:
        return self.note_id is not None


def _norm(text: str) -> str:
    return text.replace("\u00a0", " ")


class MentionFinder:
    """Finds the forms of the authority files in plain text (longest form first)."""

    def __init__(self, edition: m.Edition):
        self.forms: dict[str, tuple[str, str]] = {}
        for kind, table in (("person", edition.persons), ("place", edition.places)):
            for auth in table.values():
                for form in auth.forms:
                    self.forms.setdefault(_norm(form), (kind, auth.id))
        parts = sorted(self.forms, key=len, reverse=True)
        body = "|".join(re.escape(f).replace(r"\ ", "[ \u00a0]") for f in parts)
        self.pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if parts else None

    def split(self, text: str) -> list[m.Inline]:
        if self.pattern is None:
            return [m.Text(text)]
        out: list[m.Inline] = []
        pos = 0
        for match in self.pattern.finditer(text):
            kind, key = self.forms[_norm(match.group())]
            if match.start() > pos:
                out.append(m.Text(text[pos : match.start()]))
            out.append(m.Mention([m.Text(match.group())], kind=kind, target=key))
            pos = match.end()
        if pos < len(text):
            out.append(m.Text(text[pos:]))
        return out


class Detector(Visitor[list[m.Inline]]):
    """Replaces text nodes by text and mentions; names the editors marked, text they
    excluded ({.noindex}) and cross-references are left alone. Changes the nodes."""

    def __init__(self, finder: MentionFinder):
        self.finder = finder

    def join(self, parts: list[list[m.Inline]]) -> list[m.Inline]:
        return [node for part in parts for node in part]

    def paragraph(self, node: m.Paragraph) -> list[m.Inline]:
        node.children = self.inlines(node.children)
        return []

    def text(self, node: m.Text) -> list[m.Inline]:
        return self.finder.split(node.text)

    def line_break(self, node: m.LineBreak) -> list[m.Inline]:
        return [node]

    note_ref = line_break

    def container(self, node: m.Container) -> list[m.Inline]:
        if not isinstance(node, m.Mention | m.NoIndex | m.CrossRef):
            node.children = self.inlines(node.children)
        return [node]



def collect(blocks: list[m.Block], doc: m.Document, counter: list[int],
            note_id: str | None) -> list[Occurrence]:
    """Number the mentions inside ``blocks``: ``counter`` runs through the document."""
    out = []
    for node in walk_blocks(blocks):
        if isinstance(node, m.Mention):
            counter[0] += 1
            node.anchor = anchors.mention(doc.id, counter[0])
            out.append(Occurrence(node.kind, node.target, doc.id, node.anchor, note_id))
    return out
