#!/usr/bin/env python
"""Benchmark of the Neyman construction (nu_ees.calibration, issue 12): prints figures, asserts nothing.

Run:  python bench/bench_calibration.py [--toys 10000] [--workers 2] [--analysis recommended|paper] [--csv FILE] [--skip-table] [--skip-scaling]
Figures:
  1. profiled chi2 evaluations per second per core inside the toy kernel (XENONnT: Gaussian closed form; LZ WS2022: Poisson Newton), with the
     evaluations per toy and the time per toy, warm, one process (CPU time);
  2. the wall time of the calibrated Table I (32 rows, 26 constructions) under --analysis (default: the recommended one; 'paper': Eqs. 14/15 as
     printed) with --toys per grid point on a LocalCluster of --workers processes (--csv FILE also writes the table);
  3. the scaling from 1 to 2 local workers (same work, 1000 toys per grid point): efficiency = T1 / (2 T2);
  4. an extrapolation to a 100-worker cluster for the two-parameter regions of Figs. 3 and 5 calibrated the same way (assumptions printed).
On a shared machine the wall times depend on the load: the load average is printed before and after."""
import argparse, os, time
import numpy as np
from nu_ees.calibration import toy_model, draw_toys, toy_statistic, toy_seed, N_SCAN, N_GRID
from nu_ees.calibrated_limits import table1_constructions, calibrated_table1, TABLE1_CALIBRATED_COLUMNS
from nu_ees.experiments import ANALYSES
from nu_ees.statistics import parameter_fit

def main():
    "The four benchmark figures."
    p = argparse.ArgumentParser()
    p.add_argument('--toys', type=int, default=10_000); p.add_argument('--workers', type=int, default=2)
    p.add_argument('--analysis', choices=ANALYSES, default='recommended'); p.add_argument('--csv', metavar='FILE')
    p.add_argument('--skip-table', action='store_true'); p.add_argument('--skip-scaling', action='store_true')
    args = p.parse_args()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()}, analysis: {args.analysis}")

    # 1. the kernel
    per_toy = {}
    print(f"\n1. toy kernel, one process, 2000 toys at mu = 5e-12 mu_B (universal moment), scan of {N_SCAN} points + Brent refinement:")
    for d in ('xenonnt', 'lz_ws2022'):
        fit = parameter_fit(d, 'mu_universal', 'all', analysis=args.analysis); m = toy_model(fit)
        obs, sig2, centres = draw_toys(m, 5e-12, fit.chi2([5e-12], return_nuisances=True)[1].to_numpy()[0], 2000, toy_seed('bench', 0))
        scan = np.linspace(0.0, 2.5e-11, N_SCAN)
        toy_statistic(m, 5e-12, obs[:5], sig2[:5], centres[:5], scan)            # compile or load the numba cache
        best = np.inf
        for _ in range(3):
            t0 = time.process_time(); t, n_eval = toy_statistic(m, 5e-12, obs, sig2, centres, scan, return_evaluations=True); best = min(best, time.process_time() - t0)
        per_toy[d] = best / len(obs)
        print(f"  {d:10s}: {n_eval.sum() / best:12,.0f} profiled chi2 evaluations per second per core ({best / n_eval.sum() * 1e6:.3f} us each), "
              f"{n_eval.mean():.1f} evaluations per toy, {best / len(obs) * 1e6:.1f} us per toy")

    # 2. the calibrated Table I
    if not args.skip_table:
        t0 = time.perf_counter(); cons = table1_constructions(n_toys=args.toys, workers=args.workers, progress=False, analysis=args.analysis); wall = time.perf_counter() - t0
        toys = sum(c.values.size for c in {c.key: c for c in cons.values()}.values()) * args.toys
        print(f"\n2. calibrated Table I, {args.toys} toys per grid point, LocalCluster of {args.workers} workers: {wall:.0f} s wall "
              f"({wall / 60:.1f} min) for {toys:,} toys, {args.analysis} analysis; load average now {os.getloadavg()}")
        if args.csv: calibrated_table1(constructions=cons, analysis=args.analysis)[TABLE1_CALIBRATED_COLUMNS].to_csv(args.csv, index=False)

    # 3. scaling 1 -> 2 workers
    if not args.skip_scaling:
        runs = {1: [], 2: []}
        for _ in range(3):                      # interleaved 1, 2, 1, 2, 1, 2 workers: a change of machine load hits both alike
            for w in (1, 2):
                t0 = time.perf_counter(); table1_constructions(n_toys=1000, workers=w, progress=False, analysis=args.analysis); runs[w].append(time.perf_counter() - t0)
        times = {w: float(np.median(ts)) for w, ts in runs.items()}
        print(f"\n3. scaling (Table I, 1000 toys per grid point, medians of 3 interleaved runs, each starting its LocalCluster): "
              f"1 worker {times[1]:.1f} s ({', '.join(f'{t:.1f}' for t in runs[1])}), 2 workers {times[2]:.1f} s ({', '.join(f'{t:.1f}' for t in runs[2])}), "
              f"efficiency T1/(2 T2) = {times[1] / (2 * times[2]):.0%}; load average now {os.getloadavg()}")

    # 4. extrapolation
    n2 = 41 * 41; panels = {'xenonnt': 9, 'lz_ws2022': 9}; evals_2d_over_1d = 5.5
    cpu = sum(panels[d] * n2 * 10_000 * per_toy[d] * evals_2d_over_1d for d in panels)
    print(f"\n4. two-parameter regions (Figs. 3 top, 5), calibrated the same way: per experiment 9 panels need a 2-D construction (mu pairs 3, q pairs 3, "
          f"r2 pairs 3; the (Lambda_i, Lambda_j) panels of Fig. 3 reduce to a 1-D construction in mu_eff, cost as one Table I row);\n"
          f"   assumptions: a 41 x 41 lattice per panel, 10^4 toys per point, a 2-D toy costing {evals_2d_over_1d:g}x a 1-D one (a 13 x 13 scan and a "
          f"2-D refinement: ~220 profiled evaluations instead of ~40, each costing about what a 1-D one costs, since the signal stays a polynomial of the "
              f"two parameters), the per-toy costs of section 1 on this machine;\n"
          f"   total {cpu / 3600:,.0f} core-hours -> {cpu / 100 / 60:,.0f} min on 100 workers at 100 % efficiency, "
          f"{cpu / 100 / 60 / 0.85:,.0f} min at 85 %")
    print(f"\nload average at the end: {os.getloadavg()}")


if __name__ == '__main__':     # the LocalCluster's worker processes are spawned: they import this file
    main()
