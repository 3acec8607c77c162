#!/usr/bin/env python3
"""Writes a float32 GGUF with random weights in the shape of a model `companion bench decode` builds
in memory (--random-gpt2-small, --random-qwen2.5-0.5b), so llama.cpp's llama-bench can decode the
same shape in the same run. Only speed is compared: the weights are N(0, 0.02), the vocabulary is
llama.cpp's "none" tokenizer of the right size (llama-bench draws random token ids).

    python3 tools/peers/random_gguf.py --llama-cpp LLAMA_CPP_SOURCE --shape gpt2-small OUT.gguf

Needs numpy and the gguf-py package of the llama.cpp checkout (found through --llama-cpp). Tensors
are written one at a time, so memory stays near one tensor (Qwen2.5-0.5B is 2 GB in float32).
"""
import argparse
import sys
import types
from pathlib import Path

import numpy as np

# The shapes of the app's built-in configs (KnownConfigs / Gpt2.Config.small()).
SHAPES = {
    "gpt2-small": dict(arch="gpt2", vocab=50257, ctx=1024, embd=768, layers=12, heads=12, kv_heads=12, ff=3072),
    "qwen2.5-0.5b": dict(arch="qwen2", vocab=151936, ctx=32768, embd=896, layers=24, heads=14, kv_heads=2, ff=4864,
                         rope_base=1000000.0, rms_eps=1e-6),
}


def tensors(s):
    """(name, numpy shape) in llama.cpp's names; numpy shapes are ggml's ne reversed ([out, in])."""
    e, f, v = s["embd"], s["ff"], s["vocab"]
    kv = e // s["heads"] * s["kv_heads"]
    yield "token_embd.weight", (v, e)
    if s["arch"] == "gpt2":
        yield "position_embd.weight", (s["ctx"], e)
    for i in range(s["layers"]):
        b = f"blk.{i}."
        yield b + "attn_norm.weight", (e,)
        if s["arch"] == "gpt2":
            yield b + "attn_norm.bias", (e,)
            yield b + "attn_qkv.weight", (3 * e, e)
            yield b + "attn_qkv.bias", (3 * e,)
            yield b + "attn_output.weight", (e, e)
            yield b + "attn_output.bias", (e,)
            yield b + "ffn_norm.weight", (e,)
            yield b + "ffn_norm.bias", (e,)
            yield b + "ffn_up.weight", (f, e)
            yield b + "ffn_up.bias", (f,)
            yield b + "ffn_down.weight", (e, f)
            yield b + "ffn_down.bias", (e,)
        else:
            for n, rows in (("q", e), ("k", kv), ("v", kv)):
                yield b + f"attn_{n}.weight", (rows, e)
                yield b + f"attn_{n}.bias", (rows,)
            yield b + "attn_output.weight", (e, e)
            yield b + "ffn_norm.weight", (e,)
            yield b + "ffn_gate.weight", (f, e)
            yield b + "ffn_up.weight", (f, e)
            yield b + "ffn_down.weight", (e, f)
    yield "output_norm.weight", (e,)
    if s["arch"] == "gpt2":
        yield "output_norm.bias", (e,)
        yield "output.weight", (v, e)  # llama.cpp's GPT-2 wants its own copy of the tied lm_head
    # Qwen2.5-0.5B ties lm_head to token_embd: no output.weight, llama.cpp reuses the embedding.


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--llama-cpp", required=True, type=Path, help="llama.cpp source checkout (for gguf-py)")
    p.add_argument("--shape", required=True, choices=sorted(SHAPES))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("out", type=Path)
    a = p.parse_args()
    sys.path.insert(0, str(a.llama_cpp / "gguf-py"))
    try:
        import sentencepiece  # noqa: F401
    except ImportError:  # gguf-py imports it for tokenizers we do not write; a stand-in is enough
        stub = types.ModuleType("sentencepiece")
        stub.SentencePieceProcessor = None
        sys.modules["sentencepiece"] = stub
    import gguf

    s = SHAPES[a.shape]
    w = gguf.GGUFWriter(a.out, s["arch"])
    w.add_name(f"random {a.shape}")
    w.add_context_length(s["ctx"])
    w.add_embedding_length(s["embd"])
    w.add_block_count(s["layers"])
    w.add_feed_forward_length(s["ff"])
    w.add_head_count(s["heads"])
    w.add_head_count_kv(s["kv_heads"])
    if s["arch"] == "gpt2":
        w.add_layer_norm_eps(1e-5)
    else:
        w.add_layer_norm_rms_eps(s["rms_eps"])
        w.add_rope_freq_base(s["rope_base"])
    w.add_vocab_size(s["vocab"])
    w.add_tokenizer_model("none")
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    shapes = list(tensors(s))
    for name, shape in shapes:
        w.add_tensor_info(name, shape, np.dtype(np.float32), int(np.prod(shape)) * 4)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    rng = np.random.default_rng(a.seed)
    for name, shape in shapes:
        if name.endswith("norm.weight"):
            t = np.ones(shape, dtype=np.float32)
        elif name.endswith(".bias"):
            t = np.zeros(shape, dtype=np.float32)
        else:
            t = (rng.standard_normal(shape, dtype=np.float32) * 0.02).astype(np.float32)
        w.write_tensor_data(t)
    w.close()
    print(f"{a.out}: {a.shape}, {sum(int(np.prod(sh)) for _, sh in shapes):,} float32 values")


if __name__ == "__main__":
    main()
