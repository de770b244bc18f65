"""Write a synthetic edition for the benchmarks: ``python bench/generate.py N OUT [--seed S]
[--dense]``.

A thin wrapper around :func:`edition.synthetic.generate` with one long (about three-page)
page-foot note every 40 documents; ``--dense`` adds three short page-foot notes to every
paragraph (the "dense" volume: at 300 documents, 5,262 page-foot notes). The output
is deterministic from N, the seed and the density.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
from pathlib import Path

from edition import synthetic

LONG_NOTE_EVERY = 40
DENSE_FOOTNOTES = 3  # extra page-foot notes per paragraph with --dense
DONE = ".generated"  # marker written last: a folder without it is incomplete


def generator_hash() -> str:
    """A short hash of the generator's source, so a cached edition follows its changes."""
    return hashlib.sha256(Path(synthetic.__file__).read_bytes()).hexdigest()[:10]


def generate(documents: int, out: Path, seed: int = 1, dense: bool = False) -> Path:
    """Write the edition into ``out`` (emptied first if it holds a generated edition)."""
    if out.exists():
        if not (out / "edition.yaml").is_file() and any(out.iterdir()):
            raise SystemExit(f"{out} is not empty and holds no edition; not touching it")
        shutil.rmtree(out)
    synthetic.generate(out, documents, seed=seed, long_note_every=LONG_NOTE_EVERY,
                       extra_footnotes=DENSE_FOOTNOTES if dense else 0)
    density = " dense" if dense else ""
    (out / DONE).write_text(f"{documents} {seed}{density} {generator_hash()}\n",
                            encoding="utf-8")
    return out


def cached(documents: int, work: Path, seed: int = 1, dense: bool = False) -> Path:
    """The edition of ``documents`` documents under ``work``, generated once per generator
    version and density."""
    density = "-dense" if dense else ""
    out = work / f"edition-{documents}-s{seed}{density}-{generator_hash()}"
    if not (out / DONE).is_file():
        generate(documents, out, seed, dense)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", type=int, help="number of documents")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--dense", action="store_true",
                        help=f"{DENSE_FOOTNOTES} more short page-foot notes per paragraph")
    args = parser.parse_args(argv)
    out = generate(args.documents, args.out, args.seed, args.dense)
    print(f"wrote {args.documents}{' dense' if args.dense else ''} documents to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
