"""Reference values for br.lncc.llm.stats tests, from textbook formulas.

SciPy is not installable on the build machines, so this script recomputes what
scipy.stats / statsmodels return by their documented definitions, with numpy and the
standard library only (its own incomplete beta, independent of Commons Math):
  McNemar (statsmodels, exact=False, correction=True): chi2 = (|b-c|-1)^2/(b+c), p = chi2.sf(., 1)
  McNemar exact: statistic = min(b,c), p = min(1, 2*binom.cdf(min, b+c, 1/2))
  Mann-Whitney (SciPy >= 1.7, method='auto'): exact when min(n1,n2) <= 8 and no ties,
    else normal with tie term and continuity 0.5; statistic = U of x; two-sided
  one-way ANOVA: F = MSB/MSW, p = F.sf
  Pearson / Spearman: p = 2*t.sf(|t|, n-2), t = r sqrt((n-2)/(1-r^2)); Spearman on mid-ranks
Published anchors: the seed notebook prints McNemar(47, 88) = 11.851851851851851,
p 0.0005760403386062825; SciPy's mannwhitneyu docs print U=17, exact p 0.1111111111111111,
asymptotic 0.11134688653314041 for males=[19,22,16,29,24], females=[20,11,17,12].
Run: python3 src/test/python/stats_reference.py
"""
import math
from itertools import combinations
import numpy as np


def betacf(a, b, x):
    # Lentz continued fraction for the incomplete beta (Numerical Recipes 6.4)
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d; d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c; c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d; d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c; c = c if abs(c) > tiny else tiny
        de = d * c
        h *= de
        if abs(de - 1.0) < 1e-16:
            break
    return h


def betai(a, b, x):
    if x <= 0: return 0.0
    if x >= 1: return 1.0
    lbt = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(lbt) * betacf(a, b, x) / a
    return 1.0 - math.exp(lbt) * betacf(b, a, 1 - x) / b


def mcnemar(b, c):
    stat = (abs(b - c) - 1) ** 2 / (b + c)
    return stat, math.erfc(math.sqrt(stat / 2))


def mcnemar_exact(b, c):
    n, k = b + c, min(b, c)
    cdf = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return k, min(1.0, 2 * cdf)


def midranks(v):
    v = np.asarray(v, float)
    order = np.argsort(v, kind="mergesort")
    r = np.empty(len(v))
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]:
            j += 1
        r[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return r


def mannwhitney(x, y):
    n1, n2 = len(x), len(y)
    allv = np.concatenate([x, y])
    r = midranks(allv)
    u1 = r[:n1].sum() - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    _, t = np.unique(allv, return_counts=True)
    ties = (t > 1).any()
    if min(n1, n2) <= 8 and not ties:
        # brute force over all rank assignments: the exact null distribution
        n = n1 + n2
        total, hits = 0, 0
        for comb in combinations(range(n), n1):
            uu = sum(comb) - n1 * (n1 - 1) / 2
            total += 1
            hits += uu >= u
        return u1, min(1.0, 2 * hits / total), "exact"
    n = n1 + n2
    s = math.sqrt(n1 * n2 / 12 * ((n + 1) - (t ** 3 - t).sum() / (n * (n - 1))))
    z = (u - n1 * n2 / 2 - 0.5) / s
    return u1, min(1.0, math.erfc(z / math.sqrt(2))), "asymptotic"


def anova(*groups):
    allv = np.concatenate(groups)
    grand = allv.mean()
    k, n = len(groups), len(allv)
    ssb = sum(len(g) * (np.mean(g) - grand) ** 2 for g in groups)
    ssw = sum(((np.asarray(g) - np.mean(g)) ** 2).sum() for g in groups)
    d1, d2 = k - 1, n - k
    f = (ssb / d1) / (ssw / d2)
    return f, betai(d2 / 2, d1 / 2, d2 / (d2 + d1 * f))


def pearson(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    xm, ym = x - x.mean(), y - y.mean()
    r = (xm * ym).sum() / math.sqrt((xm ** 2).sum() * (ym ** 2).sum())
    df = len(x) - 2
    return r, betai(df / 2, 0.5, 1 - r * r)


def spearman(x, y):
    return pearson(midranks(x), midranks(y))


if __name__ == "__main__":
    print("mcnemar(47,88)", repr(mcnemar(47, 88)))
    print("mcnemar_exact(47,88)", repr(mcnemar_exact(47, 88)))
    print("mcnemar_exact(3,9)", repr(mcnemar_exact(3, 9)))
    males, females = [19, 22, 16, 29, 24], [20, 11, 17, 12]
    print("mwu docs", repr(mannwhitney(np.array(males, float), np.array(females, float))))
    a = [1.1, 2.2, 2.2, 3.5, 4.0, 5.1, 6.3, 7.7, 8.0, 9.9, 10.5]
    b = [2.2, 3.0, 4.4, 6.1, 6.3, 8.8, 9.0, 11.2, 12.4, 13.0]
    print("mwu ties", repr(mannwhitney(np.array(a), np.array(b))))
    tillamook = [0.0571, 0.0813, 0.0831, 0.0976, 0.0817, 0.0859, 0.0735, 0.0659, 0.0923, 0.0836]
    newport = [0.0873, 0.0662, 0.0672, 0.0819, 0.0749, 0.0649, 0.0835, 0.0725]
    petersburg = [0.0974, 0.1352, 0.0817, 0.1016, 0.0968, 0.1064, 0.105]
    magadan = [0.1033, 0.0915, 0.0781, 0.0685, 0.0677, 0.0697, 0.0764, 0.0689]
    tvarminne = [0.0703, 0.1026, 0.0956, 0.0973, 0.1039, 0.1045]
    print("anova mussels", repr(anova(tillamook, newport, petersburg, magadan, tvarminne)))
    print("pearson docs", repr(pearson([1, 2, 3, 4, 5], [10, 9, 2.5, 6, 4])))
    print("spearman docs", repr(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])))
