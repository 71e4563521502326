#!/usr/bin/env python
"""Benchmark of the profiled chi2 (issue 3): prints figures, asserts nothing.

Run:  python bench/bench_stats.py
Figures: one profiled chi2 evaluation (single call, and per point inside a vectorised scan), a 1e5-point one-parameter scan,
for XENONnT (Gaussian, Eq. 15), LZ WS2022 (Poisson, Eq. 14) and the three-experiment combination. All warm (numba compiled, bases built); medians over rounds."""
import time
import numpy as np
from nu_ees.statistics import Fit, interval

def median_of(f, repeat=7, number=1):
    "Median over `repeat` rounds of the mean time [s] of `number` calls."
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number): f()
        ts.append((time.perf_counter() - t0) / number)
    return float(np.median(ts))

rows = []
for label, exps in [('XENONnT (Gaussian)', 'xenonnt'), ('LZ WS2022 (Poisson)', 'lz_ws2022'), ('LZ22+LZ24+XENONnT', ['lz_ws2022', 'lz_ws2024', 'xenonnt'])]:
    t0 = time.perf_counter(); fit = Fit(exps, 'magnetic'); t_build = time.perf_counter() - t0
    grid = np.linspace(0, 3e-11, 100_000)
    fit.chi2(grid[:10])                                   # warm-up
    fit.chi2_one(7e-12)
    t_single = median_of(lambda: fit.chi2_one(7e-12), repeat=5, number=5000)       # fast scalar path
    t_call = median_of(lambda: fit.chi2(np.array([7e-12])), repeat=5, number=2000)  # vectorised API with one point
    t_scan = median_of(lambda: fit.chi2(grid), repeat=3)
    t_int = median_of(lambda: interval(fit, 0.0, 4e-11), repeat=3)
    rows.append((label, t_build, t_single * 1e6, t_call * 1e6, t_scan / grid.size * 1e6, t_scan, t_int))

print(f"{'fit':22s} {'build [s]':>9s} {'chi2_one [us]':>14s} {'chi2([x]) [us]':>15s} {'per point in scan [us]':>23s} {'1e5 scan [s]':>13s} {'90% interval [s]':>17s}")
for r in rows: print(f"{r[0]:22s} {r[1]:9.3f} {r[2]:14.1f} {r[3]:15.1f} {r[4]:23.2f} {r[5]:13.3f} {r[6]:17.3f}")
print("targets (issue 3): one profiled chi2 < 10 us; 1e5-point scan < 1 s (warm)")
