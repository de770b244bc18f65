"""The synthetic generator's density option adds page-foot notes and changes nothing else."""

from __future__ import annotations

import re

import yaml

from edition.pipeline import load
from edition.synthetic import generate

EXTRA_CALL = re.compile(r"\[\^x\d+-\d+\]")


def test_dense_edition_is_the_sparse_one_plus_short_footnotes(tmp_path):
    sparse = generate(tmp_path / "sparse", 12, seed=3, long_note_every=5)
    dense = generate(tmp_path / "dense", 12, seed=3, long_note_every=5, extra_footnotes=3)
    for name in ("edition.yaml", "persons.yaml", "places.yaml"):
        assert (sparse / name).read_bytes() == (dense / name).read_bytes()
    for path in sorted((sparse / "documents").glob("*.yaml")):
        before = yaml.safe_load(path.read_text(encoding="utf-8"))
        after = yaml.safe_load((dense / "documents" / path.name).read_text(encoding="utf-8"))
        extra = {k: v for k, v in after["notes"].items() if k not in before["notes"]}
        paragraphs = [p for p in before["body"].split("\n\n") if not p.startswith(">")]
        assert len(extra) == 3 * len(paragraphs)
        assert all(v["series"] == "footnote" and v["text"].endswith(".")
                   for v in extra.values())
        assert {k: after["notes"][k] for k in before["notes"]} == before["notes"]
        assert EXTRA_CALL.sub("", after["body"]) == before["body"]
        for call in EXTRA_CALL.finditer(after["body"]):
            preceding = after["body"][:call.start()]
            assert re.search(r"\.(\[\^[^\]]+\])*$", preceding), preceding[-30:]
    edition = load(dense)  # ids valid and unique, every note called once
    assert sum(len(d.notes) for d in edition.documents) > 3 * 12 * 2
