"""Hostile editions (issue #13): every defect of the audit is a located error, never a
write outside the output folder, a fetch, lost text, a poisoned cache or a traceback.

Builds are EPUB-only where the case allows (fast); a build that must fail leaves every
previous output byte-identical and nothing outside the output folder.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from edition.cli import main
from edition.diagnostics import Diagnostics, EditionError
from edition.pipeline import check, load
from edition.readers.markdown import InlineParser, make_parser
from edition.readers.typography import Cleaner
from edition.visit import block_text

from .conftest import EDITION_YAML, doc_yaml, only_error, write_edition

DOC = "ed/documents/d1.yaml"
ED = "ed/edition.yaml"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, but the layout cache (not an output)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}


def build(root: Path, out: Path, *extra: str) -> int:
    return main(["build", str(root), "-o", str(out), "-q", *extra])


REPO = Path(__file__).resolve().parents[1]


def env_here(**extra: str) -> dict[str, str]:
    """The environment for a subprocess that runs this checkout's ``edition``."""
    return {**os.environ, "PYTHONPATH": str(REPO), **extra}


def cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edition.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, env=env_here(**env or {}))


def errors_at(diags: Diagnostics) -> list[tuple[str, int]]:
    return [(d.loc.file, d.loc.line) for d in diags.errors]


# -- output.slug ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["../x", "/tmp/abs", "a/b", "a\\\\b", "..", "x" * 201,
                                  "é" * 101, "a b", ""])
def test_slug_must_be_a_safe_file_name(run_check, slug):
    text = EDITION_YAML + f'output:\n  slug: "{slug}"\n'
    if slug == "":
        edition, diags = run_check(edition=text)
        assert not diags.errors and edition.slug == "a-test-edition"
        return
    _, diags = run_check(edition=text)
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == (ED, 7), err
    assert "slug" in err.message


def test_bad_slug_builds_nothing_outside(make, tmp_path):
    root = make(edition=EDITION_YAML + "output:\n  slug: ../escaped\n")
    before = tree(tmp_path)
    assert build(root, tmp_path / "out", "--only", "epub") == 1
    assert tree(tmp_path) == before


# -- output.page_size and CSS -----------------------------------------------------------


@pytest.mark.parametrize("value, css", [
    ("A4", "A4"), ("a4", "A4"), ("letter", "letter"), ("trim", "156mm 234mm"),
    ("156mm 234mm", "156mm 234mm"), ("A5 landscape", "A5 landscape"),
    ("Legal portrait", "legal portrait"), ("6in 9in", "6in 9in"), ("B5", "B5"),
])
def test_page_size_is_a_typed_value(load_ok, value, css):
    ed = load_ok(edition=EDITION_YAML + f'output:\n  page_size: "{value}"\n')
    assert ed.page_size.css == css


@pytest.mark.parametrize("value", [
    "banana", "A4; } @font-face { src: url(http://127.0.0.1/x) } @page {",
    "156mm", "156 234", "156mm 234mm 1mm", "A4 sideways", "-1mm 2mm", "1e999mm 2mm",
    "calc(1mm) 2mm",
])
def test_page_size_anything_else_is_a_located_error(run_check, value):
    _, diags = run_check(edition=EDITION_YAML + f'output:\n  page_size: "{value}"\n')
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == (ED, 7)
    assert "page_size" in err.message


def test_css_strings_are_escaped_completely():
    from edition.writers.pdf.geometry import css_string

    hostile = 'a"b\\c\nd\re\ff\x00g\u2028'
    out = css_string(hostile)
    assert out.startswith('"') and out.endswith('"')
    inner = out[1:-1]
    assert not any(ch in inner for ch in '"\n\r\f\x00\u2028')
    assert "\\" not in inner.replace("\\22 ", "").replace("\\5c ", "").replace(
        "\\a ", "").replace("\\d ", "").replace("\\c ", "").replace("\\fffd ", "").replace(
        "\\2028 ", "")
    import tinycss2

    tokens = [t for t in tinycss2.parse_component_value_list(out) if t.type != "whitespace"]
    assert len(tokens) == 1 and tokens[0].type == "string"
    assert tokens[0].value == hostile.replace("\x00", "\ufffd")


