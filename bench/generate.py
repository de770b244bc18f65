"""Write a synthetic edition for the benchmarks: ``python bench/generate.py N OUT [--seed S]``.

A thin wrapper around :func:`edition.synthetic.generate` with one long (about three-page)
page-foot note every 40 documents. The output is deterministic from N and the seed.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
from pathlib import Path

from edition import synthetic

LONG_NOTE_EVERY = 40
DONE = ".generated"  # marker written last: a folder without it is incomplete


def generator_hash() -> str:
    """A short hash of the generator's source, so a cached edition follows its changes."""
    return hashlib.sha256(Path(synthetic.__file__).read_bytes()).hexdigest()[:10]


def generate(documents: int, out: Path, seed: int = 1) -> Path:
    """Write the edition into ``out`` (emptied first if it holds a generated edition)."""
    if out.exists():
        if not (out / "edition.yaml").is_file() and any(out.iterdir()):
            raise SystemExit(f"{out} is not empty and holds no edition; not touching it")
        shutil.rmtree(out)
    synthetic.generate(out, documents, seed=seed, long_note_every=LONG_NOTE_EVERY)
    (out / DONE).write_text(f"{documents} {seed} {generator_hash()}\n", encoding="utf-8")
    return out


def cached(documents: int, work: Path, seed: int = 1) -> Path:
    """The edition of ``documents`` documents under ``work``, generated once per generator
    version."""
    out = work / f"edition-{documents}-s{seed}-{generator_hash()}"
    if not (out / DONE).is_file():
        generate(documents, out, seed)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", type=int, help="number of documents")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    out = generate(args.documents, args.out, args.seed)
    print(f"wrote {args.documents} documents to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
