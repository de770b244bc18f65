"""Record or compare the sha256 sums of the outputs, for refactors that must not change a byte.

    python tools/checksums.py record sums.txt     # build, then write the sums
    python tools/checksums.py compare sums.txt    # build, then compare with them

It builds the sample edition and a generated 100-document edition (``--documents``) into a
temporary folder with ``SOURCE_DATE_EPOCH`` fixed and a cold layout cache, and sums every
output file (PDF, page map, EPUB, handouts). ``compare`` exits 1 and names every file that
differs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1700000000"


def build(source: Path, out: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    subprocess.run([sys.executable, "-m", "edition.cli", "build", str(source), "-o", str(out),
                    "-q"], check=True, env=env, cwd=ROOT)


def sums(documents: int) -> dict[str, str]:
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="edition-sums-") as tmp:
        work = Path(tmp)
        generated = work / f"generated-{documents}"
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(documents),
                        str(generated)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        for name, source in (("sample", ROOT / "source"), (generated.name, generated)):
            target = work / f"out-{name}"
            build(source, target)
            for path in sorted(target.rglob("*")):
                if path.is_file() and ".cache" not in path.parts:
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                    out[f"{name}/{path.relative_to(target)}"] = digest
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--documents", type=int, default=100)
    args = parser.parse_args(argv)
    now = sums(args.documents)
    if args.action == "record":
        args.file.write_text("".join(f"{h}  {n}\n" for n, h in now.items()), encoding="utf-8")
        print(f"recorded {len(now)} sums in {args.file}")
        return 0
    before = dict(reversed(line.split("  ", 1)) for line in
                  args.file.read_text(encoding="utf-8").splitlines() if line)
    changed = sorted(n for n in before.keys() | now.keys() if before.get(n) != now.get(n))
    for name in changed:
        print(f"differs: {name}")
    print(f"{len(now) - len(changed)} of {len(before.keys() | now.keys())} outputs identical")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