# -- no fetch ever leaves the edition: a local listener sees no connection -----------------


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    hits.append(conn.recv(1024))
                except OSError:
                    hits.append(b"")
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join()
    server.close()


def test_hostile_css_and_urls_never_connect(make, tmp_path, listener, capsys):
    port, hits = listener
    url = f"http://127.0.0.1:{port}"
    title = 'T\\r\\n\\"; } @import url(' + url + '/r.css); @page { x: \\"'
    root = make(edition=EDITION_YAML + f'output:\n  running_title: "{title}"\n',
                documents={"d1.yaml": doc_yaml(f"See <{url}/a> and [x]({url}/b).")})
    styles = root / "styles"
    styles.mkdir()
    css = (Path(__file__).parents[1] / "edition/assets/print.css").read_text()
    styles.joinpath("print.css").write_text(
        f"@import url({url}/i.css);\n@font-face {{ font-family: X; src: url({url}/f.woff); }}\n"
        f"body {{ background: url({url}/bg.png); }}\n" + css, encoding="utf-8")
    assert build(root, tmp_path / "out", "--only", "pdf", "-j", "1") == 1  # links refused
    (root / "documents/d1.yaml").write_text(doc_yaml("Plain."), encoding="utf-8")
    assert build(root, tmp_path / "out", "--only", "pdf", "-j", "1") == 1  # fetch refused
    out = capsys.readouterr().out
    assert f"refused to fetch {url}/bg.png" in out
    assert hits == []


# -- symlinks: resolved, then confined, then reported --------------------------------------


def test_authority_file_symlinked_outside_is_an_error(make, tmp_path):
    root = make()
    secret = tmp_path / "secret.yaml"
    secret.write_text("- id: spy\n  name: Secret Person\n", encoding="utf-8")
    (root / "persons.yaml").unlink()
    (root / "persons.yaml").symlink_to(secret)
    _, diags = check(root)
    err = only_error(diags)
    assert err.loc.file == ED
    assert "outside" in err.message


def test_document_symlinked_outside_is_an_error_not_dropped(make, tmp_path):
    root = make()
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(doc_yaml(id="d2"), encoding="utf-8")
    (root / "documents/d2.yaml").symlink_to(outside)
    _, diags = check(root)
    err = only_error(diags)
    assert err.loc.file in (ED, "ed/documents/d2.yaml")
    assert "outside" in err.message


def test_documents_folder_symlinked_outside_is_an_error(tmp_path):
    other = write_edition(tmp_path / "other")
    root = write_edition(tmp_path / "ed", documents={})
    (root / "documents").rmdir()
    (root / "documents").symlink_to(other / "documents")
    assert main(["check", str(root)]) == 1


def test_symlink_inside_the_folder_is_fine(make, load_ok):
    root = make()
    (root / "people.yaml").write_text((root / "persons.yaml").read_text())
    (root / "persons.yaml").unlink()
    (root / "persons.yaml").symlink_to(root / "people.yaml")
    assert load(root).persons


# -- never lose text: nesting ---------------------------------------------------------------


def _list(depth: int) -> str:
    return "\n".join("  " * i + f"- item {i}" for i in range(depth)) + "\n\nAfter the list."


@pytest.mark.parametrize("body", [
    _list(10), "> " * 21 + "deep quote", "*" * 500 + "x" + "*" * 500,
    "[" * 300 + "x" + "]{.sc}" * 300, "_a " * 400 + "b" + " c_" * 400,
])
def test_too_deep_nesting_is_a_located_error(run_check, body):
    _, diags = run_check(documents={"d1.yaml": doc_yaml(body)})
    err = only_error(diags)
    assert err.loc.file == DOC and 6 <= err.loc.line <= 15, err
    assert "nest" in err.message


def test_deep_nesting_build_is_no_traceback(make, tmp_path, capsys):
    root = make(documents={"d1.yaml": doc_yaml("*" * 500 + "x" + "*" * 500)})
    assert build(root, tmp_path / "out", "--only", "epub") == 1
    assert "Traceback" not in capsys.readouterr().out


