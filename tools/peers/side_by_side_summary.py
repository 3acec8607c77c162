#!/usr/bin/env python3
"""Medians over rounds and same-run ratios (companion ÷ peer) from the JSON lines that the
side-by-side scripts write: {"round", "peer", "format", "tokens_per_s"} per measurement.

    side_by_side_summary.py RESULTS.jsonl PEER_NAME

Peer formats are f32, q8_0 and q4_0; ours are "fp32 libtorch", "fp32 fused java (…)", int8, int4, nf4.
"""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
peer = sys.argv[2]
rounds = len({r["round"] for r in rows})
med = {}
for key in sorted({(r["peer"], r["format"]) for r in rows}):
    values = [r["tokens_per_s"] for r in rows if (r["peer"], r["format"]) == key]
    med[key] = statistics.median(values)
    print(f"  {key[0]:9s} {key[1]:48s} {med[key]:8.2f}   rounds: {' '.join(f'{v:.2f}' for v in values)}")
g = {k[1]: v for k, v in med.items() if k[0] == peer}
c = {k[1]: v for k, v in med.items() if k[0] == "companion"}
fp32 = max(v for k, v in c.items() if k.startswith("fp32"))
print(f"median tokens/s over {rounds} rounds; ratios companion ÷ {peer}:")
print(f"  fp32 (best path) / {peer} F32  = {fp32 / g['f32']:.2f}")
print(f"  int8 / {peer} Q8_0             = {c['int8'] / g['q8_0']:.2f}")
print(f"  int4 / {peer} Q4_0             = {c['int4'] / g['q4_0']:.2f}")
print(f"  nf4  / {peer} Q4_0             = {c['nf4'] / g['q4_0']:.2f}")
# The same ratios round by round (each round runs both sides back to back).
for r in sorted({r["round"] for r in rows}):
    rg = {x["format"]: x["tokens_per_s"] for x in rows if x["round"] == r and x["peer"] == peer}
    rc = {x["format"]: x["tokens_per_s"] for x in rows if x["round"] == r and x["peer"] == "companion"}
    if "f32" in rg and rc:
        best = max(v for k, v in rc.items() if k.startswith("fp32"))
        print(f"  round {r}: fp32/F32 {best / rg['f32']:.2f}  int8/Q8_0 {rc['int8'] / rg['q8_0']:.2f}  "
              f"int4/Q4_0 {rc['int4'] / rg['q4_0']:.2f}  nf4/Q4_0 {rc['nf4'] / rg['q4_0']:.2f}")
