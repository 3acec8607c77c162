"""GPT-2 in plain PyTorch eager, with Hugging Face's tensor names, and a safetensors reader/writer.

The peer of the app's own GPT-2 (model/Gpt2.java for inference, train/Gpt2Graph.java for training):
the same equations (Cap. 4.5 of the book), written the way nanoGPT writes them, so that
`tools/peers/gpt2_pretrain_peer.py` can train the same model on the same token ids and
`tools/peers/gpt2_logits_check.py` can check that a folder saved by the app loads and gives the
same logits outside the app. Needs only torch (Debian: apt-get install python3-torch); no
transformers, no safetensors package: the format is a little-endian u64 header length, a JSON
header, then raw tensors.
"""
import json
import math
import struct

import torch
import torch.nn.functional as F

_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64, "I32": torch.int32}


def read_safetensors(path):
    """Every tensor of a .safetensors file as float32 (ints stay ints), by name."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        t = torch.frombuffer(bytearray(data[base + start:base + end]), dtype=dtype).reshape(info["shape"])
        out[name] = t.float() if t.is_floating_point() else t
    return out


def write_safetensors(path, tensors):
    """float32 tensors by name, in the order given."""
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        b = t.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


class Conv1D(torch.nn.Module):
    """GPT-2's linear layer: weight (in, out), y = x W + b (the transpose of nn.Linear's layout)."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.empty(n_in, n_out))
        self.bias = torch.nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return torch.addmm(self.bias, x.reshape(-1, x.shape[-1]), self.weight).reshape(*x.shape[:-1], -1)


class Attention(torch.nn.Module):
    def __init__(self, n_embd, n_head):
        super().__init__()
        self.n_head = n_head
        self.c_attn = Conv1D(n_embd, 3 * n_embd)
        self.c_proj = Conv1D(n_embd, n_embd)

    def forward(self, x):
        B, T, C = x.shape
        H, D = self.n_head, C // self.n_head
        q, k, v = self.c_attn(x).split(C, dim=2)                                   # 3 × (B,T,C)
        q = q.view(B, T, H, D).transpose(1, 2)                                      # (B,H,T,D)
        k = k.view(B, T, H, D).transpose(1, 2)
        v = v.view(B, T, H, D).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(D))                      # (B,H,T,T)
        causal = torch.ones(T, T, dtype=torch.bool).tril()
        att = att.masked_fill(~causal, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)                               # (B,T,C)
        return self.c_proj(y)


class Mlp(torch.nn.Module):
    def __init__(self, n_embd):
        super().__init__()
        self.c_fc = Conv1D(n_embd, 4 * n_embd)
        self.c_proj = Conv1D(4 * n_embd, n_embd)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))               # gelu_new


class Block(torch.nn.Module):
    def __init__(self, n_embd, n_head, eps):
        super().__init__()
        self.ln_1 = torch.nn.LayerNorm(n_embd, eps=eps)
        self.attn = Attention(n_embd, n_head)
        self.ln_2 = torch.nn.LayerNorm(n_embd, eps=eps)
        self.mlp = Mlp(n_embd)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Gpt2(torch.nn.Module):
    """state_dict() names are the checkpoint's: wte.weight, h.0.attn.c_attn.weight, ..., ln_f.bias."""

    def __init__(self, vocab_size, n_positions, n_embd, n_layer, n_head, eps=1e-5):
        super().__init__()
        self.wte = torch.nn.Embedding(vocab_size, n_embd)
        self.wpe = torch.nn.Embedding(n_positions, n_embd)
        self.h = torch.nn.ModuleList([Block(n_embd, n_head, eps) for _ in range(n_layer)])
        self.ln_f = torch.nn.LayerNorm(n_embd, eps=eps)

    @staticmethod
    def from_config(cfg):
        return Gpt2(cfg["vocab_size"], cfg["n_positions"], cfg["n_embd"], cfg["n_layer"], cfg["n_head"],
                    cfg.get("layer_norm_epsilon", 1e-5))

    def init_gpt2(self, generator):
        """GPT-2's scheme, as the app's Pretraining.start: N(0, 0.02), residual projections ×1/√(2L)."""
        scale = 1.0 / math.sqrt(2.0 * len(self.h))
        with torch.no_grad():
            for name, p in self.named_parameters():
                if name.endswith("bias"):
                    p.zero_()
                elif ".ln_" in name or name.startswith("ln_"):
                    p.fill_(1.0)
                else:
                    p.normal_(0.0, 0.02, generator=generator)
                    if name.endswith("c_proj.weight"):
                        p.mul_(scale)

    def load_hf(self, tensors):
        """Loads a checkpoint's tensors: with or without the "transformer." prefix, mask buffers and the tied head ignored."""
        own = self.state_dict()
        clean = {}
        for name, t in tensors.items():
            n = name[len("transformer."):] if name.startswith("transformer.") else name
            if n.endswith("attn.bias") and n not in own or n.endswith("attn.masked_bias") or n == "lm_head.weight":
                continue
            clean[n] = t
        missing = sorted(set(own) - set(clean))
        extra = sorted(set(clean) - set(own))
        if missing or extra:
            raise ValueError(f"tensors missing {missing[:5]} unexpected {extra[:5]}")
        self.load_state_dict(clean)

    def forward(self, idx):                                                         # idx (B,T) int64
        B, T = idx.shape
        x = self.wte(idx) + self.wpe(torch.arange(T))                               # (B,T,C)
        for block in self.h:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.t()                                   # tied head, (B,T,V)
