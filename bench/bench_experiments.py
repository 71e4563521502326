#!/usr/bin/env python
"""Benchmark of issue 11 (PandaX-4T, global fit, projections): prints figures, asserts nothing.

Run:  python bench/bench_experiments.py [--repeat N]
Figures (medians of repeats, warm: numba compiled, data read, built-in datasets loaded once before timing):
  * make_experiment for a new detector (a new efficiency curve each time, so its detector response is built, not taken from the cache) plus the
    first profiled chi2 of a magnetic-moment Fit on it (target < 1 s);
  * PandaX-4T Run1 built from its registered tables (load_experiment with its cache cleared) plus its first profiled chi2;
  * write_global_fit and write_projections, quick and full, i.e. this issue's part of `nu_ees_reproduce --beyond` (target: < 2 min in total).
"""
import argparse, os, statistics, tempfile, time
import numpy as np

p = argparse.ArgumentParser(); p.add_argument('--repeat', type=int, default=3); args = p.parse_args()

t0 = time.perf_counter()
from nu_ees.experiments import make_experiment, experiment_arrays, sm_eves_counts, load_experiment, _load_experiment
from nu_ees.statistics import Fit
from nu_ees.global_fit import write_global_fit, GLOBAL_EXPERIMENTS
from nu_ees.projections import write_projections
t_import = time.perf_counter() - t0

def median_time(f, repeat):
    "Median wall time [s] of `repeat` calls of f(i)."
    ts = []
    for i in range(repeat):
        t0 = time.perf_counter(); f(i); ts.append(time.perf_counter() - t0)
    return statistics.median(ts), ts

# warm-up: compile the kernels, read the tables, load the built-in datasets
t0 = time.perf_counter()
for n in GLOBAL_EXPERIMENTS: Fit(n, 'magnetic').chi2_one(7e-12)
a = experiment_arrays('xenonnt')
t_warm = time.perf_counter() - t0

def new_detector(i):
    "A detector no cache has seen: XENONnT's arrays with a slightly different efficiency curve, 20 t yr, flat background; then its first chi2."
    eff = a['efficiency'] * (0.95 + 0.001 * i + 1e-6 * np.random.default_rng(i).random())
    det = dict(bin_edges_keV=a['bin_edges_keV'], exposure_t_yr=20.0, efficiency_keV=a['efficiency_keV'], efficiency=eff, resolution=(0.31, 0.0037))
    bkg = np.full(29, 200.0)
    e = make_experiment('bench_detector', **det, observed=sm_eves_counts(**det) + bkg, background=bkg, background_sigmas={'background': 0.1})
    return Fit(e, 'magnetic').chi2_one(7e-12)

def pandax(i):
    "PandaX-4T Run1 from its tables (cache cleared) and its first profiled chi2."
    _load_experiment.cache_clear()
    return Fit('pandax4t_run1', 'magnetic').chi2_one(7e-12)

rows = [('make_experiment + first profiled chi2 (new detector)', *median_time(new_detector, max(5, 3 * args.repeat))),
        ('PandaX-4T Run1 from its tables + first chi2', *median_time(pandax, max(5, 3 * args.repeat)))]
for n in GLOBAL_EXPERIMENTS: load_experiment(n)
with tempfile.TemporaryDirectory() as d:
    for quick in (True, False):
        rows.append((f'write_global_fit(quick={quick})', *median_time(lambda i: write_global_fit(os.path.join(d, f'g{quick}{i}'), quick=quick), args.repeat)))
        rows.append((f'write_projections(quick={quick})', *median_time(lambda i: write_projections(os.path.join(d, f'p{quick}{i}'), quick=quick), args.repeat)))

print(f"import {t_import:.2f} s, warm-up {t_warm:.2f} s, CPU cores {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}")
print(f"{'what':55s} {'median [s]':>10s}   all [s]")
for name, med, ts in rows: print(f"{name:55s} {med:10.3f}   {', '.join(f'{t:.3f}' for t in ts)}")
full = sum(med for name, med, _ in rows if 'quick=False' in name)
quick = sum(med for name, med, _ in rows if 'quick=True' in name)
print(f"this issue's part of nu_ees_reproduce --beyond: {full:.1f} s full, {quick:.1f} s --quick (targets: < 120 s; make_experiment + chi2 < 1 s)")
