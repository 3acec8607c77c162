#!/usr/bin/python3
"""Tiny FLAN-T5-shaped fixture + expected outputs from an independent plain-torch reference.

Writes src/test/resources/fixtures/t5-tiny/: config.json, tokenizer.json (a small Unigram
SentencePiece-style vocabulary), model.safetensors (random weights, Hugging Face T5 names) and
expected.json (logits and greedy ids computed here). Run with Debian's python3-torch:
    /usr/bin/python3 src/test/python/make_t5_fixture.py
The reference follows the T5 v1.1 / FLAN-T5 equations (RMS layer norm without mean or bias,
unscaled dot-product attention plus bucketed relative position bias, gated-GELU feed-forward,
untied lm_head) and is deliberately written without the Java code in view.
"""
import json
import math
import os
import struct

import torch

torch.manual_seed(1234)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "t5-tiny")
os.makedirs(OUT, exist_ok=True)

# ---------------------------------------------------------------- tokenizer (Unigram)
pieces = ["<pad>", "</s>", "<unk>", "\u2581"]
words = ["classifique", "o", "sentimento", "como", "positivo", "ou", "negativo", "texto",
         "este", "filme", "foi", "um", "tempo", "de", "the", "is", "a", "answer"]
pieces += ["\u2581" + w for w in words]
chars = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;!?\"'+-=()áéíóúãõçêâÁÉÍÓÚÃÕÇÊÂ")
pieces += chars
VOCAB = 128
while len(pieces) < VOCAB:
    pieces.append("\u2581" + "x" * (len(pieces) % 7 + 2) + str(len(pieces)))
vocab = []
for i, p in enumerate(pieces):
    score = 0.0 if i < 3 else (-2.0 if p.startswith("\u2581") and len(p) > 1 else -4.0)
    vocab.append([p, score])
special = lambda i, c: {"id": i, "content": c, "single_word": False, "lstrip": False,
                        "rstrip": False, "normalized": False, "special": True}
tokenizer = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [special(0, "<pad>"), special(1, "</s>"), special(2, "<unk>")],
    "normalizer": {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
    "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
    "post_processor": {
        "type": "TemplateProcessing",
        "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
        "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                 {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
        "special_tokens": {"</s>": {"id": "</s>", "ids": [1], "tokens": ["</s>"]}},
    },
    "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
    "model": {"type": "Unigram", "unk_id": 2, "vocab": vocab, "byte_fallback": False},
}
with open(os.path.join(OUT, "tokenizer.json"), "w", encoding="utf-8") as f:
    json.dump(tokenizer, f, ensure_ascii=False)

# ---------------------------------------------------------------- config
cfg = {
    "architectures": ["T5ForConditionalGeneration"], "model_type": "t5",
    "d_model": 32, "d_kv": 8, "d_ff": 48, "num_layers": 2, "num_decoder_layers": 2, "num_heads": 4,
    "relative_attention_num_buckets": 32, "relative_attention_max_distance": 128,
    "layer_norm_epsilon": 1e-6, "feed_forward_proj": "gated-gelu", "dense_act_fn": "gelu_new",
    "is_gated_act": True, "tie_word_embeddings": False, "vocab_size": VOCAB,
    "decoder_start_token_id": 0, "eos_token_id": 1, "pad_token_id": 0, "n_positions": 512,
    "torch_dtype": "float32",
}
with open(os.path.join(OUT, "config.json"), "w") as f:
    json.dump(cfg, f, indent=2)

D, DKV, H, FF, L, NB, MD = cfg["d_model"], cfg["d_kv"], cfg["num_heads"], cfg["d_ff"], cfg["num_layers"], \
    cfg["relative_attention_num_buckets"], cfg["relative_attention_max_distance"]
INNER = H * DKV

# ---------------------------------------------------------------- weights (HF names, Linear = [out, in])
W = {}
def p(name, *shape, scale=0.3):
    W[name] = torch.randn(*shape) * scale
def norm(name):
    W[name] = 1.0 + 0.1 * torch.randn(D)

p("shared.weight", VOCAB, D, scale=1.0)
for side, n_sub in (("encoder", 2), ("decoder", 3)):
    for b in range(L):
        pre = f"{side}.block.{b}.layer"
        for q in "qkvo":
            shape = (D, INNER) if q == "o" else (INNER, D)
            p(f"{pre}.0.SelfAttention.{q}.weight", *shape)
        if b == 0:
            p(f"{pre}.0.SelfAttention.relative_attention_bias.weight", NB, H, scale=0.5)
        norm(f"{pre}.0.layer_norm.weight")
        if side == "decoder":
            for q in "qkvo":
                shape = (D, INNER) if q == "o" else (INNER, D)
                p(f"{pre}.1.EncDecAttention.{q}.weight", *shape)
            norm(f"{pre}.1.layer_norm.weight")
        ff = n_sub - 1
        p(f"{pre}.{ff}.DenseReluDense.wi_0.weight", FF, D)
        p(f"{pre}.{ff}.DenseReluDense.wi_1.weight", FF, D)
        p(f"{pre}.{ff}.DenseReluDense.wo.weight", D, FF)
        norm(f"{pre}.{ff}.layer_norm.weight")
    norm(f"{side}.final_layer_norm.weight")
