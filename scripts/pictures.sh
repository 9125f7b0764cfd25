#!/usr/bin/env bash
# The README's pictures, drawn by `gradcalc plot` itself: each line `NAME: ARGUMENTS` of
# docs/pictures/pictures.txt becomes DIR/NAME.EXT (default docs/pictures, png).
#
#   scripts/pictures.sh                        # the README's PNGs, into docs/pictures
#   scripts/pictures.sh target/pictures svg    # the same pictures as SVG (or tex) elsewhere
#
# tests/plot_command.rs checks that the committed PNGs are what the command makes now: after
# a change to the pictures, run this, look at them, and commit them.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-docs/pictures}
ext=${2:-png}
cargo build --release --quiet
mkdir -p "$dir"
while IFS= read -r line; do
  case "$line" in '' | '#'*) continue ;; esac
  name=${line%%:*}
  # The arguments are written as in a shell (quoted expressions).
  eval "set -- ${line#*:}"
  target/release/gradcalc "$@" -o "$dir/$name.$ext"
  echo "$dir/$name.$ext"
done <docs/pictures/pictures.txt