def test_nesting_within_the_limit_keeps_every_word(load_ok):
    ed = load_ok(documents={"d1.yaml": doc_yaml(_list(6) + "\n\n" + "> " * 6 + "quoted")})
    text = " ".join(block_text(b, ed.signs) for b in ed.documents[0].body)
    for i in range(6):
        assert f"item {i}" in text
    assert "After the list." in text and "quoted" in text


# -- all-or-nothing outputs -------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["pdf", "epub"])
def test_a_failing_writer_leaves_every_previous_output(make, tmp_path, monkeypatch, failing):
    from edition import writers
    from edition.diagnostics import Diagnostic, Loc

    root = make()
    out = tmp_path / "out"
    out.mkdir()
    slug = "a-test-edition"
    for name in (f"{slug}.pdf", f"{slug}.epub", f"{slug}.pages.json"):
        (out / name).write_bytes(b"previous " + name.encode())
    before = tree(tmp_path)
    real = writers.writer

    def fake(name: str):
        if name == failing:
            def fail(job):
                raise EditionError([Diagnostic(Loc("print"), "boom")])
            return fail
        if name == "pdf":
            return lambda job: writers.Written({out / f"{slug}.pdf": b"new",
                                                out / f"{slug}.pages.json": b"{}"})
        return real(name)
    monkeypatch.setattr("edition.pipeline.writer", fake)
    assert build(root, out, "--only", "pdf,epub") == 1
    assert tree(tmp_path) == before


# -- the layout cache -----------------------------------------------------------------------


def _result():
    from edition.writers.pdf.chunks import ChunkResult

    return ChunkResult(b"%PDF-1.7 fake", 1, {"a": 0}, [], "abc", blank=[], stamps=[],
                       spans={})


@pytest.mark.parametrize("damage", ["truncate-json", "truncate-pdf", "garble-json",
                                    "wrong-types", "swap-pdf"])
def test_a_bad_cache_entry_is_a_miss(tmp_path, damage):
    from edition.writers.pdf.cache import ChunkCache

    cache = ChunkCache(tmp_path, "css")
    cache.put("k", _result())
    assert cache.get("k") is not None
    meta, pdf = tmp_path / "k.json", tmp_path / "k.pdf"
    if damage == "truncate-json":
        meta.write_bytes(meta.read_bytes()[:10])
    elif damage == "truncate-pdf":
        pdf.write_bytes(pdf.read_bytes()[:5])
    elif damage == "garble-json":
        meta.write_bytes(b"\xff\xfe garbage")
    elif damage == "wrong-types":
        meta.write_text('{"pages": "x"}')
    else:
        pdf.write_bytes(b"%PDF-1.7 other")
    assert cache.get("k") is None


def test_cache_entries_are_written_atomically(tmp_path, monkeypatch):
    from edition.writers.pdf.cache import ChunkCache

    cache = ChunkCache(tmp_path, "css")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", full_disk)
    cache.put("k", _result())  # a cache that cannot be written is no error
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert cache.get("k") is None


# -- ids ------------------------------------------------------------------------------------


def test_local_cross_reference_resolves_in_its_own_document(make, tmp_path):
    import zipfile

    root = make(documents={
        "a.yaml": doc_yaml("[Kars]{#kars} in a.", id="a"),
        "b.yaml": doc_yaml("[Kars]{#kars} in b, see [here](#kars).", id="b"),
    })
    assert build(root, tmp_path / "out", "--only", "epub") == 0
    with zipfile.ZipFile(tmp_path / "out/a-test-edition.epub") as z:
        b = next(z.read(n).decode() for n in z.namelist() if "in b, see" in z.read(n).decode(
            errors="ignore"))
    assert 'href="#t-b-kars"' in b or 't-b-kars"' in b.split("see")[1][:200]
    assert "t-a-kars" not in b


def test_anchor_collisions_are_located_errors(run_check):
    _, diags = run_check(documents={
        "d.yaml": doc_yaml("Text[^n-x].", id="d", notes="n-x: A note.\n"),
        "dn.yaml": doc_yaml("Text[^x].", id="d-n", notes="x: A note.\n"),
    })
    err = only_error(diags)
    assert err.loc.file.startswith("ed/documents/d")
    assert "same id" in err.message or "collide" in err.message


