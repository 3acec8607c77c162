#!/usr/bin/python3
"""Tiny random Llama-family and Phi checkpoints in real Hugging Face layouts, with reference logits.

Run with Debian's interpreter (python3-torch, numpy; no transformers, no safetensors package):

    /usr/bin/python3 src/test/python/make_llama_family_fixtures.py src/test/resources/fixtures

Each fixture folder gets config.json, model.safetensors (written by hand: 8-byte little-endian
header length, JSON header, raw little-endian data), sometimes generation_config.json /
tokenizer files, and reference.json with the logits of a fixed id sequence and the greedy
continuation. The forward passes below are written from the semantics of Hugging Face's
modeling_llama.py / modeling_qwen2.py / modeling_smollm3.py / modeling_phi.py (eager attention,
no cache: every step recomputes the whole prefix) and run in float64 so that the Java fp32
forward is checked against an independent, more precise computation.
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch

INPUT_IDS = [1, 17, 42, 99, 3, 250, 7, 128, 64, 5, 200, 31]
GREEDY_STEPS = 8
VOCAB = 272  # 256 byte tokens + 3 special tokens, padded like real checkpoints pad their vocab


# ---------------------------------------------------------------- safetensors, written by hand

def bf16_bits(t):
    """float32 -> bfloat16 bit patterns (round to nearest even), as uint16."""
    u = t.detach().to(torch.float32).contiguous().numpy().view(np.uint32).astype(np.uint64)
    rounded = (u + 0x7FFF + ((u >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def bf16_round(t):
    """The float32 value a bfloat16 copy of t holds (what a BF16 checkpoint stores)."""
    bits = bf16_bits(t).astype(np.uint32) << 16
    return torch.from_numpy(bits.view(np.float32).reshape(tuple(t.shape)).copy())


def write_safetensors(path, tensors, dtype="F32"):
    header = {"__metadata__": {"format": "pt"}}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        if dtype == "BF16":
            raw = bf16_bits(t).astype("<u2").tobytes()
        else:
            raw = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * ((8 - len(head) % 8) % 8)  # the format pads the header with spaces to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for raw in blobs:
            f.write(raw)


def write_sharded(folder, tensors, shards):
    names = list(tensors.keys())
    per = math.ceil(len(names) / shards)
    weight_map = {}
    total = 0
    for s in range(shards):
        part = {n: tensors[n] for n in names[s * per:(s + 1) * per]}
        file = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
        write_safetensors(os.path.join(folder, file), part)
        for n, t in part.items():
            weight_map[n] = file
            total += t.numel() * 4
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)


# ---------------------------------------------------------------- shared pieces

def rms_norm(x, w, eps):
    # HF computes RMSNorm in float32 and casts back; here everything is float64 already.
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdim=True)
    var = (x - mu).pow(2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + eps) * w + b


def inverse_frequencies(cfg, rotary_dim):
    theta = cfg.get("rope_theta", 10000.0)
    inv = 1.0 / (theta ** (torch.arange(0, rotary_dim, 2, dtype=torch.float64) / rotary_dim))
    scaling = cfg.get("rope_scaling")
    if scaling is None:
        return inv
    kind = scaling.get("rope_type", scaling.get("type"))
    factor = scaling["factor"]
    if kind == "linear":
        return inv / factor
    if kind == "llama3":
        low, high = scaling["low_freq_factor"], scaling["high_freq_factor"]
        old_len = scaling["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old_len / low, old_len / high
        wavelen = 2 * math.pi / inv
        out = torch.where(wavelen > low_wavelen, inv / factor, inv)
        smooth = (old_len / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * out / factor + smooth * out
        medium = (wavelen >= high_wavelen) & (wavelen <= low_wavelen)
        return torch.where(medium, smoothed, out)
    raise ValueError(kind)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def apply_rope(x, inv_freq, positions):
    # x: (heads, T, rotary_dim); the HF layout pairs dimension i with i + d/2 (rotate_half).
    freqs = positions[:, None].double() * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    return x * emb.cos() + rotate_half(x) * emb.sin()


def attention(q, k, v, window):
    # q: (H, T, d), k/v: (H_kv, T, d); GQA repeats each kv head for its group of query heads.
    heads, t, d = q.shape
    group = heads // k.shape[0]
    k = k.repeat_interleave(group, dim=0)
    v = v.repeat_interleave(group, dim=0)
    scores = q @ k.transpose(1, 2) / math.sqrt(d)
    qi = torch.arange(t)[:, None]
    ki = torch.arange(t)[None, :]
    allowed = ki <= qi
    if window is not None:
        allowed = allowed & (ki > qi - window)
    scores = scores.masked_fill(~allowed, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v


def linear(x, w, b=None):
    y = x @ w.T
    return y if b is None else y + b


# ---------------------------------------------------------------- Llama family (Llama, Qwen2, SmolLM3)

def embedding(vocab, h, gen):
    # Rows of equal length: with tied heads a long row would win every argmax and greedy
    # decoding would repeat one token, which tests little.
    e = torch.randn(vocab, h, generator=gen, dtype=torch.float64)
    return e / e.norm(dim=1, keepdim=True) * 2.0


def llama_layer_settings(cfg):
    n = cfg["num_hidden_layers"]
    use_rope = [True] * n
    if cfg["model_type"] == "smollm3":
        use_rope = [bool(v) for v in cfg["no_rope_layers"]]
    windows = [None] * n
    if cfg.get("use_sliding_window") and cfg.get("sliding_window") is not None:
        types = cfg.get("layer_types")
        if types is None:
            types = ["sliding_attention" if i >= cfg.get("max_window_layers", 0) else "full_attention"
                     for i in range(n)]
        windows = [cfg["sliding_window"] if types[i] == "sliding_attention" else None for i in range(n)]
    return use_rope, windows


def llama_forward(cfg, w, ids):
    h_dim = cfg["hidden_size"]
    heads = cfg["num_attention_heads"]
    kv_heads = cfg.get("num_key_value_heads", heads)
    d = cfg.get("head_dim") or h_dim // heads
    eps = cfg["rms_norm_eps"]
    use_rope, windows = llama_layer_settings(cfg)
    inv = inverse_frequencies(cfg, d)
    t = len(ids)
    pos = torch.arange(t)
    x = w["model.embed_tokens.weight"][torch.tensor(ids)]
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        a = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = linear(a, w[p + "self_attn.q_proj.weight"], w.get(p + "self_attn.q_proj.bias"))
        k = linear(a, w[p + "self_attn.k_proj.weight"], w.get(p + "self_attn.k_proj.bias"))
        v = linear(a, w[p + "self_attn.v_proj.weight"], w.get(p + "self_attn.v_proj.bias"))
        q = q.view(t, heads, d).transpose(0, 1)
        k = k.view(t, kv_heads, d).transpose(0, 1)
        v = v.view(t, kv_heads, d).transpose(0, 1)
        if use_rope[i]:
            q, k = apply_rope(q, inv, pos), apply_rope(k, inv, pos)
        o = attention(q, k, v, windows[i]).transpose(0, 1).reshape(t, heads * d)
        x = x + linear(o, w[p + "self_attn.o_proj.weight"], w.get(p + "self_attn.o_proj.bias"))
        m = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = linear(m, w[p + "mlp.gate_proj.weight"], w.get(p + "mlp.gate_proj.bias"))
        up = linear(m, w[p + "mlp.up_proj.weight"], w.get(p + "mlp.up_proj.bias"))
        x = x + linear(torch.nn.functional.silu(gate) * up, w[p + "mlp.down_proj.weight"],
                       w.get(p + "mlp.down_proj.bias"))
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w.get("lm_head.weight", w["model.embed_tokens.weight"]) if cfg.get("tie_word_embeddings") \
        else w["lm_head.weight"]
    return x @ head.T


def llama_weights(cfg, gen):
    h = cfg["hidden_size"]
    heads = cfg["num_attention_heads"]
    kv = cfg.get("num_key_value_heads", heads)
    d = cfg.get("head_dim") or h // heads
    inter = cfg["intermediate_size"]
    qkv_bias = cfg["model_type"] == "qwen2" or cfg.get("attention_bias", False)
    o_bias = cfg.get("attention_bias", False)
    mlp_bias = cfg.get("mlp_bias", False)

    def rnd(*shape, std):
        return torch.randn(*shape, generator=gen, dtype=torch.float64) * std

    w = {"model.embed_tokens.weight": embedding(cfg["vocab_size"], h, gen)}
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w[p + "input_layernorm.weight"] = 1.0 + rnd(h, std=0.1)
        w[p + "self_attn.q_proj.weight"] = rnd(heads * d, h, std=h ** -0.5)
        w[p + "self_attn.k_proj.weight"] = rnd(kv * d, h, std=h ** -0.5)
        w[p + "self_attn.v_proj.weight"] = rnd(kv * d, h, std=h ** -0.5)
        w[p + "self_attn.o_proj.weight"] = rnd(h, heads * d, std=(heads * d) ** -0.5)
        if qkv_bias:
            w[p + "self_attn.q_proj.bias"] = rnd(heads * d, std=0.1)
            w[p + "self_attn.k_proj.bias"] = rnd(kv * d, std=0.1)
            w[p + "self_attn.v_proj.bias"] = rnd(kv * d, std=0.1)
        if o_bias:
            w[p + "self_attn.o_proj.bias"] = rnd(h, std=0.1)
        w[p + "post_attention_layernorm.weight"] = 1.0 + rnd(h, std=0.1)
        w[p + "mlp.gate_proj.weight"] = rnd(inter, h, std=h ** -0.5)
        w[p + "mlp.up_proj.weight"] = rnd(inter, h, std=h ** -0.5)
        w[p + "mlp.down_proj.weight"] = rnd(h, inter, std=inter ** -0.5)
        if mlp_bias:
            w[p + "mlp.gate_proj.bias"] = rnd(inter, std=0.1)
            w[p + "mlp.up_proj.bias"] = rnd(inter, std=0.1)
            w[p + "mlp.down_proj.bias"] = rnd(h, std=0.1)
    w["model.norm.weight"] = 1.0 + rnd(h, std=0.1)
    if not cfg.get("tie_word_embeddings", False):
        w["lm_head.weight"] = rnd(cfg["vocab_size"], h, std=h ** -0.5 * 2)
    return w


# ---------------------------------------------------------------- Phi (microsoft/phi-2)

def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def phi_forward(cfg, w, ids):
    h_dim = cfg["hidden_size"]
    heads = cfg["num_attention_heads"]
    kv_heads = cfg.get("num_key_value_heads") or heads
    d = h_dim // heads
    rot = int(d * cfg["partial_rotary_factor"])
    eps = cfg["layer_norm_eps"]
    inv = inverse_frequencies(cfg, rot)
    t = len(ids)
    pos = torch.arange(t)
    x = w["model.embed_tokens.weight"][torch.tensor(ids)]
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        a = layer_norm(x, w[p + "input_layernorm.weight"], w[p + "input_layernorm.bias"], eps)
        q = linear(a, w[p + "self_attn.q_proj.weight"], w[p + "self_attn.q_proj.bias"]).view(t, heads, d).transpose(0, 1)
        k = linear(a, w[p + "self_attn.k_proj.weight"], w[p + "self_attn.k_proj.bias"]).view(t, kv_heads, d).transpose(0, 1)
        v = linear(a, w[p + "self_attn.v_proj.weight"], w[p + "self_attn.v_proj.bias"]).view(t, kv_heads, d).transpose(0, 1)
        # Partial rotary: only the first rot dims of each head turn; the rest pass through.
        q = torch.cat((apply_rope(q[..., :rot], inv, pos), q[..., rot:]), dim=-1)
        k = torch.cat((apply_rope(k[..., :rot], inv, pos), k[..., rot:]), dim=-1)
        o = attention(q, k, v, None).transpose(0, 1).reshape(t, h_dim)
        attn_out = linear(o, w[p + "self_attn.dense.weight"], w[p + "self_attn.dense.bias"])
        mlp_out = linear(gelu_new(linear(a, w[p + "mlp.fc1.weight"], w[p + "mlp.fc1.bias"])),
                         w[p + "mlp.fc2.weight"], w[p + "mlp.fc2.bias"])
        # Parallel block: attention and MLP read the same normed input and add to the residual.
        x = x + attn_out + mlp_out
    x = layer_norm(x, w["model.final_layernorm.weight"], w["model.final_layernorm.bias"], eps)
    return linear(x, w["lm_head.weight"], w["lm_head.bias"])


def phi_weights(cfg, gen):
    h = cfg["hidden_size"]
    inter = cfg["intermediate_size"]
    v = cfg["vocab_size"]

    def rnd(*shape, std):
        return torch.randn(*shape, generator=gen, dtype=torch.float64) * std

    w = {"model.embed_tokens.weight": embedding(v, h, gen)}
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w[p + "input_layernorm.weight"] = 1.0 + rnd(h, std=0.1)
        w[p + "input_layernorm.bias"] = rnd(h, std=0.1)
        for name in ("q_proj", "k_proj", "v_proj", "dense"):
            w[p + f"self_attn.{name}.weight"] = rnd(h, h, std=h ** -0.5)
            w[p + f"self_attn.{name}.bias"] = rnd(h, std=0.1)
        w[p + "mlp.fc1.weight"] = rnd(inter, h, std=h ** -0.5)
        w[p + "mlp.fc1.bias"] = rnd(inter, std=0.1)
        w[p + "mlp.fc2.weight"] = rnd(h, inter, std=inter ** -0.5)
        w[p + "mlp.fc2.bias"] = rnd(h, std=0.1)
    w["model.final_layernorm.weight"] = 1.0 + rnd(h, std=0.1)
    w["model.final_layernorm.bias"] = rnd(h, std=0.1)
    w["lm_head.weight"] = rnd(v, h, std=h ** -0.5 * 2)
    w["lm_head.bias"] = rnd(v, std=0.1)
    return w


# ---------------------------------------------------------------- configs (real HF field names)

def llama_config(tied, rope_scaling):
    return {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama",
        "hidden_size": 64, "intermediate_size": 160, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
        "hidden_act": "silu", "max_position_embeddings": 256, "rms_norm_eps": 1e-5,
        "rope_theta": 10000.0, "rope_scaling": rope_scaling, "attention_bias": False,
        "attention_dropout": 0.0, "mlp_bias": False, "tie_word_embeddings": tied,
        "vocab_size": VOCAB, "bos_token_id": 257, "eos_token_id": 258,
        "initializer_range": 0.02, "pretraining_tp": 1, "use_cache": True,
        "torch_dtype": "float32", "transformers_version": "4.46.0",
    }


def qwen2_config(sliding):
    cfg = {
        "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2",
        "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
        "num_attention_heads": 8, "num_key_value_heads": 2,
        "hidden_act": "silu", "max_position_embeddings": 512, "max_window_layers": 2,
        "rms_norm_eps": 1e-6, "rope_theta": 1000000.0, "rope_scaling": None,
        "sliding_window": 512, "use_sliding_window": False, "tie_word_embeddings": True,
        "vocab_size": VOCAB, "bos_token_id": 258, "eos_token_id": 257,
        "attention_dropout": 0.0, "initializer_range": 0.02, "use_cache": True,
        "torch_dtype": "float32", "transformers_version": "4.46.0",
    }
    if sliding:
        # Layers from max_window_layers on see only the last 4 positions (HF Qwen2 semantics).
        cfg.update({"use_sliding_window": True, "sliding_window": 4, "max_window_layers": 1,
                    "tie_word_embeddings": False})
    return cfg


def smollm3_config():
    return {
        "architectures": ["SmolLM3ForCausalLM"], "model_type": "smollm3",
        "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 4,
        "num_attention_heads": 4, "num_key_value_heads": 1,
        "hidden_act": "silu", "max_position_embeddings": 1024, "rms_norm_eps": 1e-6,
        "rope_theta": 5000000.0, "rope_scaling": None, "no_rope_layer_interval": 4,
        "no_rope_layers": [1, 1, 1, 0], "use_sliding_window": False, "sliding_window": None,
        "attention_bias": False, "mlp_bias": False, "tie_word_embeddings": True,
        "vocab_size": VOCAB, "bos_token_id": None, "eos_token_id": 257, "pad_token_id": 258,
        "attention_dropout": 0.0, "initializer_range": 0.02, "use_cache": True,
        "torch_dtype": "float32", "transformers_version": "4.53.0",
    }


def phi_config():
    return {
        "architectures": ["PhiForCausalLM"], "model_type": "phi",
        "hidden_size": 64, "intermediate_size": 256, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 4, "partial_rotary_factor": 0.5,
        "hidden_act": "gelu_new", "layer_norm_eps": 1e-5, "max_position_embeddings": 2048,
        "rope_theta": 10000.0, "rope_scaling": None, "qk_layernorm": False,
        "tie_word_embeddings": False, "vocab_size": VOCAB, "bos_token_id": 257, "eos_token_id": 257,
        "resid_pdrop": 0.1, "embd_pdrop": 0.0, "attention_dropout": 0.0,
        "initializer_range": 0.02, "use_cache": True,
        "torch_dtype": "float32", "transformers_version": "4.37.0",
    }


LLAMA3_SCALING = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                  "high_freq_factor": 4.0, "original_max_position_embeddings": 64}


# ---------------------------------------------------------------- tokenizer files (byte-level BPE)

def byte_level_alphabet():
    """GPT-2's printable stand-ins for the 256 bytes, in byte order."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    chars = {}
    extra = 0
    for b in range(256):
        if b in keep:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + extra)
            extra += 1
    return [chars[b] for b in range(256)]


SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]


def write_tokenizer(folder):
    vocab = {c: i for i, c in enumerate(byte_level_alphabet())}
    added = []
    for j, s in enumerate(SPECIALS):
        vocab[s] = 256 + j
        added.append({"id": 256 + j, "content": s, "single_word": False, "lstrip": False,
                      "rstrip": False, "normalized": False, "special": True})
    tok = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                          "use_regex": True},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True,
                    "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": []},
    }
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    # Qwen2-Instruct's template: ChatML with a default system message when none is given.
    chatml = ("{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
              "{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}"
              "{{'<|im_start|>' + message['role'] + '\\n' + "
              "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
              "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump({"bos_token": None, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
                   "chat_template": chatml, "model_max_length": 512,
                   "tokenizer_class": "Qwen2Tokenizer"}, f, indent=2)


# ---------------------------------------------------------------- NF4 (bitsandbytes semantics)

NF4_CODE = torch.tensor([
    -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
    -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
    0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
    0.7229568362236023, 1.0], dtype=torch.float64)


def nf4_round_trip(w):
    """Blocks of 64 (row-major), divided by their absmax, each value to the nearest NF4 code."""
    blocks = w.reshape(-1, 64)
    absmax = blocks.abs().max(dim=1, keepdim=True).values.float().double()
    codes = ((blocks / absmax)[..., None] - NF4_CODE).abs().argmin(-1)
    return (NF4_CODE[codes].float().double() * absmax).reshape(w.shape)


