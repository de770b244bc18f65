"""The package's shape: stages import only earlier stages, ids have one owner, editions can
override templates and styles, and a non-editable install builds the sample."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from edition.diagnostics import EditionError
from edition.pipeline import build, load

from .conftest import doc_yaml, write_edition
from .pdfcheck import BuiltPdf

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "edition"

# what each part of the package may import, besides the model and the helpers below
BASE = {"edition.model", "edition.dates", "edition.diagnostics", "edition.anchors",
        "edition.visit", "edition.paths", "edition.clock"}
ALLOWED = {
    "edition.readers": BASE,
    "edition.check": BASE,
    "edition.resolve": BASE,
    "edition.present": BASE | {"edition.resolve", "edition.layout.facts"},
    "edition.assets": BASE,
    "edition.layout": BASE | {"edition.assets"},
    "edition.writers": BASE | {"edition.resolve", "edition.present", "edition.layout",
                               "edition.assets", "edition.writers"},
}


def _module(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The edition modules ``path`` imports (relative imports made absolute)."""
    here = _module(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("edition")}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if name.startswith("edition"):
                out |= {f"{name}.{a.name}" for a in node.names} if not node.module else {name}
    return out


def _stage(module: str) -> str | None:
    return next((s for s in sorted(ALLOWED, key=len, reverse=True)
                 if module == s or module.startswith(s + ".")), None)


def test_every_stage_imports_only_earlier_stages():
    problems = []
    for path in PACKAGE.rglob("*.py"):
        mine = _stage(_module(path))
        if mine is None:
            continue
        for name in _imports(path):
            theirs = _stage(name)
            allowed = ALLOWED[mine] | {mine}
            if theirs is not None and theirs not in allowed and not any(
                    name == b or name.startswith(b + ".") for b in allowed):
                problems.append(f"{_module(path)} imports {name}")
    assert not problems, "\n".join(sorted(problems))


def test_writers_never_import_each_other():
    for writer in ("pdf", "epub"):
        others = {f"edition.writers.{w}" for w in ("pdf", "epub", "handouts") if w != writer}
        for path in (PACKAGE / "writers" / writer).rglob("*.py"):
            bad = [n for n in _imports(path) if any(n.startswith(o) for o in others)]
            assert not bad, f"{path.name} imports {bad}"


def test_only_the_adapter_touches_weasyprint_internals():
    """weasy.py, and the measure of the footnote area it installs into WeasyPrint."""
    users = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                   if re.search(r"_page_box|formatting_structure", p.read_text(encoding="utf-8")))
    assert users == ["layout/footnote_area.py", "layout/weasy.py"]


def test_ids_are_spelled_in_anchors_only():
    """No module or template but anchors.py writes the prefix of a shared id."""
    shared = r"(?:doc|call|note|title|opener|closer|source|sig|idx|index|front|person|app)-"
    pattern = re.compile(rf"""f?["']#?{shared}\{{|id="{shared}\{{\{{""")
    hits = []
    for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.html"), *PACKAGE.rglob("*.xhtml")]:
        if path.name == "anchors.py":
            continue
        hits += [f"{path.name}: {m.group()}" for m in pattern.finditer(path.read_text())]
    assert not hits, hits


# -- overrides -------------------------------------------------------------------------


def test_an_edition_template_and_stylesheet_take_precedence(tmp_path):
    src = write_edition(tmp_path / "src", documents={"d1.yaml": doc_yaml("Plain words.")})
    own = src / "templates" / "print"
    own.mkdir(parents=True)
    original = (PACKAGE / "templates" / "print" / "document.html").read_text()
    (own / "document.html").write_text(original.replace(
        '<div class="body"', '<p class="stamp">Proof copy</p><div class="body"'))
    (src / "templates" / "epub").mkdir()
    epub_original = (PACKAGE / "templates" / "epub" / "document.xhtml").read_text()
    (src / "templates" / "epub" / "document.xhtml").write_text(epub_original.replace(
        '<div class="body"', '<p class="stamp">Proof copy</p><div class="body"'))
    (src / "styles").mkdir()
    css = (PACKAGE / "assets" / "epub.css").read_text()
    (src / "styles" / "epub.css").write_text(css + "\n.stamp { color: gray; }\n")
    out = tmp_path / "out"
    build(load(src), out)
    pdf = BuiltPdf(next(out.glob("*.pdf")))
    assert any("Proof copy" in t for t in pdf.texts)
    import zipfile
    with zipfile.ZipFile(next(out.glob("*.epub"))) as z:
        assert '<p class="stamp">Proof copy</p>' in z.read("EPUB/doc-d1.xhtml").decode()
        assert ".stamp { color: gray; }" in z.read("EPUB/css/epub.css").decode()


def test_an_override_linked_outside_the_edition_is_refused(tmp_path):
    src = write_edition(tmp_path / "src")
    outside = tmp_path / "elsewhere.html"
    outside.write_text("{{ ed.title }} leaked")
    (src / "templates" / "print").mkdir(parents=True)
    (src / "templates" / "print" / "document.html").symlink_to(outside)
    with pytest.raises(EditionError) as err:
        build(load(src), tmp_path / "out", ["pdf"])
    assert "leads outside the edition folder" in str(err.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.pdf"))


def test_a_broken_override_is_a_located_error(tmp_path):
    src = write_edition(tmp_path / "src")
    (src / "templates" / "epub").mkdir(parents=True)
    (src / "templates" / "epub" / "document.xhtml").write_text("line one\n{% if %}\n")
    with pytest.raises(EditionError) as err:
        build(load(src), tmp_path / "out", ["epub"])
    [diag] = err.value.diagnostics
    assert diag.loc.file.endswith("templates/epub/document.xhtml") and diag.loc.line == 2


def test_an_override_cannot_reach_python_internals(tmp_path):
    src = write_edition(tmp_path / "src")
    (src / "templates" / "epub").mkdir(parents=True)
    (src / "templates" / "epub" / "document.xhtml").write_text(
        "{{ ed.__class__.__init__.__globals__ }}")
    with pytest.raises(EditionError) as err:
        build(load(src), tmp_path / "out", ["epub"])
    assert "unsafe" in str(err.value) or "__class__" in str(err.value)


# -- packaging -------------------------------------------------------------------------


def test_a_non_editable_install_builds_the_sample(tmp_path):
    """``pip install .`` into a fresh venv (its dependencies taken from this venv), then
    ``edition build`` from another folder: the wheel carries templates and styles."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    ours = next(p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()
                and Path(p, "weasyprint").is_dir())
    (site / "zz-deps.pth").write_text(ours + "\n")  # after the venv's own packages
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                    "--no-deps", str(REPO)], check=True, timeout=600)
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import edition; print(edition.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    assert where.stdout.startswith(str(site)), where.stdout
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run([str(venv / "bin" / "edition"), "build", str(REPO / "source"),
                           "-o", "out", "-q"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    slug = "soviet-turkish-documents-sample"
    assert (tmp_path / "out" / f"{slug}.pdf").stat().st_size > 50_000
    assert (tmp_path / "out" / f"{slug}.epub").stat().st_size > 10_000
