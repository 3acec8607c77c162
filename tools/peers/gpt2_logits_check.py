"""Loads a GPT-2 folder saved by the app (config.json + model.safetensors) in plain PyTorch and writes
its logits for given token ids, so the app's tests can compare them with its own forward pass.

  /usr/bin/python3 tools/peers/gpt2_logits_check.py --model DIR --ids 5,17,300 --out logits.f32

Writes (T, V) float32 little-endian to --out and prints {"tokens": T, "vocab": V, "argmax": [...]}
on stdout. Independent of the app: its own safetensors reader and GPT-2 (gpt2_torch.py).
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt2_torch import Gpt2, read_safetensors  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--ids", required=True, help="comma-separated token ids")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    cfg = json.load(open(os.path.join(a.model, "config.json")))
    model = Gpt2.from_config(cfg)
    model.load_hf(read_safetensors(os.path.join(a.model, "model.safetensors")))
    model.eval()
    ids = torch.tensor([[int(i) for i in a.ids.split(",")]], dtype=torch.int64)
    with torch.no_grad():
        logits = model(ids)[0]                                                      # (T,V)
    logits.contiguous().numpy().astype("<f4").tofile(a.out)
    print(json.dumps({"tokens": logits.shape[0], "vocab": logits.shape[1],
                      "argmax": logits.argmax(-1).tolist()}))


if __name__ == "__main__":
    main()
