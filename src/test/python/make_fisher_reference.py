#!/usr/bin/python3
"""Float64 reference of the compression lab's Fisher sensitivity on the tiny Llama-family fixtures.

For each calibration text n, g_n is the gradient of the mean next-token cross-entropy with respect
to every linear weight; a linear scores F = (1/N) sum_n mean(g_n ** 2) (seed 004, Cap. 6.6). The
forward passes are the float64 ones of make_llama_family_fixtures.py (written from Hugging Face's
modeling files), run on the weights the fixture's model.safetensors holds. Debian's torch only:

    /usr/bin/python3 src/test/python/make_fisher_reference.py src/test/resources/fixtures

writes fisher-reference.json next to the fixtures; lesson.compress / train tests read it.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_llama_family_fixtures import llama_forward, phi_forward  # noqa: E402

TEXTS = [[1, 17, 42, 99, 3, 250, 7, 128, 64, 5, 200, 31], [258, 65, 66, 67, 32, 100, 101, 102, 10, 44]]
FIXTURES = {"qwen2-tiny": llama_forward, "llama-tiny-untied": llama_forward, "phi-tiny": phi_forward}
LINEARS = ("q_proj.weight", "k_proj.weight", "v_proj.weight", "o_proj.weight", "gate_proj.weight", "up_proj.weight",
           "down_proj.weight", "dense.weight", "fc1.weight", "fc2.weight")


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        assert info["dtype"] == "F32", info["dtype"]
        a = np.frombuffer(data[start:end], dtype="<f4").reshape(info["shape"])
        out[name] = torch.from_numpy(a.astype(np.float64))
    return out


def fisher(cfg, forward, w):
    names = [k for k in w if k.endswith(LINEARS) and k.startswith("model.layers.")]
    sums = {k: 0.0 for k in names}
    for ids in TEXTS:
        leaves = {k: v.clone().requires_grad_(k in sums) for k, v in w.items()}
        logits = forward(cfg, leaves, ids)
        loss = torch.nn.functional.cross_entropy(logits[:-1], torch.tensor(ids[1:]))
        grads = torch.autograd.grad(loss, [leaves[k] for k in names])
        for k, g in zip(names, grads):
            sums[k] += float(g.pow(2).mean())
    return {k[len("model."):]: v / len(TEXTS) for k, v in sums.items()}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/fixtures"
    out = {"texts": TEXTS, "note": "float64 autograd of make_fisher_reference.py", "fixtures": {}}
    for name, forward in FIXTURES.items():
        folder = os.path.join(root, name)
        with open(os.path.join(folder, "config.json")) as f:
            cfg = json.load(f)
        w = read_safetensors(os.path.join(folder, "model.safetensors"))
        scores = fisher(cfg, forward, w)
        out["fixtures"][name] = {k: float("%.9g" % v) for k, v in scores.items()}
        print(name, len(scores), "linears, e.g.", next(iter(scores.items())))
    with open(os.path.join(root, "fisher-reference.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
