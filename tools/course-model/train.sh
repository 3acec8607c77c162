#!/usr/bin/env bash
# Reproduces the course model shipped in assets/models/course-gpt2-foca/ (Cap. 6): prepares the
# corpus from the Debian package focalinux-text (GFDL) and pre-trains it with the app's own
# command, seed 1337. Progress and samples go to the log (training.log in the model folder).
# Usage: tools/course-model/train.sh [OUT_DIR]     (build first: mvn -o -q package -DskipTests)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-/tmp/course-gpt2-foca}"
corpus="${CORPUS:-/tmp/focalinux.txt}"
"$here/prepare-corpus.sh" "$corpus"
mkdir -p "$out"
java -jar "${JAR:-$repo/target/companion.jar}" pretrain \
  --corpus "$corpus" --tokenizer bpe:2048 \
  --layers 4 --heads 6 --dim 192 --context 128 \
  --steps 650 --batch 16 --lr 1.5e-3 --seed 1337 --eval-every 50 \
  --corpus-license "GFDL-1.2-only (GNU Free Documentation License 1.2, no \"or any later version\", no invariant sections, as the guide's copyright note states; Guia Foca GNU/Linux, © 1999-2010 Gleydson Mazioli da Silva)" \
  --corpus-source "Debian package focalinux-text (iniciante, intermediário, avançado), prepared by tools/course-model/prepare-corpus.sh" \
  --out "$out" --json 2> >(tee "$out/training.log" >&2)
