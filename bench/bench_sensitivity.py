#!/usr/bin/env python
"""Benchmark of the toy Monte Carlo of the sensitivity notebook: prints figures, asserts nothing.

Run:  python bench/bench_sensitivity.py
Figures: 1000 toys of the universal magnetic moment (Poisson counts drawn from SM + background, every nuisance profiled at each of 81 grid points,
minimum refined, 90 % upper limits at Delta chi2 = 2.71 and 1.64 found by root-finding) for XENONnT, LZ WS2024 and LZ (both) + XENONnT, on all
numba threads and on one; the coverage check (XENONnT, 1000 toys at mu = 0 and 5e-12 mu_B); a quick `write_sensitivity`. Warm."""
import os, tempfile, time
import numba
import numpy as np
from nu_ees import sensitivity as B
from nu_ees.statistics import parameter_fit

from _timing import timed_result as timed   # median wall time [s] of repeated calls and the last result (bench/_timing.py)

print(f"cores: {os.cpu_count()}, numba threads: {numba.get_num_threads()}")
rows = []
for d in ('xenonnt', 'lz_ws2024', 'lz_ws2022+lz_ws2024+xenonnt'):
    fit = parameter_fit(d, 'mu_universal', 'all')
    obs, sig2 = B.toy_counts(fit, 1000)
    B.toy_scan(fit, obs[:2], sig2[:2], 0.0, 8e-11)                       # warm-up (compile or load the numba cache)
    t_all, r = timed(lambda: B.toy_scan(fit, obs, sig2, 0.0, 8e-11, (2.71, 1.64)))
    n = numba.get_num_threads(); numba.set_num_threads(1)
    t_one, _ = timed(lambda: B.toy_scan(fit, obs, sig2, 0.0, 8e-11, (2.71, 1.64)), repeats=1)
    numba.set_num_threads(n)
    rows.append((d, fit.obs.size, t_all, t_one, np.median(r[:, 3]) / 1e-12))

print(f"{'dataset':30s} {'bins':>5s} {'1000 toys [s]':>14s} {'1 thread [s]':>13s} {'per toy [ms]':>13s} {'median limit [1e-12 mu_B]':>26s}")
for d, nb, t, t1, med in rows: print(f"{d:30s} {nb:5d} {t:14.3f} {t1:13.3f} {t / 1000 * 1e3:13.3f} {med:26.2f}")

t_cov, cov = timed(lambda: [B.coverage('xenonnt', mu, 1000) for mu in (0.0, 5e-12)], repeats=1)
print(f"coverage check, XENONnT, 1000 toys at mu = 0 and 5e-12 mu_B: {t_cov:.2f} s")
for c in cov:
    for _, r in c.iterrows():
        print(f"  true mu {r['true value [1e-12 mu_B]']:4.1f}e-12, level {r.level}: interval coverage {r['interval coverage']:.3f} +- {r['interval error']:.3f}")
with tempfile.TemporaryDirectory() as tmp:
    t_quick, _ = timed(lambda: B.write_sensitivity(tmp, quick=True), repeats=1)
print(f"write_sensitivity(quick=True): {t_quick:.1f} s")
print("target: 1000 toys with profiled nuisances < 60 s on 2 cores")
