"""PyTorch-eager peer of `companion pretrain` (Cap. 6.1–6.4): trains the same GPT-2 on the same ids.

`companion bench pretrain` writes a run folder — the token ids the app's tokenizer produced
(train.i32, val.i32), the start of every training window of every step (batches.i32, drawn by the
app's seeded sampler), the fixed evaluation windows (eval_train.i32, eval_val.i32), the app's
initial weights (init.safetensors) and manifest.json (shape, schedule, optimiser) — then runs this
script and compares tokens/s and the loss at each evaluation step, in the same run.

What is the same as the app: GPT-2 (tied head, gelu_new, no dropout), AdamW (β₁ 0.9, β₂ 0.99,
ε 1e-8, weight decay 0.1 on tensors of 2+ dimensions only), linear warm-up then cosine decay to
lr/10 (recomputed here and checked against the app's), global gradient norm clipped at 1, mean
cross-entropy over B·T targets. What is PyTorch's own: autograd, torch.optim.AdamW, the kernels.
`--init scheme` starts from this script's own GPT-2 initialisation (same scheme, another random
stream) instead of the app's initial weights.

Needs Debian's python3-torch and an optimised BLAS: Debian's torch does its matrix products through
libblas.so.3, which is the reference BLAS unless libopenblas0-openmp (or -pthread) is installed
(apt-get install python3-torch libopenblas0-openmp); the JSON names the BLAS that was loaded.
Run with 2 threads, passive OpenMP (the app sets these when it launches it):
  OMP_WAIT_POLICY=passive /usr/bin/python3 tools/peers/gpt2_pretrain_peer.py --run DIR --threads 2
Prints one JSON object on stdout.
"""
import argparse
import json
import math
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt2_torch import Gpt2, read_safetensors  # noqa: E402


def ids(path):
    return torch.from_numpy(np.fromfile(path, dtype="<i4").astype(np.int64))


def learning_rate(k, m):
    """Step k (0-based): linear warm-up to lr, then cosine from lr to lr/10 (PretrainSettings.Schedule)."""
    lr, w, steps = m["lr"], m["warmup_steps"], m["steps"]
    if k < w:
        return lr * (k + 1) / w
    progress = 1.0 if steps <= w else (k - w) / (steps - w)
    low = lr * m["min_lr_ratio"]
    return low + 0.5 * (1 + math.cos(math.pi * min(1.0, progress))) * (lr - low)


def windows(tokens, starts, t):
    offsets = torch.arange(t + 1)
    rows = tokens[starts.unsqueeze(1) + offsets]                                    # (N, T+1)
    return rows[:, :-1], rows[:, 1:]


def mean_loss(model, tokens, starts, t, b):
    """Mean cross-entropy over fixed windows, in chunks of the batch size, as the app evaluates."""
    total = 0.0
    with torch.no_grad():
        for i in range(0, len(starts), b):
            x, y = windows(tokens, starts[i:i + b], t)
            logits = model(x)
            total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1)).item() * len(x)
    return total / len(starts)


def peak_rss_mib():
    """VmHWM of this process (ru_maxrss would carry the launching JVM's peak across exec on Linux)."""
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def blas_library():
    """The BLAS torch's matrix products go through: Debian's torch uses whatever libblas.so.3 points to,
    and the reference BLAS (libblas3) is ~10x slower than OpenBLAS (libopenblas0-openmp) on these shapes."""
    try:
        for line in open("/proc/self/maps"):
            path = line.split()[-1]
            if "blas" in path.rsplit("/", 1)[-1] or "mkl" in path:
                return os.path.realpath(path)
    except OSError:
        pass
    return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run", required=True, help="run folder written by `companion bench pretrain`")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init", choices=["shared", "scheme"], default="shared",
                    help="shared: the app's initial weights; scheme: GPT-2's init drawn here (same scheme)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    m = json.load(open(os.path.join(a.run, "manifest.json")))
    cfg = m["config"]
    t, b, steps = cfg["n_positions"], m["batch"], m["steps"]
    torch.manual_seed(m["seed"])
    model = Gpt2.from_config(cfg)
    if a.init == "shared":
        model.load_hf(read_safetensors(os.path.join(a.run, "init.safetensors")))
    else:
        model.init_gpt2(torch.Generator().manual_seed(m["seed"]))
    train, val = ids(os.path.join(a.run, "train.i32")), ids(os.path.join(a.run, "val.i32"))
    batches = ids(os.path.join(a.run, "batches.i32")).reshape(steps, b)
    eval_train, eval_val = ids(os.path.join(a.run, "eval_train.i32")), ids(os.path.join(a.run, "eval_val.i32"))
    schedule_gap = max(abs(learning_rate(k, m) - x) for k, x in enumerate(m["learning_rates"]))
    if schedule_gap > 1e-12:
        raise SystemExit(f"learning-rate schedule differs from the app's by {schedule_gap}")

    decay = [p for p in model.parameters() if p.dim() >= 2]
    plain = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": m["weight_decay"]},
                             {"params": plain, "weight_decay": 0.0}],
                            lr=m["lr"], betas=(m["beta1"], m["beta2"]), eps=m["eps"])
    eval_steps = set(m["eval_steps"])
    evals, losses, step_seconds = [], [], []

    def evaluate(step):
        evals.append({"step": step, "train_loss": mean_loss(model, train, eval_train, t, b),
                      "val_loss": mean_loss(model, val, eval_val, t, b)})

    # Seconds of each phase, summed over the timed steps (2..S), named as the app's StepPhases.
    phases = dict.fromkeys(["batch", "forward", "loss", "backward", "clip", "optimizer", "release"], 0.0)
    # CPU time of the process (all of torch's threads) over the same steps: the work done, which on a
    # shared machine wall time mixes with the waits for a core.
    cpu_seconds = 0.0
    evaluate(0)
    for k in range(steps):
        cpu0 = time.process_time()
        at = [time.perf_counter()]
        for group in opt.param_groups:
            group["lr"] = learning_rate(k, m)
        x, y = windows(train, batches[k], t)                                        # (B,T) each
        at.append(time.perf_counter())
        logits = model(x)                                                           # (B,T,V)
        at.append(time.perf_counter())
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        value = loss.item()
        at.append(time.perf_counter())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        at.append(time.perf_counter())
        torch.nn.utils.clip_grad_norm_(model.parameters(), m["clip"])
        at.append(time.perf_counter())
        opt.step()
        at.append(time.perf_counter())
        del logits, loss
        at.append(time.perf_counter())
        if k > 0:
            cpu_seconds += time.process_time() - cpu0
            for i, name in enumerate(phases):
                phases[name] += at[i + 1] - at[i]
        step_seconds.append(at[-1] - at[0])
        losses.append(value)
        if not math.isfinite(value):
            break
        if k + 1 in eval_steps:
            evaluate(k + 1)

    timed = step_seconds[1:] if len(step_seconds) > 1 else step_seconds
    print(json.dumps({
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "init": a.init,
        "steps": len(losses),
        "tokens_per_step": b * t,
        "tokens_per_s": b * t * len(timed) / sum(timed),
        "step_seconds": step_seconds,
        "cpu_ms_per_step": 1000 * cpu_seconds / max(1, len(timed)) if len(step_seconds) > 1 else None,
        "phase_ms_per_step": {name: 1000 * v / max(1, len(timed)) for name, v in phases.items()} if len(step_seconds) > 1 else {},
        "losses": losses,
        "evals": evals,
        "peak_rss_mib": peak_rss_mib(),
        "blas": blas_library(),
    }))


if __name__ == "__main__":
    main()
