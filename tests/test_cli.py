"""``edition check``: exit status and what it prints, as a user sees it in a terminal."""

from __future__ import annotations

import re
import subprocess
import sys

from edition.cli import main

from .conftest import doc_yaml

LOC = re.compile(r"^(\S+):(\d+):(\d+): (error|warning): (.*)$", re.M)


def run_cli(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edition.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_check_fails_and_prints_every_error_located(make, tmp_path):
    make(documents={
        "a.yaml": doc_yaml("Met [him]{person=nobody} in [x](#nowhere).", id="a"),
        "b.yaml": doc_yaml(id="b", date="1921-13"),
    })
    proc = run_cli("check", "ed", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = {(f, int(line), int(col), sev, msg) for f, line, col, sev, msg
             in LOC.findall(proc.stdout)}
    assert found == {
        ("ed/documents/a.yaml", 6, 13, "error", "unknown person id 'nobody'"),
        ("ed/documents/a.yaml", 6, 34, "error", "cross-reference to unknown id 'nowhere'"),
        ("ed/documents/b.yaml", 4, 7, "error",
         "field 'date': '1921-13' is not a real date (month must be in 1..12)"),
    }
    assert "3 error(s)" in proc.stdout
    assert "    hint: add it to persons.yaml" in proc.stdout


def test_check_ok_prints_warnings_apart_from_errors(make, tmp_path):
    make(documents={"d1.yaml": doc_yaml("Russiaʹs interests[^a].", notes="a: A note.\n")})
    proc = run_cli("check", "ed", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "1 warning(s)"
    assert re.fullmatch(r"ed/documents/d1\.yaml:6:9: warning: character U\+02B9 MODIFIER "
                        r"LETTER PRIME \(1× in this file\): .*", lines[1])
    assert "error" not in proc.stdout
    assert lines[-1] == ("ok: 1 document(s), 1 note(s), 0 apparatus entries, "
                         "0 name mentions")


def test_check_quiet_hides_warnings(make, capsys):
    root = make(documents={"d1.yaml": doc_yaml("Russiaʹs interests.")})
    assert main(["check", "--quiet", str(root)]) == 0
    out = capsys.readouterr().out
    assert "warning" not in out
    assert out.startswith("ok: 1 document(s)")


def test_check_with_warnings_and_errors_prints_both_groups(make, capsys):
    root = make(documents={"d1.yaml": doc_yaml("Russiaʹs [x]{.foo}.")})
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    warn_at, err_at = out.index("1 warning(s)"), out.index("1 error(s)")
    assert warn_at < out.index(": warning: character U+02B9") < err_at
    assert err_at < out.index(": error: unknown span {.foo}")


def test_check_missing_folder(tmp_path, capsys):
    assert main(["check", str(tmp_path / "absent")]) == 1
    out = capsys.readouterr().out
    assert "edition.yaml: error: file not found" in out


def test_build_refuses_an_edition_with_errors(make, tmp_path, capsys):
    root = make(documents={"d1.yaml": doc_yaml("See [x](#nowhere).")})
    out_dir = tmp_path / "out"
    assert main(["build", str(root), "-o", str(out_dir), "--only", "epub"]) == 1
    out = capsys.readouterr().out
    assert "cross-reference to unknown id 'nowhere'" in out
    assert "build failed; previous outputs are untouched" in out
    assert not out_dir.exists()
