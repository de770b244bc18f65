"""Generate realistic synthetic editions as ordinary source folders (for tests and bench/).

Deterministic from a seed. Documents look like diplomatic papers: a dateline, a
salutation, paragraphs of varied length naming persons and places from the authority
files, page-foot notes (about one a page), commentary notes, block quotes, an
occasional long note, and now and then an emendation or an omission. ``extra_footnotes``
makes a denser volume: that many more short page-foot notes in every paragraph, drawn
from a random stream of their own, so that the rest of the text is the same as without.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

WORDS = tuple(
    "the government of the republic has the honour to inform embassy that question "
    "negotiations treaty frontier delegation conference memorandum minister commission "
    "agreement recognition situation proposal representative opinion reply interests "
    "relations between both parties assistance military economic political request "
    "declaration concerning matter further view present moment considers necessary "
    "to which in of and a as for with on by this that its their it is was were will "
    "be would could should may might must not only also however therefore moreover "
    "nevertheless accordingly regard respect effect measure policy troops railway "
    "concession loan gold arms supply frontier population refugees repatriation".split()
)
SYLLABLES = tuple("ka ro mi ta ne vo li sa de ru ba ko ze ma ni po la vi dor ian esk ov in".split())
PLACES = tuple("Ankara Moscow Kars Tiflis Baku Erzurum Batum Odessa Sofia Bucharest Athens "
               "Smyrna Trebizond Kiev Warsaw Paris London Rome Berlin Vienna Teheran "
               "Kabul".split())

SENTENCE_END = re.compile(r"\.(?:\[\^[^\]]+\])*(?= |$)")  # a full stop and its note calls


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word()} {word()}"


def _sentence(rng: random.Random, names: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 28))]
    if names and rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), rng.choice(names))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _paragraph(rng: random.Random, names: list[str], sentences: tuple[int, int]) -> str:
    return " ".join(_sentence(rng, names) for _ in range(rng.randint(*sentences)))


def _add_footnotes(rng: random.Random, names: list[str], text: str, count: int,
                   prefix: str, notes: dict[str, dict]) -> str:
    """``text`` with ``count`` more page-foot note calls at its sentence ends (after the
    full stop and any calls already there; one per sentence while there are enough
    sentences), their notes added to ``notes``."""
    ends = [match.end() for match in SENTENCE_END.finditer(text)]
    spots = sorted(rng.sample(ends, min(count, len(ends)))
                   + [rng.choice(ends) for _ in range(count - len(ends))])
    calls: dict[int, str] = {}
    for i, spot in enumerate(spots):
        note_id = f"{prefix}{i}"
        calls[spot] = calls.get(spot, "") + f"[^{note_id}]"
        notes[note_id] = {"series": "footnote", "text": _paragraph(rng, names, (1, 2))}
    for spot in sorted(calls, reverse=True):
        text = text[:spot] + calls[spot] + text[spot:]
    return text


def generate(target: Path, documents: int, seed: int = 1, long_note_every: int = 0,
             extra_footnotes: int = 0) -> Path:
    """Write an edition of ``documents`` documents into ``target``; return the folder.

    ``extra_footnotes``: that many more short page-foot notes in each body paragraph (not
    in block quotes), from their own random stream: at 0 the output does not change.
    """
    rng = random.Random(seed)
    dense = random.Random(f"{seed}-dense") if extra_footnotes else None
    docs_dir = target / "documents"
    docs_dir.mkdir(parents=True, exist_ok=True)
    persons = sorted({_name(rng) for _ in range(max(20, documents // 2))})
    person_entries = [{"id": f"p{i}", "name": ", ".join(reversed(n.split())),
                       "forms": [n], "gloss": "A diplomat."} for i, n in enumerate(persons)]
    place_entries = [{"id": p.lower(), "name": p, "forms": [p]} for p in PLACES]
    names = persons + list(PLACES)
    edition = {
        "title": f"Synthetic Diplomatic Papers ({documents} documents)",
        "editors": [{"name": "Generator", "role": "editor"}],
        "licence": "CC0", "documents": ["documents/*.yaml"],
        "external": [{"id": "ext-1", "label": "Doc. No. 1 of another volume"}],
        "note_series": [
            {"id": "footnote", "name": "Footnotes", "placement": "page", "marks": "symbols"},
            {"id": "commentary", "name": "Notes", "placement": "document-end",
             "marks": "arabic"},
        ],
        "apparatus": {"reasons": {"mt": "Error of the source text corrected."}},
        "front_matter": [{"id": "principles", "title": "Editorial principles",
                          "body": "Generated text for tests and benchmarks."}],
    }
    (target / "edition.yaml").write_text(yaml.safe_dump(edition, sort_keys=False), "utf-8")
    (target / "persons.yaml").write_text(yaml.safe_dump(person_entries, sort_keys=False),
                                         "utf-8")
    (target / "places.yaml").write_text(yaml.safe_dump(place_entries, sort_keys=False), "utf-8")
    for n in range(1, documents + 1):
        paragraphs, notes = [], {}
        for p in range(rng.choice((2, 3, 4, 5, 6, 8, 10))):
            text = _paragraph(rng, names, (2, 7))
            long_note = bool(long_note_every) and n % long_note_every == 0 and p == 0
            if long_note or rng.random() < 0.35:
                note_id = f"f{p}"
                text += f"[^{note_id}]"
                body = _paragraph(rng, names, (1, 3))
                if long_note:  # about three pages
                    body = "\n\n".join(_paragraph(rng, names, (12, 16)) for _ in range(9))
                notes[note_id] = {"series": "footnote", "text": body}
            if rng.random() < 0.2:
                note_id = f"c{p}"
                text = text.replace(".", f".[^{note_id}]", 1)
                notes[note_id] = {"text": _paragraph(rng, names, (2, 5))
                                  + "\n\n> " + _sentence(rng, names)}
            if rng.random() < 0.1:
                text += " [The text]{.corr orig=\"Teh text\" r=mt} continues []{.omission}."
            if rng.random() < 0.1:
                text += " See [another volume](#ext-1)."
            if dense:
                text = _add_footnotes(dense, names, text, extra_footnotes, f"x{p}-", notes)
            paragraphs.append(text)
            if rng.random() < 0.1:
                paragraphs.append("> " + _paragraph(rng, names, (2, 4)))
        doc = {
            "id": f"d{n:04d}", "number": str(n),
            "title": f"The {rng.choice(WORDS)} delegation to {rng.choice(PLACES)}",
            "date": f"19{rng.randint(19, 41)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "place": rng.choice(PLACES), "reference": f"No. {rng.randint(1, 999)}",
            "opener": "Mr. Ambassador,", "body": "\n\n".join(paragraphs),
            "closer": "Accept the assurance of my highest consideration.",
            "signed": {"name": rng.choice(persons)}, "source": "Printed from the archive.",
            "notes": notes,
        }
        (docs_dir / f"d{n:04d}.yaml").write_text(
            yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000), "utf-8")
    return target
