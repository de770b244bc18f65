"""Build the sample edition: ``python build.py`` is ``edition build source/``."""

import sys

from edition.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", "source", *sys.argv[1:]]))
