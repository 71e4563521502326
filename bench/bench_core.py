"""Benchmark of the nu_ees core: prints its figures and a table (figure, measured, target, pass/fail).

Run:  .venv/bin/python bench/bench_core.py
(a) SM true-recoil spectrum on 1000 recoil energies (pp + 7Be, three flavours, oscillations), warm;
(b) every basis spectrum one experiment needs (XENONnT 1-30 keV): 5 EM interactions, and 5 mediators x 100 masses;
(c) numba compile caching across processes (first call in a fresh interpreter, twice);
(d) detector_response construction.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import nu_ees
from nu_ees.data import load_table
from nu_ees.detector import detector_response
from nu_ees.rates import differential_rate, rate_basis

EM = ['sm', 'magnetic', 'millicharge', 'charge_radius', 'anapole']
MEDIATORS = ['vector', 'axial', 'scalar', 'pseudoscalar', 'tensor']
MASSES = np.geomspace(0.01, 1000, 100)   # MeV


from _timing import timed, fmt, print_targets   # medians after a warm-up (bench/_timing.py)


rows = []   # (figure, measured [s], target [s] or None)

# (a) ---------------------------------------------------------------------------------------------------------------
T = np.geomspace(0.5, 200, 1000)
med, best = timed(lambda: differential_rate(T), repeats=200)
print(f'(a) SM spectrum, 1000 recoil energies: median {fmt(med)}, min {fmt(best)} over 200 warm calls')
rows.append(('(a) SM spectrum, 1000 T, warm (median)', med, 20e-3))

# (d) ---------------------------------------------------------------------------------------------------------------
eff = load_table('xenonnt_efficiency')
edges = np.arange(1.0, 31.0)
med_d, best_d = timed(lambda: detector_response(edges, 'xenonnt', eff), repeats=20)
resp = detector_response(edges, 'xenonnt', eff)
print(f'(d) detector_response(1-30 keV, xenonnt): median {fmt(med_d)}, min {fmt(best_d)} over 20 calls; '
      f'{resp.T_keV.size} true-recoil points x {resp.bin_centres_keV.size} bins')

# (b) ---------------------------------------------------------------------------------------------------------------
def em_set():
    return [resp.fold_basis(rate_basis(resp.T_keV, name)) for name in EM]


def mediator_set():
    return [resp.fold_basis(rate_basis(resp.T_keV, name, m)) for name in MEDIATORS for m in MASSES]


med_em, best_em = timed(em_set, repeats=20)
print(f'(b) EM set ({len(EM)} bases on {resp.T_keV.size} T points, folded): median {fmt(med_em)}, min {fmt(best_em)} over 20')
med_med, best_med = timed(mediator_set, repeats=3)
n_med = len(MEDIATORS) * MASSES.size
print(f'(b) mediator set ({n_med} bases, folded): median {fmt(med_med)}, min {fmt(best_med)} over 3 '
      f'({med_med / n_med * 1e3:.2f} ms per basis)')
rows.append(('(b) EM basis set, 5 bases, warm', med_em, 1.0))
rows.append((f'(b) mediator basis set, {n_med} bases, warm', med_med, None))

# (c) ---------------------------------------------------------------------------------------------------------------
SNIPPET = ("import time; t=time.perf_counter(); from nu_ees.rates import differential_rate; import numpy as np; "
           "differential_rate(np.array([1.0])); print(time.perf_counter()-t)")


def first_call(env_extra=None):
    env = {**os.environ, **(env_extra or {})}
    out = subprocess.run([sys.executable, '-c', SNIPPET], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout.strip().splitlines()[-1])


pkg_cache = Path(nu_ees.__file__).parent / '__pycache__'
with tempfile.TemporaryDirectory(prefix='nu_ees_numba_') as tmp:
    # an empty NUMBA_CACHE_DIR makes the first process compile, without touching the project's own cache files
    cold = first_call({'NUMBA_CACHE_DIR': tmp})
    warm = first_call({'NUMBA_CACHE_DIR': tmp})
    n_tmp = sum(1 for p in Path(tmp).rglob('*') if p.suffix in ('.nbi', '.nbc'))
default_cache = first_call()
SPLIT = ("import time; t0=time.perf_counter(); from nu_ees.rates import differential_rate; import numpy as np; "
         "t1=time.perf_counter(); differential_rate(np.array([1.0])); t2=time.perf_counter(); print(t1-t0, t2-t1)")
split = subprocess.run([sys.executable, '-c', SPLIT], capture_output=True, text=True, check=True).stdout.split()
t_import, t_call = map(float, split[-2:])
nb_files = sorted(p.name for p in pkg_cache.glob('*.nb[ic]'))
print(f'(c) first call in a fresh process, empty numba cache (compiles): {cold:.3f} s')
print(f'(c) first call in a second fresh process, same cache ({n_tmp} cache files written): {warm:.3f} s '
      f'-> {cold / warm:.1f}x faster')
print(f'(c) first call with the default cache location: {default_cache:.3f} s '
      f'(of which import {t_import:.3f} s, first differential_rate call {t_call:.3f} s)')
print(f'(c) numba cache files live in {pkg_cache} ({len(nb_files)} files), e.g. {", ".join(nb_files[:3])}')
rows.append(('(c) fresh process, numba compiles', cold, None))
rows.append(('(c) fresh process, cache hit', warm, cold / 3))
rows.append(('(d) detector_response construction', med_d, None))

# table --------------------------------------------------------------------------------------------------------------
print_targets(rows, 44)
print('\n(c) target: a cache hit at least 3x faster than compiling. Python', sys.version.split()[0], 'numpy', np.__version__)
