#!/usr/bin/env bash
# Render pages of a built PDF to PNG to look at them (not a test).
# Usage: tools/look.sh build/<slug>.pdf [first] [last] [dpi]  -> /tmp/look/page-NN.png
set -euo pipefail
pdf=${1:?usage: tools/look.sh file.pdf [first] [last] [dpi]}
first=${2:-1}; last=${3:-6}; dpi=${4:-60}
out=${LOOK_DIR:-/tmp/look}
mkdir -p "$out"
rm -f "$out"/page-*.png
pdftoppm -png -r "$dpi" -f "$first" -l "$last" "$pdf" "$out/page"
ls "$out"/page-*.png