def test_duplicate_front_matter_ids(run_check):
    text = EDITION_YAML + ("front_matter:\n  - id: intro\n    title: A\n    body: a\n"
                           "  - id: intro\n    title: B\n    body: b\n")
    _, diags = run_check(edition=text)
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == (ED, 10)
    assert "duplicate" in err.message


# -- located errors, not tracebacks -------------------------------------------------------


@pytest.mark.parametrize("escape", ["\\x01", "\\x7f", "\\x85", "\\uFFFE", "\\ud800", "\\0"])
def test_control_characters_from_yaml_escapes(run_check, escape):
    text = doc_yaml(extra=f'opener: "Sir{escape}."\n')
    _, diags = run_check(documents={"d1.yaml": text})
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == (DOC, 5)
    assert "character" in err.message


def test_nul_byte_has_a_line(run_check):
    text = doc_yaml(extra="opener: Sir\x00.\n")
    _, diags = run_check(documents={"d1.yaml": text})
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == (DOC, 5)


def test_alias_error_points_at_the_alias(run_check):
    text = doc_yaml(extra="opener: &o Sir\nlabels:\n  - one\n  - *o\n")
    _, diags = run_check(documents={"d1.yaml": text})
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == (DOC, 8)


def test_messages_are_not_markup(make, tmp_path):
    root = make(documents={"[red]x.yaml": doc_yaml(extra="'[/bold]': 1\n")})
    proc = cli("check", "ed", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "ed/documents/[red]x.yaml:5:1: error: unknown field '[/bold]'" in proc.stdout
    assert root


def test_typography_replace_keys_are_single_characters(run_check):
    text = EDITION_YAML + 'typography:\n  replace:\n    "ab": "c"\n'
    _, diags = run_check(edition=text)
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == (ED, 8)


def test_output_folder_that_is_a_file(make, tmp_path, capsys):
    root = make()
    (tmp_path / "out").write_bytes(b"not a folder")
    assert build(root, tmp_path / "out", "--only", "epub") == 1
    out = capsys.readouterr().out
    assert "cannot write" in out and "Traceback" not in out
    assert (tmp_path / "out").read_bytes() == b"not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_output_folder_read_only(make, tmp_path, capsys):
    root = make()
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        assert build(root, out, "--only", "epub") == 1
    finally:
        out.chmod(0o700)
    assert "cannot write" in capsys.readouterr().out
    assert list(out.iterdir()) == []


def test_output_folder_with_missing_parents_is_made(make, tmp_path):
    assert build(make(), tmp_path / "a/b/out", "--only", "epub") == 0
    assert (tmp_path / "a/b/out/a-test-edition.epub").is_file()


def test_source_date_epoch_invalid(make, tmp_path):
    make()
    proc = cli("build", "ed", "-o", "out", "--only", "epub", cwd=tmp_path,
               env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert proc.returncode == 1
    assert "SOURCE_DATE_EPOCH" in proc.stdout and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigint_is_interrupted_exit_130(make, tmp_path):
    root = make(documents={f"d{i}.yaml": doc_yaml("Some text. " * 200, id=f"d{i}")
                           for i in range(40)})
    out = tmp_path / "out"
    assert build(root, out, "--only", "epub") == 0
    before = tree(out)
    proc = subprocess.Popen([sys.executable, "-m", "edition.cli", "build", "ed", "-o", "out",
                             "-j", "2"], cwd=tmp_path, env=env_here(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    _workers(proc)  # the build is laying out
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stdout + stderr
    assert "interrupted" in stdout and "Traceback" not in stderr
    assert tree(out) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork")
def test_ctrl_c_as_the_workers_are_forked_is_not_lost():
    """A Ctrl-C that lands while the workers are being forked (here: raised in an at-fork
    hook) interrupts the build. It used to be raised inside that hook, where Python only
    prints it ("Exception ignored in ..."), and the build went on to the end."""
    code = ("import os, signal\n"
            "os.register_at_fork(after_in_parent=lambda: signal.raise_signal(signal.SIGINT))\n"
            "from edition.writers.pdf.chunks import Workers\n"
            "try:\n"
            "    with Workers(None, 2) as workers:\n"
            "        workers.submit(int).result()\n"
            "    print('went on')\n"
            "except KeyboardInterrupt:\n"
            "    print('interrupted')\n")
    proc = subprocess.run([sys.executable, "-c", code], env=env_here(), capture_output=True,
                          text=True, timeout=60)
    assert proc.stdout.strip() == "interrupted", proc.stdout + proc.stderr
    assert "Exception ignored" not in proc.stderr


def _workers(proc: subprocess.Popen) -> list[int]:
    """The worker processes of a build run with -j 2, once both have started."""
    children: list[int] = []
    deadline = time.monotonic() + 60
    while len(children) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
        tasks = Path(f"/proc/{proc.pid}/task")
        children = [int(c) for t in tasks.glob("*/children") for c in t.read_text().split()]
    assert len(children) >= 2, "the build started no workers"
    return children


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_build_leaves_no_workers(make, tmp_path, sig):
    make(documents={f"d{i}.yaml": doc_yaml("Some text. " * 200, id=f"d{i}")
                    for i in range(40)})
    proc = subprocess.Popen([sys.executable, "-m", "edition.cli", "build", "ed", "-o", "out",
                             "-j", "2", "--only", "pdf"], cwd=tmp_path, env=env_here(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children = _workers(proc)
    proc.send_signal(sig)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(map(_alive, children)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in children if _alive(pid)]
    for pid in left:  # do not leave them behind when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left


def test_workers_die_with_their_parent():
    from edition.writers.pdf.chunks import _worker_init

    code = ("import ctypes, signal; from edition.writers.pdf.chunks import _worker_init; "
            "import os; _worker_init(os.getppid()); libc = ctypes.CDLL(None); v = ctypes.c_int(); "
            "libc.prctl(2, ctypes.byref(v), 0, 0, 0); "  # PR_GET_PDEATHSIG
            "print(v.value, signal.getsignal(signal.SIGINT) == signal.SIG_IGN)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env_here()).stdout.split()
    assert out == [str(int(signal.SIGKILL)), "True"]
    assert _worker_init


# -- limits ----------------------------------------------------------------------------------


def test_paragraph_over_the_limit(run_check):
    from edition.readers.markdown import MAX_PARAGRAPH

    _, diags = run_check(documents={"d1.yaml": doc_yaml("Intro.\n\n" + "word " * (
        MAX_PARAGRAPH // 5 + 1))})
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == (DOC, 8)
    assert f"{MAX_PARAGRAPH:,}" in err.message


def test_too_many_notes(run_check):
    from edition.readers.folder import MAX_NOTES

    n = MAX_NOTES + 1
    body = " ".join(f"w[^n{i}]" for i in range(n))
    notes = "".join(f"n{i}: x\n" for i in range(n))
    t = time.monotonic()
    _, diags = run_check(documents={"d1.yaml": doc_yaml(body, notes=notes)})
    assert time.monotonic() - t < 10
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == (DOC, 7)
    assert f"{MAX_NOTES:,}" in err.message


def test_only_unknown_output_exits_2(make, tmp_path):
    assert build(make(), tmp_path / "out", "--only", "pfd") == 2
    assert not (tmp_path / "out").exists()


def test_empty_variant_form(run_check):
    persons = "- id: x\n  name: X\n  forms: [X, '']\n"
    _, diags = run_check(persons=persons)
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == ("ed/persons.yaml", 3)


# -- properties: arbitrary text never crashes the reader and never loses text -------------

ALPHABET = st.sampled_from([*"ab *_[]{}#>-.=\n\\`!()^:\"'1", "\n\n", "  ", "{.sc}", "{#t}",
                            "- ", "> "])


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


@settings(max_examples=50, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
@example("x\n\n[a]: b\n\nc")  # once a link reference definition, silently dropped
def test_markdown_never_crashes_and_keeps_text(text):
    """Every letter of the source is in the text, but those of link targets (``(#a)``)
    and span attributes (``{.sc}``), unless an error was reported."""
    from edition.model import Signs, Typography

    errors: list[str] = []
    parser = InlineParser(make_parser(Cleaner(Typography(**_typography()))), {})
    blocks = parser.blocks(text, lambda snippet, message, hint: errors.append(message))
    if errors:
        return
    signs = Signs("[…]", "sic", "illegible", "gap")
    got = " ".join(block_text(b, signs) for b in blocks)
    assert _letters(got) >= _letters(re.sub(r"\([^)]*\)|\{[^}]*\}", "", text)), (text, got)


def _typography() -> dict:
    from edition.readers.schema import TypographySpec

    return TypographySpec().model_dump()


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=80), st.text(st.sampled_from("ab *_[]{}#>-.\n\\`"), max_size=40))
def test_loader_never_crashes_and_keeps_text(tmp_path_factory, raw, body):
    """A document file of any text is read or refused with located errors; a body of any
    Markdown keeps its letters (but those of link targets and attributes) unless an
    error says why."""
    import yaml

    from edition.visit import block_text

    root = tmp_path_factory.mktemp("h")
    doc = yaml.safe_load(doc_yaml()) | {"body": body or "x"}
    write_edition(root, documents={"d1.yaml": yaml.safe_dump(doc, allow_unicode=True),
                                   "d2.yaml": raw})
    edition, diags = check(root)
    d1 = [e for e in diags.errors if e.loc.file.endswith("d1.yaml")]
    if edition is None or d1:
        return
    got = " ".join(block_text(b, edition.signs) for b in edition.document("d1").body)
    kept = re.sub(r"\([^)]*\)|\{[^}]*\}", "", body or "x")
    assert _letters(got) >= _letters(kept), (body, got)


def test_ctrl_c_during_the_renames_waits_for_the_last(tmp_path, monkeypatch):
    from edition.writers import output

    real = os.replace
    done: list[str] = []

    def replace(src, dst):
        if not done:
            signal.raise_signal(signal.SIGINT)
        real(src, dst)
        done.append(str(dst))
    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        output.commit({tmp_path / "a": b"a", tmp_path / "b": b"b"})
    assert len(done) == 2 and (tmp_path / "b").read_bytes() == b"b"


def test_full_disk_leaves_previous_outputs(make, tmp_path, monkeypatch, capsys):
    from edition.writers import output

    root = make()
    out = tmp_path / "out"
    assert build(root, out, "--only", "epub") == 0
    before = tree(tmp_path)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(output.os, "fdopen", full)
    assert build(root, out, "--only", "epub") == 1
    assert "cannot write the outputs: No space left on device" in capsys.readouterr().out
    assert tree(tmp_path) == before


TEI_WORDS = st.sampled_from(["alpha", "beta", "*", "[x]", "{.sc}", "&amp;", "&lt;", " ", "\n",
                             "#", "> ", "- ", "1. ", "\\", "`", "_"])
TEI_INLINE = st.recursive(
    st.lists(TEI_WORDS, max_size=4).map("".join),
    lambda inner: st.tuples(st.sampled_from(["hi", "persName", "placeName", "note", "ref",
                                             "unclear", "sic", "gap", "lb", "pb", "q"]),
                            st.lists(inner, max_size=3)).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"), max_leaves=8)


@settings(max_examples=30, deadline=None)
@given(st.lists(TEI_INLINE, min_size=1, max_size=3))
@example(paragraphs=["<gap>alpha</gap>"])  # text where TEI has none was dropped
def test_tei_import_never_crashes(tmp_path_factory, paragraphs):
    """Any TEI volume is imported or refused with a TeiError; what it writes checks
    without a traceback, and every word of its paragraphs is in the edition."""
    from edition.readers.tei import TeiError, import_tei

    from .test_tei_import import TEI_HEAD, TEI_TAIL

    tmp = tmp_path_factory.mktemp("tei")
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    (tmp / "v.xml").write_text(TEI_HEAD + f'<div type="document" xml:id="d1" n="1">'
                               f"<head>A</head>{body}</div>" + TEI_TAIL, encoding="utf-8")
    try:
        import_tei(tmp / "v.xml", tmp / "ed")
    except TeiError:
        return
    check(tmp / "ed")
    written = "".join(p.read_text() for p in (tmp / "ed/documents").glob("*.yaml"))
    for word in ("alpha", "beta"):
        assert written.count(word) >= body.count(word)


# -- print: what would look wrong on the page --------------------------------------------


def test_nested_bullets_use_the_book_face(make, tmp_path):
    import pypdf

    body = "- one\n  - two\n    - three\n      - four\n"
    root = make(documents={"d1.yaml": doc_yaml(body)})
    assert build(root, tmp_path / "out", "--only", "pdf", "-j", "1") == 0
    reader = pypdf.PdfReader(tmp_path / "out/a-test-edition.pdf")
    fonts = {str(f["/BaseFont"]) for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and all("Garamond" in f for f in fonts), fonts


def test_an_unbreakable_string_is_a_warning(run_check):
    edition, diags = run_check(documents={"d1.yaml": doc_yaml(
        "A Donaudampfschifffahrtsgesellschaftskapitän and " + "x" * 480 + " here.")})
    assert edition is not None and not diags.errors
    [warning] = diags.warnings
    assert (warning.loc.file, warning.loc.line) == (DOC, 6)
    assert warning.message.startswith("480 characters without a space")


def test_export_tei_onto_a_folder(make, tmp_path, capsys):
    root = make()
    assert main(["export-tei", str(root), "-o", str(tmp_path), "-q"]) == 1
    assert "cannot write the outputs" in capsys.readouterr().out


def test_a_folder_in_place_of_an_output_changes_nothing(make, tmp_path):
    root = make()
    out = tmp_path / "out"
    assert build(root, out, "--only", "epub") == 0
    (out / "handouts").mkdir()
    (out / "a-test-edition.pages.json").mkdir()
    before = tree(tmp_path)
    assert build(root, out, "--only", "pdf,epub", "-j", "1") == 1
    assert tree(tmp_path) == before


def test_import_tei_into_an_unwritable_place(tmp_path, capsys):
    from .test_tei_import import DOCUMENT, TEI_HEAD, TEI_TAIL

    (tmp_path / "v.xml").write_text(TEI_HEAD + DOCUMENT + TEI_TAIL, encoding="utf-8")
    (tmp_path / "file").write_text("x")
    assert main(["import-tei", str(tmp_path / "v.xml"), "-o", str(tmp_path / "file/ed")]) == 1
    assert "error: cannot write the edition folder" in capsys.readouterr().out


def test_sigint_in_check_is_exit_130(make, monkeypatch, capsys):
    root = make()

    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr("edition.pipeline.check", interrupted)
    assert main(["check", str(root)]) == 130
    assert "interrupted" in capsys.readouterr().out


def test_stylesheet_symlinked_outside_is_an_error(make, tmp_path):
    root = make()
    (tmp_path / "evil.css").write_text("body { color: red; }")
    (root / "styles").mkdir()
    (root / "styles/print.css").symlink_to(tmp_path / "evil.css")
    _, diags = check(root)
    err = only_error(diags)
    assert err.loc.file == "ed/styles/print.css" and "outside" in err.message


def test_a_huge_paragraph_range_is_refused_at_once(run_check):
    text = EDITION_YAML + ("handouts:\n  - id: h\n    title: H\n    excerpts:\n"
                           "      - document: d1\n        paragraphs: ['1-100000000000']\n")
    t = time.monotonic()
    _, diags = run_check(edition=text)
    assert time.monotonic() - t < 5
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == (ED, 11) and "100,000" in err.message


def test_language_is_a_language_tag(run_check):
    _, diags = run_check(edition=EDITION_YAML + "language: 'x\" onload=\"'\n")
    err = only_error(diags)
    assert (err.loc.file, err.loc.line) == (ED, 6) and "language tag" in err.message


@pytest.mark.parametrize("ident, slug", [("frus1918v01", "frus1918v01"),
                                         ("../../etc/x y", "etc-x-y"), ("Том 1", "1"),
                                         ("///", "edition")])
def test_import_tei_makes_a_safe_slug(ident, slug):
    from edition.readers.tei import _slug

    assert _slug(ident) == slug
