"""The LaTeX converter of the benchmarks (bench/reledmac.py): escaping and content."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("reledmac", ROOT / "bench" / "reledmac.py")
reledmac = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reledmac)

TRICKY = ('A\\B {x} $1 & #2 ^3 _4 %5 ~6 <7> |8 "9" a--b a---b \'\'q\'\' ``q`` ,,q ?` !` '
          "x\u00a0y")


def test_escape_leaves_no_special_character_bare():
    out = reledmac.escape(TRICKY)
    bare = re.sub(r"\\[A-Za-z]+\{\}|\\[{}$&#%_]|\{\}", "", out)  # commands, quoted, {}
    assert set(bare) & set("\\{}$&#^_%<>|\"'`") == set(), out
    assert bare.count("~") == 1 and "x~y" in out  # the no-break space
    assert "-{}-" in out and ",{}," in out  # no en dash or low quote ligature


def test_cyrillic_runs_switch_encoding():
    assert reledmac.escape("см. Печатается по архиву") == r"\cyr{см}. \cyr{Печатается по архиву}"


def test_sample_keeps_every_note_and_apparatus_entry(tmp_path):
    from edition.pipeline import load
    from edition.resolve import resolve

    res = resolve(load(ROOT / "source"))
    tex, written = reledmac.write_tex(ROOT / "source", tmp_path)
    entries = sum(len(v) for v in res.apparatus.values())
    assert written["apparatus"] + written["listed"] == entries
    text = tex.read_text(encoding="utf-8")
    assert text.count(r"\edtext{") == written["apparatus"] > 0
    assert text.count(r"\footnoteA[") == written["footnotes"]
    plain, counts = reledmac.write_tex(ROOT / "source", tmp_path / "plain", plain=True)
    assert counts["listed"] == entries and r"\edtext" not in plain.read_text(encoding="utf-8")


@pytest.mark.skipif(not shutil.which("pdflatex") or not shutil.which("pdftotext"),
                    reason="needs pdflatex and pdftotext")
def test_escaped_text_prints_as_it_is(tmp_path):
    body = reledmac.escape(TRICKY)
    page = reledmac.PREAMBLE % {**reledmac.PAGE, **reledmac.MARGINS, "indexes": "",
                                "package": "", "variant": ""}
    (tmp_path / "e.tex").write_text(page + "\\begin{document}\\pagestyle{empty}\\noindent " + body
                                    + "\n\\end{document}\n", encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "e.tex"],
                   cwd=tmp_path, check=True, capture_output=True)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "e.pdf", "-"], cwd=tmp_path,
                          check=True, capture_output=True, text=True).stdout
    assert "".join(text.split()) == "".join(TRICKY.split())