def nf4_relative_error(forward, cfg, w):
    """RMS(logits_nf4 - logits) / RMS(logits) with every decoder projection matrix in NF4."""
    wq = {k: nf4_round_trip(v) if k.startswith("model.layers.") and k.endswith("proj.weight") else v
          for k, v in w.items()}
    a = forward(cfg, w, INPUT_IDS)
    b = forward(cfg, wq, INPUT_IDS)
    return float((a - b).norm() / a.norm())


# ---------------------------------------------------------------- driver

def greedy(forward, cfg, w, ids, steps):
    seq = list(ids)
    out, gaps = [], []
    for _ in range(steps):
        last = forward(cfg, w, seq)[-1]
        top = torch.topk(last, 2)
        gaps.append(float(top.values[0] - top.values[1]))
        nxt = int(top.indices[0])
        out.append(nxt)
        seq.append(nxt)
    return out, min(gaps)


def make(root, name, cfg, forward, weights_fn, seed, dtype="F32", shards=1, extra=None):
    folder = os.path.join(root, name)
    os.makedirs(folder, exist_ok=True)
    gen = torch.Generator().manual_seed(seed)
    w = weights_fn(cfg, gen)
    if dtype == "BF16":
        # The reference runs on exactly the values a BF16 checkpoint holds, widened to float.
        w = {k: bf16_round(v).double() for k, v in w.items()}
        cfg = dict(cfg, torch_dtype="bfloat16")
    else:
        w = {k: v.float().double() for k, v in w.items()}
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    if shards > 1:
        write_sharded(folder, w, shards)
    else:
        write_safetensors(os.path.join(folder, "model.safetensors"), w, dtype)
    if extra:
        extra(folder)
    with torch.no_grad():
        logits = forward(cfg, w, INPUT_IDS)
        tokens, gap = greedy(forward, cfg, w, INPUT_IDS, GREEDY_STEPS)
    ref = {
        "input_ids": INPUT_IDS,
        "logits": [[round(float(v), 6) for v in row] for row in logits],
        "greedy_tokens": tokens,
        "greedy_min_top2_gap": round(gap, 6),
        "parameters": int(sum(v.numel() for v in w.values())),
        "nf4_logits_relative_rms_error": round(nf4_relative_error(forward, cfg, w), 6)
        if forward is llama_forward else None,
        "note": "float64 reference forward (eager attention, no cache) of make_llama_family_fixtures.py",
    }
    with open(os.path.join(folder, "reference.json"), "w") as f:
        json.dump(ref, f, separators=(",", ":"))
    print(f"{name}: {ref['parameters']} parameters, greedy {tokens}, min top-2 gap {gap:.4f}")


