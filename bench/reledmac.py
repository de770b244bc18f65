"""The LaTeX side of the benchmarks: an edition as one reledmac file, and its build.

    python bench/reledmac.py SRC OUTDIR [--plain] [--run]

writes ``OUTDIR/edition.tex`` with the content of the builder's print PDF: a contents
list, the front-matter sections, the abbreviations and the persons; then every document
on a new page (number, title, dateline, opener, body, closer, signature, source line) as
reledmac numbered text, line numbers every 5 lines restarting per document. Page-foot
notes become reledmac familiar footnotes (``\\footnoteA``) with the builder's marks, the
document-end series a list after the document, and every apparatus entry of the body,
opener, closer and source line ``\\edtext{lemma}{\\lemma{…}\\Afootnote{reading; reason}}``
(the line-keyed critical apparatus at the foot of the page). Entries inside notes or the
title, which reledmac cannot key to a line, are listed after the document as the builder
lists them. Persons and places go into two makeindex indexes. ``--plain`` writes the
same volume with plain LaTeX ``\\footnote`` and no reledmac (no line numbers; the whole
apparatus listed after each document): a lower bound.

``--run`` builds the PDF in OUTDIR as pdflatex, pdflatex, makeindex, pdflatex (from the
second run on the pages are final; the front matter has roman folios), and prints
the time of each step, the pages, the peak RSS (``/usr/bin/time -v``) and the notes
counted as LaTeX typeset them. :func:`run_reledmac` does the same for bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import time
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

# the print build's page sizes and margins (edition/pdf/layout.py: PAGE_SIZES, MARGINS; mm)
PAGE = {"width": 156, "height": 234}
PAGE_SIZES = {"a4": (210, 297), "letter": (215.9, 279.4), "us-letter": (215.9, 279.4),
              "trim": (156, 234)}
MARGINS = {"top": 19, "bottom": 22, "inner": 17, "outer": 20}
INDEX_TITLES = {"persons": ("person", "Index of Names"), "places": ("place", "Index of Places")}
TEX = "edition.tex"
TIME = "/usr/bin/time"
COUNTS = re.compile(r"EDCOUNT (\w+)=(\d+)")

# -- escaping --------------------------------------------------------------------------

SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", '"': r"\textquotedbl{}",
    "'": r"\textquotesingle{}", "`": r"\textasciigrave{}",
    "\u00a0": "~", "\u00ad": r"\-", "\u200b": "", "\u2009": r"\,", "\u202f": r"\,",
    "\u2010": "-", "\u2011": r"\mbox{-}", "\u2212": r"\textminus{}",
    "\u02b9": r"\ensuremath{'}", "\u02ba": r"\ensuremath{''}",
}
# pairs that T1 fonts would set as one ligature glyph (-- en dash, ,, „); the others
# (<< «, '' ”, ?` ¿ ...) cannot form, as <, ' and ` are set by name
LIGATURES = {"--", ",,"}
CYRILLIC = re.compile(r"[\u0400-\u04ff]+(?:\s+[\u0400-\u04ff]+)*")  # a run, set in T2A
DFU = ("utf8enc.dfu", "t1enc.dfu", "ts1enc.dfu", "t2aenc.dfu", "ot1enc.dfu", "omsenc.dfu")


@cache
def _inputenc_chars() -> frozenset[int] | None:
    """The code points pdflatex's utf8 inputenc can set with the encodings loaded here
    (from its .dfu files); None when no TeX is installed to ask."""
    kpsewhich = shutil.which("kpsewhich")
    if not kpsewhich:
        return None
    paths = subprocess.run([kpsewhich, *DFU], capture_output=True, text=True).stdout.split()
    found = {int(h, 16) for path in paths
             for h in re.findall(r"\\DeclareUnicodeCharacter\{([0-9A-Fa-f]+)\}",
                                 Path(path).read_text(encoding="latin-1"))}
    return frozenset(found)


def _char(ch: str) -> str:
    if ch in SPECIAL:
        return SPECIAL[ch]
    known = _inputenc_chars()
    if ord(ch) < 128 or known is None or ord(ch) in known:
        return ch
    return rf"\edmissing{{U+{ord(ch):04X}}}"  # visible, instead of a fatal LaTeX error


def escape(text: str) -> str:
    """``text`` as LaTeX source that prints it as it is: the special characters quoted,
    T1 ligatures broken, Cyrillic runs switched to T2A, characters pdflatex cannot set
    shown as ``[U+XXXX]``."""
    out: list[str] = []
    pos = 0
    for match in CYRILLIC.finditer(text):
        out.append(_escape_run(text[pos:match.start()]))
        out.append(rf"\cyr{{{_escape_run(match.group())}}}")
        pos = match.end()
    out.append(_escape_run(text[pos:]))
    return "".join(out)


def _escape_run(text: str) -> str:
    out: list[str] = []
    prev = ""
    for ch in text:
        if prev + ch in LIGATURES:
            out.append("{}")
        out.append(_char(ch))
        prev = ch
    return "".join(out)


def index_key(text: str) -> str:
    """A makeindex sort key: the text folded to ASCII letters, digits and a few signs."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9 ,.()'-]", "", folded).strip() or "-"