p("lm_head.weight", VOCAB, D)

def write_safetensors(path, tensors, dtype="F32"):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        if dtype == "F32":
            raw = t.to(torch.float32).numpy().tobytes()
        else:  # BF16: the upper 16 bits of each float32
            raw = t.to(torch.bfloat16).view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for raw in blobs:
            f.write(raw)

write_safetensors(os.path.join(OUT, "model.safetensors"), W)

# ---------------------------------------------------------------- reference forward
def rms(x, w):
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + cfg["layer_norm_epsilon"]))

def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))

def bucket(rel, bidirectional):
    nb, out = NB, torch.zeros_like(rel)
    if bidirectional:
        nb //= 2
        out = out + (rel > 0).long() * nb
        n = rel.abs()
    else:
        n = -torch.clamp(rel, max=0)
    exact = nb // 2
    large = exact + (torch.log(n.float().clamp(min=1) / exact) / math.log(MD / exact) * (nb - exact)).long()
    large = torch.clamp(large, max=nb - 1)
    return out + torch.where(n < exact, n, large)

def pos_bias(side, q_len, k_len, bidirectional, q_offset=0):
    ctx = torch.arange(q_offset, q_offset + q_len)[:, None]
    mem = torch.arange(k_len)[None, :]
    b = bucket(mem - ctx, bidirectional)
    table = W[f"{side}.block.0.layer.0.SelfAttention.relative_attention_bias.weight"]
    return table[b].permute(2, 0, 1)  # (H, q, k)

def attention(prefix, xq, xkv, bias, mask=None):
    q = (xq @ W[prefix + ".q.weight"].T).view(-1, H, DKV).transpose(0, 1)
    k = (xkv @ W[prefix + ".k.weight"].T).view(-1, H, DKV).transpose(0, 1)
    v = (xkv @ W[prefix + ".v.weight"].T).view(-1, H, DKV).transpose(0, 1)
    s = q @ k.transpose(-1, -2) + bias  # T5: no 1/sqrt(d) scaling
    if mask is not None:
        s = s.masked_fill(~mask, float("-inf"))
    a = torch.softmax(s, dim=-1)
    z = (a @ v).transpose(0, 1).reshape(-1, INNER)
    return z @ W[prefix + ".o.weight"].T

def ffn(prefix, x):
    h = gelu_new(x @ W[prefix + ".wi_0.weight"].T) * (x @ W[prefix + ".wi_1.weight"].T)
    return h @ W[prefix + ".wo.weight"].T

def encode(ids):
    x = W["shared.weight"][ids]
    bias = pos_bias("encoder", len(ids), len(ids), True)
    for b in range(L):
        pre = f"encoder.block.{b}.layer"
        x = x + attention(f"{pre}.0.SelfAttention", rms(x, W[f"{pre}.0.layer_norm.weight"]),
                          rms(x, W[f"{pre}.0.layer_norm.weight"]), bias)
        x = x + ffn(f"{pre}.1.DenseReluDense", rms(x, W[f"{pre}.1.layer_norm.weight"]))
    return rms(x, W["encoder.final_layer_norm.weight"])

def decode(dec_ids, enc):
    x = W["shared.weight"][dec_ids]
    n = len(dec_ids)
    bias = pos_bias("decoder", n, n, False)
    causal = torch.tril(torch.ones(n, n, dtype=torch.bool))
    for b in range(L):
        pre = f"decoder.block.{b}.layer"
        h = rms(x, W[f"{pre}.0.layer_norm.weight"])
        x = x + attention(f"{pre}.0.SelfAttention", h, h, bias, causal)
        x = x + attention(f"{pre}.1.EncDecAttention", rms(x, W[f"{pre}.1.layer_norm.weight"]), enc, 0.0)
        x = x + ffn(f"{pre}.2.DenseReluDense", rms(x, W[f"{pre}.2.layer_norm.weight"]))
    x = rms(x, W["decoder.final_layer_norm.weight"])
    return x @ W["lm_head.weight"].T  # untied head: no d_model**-0.5 rescaling

with torch.no_grad():
    g = torch.Generator().manual_seed(7)
    enc_ids = torch.randint(3, VOCAB, (40,), generator=g).tolist() + [1]  # long enough for log buckets
    dec_ids = [0] + torch.randint(3, VOCAB, (5,), generator=g).tolist()
    enc = encode(torch.tensor(enc_ids))
    logits = decode(torch.tensor(dec_ids), enc)
    greedy = [0]
    for _ in range(12):
        nxt = int(decode(torch.tensor(greedy), enc)[-1].argmax())
        greedy.append(nxt)
        if nxt == 1:
            break

expected = {
    "encoder_ids": enc_ids, "decoder_ids": dec_ids,
    "encoder_hidden_first_row": enc[0].tolist(),
    "logits": logits.tolist(),
    "greedy_ids": greedy[1:],
}
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f)
print("wrote", OUT, "params", sum(t.numel() for t in W.values()))
