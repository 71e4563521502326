#!/usr/bin/env python
"""Benchmark of the profiled chi2 (issues 3, 16, 18): prints figures, asserts nothing.

Run:  python bench/bench_stats.py [--analysis paper recommended]
Figures: one profiled chi2 evaluation (single call, and per point inside a vectorised scan), a 1e5-point one-parameter scan, a 90 % interval,
for XENONnT, LZ WS2022, PandaX-4T Run1 and the four-dataset combination, in each analysis (paper: XENONnT's Gaussian Eq. 15 with a fixed
background; recommended: Poisson everywhere, published background uncertainties as nuisances). All warm (numba compiled, bases built);
medians over rounds of CPU time (process time: less sensitive to other processes on a shared machine than wall time)."""
import argparse, time
import numpy as np
from nu_ees.statistics import Fit, interval

DATASETS = [('XENONnT', 'xenonnt'), ('LZ WS2022', 'lz_ws2022'), ('PandaX-4T Run1', 'pandax4t_run1'),
            ('all four', 'lz_ws2022+lz_ws2024+xenonnt+pandax4t_run1')]


def median_of(f, repeat=7, number=1):
    "Median over `repeat` rounds of the mean CPU time [s] of `number` calls."
    ts = []
    for _ in range(repeat):
        t0 = time.process_time()
        for _ in range(number):
            f()
        ts.append((time.process_time() - t0) / number)
    return float(np.median(ts))


def main():
    "The table of timings per dataset and analysis."
    p = argparse.ArgumentParser()
    p.add_argument('--analysis', nargs='+', default=['paper', 'recommended'])
    args = p.parse_args()
    head = f"{'dataset':16s} {'analysis':12s} {'build [s]':>9s} {'chi2_one [us]':>14s} {'per point in scan [us]':>23s} {'1e5 scan [s]':>13s}"
    print(head + f" {'90% interval [s]':>17s}")
    grid = np.linspace(0, 3e-11, 100_000)
    for label, name in DATASETS:
        for analysis in args.analysis:
            t0 = time.perf_counter()
            fit = Fit(name, 'magnetic', analysis=analysis)
            t_build = time.perf_counter() - t0
            fit.chi2(grid[:10])  # warm-up
            fit.chi2_one(7e-12)
            t_single = median_of(lambda: fit.chi2_one(7e-12), repeat=5, number=5000)
            t_scan = median_of(lambda: fit.chi2(grid), repeat=3)
            t_int = median_of(lambda: interval(fit, 0.0, 4e-11), repeat=3)
            print(f"{label:16s} {analysis:12s} {t_build:9.3f} {t_single * 1e6:14.2f} {t_scan / grid.size * 1e6:23.3f} {t_scan:13.3f} {t_int:17.3f}")
    print("targets: one profiled chi2 < 10 us; 1e5-point scan < 1 s (warm); issue 16: each dataset within 2x of the previous release")


if __name__ == '__main__':
    main()
