"""Reference outputs of seed 004's wanda_prune, quantize_vectorized and compute_budget, in plain torch.

The functions below are the seed's own semantics (004_*.txt), restated; the Java side
(lesson.compress.Pruning / GroupQuantization / CompressionBudget) is tested against the JSON this
writes. Run with Debian's torch:  /usr/bin/python3 src/test/python/seed004_compression_reference.py
"""
import json
import torch


def wanda_prune(W, act_norm, sparsity):
    W = W.float().clone()
    score = W.abs() * act_norm.unsqueeze(0)
    k = int(W.shape[1] * sparsity)
    _, prune_idx = torch.topk(score, k, dim=1, largest=False)
    mask = torch.ones_like(W, dtype=torch.bool)
    mask.scatter_(1, prune_idx, False)
    W[~mask] = 0.0
    return W, mask


def quantize_vectorized(W, mask, bits, group_size=128):
    W = W.float().clone()
    out_f, in_f = W.shape
    pad = (group_size - in_f % group_size) % group_size
    if pad > 0:
        W = torch.nn.functional.pad(W, (0, pad))
        mask = torch.nn.functional.pad(mask, (0, pad), value=False)
    in_f_padded = W.shape[1]
    n_groups = in_f_padded // group_size
    W_g = W.view(out_f, n_groups, group_size)
    m_g = mask.view(out_f, n_groups, group_size)
    W_masked = W_g * m_g.float()
    max_abs = W_masked.abs().amax(dim=2, keepdim=True)
    qmax = max(1, 2 ** (bits - 1) - 1) if bits > 1 else 1
    scale = (max_abs / qmax).clamp(min=1e-8)
    if bits == 1:
        q = torch.sign(W_g)
    else:
        q = torch.round(W_g / scale).clamp(-qmax, qmax)
    dequant = q * scale
    dequant = dequant * m_g.float()
    return dequant.view(out_f, in_f_padded)[:, :in_f]


def compute_budget(sizes, allocation):
    total_bits = 0
    total_weights = 0
    for name, w in sizes.items():
        if name not in allocation:
            continue
        alloc = allocation[name]
        total_bits += alloc["bits"] * (1 - alloc["sparsity"]) * w
        total_weights += w
    return total_bits / total_weights


g = torch.Generator().manual_seed(4)
out_f, in_f = 6, 200  # 200 = one full group of 128 + a padded group of 72
W = torch.randn(out_f, in_f, generator=g) * 0.05
act = torch.rand(in_f, generator=g) * 3 + 0.1
cases = []
for sparsity in (0.0, 0.32, 0.5):
    pruned, mask = wanda_prune(W, act, sparsity)
    for bits in (1, 2, 3, 4, 8):
        for group in (128, 64, 256):  # 256 > the row: the seed pads it
            q = quantize_vectorized(pruned, mask, bits, group)
            cases.append({"sparsity": sparsity, "bits": bits, "group": group,
                          "quantized": q.flatten().tolist()})
masks = {str(s): wanda_prune(W, act, s)[1].flatten().int().tolist() for s in (0.0, 0.15, 0.32, 0.5, 0.99)}
sizes = {"a": 4096, "b": 1024, "c": 12288, "d": 300}
allocation = {"a": {"bits": 6, "sparsity": 0.15}, "b": {"bits": 4, "sparsity": 0.32},
              "c": {"bits": 3, "sparsity": 0.5}}
out = {
    "out": out_f, "in": in_f,
    "weights": W.flatten().tolist(), "act_norm": act.tolist(),
    "wanda_masks": masks, "quantized": cases,
    "budget_sizes": sizes, "budget_allocation": allocation,
    "budget": compute_budget(sizes, allocation),
    "torch": torch.__version__,
}
with open("src/test/resources/fixtures/compression/seed004_reference.json", "w") as f:
    json.dump(out, f)
print("cases", len(cases), "budget", out["budget"])
