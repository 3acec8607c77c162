#!/usr/bin/env python3
"""Writes a GPT-2 as the float32 model file of ggml's examples/gpt-2 (the legacy "ggml" format:
magic, hparams, vocab, tensors), so ggml's own decode can be timed on the same shape as ours.

  gpt2_to_ggml.py --folder FOLDER out.bin        # a Hugging Face GPT-2 folder (model.safetensors + config.json)
  gpt2_to_ggml.py --random-gpt2-small out.bin    # GPT-2 small's shape, random N(0, 0.02) weights

Only numpy; safetensors is parsed by hand (8-byte header length, JSON header, raw little-endian data).
The vocabulary written is the 256 single bytes followed by placeholders: ggml's example tokenizes its
prompt with it, and decode speed does not depend on which ids are decoded.
"""
import argparse
import json
import re
import struct
import sys

import numpy as np

DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        a, b = t["data_offsets"]
        raw = data[a:b]
        if t["dtype"] == "BF16":
            v = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            v = np.frombuffer(raw, dtype=np.dtype(DTYPES[t["dtype"]]).newbyteorder("<")).astype(np.float32)
        out[name] = v.reshape(t["shape"])
    return out


def random_gpt2_small(seed=0):
    rng = np.random.default_rng(seed)
    c, v, p, layers = 768, 50257, 1024, 12
    w = lambda *s: (0.02 * rng.standard_normal(s, dtype=np.float32))
    t = {"wte.weight": w(v, c), "wpe.weight": w(p, c), "ln_f.weight": np.ones(c, np.float32), "ln_f.bias": np.zeros(c, np.float32)}
    for i in range(layers):
        h = f"h.{i}."
        t[h + "ln_1.weight"], t[h + "ln_1.bias"] = np.ones(c, np.float32), np.zeros(c, np.float32)
        t[h + "ln_2.weight"], t[h + "ln_2.bias"] = np.ones(c, np.float32), np.zeros(c, np.float32)
        t[h + "attn.c_attn.weight"], t[h + "attn.c_attn.bias"] = w(c, 3 * c), np.zeros(3 * c, np.float32)
        t[h + "attn.c_proj.weight"], t[h + "attn.c_proj.bias"] = w(c, c), np.zeros(c, np.float32)
        t[h + "mlp.c_fc.weight"], t[h + "mlp.c_fc.bias"] = w(c, 4 * c), np.zeros(4 * c, np.float32)
        t[h + "mlp.c_proj.weight"], t[h + "mlp.c_proj.bias"] = w(4 * c, c), np.zeros(c, np.float32)
    return {"vocab_size": v, "n_positions": p, "n_embd": c, "n_head": 12, "n_layer": layers}, t


def ggml_name(name):
    name = re.sub(r"^transformer\.", "", name)
    fixed = {"ln_f.weight": "model/ln_f/g", "ln_f.bias": "model/ln_f/b", "wte.weight": "model/wte", "wpe.weight": "model/wpe"}
    if name in fixed:
        return fixed[name]
    m = re.match(r"h\.(\d+)\.(ln_1|ln_2|attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)\.(weight|bias)$", name)
    if not m:
        return None
    part = m.group(2).replace(".", "/")
    kind = m.group(3)
    suffix = ("g" if kind == "weight" else "b") if part.startswith("ln") else ("w" if kind == "weight" else "b")
    return f"model/h{m.group(1)}/{part}/{suffix}"


def main():
    ap = argparse.ArgumentParser()
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--folder")
    src.add_argument("--random-gpt2-small", action="store_true")
    ap.add_argument("out")
    a = ap.parse_args()
    if a.folder:
        with open(a.folder + "/config.json") as f:
            hp = json.load(f)
        tensors = read_safetensors(a.folder + "/model.safetensors")
    else:
        hp, tensors = random_gpt2_small()
    with open(a.out, "wb") as f:
        f.write(struct.pack("<iiiiiii", 0x67676D6C, hp["vocab_size"], hp["n_positions"], hp["n_embd"], hp["n_head"],
                            hp["n_layer"], 0))  # ftype 0: float32
        f.write(struct.pack("<i", hp["vocab_size"]))
        for i in range(hp["vocab_size"]):
            tok = bytes([i]) if i < 256 else f"<{i}>".encode()
            f.write(struct.pack("<i", len(tok)))
            f.write(tok)
        for name, data in tensors.items():
            g = ggml_name(name)
            if g is None:
                continue  # attn.bias / masked_bias buffers
            # ggml's 2-D weights are ne = (in, out), i.e. numpy [out, in]; HF's Conv1D stores [in, out].
            if data.ndim == 2 and g not in ("model/wte", "model/wpe"):
                data = data.T
            data = np.ascontiguousarray(data, dtype=np.float32)
            encoded = g.encode()
            f.write(struct.pack("<iii", data.ndim, len(encoded), 0))
            for d in reversed(data.shape):
                f.write(struct.pack("<i", d))
            f.write(encoded)
            data.tofile(f)
    print(f"wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
