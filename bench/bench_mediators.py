#!/usr/bin/env python
"""Benchmark of the light-mediator limits (issue 5, Figs. 6 and 7): prints figures, asserts nothing.

Run:  python bench/bench_mediators.py
Figures: the full Fig. 6 (LZ + XENONnT x S, P, V, A, T x 121 masses, 241-coupling scan plus root-finding per mass), warm; its parts (building the
basis spectra once per mass, the scans and roots); the quick run; and the naive route that recomputes and folds the spectrum at every (m_X, g_X) point
(`chi2_direct`), timed on a reduced grid and extrapolated to the number of chi2 evaluations Fig. 6 actually makes (counted)."""
import time
import numpy as np
from nu_ees.statistics import Fit
from nu_ees import mediators as M

def timed(f):
    t0 = time.perf_counter(); out = f(); return out, time.perf_counter() - t0

M.fig6_data(quick=True)                                   # warm-up: numba kernels, experiments, data
_, t_quick = timed(lambda: M.fig6_data(quick=True))
df, t_full = timed(M.fig6_data)

# the parts: building one MediatorProfile (basis spectra of one mediator at one mass, folded) per point of Fig. 6
masses = M.mass_grid()
_, t_build = timed(lambda: [M.MediatorProfile(e, med, m) for e in M.FIG6_EXPERIMENTS for med in M.MEDIATORS for m in masses])

# count the chi2_one calls (g = 0, minimum refinement, brentq) of the full run
calls = {'n': 0}
_orig = Fit.chi2_one
def _counting(self, g):
    calls['n'] += 1; return _orig(self, g)
Fit.chi2_one = _counting
M.fig6_data()
Fit.chi2_one = _orig
n_points = len(df)
n_eval = n_points * M.N_COUPLINGS + calls['n']

# naive: recompute the spectrum at each (m, g), fold, profile -- on a reduced grid (2 masses x 10 couplings per mediator and experiment)
reduced = [(e, med, m, g) for e in M.FIG6_EXPERIMENTS for med in M.MEDIATORS for m in (0.05, 20.0) for g in np.geomspace(1e-8, 1e-3, 10)]
M.chi2_direct(*reduced[0])
_, t_naive_sample = timed(lambda: [M.chi2_direct(*r) for r in reduced])
t_naive_point = t_naive_sample / len(reduced)
t_naive_full = t_naive_point * n_eval

print(f"Fig. 6 full grid: {n_points} (experiment, mediator, mass) points x {M.N_COUPLINGS} couplings (+ root-finding)")
print(f"  full Fig. 6 (warm)                          {t_full:8.2f} s   ({t_full / n_points * 1e3:.2f} ms per mass)")
print(f"    of which building the basis spectra       {t_build:8.2f} s   ({t_build / n_points * 1e3:.2f} ms per mass)")
print(f"    chi2 evaluations                          {n_eval:8d}     ({n_points * M.N_COUPLINGS} on the grid, {calls['n']} chi2_one for g=0/minimum/roots)")
print(f"  quick Fig. 6 ({M.N_MASSES_QUICK} masses, {M.N_COUPLINGS_QUICK} couplings)      {t_quick:8.2f} s")
print(f"  naive: one chi2 with the spectrum recomputed and folded  {t_naive_point * 1e3:.2f} ms  (mean over {len(reduced)} points)")
print(f"  naive Fig. 6, extrapolated                  {t_naive_full:8.0f} s")
print(f"  speed-up of basis spectra once per mass     {t_naive_full / t_full:8.0f} x")
print("target (issue 5): full Fig. 6 under 30 s warm on 2 cores")