def index_text(text: str) -> str:
    """Escaped text for an index entry, makeindex's own signs quoted."""
    return re.sub(r'([!@|"])', r'"\1', escape(text))


def page_size(setting: str) -> dict[str, float]:
    """The edition's ``output.page_size`` in mm (a name, or "W H" in mm); the builder's
    default page for any other form."""
    size = PAGE_SIZES.get(setting.lower())
    match = re.fullmatch(r"\s*([\d.]+)mm\s+([\d.]+)mm\s*", setting)
    if match:
        size = (float(match.group(1)), float(match.group(2)))
    return {"width": size[0], "height": size[1]} if size else PAGE


# -- the LaTeX file --------------------------------------------------------------------

PREAMBLE = r"""\documentclass[twoside,openany]{book}
\usepackage[T2A,T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{textcomp}
\usepackage[paperwidth=%(width)smm,paperheight=%(height)smm,top=%(top)smm,bottom=%(bottom)smm,inner=%(inner)smm,outer=%(outer)smm,headsep=5mm,footskip=10mm]{geometry}
\usepackage[noautomatic]{imakeidx}
%(indexes)s
%(package)s
\makeatletter
\renewcommand\normalsize{\@setfontsize\normalsize{10.5}{13.6}%%
  \abovedisplayskip 6\p@ \belowdisplayskip 6\p@}
\renewcommand\small{\@setfontsize\small{9.5}{12.4}}
\renewcommand\footnotesize{\@setfontsize\footnotesize{8.6}{10.6}}
\newcommand\ednotesize{\@setfontsize\ednotesize{9}{11.4}}
\renewcommand\@makeschapterhead[1]{\vspace*{12mm}{\centering\fontsize{14}{17}\selectfont
  \scshape #1\par}\vspace{10mm}}
\setlength\parindent{1.2em}
\setlength\parskip{0pt}
\newcommand\cyr[1]{{\fontencoding{T2A}\fontfamily{cmr}\selectfont #1}}
\newcommand\edmissing[1]{{\ttfamily[#1]}}
\newcommand\nn[1]{#1n}
\newcount\edfootnotes \newcount\edapparatus \newcount\edlisted \newcount\edendnotes
\AtEndDocument{\typeout{EDCOUNT footnotes=\the\edfootnotes}%%
  \typeout{EDCOUNT apparatus=\the\edapparatus}\typeout{EDCOUNT listed=\the\edlisted}%%
  \typeout{EDCOUNT endnotes=\the\edendnotes}}
\newcommand\edheading[5]{%% number, title, contents line, running head, dateline
  \clearpage\markboth{\edruntitle}{#4}%%
  \addcontentsline{toc}{section}{\protect\numberline{#1}#3}%%
  {\raggedright\hyphenpenalty=10000 \fontsize{20}{24}\selectfont #1\par\vspace{3mm}%%
   \fontsize{11.5}{15}\selectfont\scshape #2\par}\vspace{3mm}%%
  {\raggedleft\itshape #5\par}\vspace{5mm}}
\newcommand\edseries[1]{\par\vspace{6mm}{\centering\ednotesize\scshape #1\par}\vspace{2mm}}
\newcommand\edendnote[2]{\global\advance\edendnotes 1 \par\noindent\hangindent=1.4em
  \makebox[1.4em][l]{#1}#2\par\vspace{1.5mm}}
\newcommand\edlist[2]{\global\advance\edlisted 1 \par\noindent\hangindent=1.4em
  #1\ #2\par}
\newcommand\edfrontheading[1]{\chapter*{#1}\addcontentsline{toc}{chapter}{#1}}
\newcommand\edindexes[1]{\clearpage %% one contents line, written in every run: the
  %% second run's contents list has it, though the indexes are there only in the third
  \immediate\write\@auxout{\string\@writefile{toc}{\string\contentsline{chapter}{Indexes}%%
    {\thepage}{}}}#1}
%(variant)s
\makeatother
"""
RELEDMAC = r"""\usepackage[series={A},noend,noeledsec]{reledmac}
\firstlinenum{5}
\linenumincrement{5}
\linenummargin{outer}
\bhooknoteX[A]{\global\advance\edfootnotes 1 }
\Xbhooknote[A]{\global\advance\edapparatus 1 }"""
# reledmac rebuilds the lines of a paragraph after \pend: a quotation's indent is global
RELEDMAC_MACROS = r"""\newcommand\edquote{\global\leftskip=1.2em\relax\small}
\newcommand\edunquote{\global\leftskip=0pt\relax}
\@namedef{footfootmarkA}{\@nameuse{@thefnmarkA}\enspace}"""
PLAIN_MACROS = r"""\newcommand\edquote{\leftskip=1.2em\relax\small}
\renewcommand\@makefntext[1]{\noindent\@thefnmark\enspace #1}
\newcommand\edfn[2]{{\def\@thefnmark{#1}\@footnotemark
  \@footnotetext{\global\advance\edfootnotes 1 #2}}}"""


