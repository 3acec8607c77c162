#!/usr/bin/env python3
"""Tiny GPT-2 fixtures for the Java tests, with an independent reference forward pass.

Writes three Hugging Face-style folders under src/test/resources/fixtures/:
  gpt2-tiny           float32, names as real HF gpt2 checkpoints (h.0.attn.c_attn.weight, wte.weight)
  gpt2-tiny-bf16      the same weights rounded to bfloat16 (dtype BF16 in the file)
  gpt2-tiny-prefixed  float32 with the `transformer.` prefix, an explicit lm_head.weight and the
                      attn.bias / attn.masked_bias buffers older exports carry
Each has config.json and tokenizer.json (a byte-level BPE trained here on a few sentences, same
format and pre-tokenizer as GPT-2's). expected.json holds logits computed in float64 by the plain
torch GPT-2 below (no transformers, no safetensors packages: the format is written by hand).

Run from the repository root:  /usr/bin/python3 src/test/python/make_gpt2_fixture.py
"""
import json
import math
import os
import re
import struct

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures")

N_LAYER, N_HEAD, N_EMBD, N_POSITIONS, N_MERGES = 2, 4, 64, 128, 63
EPS = 1e-5

# ----------------------------------------------------------------------------- tokenizer
def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable unicode characters."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return bs, [chr(c) for c in cs]


BYTE_ORDER, BYTE_CHARS = bytes_to_unicode()
BYTE_TO_CHAR = dict(zip(BYTE_ORDER, BYTE_CHARS))
# GPT-2's pre-tokenizer pattern restricted to ASCII letters/digits (the corpus and test texts are ASCII).
PATTERN = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")

CORPUS = (
    "Transformers are models that learn which tokens attend to which. "
    "The model reads the prompt and then predicts the next token. "
    "Large language models rely on attention mechanisms. "
    "A cute teddy bear is reading a book. "
    "The students read the book and the teacher reads the notes. "
    "Sampling with temperature and top-p changes the text that the model writes. "
) * 3


def words(text):
    return ["".join(BYTE_TO_CHAR[b] for b in w.encode("utf-8")) for w in PATTERN.findall(text)]


def train_merges(text, n):
    counts = {}
    for w in words(text):
        counts[tuple(w)] = counts.get(tuple(w), 0) + 1
    merges = []
    for _ in range(n):
        pairs = {}
        for w, c in counts.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + c
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]
        merges.append(best)
        merged = {}
        for w, c in counts.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1])
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + c
        counts = merged
    return merges


def bpe_encode(text, vocab, merges):
    rank = {m: i for i, m in enumerate(merges)}
    ids = []
    for w in words(text):
        parts = list(w)
        while len(parts) > 1:
            pairs = [(rank.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
            r, i = min(pairs)
            if r == 1 << 30:
                break
            parts = parts[:i] + [parts[i] + parts[i + 1]] + parts[i + 2:]
        ids.extend(vocab[p] for p in parts)
    return ids


def tokenizer_json(vocab, merges, eos_id):
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": eos_id, "content": "<|endoftext|>", "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": True, "special": True}],
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": [a + " " + b for a, b in merges]},
    }

# ----------------------------------------------------------------------------- weights
def make_weights(vocab_size):
    g = torch.Generator().manual_seed(20261122)

    def rnd(*shape, std):
        return (torch.randn(*shape, generator=g, dtype=torch.float64) * std).float()

    w = {
        "wte.weight": rnd(vocab_size, N_EMBD, std=0.5),
        "wpe.weight": rnd(N_POSITIONS, N_EMBD, std=0.2),
        "ln_f.weight": 1 + rnd(N_EMBD, std=0.1),
        "ln_f.bias": rnd(N_EMBD, std=0.1),
    }
    for l in range(N_LAYER):
        p = f"h.{l}."
        # Conv1D stores weight as [in, out]: y = x @ W + b
        w[p + "ln_1.weight"] = 1 + rnd(N_EMBD, std=0.1)
        w[p + "ln_1.bias"] = rnd(N_EMBD, std=0.1)
        w[p + "attn.c_attn.weight"] = rnd(N_EMBD, 3 * N_EMBD, std=0.25)
        w[p + "attn.c_attn.bias"] = rnd(3 * N_EMBD, std=0.1)
        w[p + "attn.c_proj.weight"] = rnd(N_EMBD, N_EMBD, std=0.15)
        w[p + "attn.c_proj.bias"] = rnd(N_EMBD, std=0.1)
        w[p + "ln_2.weight"] = 1 + rnd(N_EMBD, std=0.1)
        w[p + "ln_2.bias"] = rnd(N_EMBD, std=0.1)
        w[p + "mlp.c_fc.weight"] = rnd(N_EMBD, 4 * N_EMBD, std=0.15)
        w[p + "mlp.c_fc.bias"] = rnd(4 * N_EMBD, std=0.1)
        w[p + "mlp.c_proj.weight"] = rnd(4 * N_EMBD, N_EMBD, std=0.1)
        w[p + "mlp.c_proj.bias"] = rnd(N_EMBD, std=0.1)
    return w


def to_bf16_exact(t):
    """Round to bfloat16 (nearest even) and back to float, so the reference sees what the file holds."""
    return t.to(torch.bfloat16).to(torch.float32)

# ----------------------------------------------------------------------------- reference GPT-2
def layer_norm(x, w, b):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + EPS) * w + b