def qwen_generation_config(folder):
    # Shaped like Qwen2-1.5B-Instruct's: sampling defaults that make a "greedy" run not greedy.
    with open(os.path.join(folder, "generation_config.json"), "w") as f:
        json.dump({"bos_token_id": 258, "pad_token_id": 256, "do_sample": True,
                   "eos_token_id": [258, 256], "repetition_penalty": 1.1, "temperature": 0.7,
                   "top_p": 0.8, "top_k": 20, "transformers_version": "4.46.0"}, f, indent=2)
    write_tokenizer(folder)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/fixtures"
    make(root, "llama-tiny-tied", llama_config(True, None), llama_forward, llama_weights, 11)
    make(root, "llama-tiny-untied", llama_config(False, LLAMA3_SCALING), llama_forward, llama_weights, 12)
    make(root, "llama-tiny-tied-bf16", llama_config(True, None), llama_forward, llama_weights, 11, dtype="BF16")
    make(root, "qwen2-tiny", qwen2_config(False), llama_forward, llama_weights, 21, extra=qwen_generation_config)
    make(root, "qwen2-tiny-sliding", qwen2_config(True), llama_forward, llama_weights, 22, shards=2)
    make(root, "smollm3-tiny", smollm3_config(), llama_forward, llama_weights, 31)
    make(root, "phi-tiny", phi_config(), phi_forward, phi_weights, 41)


if __name__ == "__main__":
    main()
