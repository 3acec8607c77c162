#!/usr/bin/env bash
# Builds the course model's corpus from the Debian package focalinux-text (Guia Foca GNU/Linux,
# Gleydson Mazioli da Silva; the guides' own copyright note says GFDL 1.2 — Debian's copyright file, from 2006,
# still quotes 1.1): the three guides (iniciante, intermediário, avançado) as
# plain text, converted from ISO-8859-1 to UTF-8, indentation and runs of spaces removed, at most
# one blank line in a row. The text itself is not committed: this script reproduces it.
# Usage: tools/course-model/prepare-corpus.sh OUT.txt   (needs root or sudo for apt-get)
set -euo pipefail
out="${1:?usage: prepare-corpus.sh OUT.txt}"
if ! dpkg -s focalinux-text >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq focalinux-text
fi
for level in iniciante intermediario avancado; do
  zcat "/usr/share/doc/focalinux/text/$level/index.txt.gz" | iconv -f ISO-8859-1 -t UTF-8
  printf '\n\n'
done | sed -e 's/\r$//' -e 's/^[[:space:]]\+//' -e 's/[[:space:]]\+$//' -e 's/  \+/ /g' | cat -s > "$out"
echo "corpus: $out ($(wc -c < "$out") bytes, sha256 $(sha256sum "$out" | cut -d' ' -f1))" >&2