def gelu_new(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def forward(w, ids):
    """Plain GPT-2 in float64. Returns logits (T, V) and attention probs per layer (H, T, T)."""
    W = {k: v.double() for k, v in w.items()}
    T = len(ids)
    hd = N_EMBD // N_HEAD
    x = W["wte.weight"][ids] + W["wpe.weight"][:T]
    mask = torch.ones(T, T).tril().bool()
    probs = []
    for l in range(N_LAYER):
        p = f"h.{l}."
        h = layer_norm(x, W[p + "ln_1.weight"], W[p + "ln_1.bias"])
        qkv = h @ W[p + "attn.c_attn.weight"] + W[p + "attn.c_attn.bias"]
        q, k, v = qkv.split(N_EMBD, dim=-1)
        q, k, v = (t.view(T, N_HEAD, hd).transpose(0, 1) for t in (q, k, v))
        att = q @ k.transpose(-1, -2) / math.sqrt(hd)
        att = att.masked_fill(~mask, float("-inf")).softmax(-1)
        probs.append(att)
        y = (att @ v).transpose(0, 1).reshape(T, N_EMBD)
        x = x + y @ W[p + "attn.c_proj.weight"] + W[p + "attn.c_proj.bias"]
        h = layer_norm(x, W[p + "ln_2.weight"], W[p + "ln_2.bias"])
        h = gelu_new(h @ W[p + "mlp.c_fc.weight"] + W[p + "mlp.c_fc.bias"])
        x = x + h @ W[p + "mlp.c_proj.weight"] + W[p + "mlp.c_proj.bias"]
    x = layer_norm(x, W["ln_f.weight"], W["ln_f.bias"])
    return x @ W["wte.weight"].T, probs


def greedy(w, ids, n):
    ids = list(ids)
    margins = []
    for _ in range(n):
        logits, _ = forward(w, ids)
        top2 = logits[-1].topk(2).values
        margins.append(float(top2[0] - top2[1]))
        ids.append(int(logits[-1].argmax()))
    return ids, min(margins)

# ----------------------------------------------------------------------------- files
def write_safetensors(path, tensors, dtype):
    """Safetensors by hand: u64 little-endian header length, JSON header, raw little-endian data."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        t = t.contiguous()
        if t.dtype == torch.bool or name.endswith("attn.bias") and dtype == "BOOL":
            raw, dt = t.to(torch.uint8).numpy().tobytes(), "BOOL"
        elif dtype == "BF16":
            raw, dt = t.to(torch.bfloat16).view(torch.int16).numpy().astype("<i2").tobytes(), "BF16"
        else:
            raw, dt = t.to(torch.float32).numpy().astype("<f4").tobytes(), "F32"
        header[name] = {"dtype": dt, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)  # the format pads the header to 8 bytes with spaces
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def config(vocab_size, eos):
    return {
        "activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1,
        "bos_token_id": eos, "eos_token_id": eos, "embd_pdrop": 0.1, "initializer_range": 0.02,
        "layer_norm_epsilon": EPS, "model_type": "gpt2", "n_ctx": N_POSITIONS, "n_embd": N_EMBD,
        "n_head": N_HEAD, "n_inner": None, "n_layer": N_LAYER, "n_positions": N_POSITIONS,
        "resid_pdrop": 0.1, "summary_first_dropout": 0.1, "tie_word_embeddings": True, "vocab_size": vocab_size,
    }


def round_list(t, digits=6):
    return [round(float(v), digits) for v in t.flatten()]


def main():
    merges = train_merges(CORPUS, N_MERGES)
    vocab = {c: i for i, c in enumerate(BYTE_CHARS)}
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    eos = len(vocab)
    vocab["<|endoftext|>"] = eos
    vocab_size = len(vocab)
    tok = tokenizer_json(vocab, merges, eos)

    w32 = make_weights(vocab_size)
    w16 = {k: to_bf16_exact(v) for k, v in w32.items()}

    prompt = "Transformers are models that"
    prompt_ids = bpe_encode(prompt, vocab, merges)
    long_text = "The model reads the prompt and then predicts the next token."
    long_ids = bpe_encode(long_text, vocab, merges)

    logits32, probs32 = forward(w32, prompt_ids)
    logits16, _ = forward(w16, prompt_ids)
    long_logits, _ = forward(w32, long_ids)
    greedy_ids, margin = greedy(w32, prompt_ids, 24)
    assert margin > 1e-3, f"greedy margin too small for a float32 comparison: {margin}"
    full = list(range(N_POSITIONS))  # every position: exercises the whole wpe table
    full_ids = [(7 * i + 3) % vocab_size for i in full]
    full_logits, _ = forward(w32, full_ids)

    expected = {
        "note": "float64 reference from src/test/python/make_gpt2_fixture.py; logits rounded to 6 decimals",
        "prompt": prompt, "prompt_ids": prompt_ids,
        "logits_all_positions": [round_list(r) for r in logits32],
        "logits_bf16_all_positions": [round_list(r) for r in logits16],
        "attention_layer1_head2": [round_list(r) for r in probs32[1][2]],
        "text": long_text, "text_ids": long_ids, "text_last_logits": round_list(long_logits[-1]),
        "greedy_new_tokens": 24, "greedy_ids": greedy_ids, "greedy_min_margin": margin,
        "full_window_ids": full_ids, "full_window_last_logits": round_list(full_logits[-1]),
        "unique_parameters": sum(v.numel() for v in w32.values()),
    }

    def folder(name):
        d = os.path.join(ROOT, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(config(vocab_size, eos), f, indent=2)
        with open(os.path.join(d, "tokenizer.json"), "w") as f:
            json.dump(tok, f, ensure_ascii=False, separators=(",", ":"))
        return d

    d = folder("gpt2-tiny")
    write_safetensors(os.path.join(d, "model.safetensors"), w32, "F32")
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))

    d = folder("gpt2-tiny-bf16")
    write_safetensors(os.path.join(d, "model.safetensors"), w32, "BF16")

    d = folder("gpt2-tiny-prefixed")
    prefixed = {}
    causal = torch.ones(N_POSITIONS, N_POSITIONS).tril().view(1, 1, N_POSITIONS, N_POSITIONS)
    for k, v in w32.items():
        prefixed["transformer." + k] = v
        if k.endswith("attn.c_attn.weight"):
            base = "transformer." + k[: -len("c_attn.weight")]
            prefixed[base + "bias"] = causal
            prefixed[base + "masked_bias"] = torch.tensor(-1e4)
    prefixed["lm_head.weight"] = w32["wte.weight"]
    write_safetensors(os.path.join(d, "model.safetensors"), prefixed, "F32")
    print("vocab", vocab_size, "prompt ids", prompt_ids, "greedy", greedy_ids[len(prompt_ids):], "margin", margin)


if __name__ == "__main__":
    main()
