#!/usr/bin/env bash
# llama.cpp's llama-bench against `companion bench decode` on the same shape with random weights, in
# the same run: rounds alternate the two sides so a shared machine's drift hits both. Prints one JSON
# line per measurement, then medians and same-run ratios (tools/peers/side_by_side_summary.py).
#
#   tools/peers/llama_cpp_side_by_side.sh LLAMA_CPP_SOURCE WORK_DIR SHAPE [ROUNDS] [COMPANION...]
#
# SHAPE: gpt2-small or qwen2.5-0.5b (our --random-gpt2-small / --random-qwen2.5-0.5b). LLAMA_CPP_SOURCE:
# a checkout of https://github.com/ggml-org/llama.cpp, built here into WORK_DIR/build (only llama-bench
# and llama-quantize; nothing is written into the checkout). COMPANION defaults to
# `java --add-modules jdk.incubator.vector -jar target/companion.jar` (the module must be given here: with
# OMP_WAIT_POLICY already set the app does not start itself again, which is what adds it). Needs cmake, a C/C++ compiler, python3 with numpy, jq.
# Both sides: THREADS (default 2) threads, OMP_WAIT_POLICY=PASSIVE (what the app sets for libtorch),
# TOKENS (default 64) new tokens; llama-bench's tg test starts from an empty context, ours after 8 tokens.
set -euo pipefail
src=$(realpath "$1"); work=$(realpath -m "$2"); shape=$3; rounds=${4:-3}; shift $(( $# < 4 ? $# : 4 ))
companion=("$@"); [ ${#companion[@]} -eq 0 ] && companion=(java --add-modules jdk.incubator.vector -jar target/companion.jar)
here=$(dirname "$(realpath "$0")")
threads=${THREADS:-2}; tokens=${TOKENS:-64}
# Our formats are compared in one process per group; each format holds its own copy of the model, and four
# float32 copies of Qwen2.5-0.5B (2 GB each) got the JVM killed for memory on a shared 23 GB machine.
case "$shape" in
  gpt2-small) ours=--random-gpt2-small; groups=${GROUPS_OF_FORMATS:-fp32,int8,int4,nf4} ;;
  qwen2.5-0.5b) ours=--random-qwen2.5-0.5b; groups=${GROUPS_OF_FORMATS:-fp32,int8 int4,nf4} ;;
  *) echo "unknown shape $shape (gpt2-small, qwen2.5-0.5b)" >&2; exit 2 ;;
esac
mkdir -p "$work"
if [ ! -x "$work/build/bin/llama-bench" ] || [ ! -x "$work/build/bin/llama-quantize" ]; then
  cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DGGML_OPENMP=ON -DLLAMA_CURL=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF > "$work/cmake.log"
  cmake --build "$work/build" -j "$threads" --target llama-bench llama-quantize > "$work/build.log"
fi
[ -f "$work/$shape-f32.gguf" ] || python3 "$here/random_gguf.py" --llama-cpp "$src" --shape "$shape" "$work/$shape-f32.gguf"
for q in q8_0 q4_0; do
  [ -f "$work/$shape-$q.gguf" ] || "$work/build/bin/llama-quantize" "$work/$shape-f32.gguf" "$work/$shape-$q.gguf" "${q^^}" \
    > "$work/quantize-$shape-$q.log"
done
export OMP_WAIT_POLICY=PASSIVE
results="$work/results-$shape.jsonl"; : > "$results"
for r in $(seq 1 "$rounds"); do
  for q in f32 q8_0 q4_0; do
    "$work/build/bin/llama-bench" -m "$work/$shape-$q.gguf" -t "$threads" -p 0 -n "$tokens" -r 1 -o jsonl 2>/dev/null \
      | jq -c --argjson r "$r" --arg q "$q" 'select(.n_gen > 0) | {round:$r, peer:"llama.cpp", format:$q, tokens_per_s:.avg_ts}' \
      | tee -a "$results"
  done
  for g in $groups; do
    "${companion[@]}" bench decode "$ours" --format "$g" --lm-head int8 --tokens "$tokens" --repeat 1 \
      --quality-tokens 0 --json 2>/dev/null \
      | jq -c --argjson r "$r" '.runs[] | {round:$r, peer:"companion", format:(.format + (if .format=="fp32" then " " + .decode_path else "" end)), tokens_per_s:.tokens_per_s_cache}' \
      | tee -a "$results"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/side_by_side_summary.py" "$results" llama.cpp
