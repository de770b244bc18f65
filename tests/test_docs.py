"""Every YAML example of docs/ is valid YAML; the guide's ``# file:`` blocks make an edition
that checks clean and builds; excerpts headed ``# source/...`` are in that file; the
troubleshooting guide lists every diagnostic code with an example of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from edition.diagnostics import CODES, code_of
from edition.pipeline import build, check

REPO = Path(__file__).resolve().parents[1]
DOCS = sorted((REPO / "docs").glob("*.md"))
BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.M | re.S)


def blocks(page: Path) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [(text[:m.start()].count("\n") + 1, m.group(1)) for m in BLOCK.finditer(text)]


ALL = [(page, line, block) for page in DOCS for line, block in blocks(page)]


@pytest.mark.parametrize(("page", "line", "block"), ALL,
                         ids=[f"{p.name}:{n}" for p, n, _ in ALL])
def test_every_yaml_example_is_valid_yaml(page, line, block):
    yaml.safe_load(block)


def _excerpt_lines(block: str) -> list[str]:
    """The lines of an excerpt as they must occur in its file (a closing ' …' or a
    leading '… ' marks text left out)."""
    out = []
    for raw in block.splitlines()[1:]:
        line = raw.strip().removeprefix("> ").removeprefix(">")
        pieces = [p.strip() for p in line.split("…") if p.strip()]
        out += pieces
    return out


EXCERPTS = [(p, n, b) for p, n, b in ALL if b.startswith("# source/")]


@pytest.mark.parametrize(("page", "line", "block"), EXCERPTS,
                         ids=[f"{p.name}:{n}" for p, n, _ in EXCERPTS])
def test_excerpts_are_taken_from_the_sample(page, line, block):
    path = REPO / block.splitlines()[0].removeprefix("# ").split()[0]
    text = path.read_text(encoding="utf-8")
    missing = [piece for piece in _excerpt_lines(block) if piece not in text]
    assert missing == [], f"{page.name}:{line} not in {path.name}"


def test_the_guide_edition_checks_clean_and_builds(tmp_path):
    files = [b for _, b in blocks(REPO / "docs" / "guide.md") if b.startswith("# file: ")]
    assert len(files) >= 5
    for block in files:
        name = block.splitlines()[0].removeprefix("# file: ").strip()
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(block, encoding="utf-8")
    edition, diags = check(tmp_path)
    assert [str(d) for d in diags.items] == []
    assert edition is not None
    outcome = build(edition, tmp_path / "out", ["epub"])
    assert outcome.written["epub"]


def test_troubleshooting_lists_every_code_with_an_example_of_it():
    guide = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    section = guide[guide.index("## 9. Troubleshooting"):]
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (.+?) \|", section, re.M))
    assert sorted(rows) == sorted([code for code, _ in CODES] + ["other"])
    for code, example in rows.items():
        if code == "other":
            continue
        messages = re.findall(r"(?:error|warning): ([^`]+)`", example)
        assert messages, code
        assert {code_of(m.rstrip(" …")) for m in messages} == {code}, (code, messages)
