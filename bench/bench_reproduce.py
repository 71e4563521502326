#!/usr/bin/env python
"""Benchmark of the whole reproduction (issue 6): prints figures, asserts nothing.

Run:  python bench/bench_reproduce.py [--skip-cold]
1. `nu_ees_reproduce` (full, and --quick) in a fresh process with an EMPTY numba cache (cold: everything compiles) and again with that
   cache (warm: the median of three runs). This is what a new user waits for: the README quotes the --quick figures.
2. A deliberately naive pipeline for Table I: the expected counts at every parameter point recomputed from scratch with scipy.integrate.quad
   over the neutrino spectrum at every true-recoil energy of the detector grid (no flux moments, no basis spectra). Timed on a reduced number of
   recoil energies and extrapolated to the full grid and to the number of chi2 evaluations the real Table I makes (counted)."""
import os, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np

exe = Path(sys.executable).parent / 'nu_ees_reproduce'

def run_reproduce(cache_dir, out_dir, *args):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache_dir))
    t0 = time.perf_counter()
    subprocess.run([str(exe), '--out', str(out_dir), *args], check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0

rows = []
if '--skip-cold' not in sys.argv:
    for label, args, cold_target, warm_target in (('--quick', ('--quick',), '-', '-'), ('full', (), '< 120 s', '< 30 s')):
        with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
            rows.append((f'nu_ees_reproduce {label}, cold numba cache', run_reproduce(cache, Path(out) / 'o', *args), cold_target))
            warm = [run_reproduce(cache, Path(out) / 'o', *args) for _ in range(3)]
            rows.append((f'nu_ees_reproduce {label}, warm (same cache), median of 3', float(np.median(warm)), warm_target))

# --- count the chi2 evaluations Table I makes
from scipy.integrate import quad
import nu_ees.statistics as st
from nu_ees.electromagnetic import table1
calls = {'points': 0}
orig_chi2, orig_one = st.Fit.chi2, st.Fit.chi2_one
def counting_chi2(self, values, *a, **k):
    calls['points'] += int(np.size(values) // (3 if np.ndim(values) == 2 else 1)); return orig_chi2(self, values, *a, **k)
def counting_one(self, value):
    calls['points'] += 1; return orig_one(self, value)
st.Fit.chi2, st.Fit.chi2_one = counting_chi2, counting_one
t0 = time.perf_counter(); table1(); t_table = time.perf_counter() - t0
st.Fit.chi2, st.Fit.chi2_one = orig_chi2, orig_one
rows.append(('Table I (32 rows), basis spectra, warm', t_table, '< 20 s'))

# --- naive: expected XENONnT counts at one parameter point by quad at each true recoil energy
from nu_ees.experiments import load_experiment
from nu_ees.solar import pp_spectrum, flavour_probabilities, solar_flux, b16_fluxes
from nu_ees.cross_sections import dsigma_dT, E_nu_min
from nu_ees.rates import electrons_per_tonne
from nu_ees.constants import m_e, keV, seconds_per_year, FLAVOURS
xnt = load_experiment('xenonnt'); T_grid = xnt.response.T_keV
flux = solar_flux(); phi_pp, E_end = b16_fluxes()['pp'], flux.E_grid[-1]   # pp endpoint from the Bahcall table
def naive_rate(T_keV, mu):
    t = T_keV * keV; e_min = float(E_nu_min(t)); total = 0.0
    for a, fl in enumerate(FLAVOURS):
        if e_min < E_end:
            total += phi_pp * quad(lambda E: pp_spectrum(E) * flavour_probabilities(E, 'pp')[a, 0] * dsigma_dT(t, E, 'magnetic', fl, mu), e_min, E_end, limit=200)[0]
        for l in range(2):
            if flux.E_lines[l] > e_min: total += flux.Phi_lines[l] * flux.P_lines[a, l] * dsigma_dT(t, flux.E_lines[l], 'magnetic', fl, mu)
    return total * electrons_per_tonne(T_keV) * seconds_per_year * keV
sub = T_grid[:: len(T_grid) // 40][:40]
t0 = time.perf_counter()
for T in sub: naive_rate(T, 7e-12)
t_naive_point = (time.perf_counter() - t0) / sub.size * T_grid.size      # one parameter point on the full true-recoil grid
t_naive_table = t_naive_point * calls['points']
rows.append((f'naive: one parameter point ({T_grid.size} recoil energies x quad), extrapolated from {sub.size}', t_naive_point, '-'))
rows.append((f"naive Table I: {calls['points']} chi2 points x the above, extrapolated", t_naive_table, '-'))
rows.append(('speed-up of Table I by flux moments + basis spectra', t_naive_table / t_table, '(ratio)'))

print(f"{'figure':78s} {'measured':>14s}  target")
for name, v, target in rows:
    print(f"{name:78s} {v:14.4g}  {target}" if 'ratio' in target else f"{name:78s} {v:12.3f} s  {target}")
print("Fig. 6 naive vs basis: see bench/bench_mediators.py")
