"""``edition check --strict`` and ``--format json``, and the stable codes of diagnostics."""

from __future__ import annotations

import json
import re
from pathlib import Path

from edition.cli import main
from edition.diagnostics import CODES, Diagnostic, Loc, code_of

from .conftest import doc_yaml

REPO = Path(__file__).resolve().parents[1]


def test_strict_turns_warnings_into_errors(make, capsys):
    root = make(documents={"d1.yaml": doc_yaml("Russiaʹs interests.")})
    assert main(["check", str(root)]) == 0
    assert main(["check", "--strict", str(root)]) == 1
    out = capsys.readouterr().out
    assert "1 error(s)" in out
    assert ": error: character U+02B9 MODIFIER LETTER PRIME" in out


def test_json_lines_carry_every_field(make, capsys):
    root = make(documents={"d1.yaml": doc_yaml("Russiaʹs [x]{.foo} [^nope].")})
    assert main(["check", "--format", "json", str(root)]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["severity"], r["code"]) for r in rows] == [
        ("warning", "suspicious-character"), ("error", "unknown-span"),
        ("error", "unknown-note")]
    first = rows[1]
    assert set(first) == {"file", "line", "column", "severity", "code", "message", "hint"}
    assert first["file"] == "ed/documents/d1.yaml" and first["line"] == 6
    assert first["message"] == "unknown span {.foo}"


def test_json_with_strict_and_a_clean_edition(make, capsys):
    root = make(documents={"d1.yaml": doc_yaml("Plain text.")})
    assert main(["check", "--strict", "--format", "json", str(root)]) == 0
    assert capsys.readouterr().out == ""


def test_every_documented_message_has_a_code():
    text = (REPO / "docs" / "source-format.md").read_text(encoding="utf-8")
    messages = [m for m in re.findall(r"`[^`]*?: (?:error|warning): ([^`]+)`", text)
                if m != "MESSAGE\n    hint: WHAT TO DO\n"]
    assert len(messages) > 40
    assert [m for m in messages if code_of(m) == "other"] == []


def test_codes_are_unique_and_explicit_codes_win():
    names = [code for code, _ in CODES]
    assert len(names) == len(set(names))
    assert Diagnostic(Loc("x"), "unknown note id 'a'").code == "unknown-note"
    assert Diagnostic(Loc("x"), "anything", code="mine").code == "mine"


def test_verbose_says_more_and_quiet_says_less(make, capsys):
    root = make(documents={"d1.yaml": doc_yaml("Russiaʹs interests.")})
    assert main(["check", "-v", str(root)]) == 0
    assert "read and checked in" in capsys.readouterr().out
    assert main(["new", "-q", str(root.parent / "fresh")]) == 0
    assert capsys.readouterr().out == ""
    assert main(["new", "-v", str(root.parent / "fresh2")]) == 0
    assert "edition.schema.json" in capsys.readouterr().out