class Converter:
    """Writes one resolved edition as LaTeX; ``plain`` for no reledmac."""

    def __init__(self, res: Any, model: SimpleNamespace, plain: bool = False):
        self.res, self.model, self.plain = res, model, plain
        self.ed = res.edition
        self.signs = self.ed.signs
        self.out: list[str] = []
        self.expected = {"footnotes": 0, "apparatus": 0, "listed": 0, "endnotes": 0}
        self.doc: Any = None
        self.entries: dict[str, Any] = {}  # apparatus entries of the document by anchor
        self.keyed: set[str] = set()  # the anchors of those set as \edtext
        self.numbered = False  # inside \pstart ... \pend, not in a note
        self.in_note = False
        self.seen_see: set[tuple[str, str]] = set()

    # -- inline nodes ------------------------------------------------------------------

    def inlines(self, nodes: list) -> str:
        return "".join(self.inline(node) for node in nodes)

    def inline(self, node: Any) -> str:
        m = self.model
        if isinstance(node, m.Text):
            return escape(node.text)
        if isinstance(node, m.LineBreak):
            return r"\newline "
        if isinstance(node, m.NoteRef):
            return self.note_ref(node)
        inner = self.inlines(node.children)
        if isinstance(node, m.Emph):
            return rf"\emph{{{inner}}}"
        if isinstance(node, m.Strong):
            return rf"\textbf{{{inner}}}"
        if isinstance(node, m.SmallCaps):
            return rf"\textsc{{{inner}}}"
        if isinstance(node, m.Mention):
            return inner + self.index(node.kind, node.target)
        if isinstance(node, m.Editorial):
            return self.editorial(node, inner)
        return inner  # cross-references (their text), .noindex and the like

    def editorial(self, node: Any, inner: str) -> str:
        m = self.model
        if isinstance(node, m.Supplied):
            text = f"[{inner}]"
        elif isinstance(node, m.Omission):
            text = escape(self.signs.omission)
        elif isinstance(node, m.Gap):
            text = rf"[\emph{{{inner or escape(self.signs.gap)}}}]"
        elif isinstance(node, m.Illegible):
            text = rf"[\emph{{{escape(f'{node.extent} {self.signs.illegible}'.strip())}}}]"
        elif isinstance(node, m.Sic):
            text = rf"{inner} [\emph{{{escape(self.signs.sic)}}}]"
        else:
            text = inner
        if not node.anchor or self.plain or not self.numbered:
            return text
        entry = self.entries[node.anchor]
        self.keyed.add(node.anchor)
        self.expected["apparatus"] += 1
        return (rf"\edtext{{{text}}}{{\lemma{{{escape(entry.lemma or '—')}}}"
                rf"\Afootnote{{{self.reading(entry)}}}}}")

    @staticmethod
    def reading(entry: Any) -> str:
        """What the apparatus says after the lemma: reading, kind; reason."""
        parts = [rf"\emph{{{escape(entry.source)}}}"] if entry.source else []
        if entry.kind != "emendation":
            parts.append(rf"\textsc{{{entry.kind}}}")
        text = " ".join(parts)
        if entry.reason:
            text += ("; " if text else "") + escape(entry.reason)
        return text

    def note_ref(self, ref: Any) -> str:
        note = self.doc.notes.get(ref.note_id)
        if note is None:
            return ""
        mark = escape(ref.mark)
        if self.ed.note_series[note.series].placement != "page":
            return rf"\textsuperscript{{{mark}}}"
        self.expected["footnotes"] += 1
        body = self.note_blocks(note.blocks)
        if self.plain:
            return rf"\edfn{{{mark}}}{{{body}}}"
        return rf"\footnoteA[{mark}]{{{body}}}"

    def note_blocks(self, blocks: list) -> str:
        """A note's blocks, paragraphs ended by \\endgraf (reledmac's note macros are not
        \\long: a \\par in their argument is an error)."""
        saved = self.numbered, self.in_note
        self.numbered, self.in_note = False, True
        try:
            return r"\endgraf ".join(self.loose(blocks))
        finally:
            self.numbered, self.in_note = saved

    def loose(self, blocks: list, quoted: bool = False) -> Iterator[str]:
        """Blocks as paragraphs outside numbered text (notes, front matter)."""
        m = self.model
        for block in blocks:
            if isinstance(block, m.Paragraph):
                text = self.inlines(block.children)
                yield rf"{{\leftskip=1.2em\relax {text}\endgraf}}" if quoted else text
            elif isinstance(block, m.BlockQuote):
                yield from self.loose(block.blocks, quoted=True)
            else:
                for i, item in enumerate(block.items, block.start):
                    label = f"{i}." if block.ordered else r"\textbullet"
                    yield rf"\noindent\hangindent=1.2em {label}\ " + " ".join(self.loose(item))

    def index(self, kind: str, key: str) -> str:
        name = next((k for k, (kd, _) in INDEX_TITLES.items() if kd == kind), None)
        if name not in self.ed.indexes:
            return ""
        auth = self.ed.authorities(kind)[key]
        heading = index_text(auth.name + (f" ({auth.dates})" if auth.dates else ""))
        out = rf"\index[{name}]{{{index_key(auth.sort)}@{heading}{'|nn' if self.in_note else ''}}}"
        if (kind, key) not in self.seen_see:
            self.seen_see.add((kind, key))
            out += "".join(rf"\index[{name}]{{{index_key(v)}@{index_text(v)}"
                           rf"|see{{{index_text(auth.name)}}}}}" for v in auth.see_from)
        return out

    # -- numbered text -----------------------------------------------------------------

    def paragraph(self, text: str, style: str = "", quoted: bool = False) -> None:
        """A paragraph of the document's text; ``style``: its indent and font."""
        if quoted:
            style = r"\edquote " + style
        if self.plain:
            self.out.append(f"{{{style}{text}\\par}}\n")
        else:
            self.out.append(f"\\pstart\\relax {style}{text}\\pend"
                            + ("\\edunquote\n" if quoted else "\n"))

    def numbered_inlines(self, nodes: list, style: str = "", quoted: bool = False) -> None:
        self.numbered = True
        self.paragraph(self.inlines(nodes), style, quoted)
        self.numbered = False

    def body(self, blocks: list, quoted: bool = False) -> None:
        m = self.model
        for i, block in enumerate(blocks):
            if isinstance(block, m.Paragraph):  # the first one not indented, as in print
                self.numbered_inlines(block.children, "" if i else r"\noindent ", quoted)
            elif isinstance(block, m.BlockQuote):
                self.body(block.blocks, quoted=True)
            else:
                for i, item in enumerate(block.items, block.start):
                    label = f"{i}." if block.ordered else r"\textbullet"
                    self.numbered = True
                    text = " ".join(self.loose(item))  # one numbered paragraph per item
                    self.numbered = False
                    self.paragraph(text, rf"\noindent\hangindent=1.2em {label}\ ", quoted)

    # -- the volume --------------------------------------------------------------------

    def document(self, doc: Any) -> None:
        self.doc, self.keyed = doc, set()
        self.entries = {e.anchor: e for e in self.res.apparatus.get(doc.id, [])}
        plain_title = self.model.plain(doc.title)
        dateline = escape(self.model.dateline(doc))
        if doc.reference:
            dateline += rf"\par\upshape {escape(doc.reference)}"
        runhead = escape(f"No. {doc.number} · {doc.date.display()}")
        self.out.append(rf"\edheading{{{escape(doc.number)}}}{{{self.inlines(doc.title)}}}"
                        rf"{{{escape(f'{plain_title} ({doc.date.display()})')}}}"
                        rf"{{{runhead}}}{{{dateline}}}" "\n")
        if not self.plain:
            self.out.append("\\beginnumbering\n")
        if doc.opener:
            self.numbered_inlines(doc.opener, r"\noindent ")
        self.body(doc.body)
        if doc.closer:
            self.numbered_inlines(doc.closer)
        for sig in doc.signed:
            name = escape(self.model.plain(sig.name))
            name = f"[{name}]" if sig.supplied else name
            person = self.index("person", sig.person) if sig.person else ""
            self.paragraph(rf"\hfill\textsc{{{name}}}{person}", r"\noindent ")
        if doc.source:
            self.numbered_inlines(doc.source, r"\noindent\footnotesize\itshape ")
        if not self.plain:
            self.out.append("\\endnumbering\n")
        self.after_document(doc)

    def after_document(self, doc: Any) -> None:
        for series in self.ed.note_series.values():
            if series.placement == "page":
                continue
            notes = self.res.notes_in_order(doc, series.id)
            if not notes:
                continue
            self.out.append(rf"{{\ednotesize\edseries{{{escape(series.name)}}}" "\n")
            for note in notes:
                self.expected["endnotes"] += 1
                self.out.append(rf"\edendnote{{{escape(note.mark)}}}"
                                rf"{{{self.note_blocks(note.blocks)}}}" "\n")
            self.out.append("}\n")
        listed = [e for e in self.res.apparatus.get(doc.id, []) if e.anchor not in self.keyed]
        if listed:
            self.out.append(r"{\ednotesize\edseries{Textual apparatus}" "\n")
            for e in listed:
                self.expected["listed"] += 1
                where = escape(self.model.where(e.place))
                self.out.append(rf"\edlist{{{where}}}{{{escape(e.lemma or '—')}]"
                                rf" {self.reading(e)}}}" "\n")
            self.out.append("}\n")

    def front(self) -> None:
        ed = self.ed
        editors = ", ".join(name for name, _ in ed.editors)
        self.out.append(
            "\\begin{titlepage}\\centering\n"
            rf"\vspace*{{30mm}}{{\fontsize{{22}}{{26}}\selectfont {escape(ed.title)}\par}}"
            "\n\\vspace{8mm}"
            + (rf"{{\itshape {escape(ed.subtitle)}\par}}\vspace{{18mm}}" if ed.subtitle else "")
            + rf"{{\scshape Edited by {escape(editors)}\par}}"
            + (rf"\vfill {escape(ed.publisher)}\par" if ed.publisher else "")
            + "\n\\end{titlepage}\n")
        imprint = [rf"\textbf{{{escape(ed.title)}}}",
                   escape("; ".join(f"{n} ({r})" for n, r in ed.editors)),
                   escape(f"Licence: {ed.licence}"),
                   "Set in Latin Modern with pdf\\LaTeX{} and reledmac."]
        self.out.append("\\null\\vfill{\\footnotesize\\noindent "
                        + "\\par\\smallskip\\noindent ".join(imprint) + "\\par}\n")
        self.out.append("\\tableofcontents\n")
        for section in ed.front_matter:
            self.out.append(rf"\edfrontheading{{{escape(section.title)}}}" "\n"
                            + "\n\n".join(self.loose(section.blocks)) + "\n")
        if ed.abbreviations:
            rows = "".join(rf"\textsc{{{escape(a)}}} & {escape(x)}\\" "\n"
                           for a, x in ed.abbreviations)
            self.out.append("\\edfrontheading{Abbreviations}\n\\noindent"
                            f"\\begin{{tabular}}{{@{{}}ll@{{}}}}\n{rows}\\end{{tabular}}\n")
        if ed.persons:
            self.out.append("\\edfrontheading{Persons}\n")
            for p in sorted(ed.persons.values(), key=lambda a: a.sort.casefold()):
                dates = f" ({p.dates})" if p.dates else ""
                self.out.append(rf"\noindent\textbf{{{escape(p.name + dates)}}}\par"
                                rf"\noindent\hangindent=1.2em\hspace*{{1.2em}}"
                                rf"{self.inlines(p.gloss)}\par\smallskip" "\n")

    def volume(self) -> str:
        ed = self.ed
        indexes = "\n".join(rf"\makeindex[name={name},title={INDEX_TITLES[name][1]}]"
                            for name in ed.indexes if name in INDEX_TITLES)
        self.out = [PREAMBLE % {
            **page_size(ed.page_size.source), **MARGINS, "indexes": indexes,
            "package": "" if self.plain else RELEDMAC,
            "variant": PLAIN_MACROS if self.plain else RELEDMAC_MACROS,
        }]
        runtitle = ed.running_title or ed.title
        self.out.append(rf"\newcommand\edruntitle{{{escape(runtitle)}}}" "\n")
        self.out.append("\\begin{document}\n\\frontmatter\n\\pagestyle{myheadings}\n")
        self.front()
        self.out.append("\\mainmatter\n")
        for doc in ed.documents:
            self.document(doc)
        names = [name for name in ed.indexes if name in INDEX_TITLES]
        if names:
            self.out.append("\\edindexes{" + "".join(f"\\printindex[{n}]" for n in names)
                            + "}\n")
        self.out.append("\\end{document}\n")
        return "".join(self.out)


