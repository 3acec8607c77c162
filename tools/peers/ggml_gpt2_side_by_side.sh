#!/usr/bin/env bash
# ggml (the library under llama.cpp, same CPU kernels: Q8_0, Q4_0) against `companion bench decode`
# on GPT-2 small's shape with random weights, in the same run: rounds alternate the two so a shared
# machine's drift hits both. Prints one JSON line per measurement and the ratios at the end.
#
#   tools/peers/ggml_gpt2_side_by_side.sh GGML_SOURCE_DIR WORK_DIR [ROUNDS] [COMPANION...]
#
# GGML_SOURCE_DIR: a checkout of https://github.com/ggml-org/ggml (built here into WORK_DIR/build,
# nothing is written into the checkout). COMPANION defaults to `java --add-modules jdk.incubator.vector -jar target/companion.jar`.
# Needs cmake, a C/C++ compiler, python3 with numpy, jq.
set -euo pipefail
src=$(realpath "$1"); work=$(realpath -m "$2"); rounds=${3:-2}; shift $(( $# < 3 ? $# : 3 ))
companion=("$@"); [ ${#companion[@]} -eq 0 ] && companion=(java --add-modules jdk.incubator.vector -jar target/companion.jar)
here=$(dirname "$(realpath "$0")")
threads=${THREADS:-2}
mkdir -p "$work"
if [ ! -x "$work/build/bin/gpt-2-backend" ]; then
  cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DGGML_OPENMP=ON > "$work/cmake.log"
  cmake --build "$work/build" -j "$threads" --target gpt-2-backend gpt-2-quantize > "$work/build.log"
fi
[ -f "$work/gpt2-f32.bin" ] || python3 "$here/gpt2_to_ggml.py" --random-gpt2-small "$work/gpt2-f32.bin"
for q in q8_0 q4_0; do
  [ -f "$work/gpt2-$q.bin" ] || "$work/build/bin/gpt-2-quantize" "$work/gpt2-f32.bin" "$work/gpt2-$q.bin" "$q" > "$work/quantize-$q.log"
done
export OMP_WAIT_POLICY=PASSIVE
results="$work/results.jsonl"; : > "$results"
for r in $(seq 1 "$rounds"); do
  for q in f32 q8_0 q4_0; do
    # "predict time = T ms / X ms per token" (prompt tokens included, as in our tokens/s)
    ms=$("$work/build/bin/gpt-2-backend" -m "$work/gpt2-$q.bin" -t "$threads" -n 64 -p "hello world" 2>/dev/null \
      | sed -n 's/.*predict time = .* \/ *\([0-9.]*\) ms per token.*/\1/p')
    echo "{\"round\":$r,\"peer\":\"ggml\",\"format\":\"$q\",\"tokens_per_s\":$(python3 -c "print(1000/$ms)")}" | tee -a "$results"
  done
  "${companion[@]}" bench decode --random-gpt2-small --format fp32,int8,int4,nf4 --lm-head int8 --tokens 64 --repeat 1 \
    --quality-tokens 0 --json 2>/dev/null \
    | jq -c --argjson r "$r" '.runs[] | {round:$r, peer:"companion", format:(.format + (if .format=="fp32" then " " + .decode_path else "" end)), tokens_per_s:.tokens_per_s_cache}' \
    | tee -a "$results"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/side_by_side_summary.py" "$results" ggml
