"""Oracle for NumpyPermutation: what Hugging Face Dataset.shuffle(seed) uses, computed by NumPy.

Run: python3 src/test/python/numpy_permutation_reference.py   (Debian python3-numpy 2.x)
"""
import numpy as np

print("raw", np.random.default_rng(42).bit_generator.random_raw(3).tolist())
for n in (1000, 49459):
    p = np.random.default_rng(42).permutation(n)
    print(n, p[:8].tolist(), int(p[:500].sum()))
print("seed 7, n 16", np.random.default_rng(7).permutation(16).tolist())
print("seed 2**40+5, n 10", np.random.default_rng(2**40 + 5).permutation(10).tolist())
