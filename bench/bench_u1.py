"""Benchmark of the interaction registry and the U(1)' limits: prints its figures and a table (figure, measured, target, result). Nothing is asserted.

Run:  .venv/bin/python bench/bench_u1.py
(a) a new interaction registered and its first 90 % C.L. limit at one mass (XENONnT), warm: register_interaction + MediatorProfile + excluded_couplings;
(b) the four U(1)' curves for one experiment (XENONnT), 121 masses x 301 couplings each (u1_limits), and for the three datasets of the figure;
(c) basis-spectrum speed, as bench/bench_core.py (b) measures it (XENONnT 1-30 keV, folded): 5 EM bases, 5 mediators x 100 masses, and the
    4 U(1)' models x 100 masses. Before the registry (commit f775f3e) bench_core.py gave 9.14 ms and 931 ms for the first two on this machine.
All figures are medians of repeats after one warm-up call.
"""
import itertools
import math
import statistics
import sys
import time

import numpy as np

from nu_ees.constants import G_F, m_e
from nu_ees.cross_sections import register_interaction, INTERACTIONS, U1_MODELS
from nu_ees.data import load_table
from nu_ees.detector import detector_response
from nu_ees.mediators import MediatorProfile, excluded_couplings, mass_grid
from nu_ees.rates import rate_basis
from nu_ees.u1_models import u1_limits, U1_DATASETS, N_U1_COUPLINGS

EM = ['sm', 'magnetic', 'millicharge', 'charge_radius', 'anapole']
MEDIATORS = ['vector', 'axial', 'scalar', 'pseudoscalar', 'tensor']
MASSES = np.geomspace(0.01, 1000, 100)   # MeV


from _timing import timed, fmt, print_targets   # medians after a warm-up (bench/_timing.py)


rows = []   # (figure, measured [s], target [s] or None)

# (a) ---------------------------------------------------------------------------------------------------------------
names = (f'bench_toy_{i}' for i in itertools.count())
def new_model_first_limit():
    "Register a light vector boson coupled to nu_e and electrons only, and find its XENONnT limit at 1 MeV."
    name = next(names)
    register_interaction(name, 'g', '1', True, g_V=(lambda T, m: 1 / (math.sqrt(2) * G_F * (2 * m_e * T + m * m)), None, None))
    ex = excluded_couplings(MediatorProfile('xenonnt', name, 1.0))
    INTERACTIONS.pop(name)
    return ex.lower_excluded

med_a, best_a = timed(new_model_first_limit, repeats=9)
print(f'(a) register a new interaction + its first limit at one mass (XENONnT, 1 MeV): median {fmt(med_a)}, min {fmt(best_a)} over 9; '
      f'limit g = {new_model_first_limit():.4g}')
rows.append(('(a) new interaction + first limit, warm', med_a, 2.0))

# (b) ---------------------------------------------------------------------------------------------------------------
masses = mass_grid(121)
med_b, best_b = timed(lambda: u1_limits(U1_MODELS, 'xenonnt', masses), repeats=3)
print(f"(b) four U(1)' curves, XENONnT, {masses.size} masses x {N_U1_COUPLINGS} couplings: median {fmt(med_b)}, min {fmt(best_b)} over 3 "
      f'({med_b / (4 * masses.size) * 1e3:.2f} ms per limit)')
rows.append((f"(b) 4 U(1)' curves, 1 experiment, {masses.size} masses", med_b, 30.0))
med_b3, best_b3 = timed(lambda: u1_limits(U1_MODELS, U1_DATASETS, masses), repeats=1)
print(f"(b) four U(1)' curves for the figure's {len(U1_DATASETS)} datasets (XENONnT, LZ WS2022, combination of 3): median {fmt(med_b3)} over 1 "
      f'(the full write_u1_limits scan)')
rows.append(("(b) 4 U(1)' curves x 3 datasets (write_u1_limits)", med_b3, None))

# (c) ---------------------------------------------------------------------------------------------------------------
resp = detector_response(np.arange(1.0, 31.0), 'xenonnt', load_table('xenonnt_efficiency'))
med_em, _ = timed(lambda: [resp.fold_basis(rate_basis(resp.T_keV, n)) for n in EM], repeats=20)
med_med, _ = timed(lambda: [resp.fold_basis(rate_basis(resp.T_keV, n, m)) for n in MEDIATORS for m in MASSES], repeats=3)
med_u1, _ = timed(lambda: [resp.fold_basis(rate_basis(resp.T_keV, n, m)) for n in U1_MODELS for m in MASSES], repeats=3)
print(f'(c) basis spectra on {resp.T_keV.size} true-recoil points, folded: 5 EM {fmt(med_em)} (before: 9.14 ms); '
      f'500 mediator {fmt(med_med)} (before: 931 ms, {med_med / 500 * 1e3:.2f} ms per basis); '
      f"400 U(1)' {fmt(med_u1)} ({med_u1 / 400 * 1e3:.2f} ms per basis)")
rows.append(('(c) EM basis set, 5 bases (before: 9.14 ms)', med_em, None))          # timings of another day and load: compare, do not judge
rows.append(('(c) mediator basis set, 500 bases (before: 931 ms)', med_med, None))
rows.append(("(c) U(1)' basis set, 400 bases, warm", med_u1, None))

# table --------------------------------------------------------------------------------------------------------------
print_targets(rows, 52)
print('\n(c) the "before" figures are bench_core.py (b) at commit f775f3e on this machine, at another time and load: for a fair comparison run both\n'
      '    versions interleaved (old code from `git archive f775f3e nu_ees`). Python', sys.version.split()[0], 'numpy', np.__version__)