def resolved(src: Path) -> tuple[Any, SimpleNamespace]:
    """The builder's resolved edition and its model module (the one place that imports
    the builder)."""
    from edition import model, present
    from edition.pipeline import load
    from edition.resolve import resolve
    from edition.visit import plain

    builder = SimpleNamespace(**vars(model), plain=plain, where=present.where,
                              dateline=lambda doc: present.document_view(doc).dateline)
    return resolve(load(src)), builder


def write_tex(src: Path, work: Path, plain: bool = False) -> tuple[Path, dict[str, int]]:
    """Write ``work/edition.tex``; return it and the notes it should print, by kind."""
    conv = Converter(*resolved(src), plain=plain)
    work.mkdir(parents=True, exist_ok=True)
    tex = work / TEX
    tex.write_text(conv.volume(), encoding="utf-8")
    return tex, conv.expected


# -- the build -------------------------------------------------------------------------


def _busy_seconds() -> float:
    """CPU seconds all processes of the machine have used since boot (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _timed(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run ``cmd`` under /usr/bin/time -v: its wall seconds, peak RSS in MB and CPU
    seconds (user + system)."""
    stats = cwd / ".time"
    start = time.perf_counter()
    proc = subprocess.run([TIME, "-v", "-o", str(stats), *cmd], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace")
    wall = time.perf_counter() - start
    if proc.returncode:
        tail = "\n".join(proc.stdout.splitlines()[-25:])
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd} (exit {proc.returncode}):\n{tail}")
    text = stats.read_text()

    def number(label: str) -> float:
        return float(re.search(rf"{re.escape(label)}: ([\d.]+)", text).group(1))

    cpu = number("User time (seconds)") + number("System time (seconds)")
    return wall, number("Maximum resident set size (kbytes)") / 1024, cpu


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def run_reledmac(src: Path, work: Path, plain: bool = False) -> dict:
    """Convert ``src`` and build it in ``work`` from scratch: pdflatex twice, makeindex,
    pdflatex. Returns the wall and CPU (user + system) seconds of each step and in all,
    the pages, the peak RSS of each step and overall (MB), the CPU cores other processes
    used meanwhile, and the notes LaTeX typeset against those the converter wrote."""
    if not Path(TIME).exists():
        raise SystemExit(f"{TIME} is missing: apt-get install -y time")
    start = time.perf_counter()
    if work.exists():
        shutil.rmtree(work)
    tex, expected = write_tex(src, work, plain)
    convert = time.perf_counter() - start
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name]
    steps: dict[str, float] = {}
    rss: dict[str, float] = {}
    cpu: dict[str, float] = {}
    busy = _busy_seconds()
    for step in ("pdflatex 1", "pdflatex 2", "makeindex", "pdflatex 3"):
        if step == "makeindex":  # one run per index; they are not timed apart
            runs = [_timed(["makeindex", "-q", idx.name], work)
                    for idx in sorted(work.glob("*.idx"))]
        else:
            runs = [_timed(latex, work)]
        steps[step] = sum(r[0] for r in runs)
        rss[step] = max((r[1] for r in runs), default=0.0)
        cpu[step] = sum(r[2] for r in runs)
    total = sum(steps.values())
    others = (_busy_seconds() - busy - sum(cpu.values())) / total
    log = tex.with_suffix(".log").read_text(encoding="latin-1")
    return {
        "variant": "plain" if plain else "reledmac", "source": str(src),
        "pdf": str(tex.with_suffix(".pdf")), "convert_s": round(convert, 2),
        "steps_s": {k: round(v, 2) for k, v in steps.items()}, "total_s": round(total, 2),
        "cpu_s": {k: round(v, 2) for k, v in cpu.items()},
        "total_cpu_s": round(sum(cpu.values()), 2),
        "pages": _pages(tex.with_suffix(".pdf")), "rss_mb": round(max(rss.values()), 1),
        "rss_mb_steps": {k: round(v, 1) for k, v in rss.items()},
        "other_load_cores": round(max(others, 0.0), 2),
        "typeset": {k: int(v) for k, v in COUNTS.findall(log)}, "written": expected,
        "rerun_warnings": len(re.findall(r"Rerun|may have changed", log)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path, help="edition folder")
    parser.add_argument("outdir", type=Path, help="folder for edition.tex (and the build)")
    parser.add_argument("--plain", action="store_true",
                        help="plain LaTeX footnotes, no reledmac (a lower bound)")
    parser.add_argument("--run", action="store_true",
                        help="build the PDF and print the measurements as JSON")
    args = parser.parse_args(argv)
    if args.run:
        print(json.dumps(run_reledmac(args.src, args.outdir, args.plain), indent=2))
    else:
        tex, expected = write_tex(args.src, args.outdir, args.plain)
        print(f"wrote {tex}: " + ", ".join(f"{v} {k}" for k, v in expected.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
