"""Tests of the installed console script `nu_ees_spectrum`: CSV output against SPEC values and the API, and bad arguments."""
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from nu_ees.rates import differential_rate

SCRIPT = Path(sys.executable).parent / 'nu_ees_spectrum'
HEADER = 'T_keV,rate_per_t_yr_keV'

GOOD = {
    'sm': ['--model', 'sm', '--T', '1', '10', '100'],
    'magnetic_e': ['--model', 'magnetic', '--mu', '1e-11', '--flavour', 'e', '--T', '1', '10', '100'],
    'vector_all': ['--model', 'vector', '--g', '1e-6', '--mX', '1', '--T', '2', '20'],
    'negative_q_equals': ['--model', 'millicharge', '--q=-1e-12', '--T', '1', '10'],
    'negative_q_spaced': ['--model', 'millicharge', '--q', '-1e-12', '--T', '1', '10'],
}
# bad arguments -> the word the one-line error message must contain
BAD = {
    'negative_T': (['--model', 'sm', '--T', '1', '-3'], '--T'),
    'zero_T': (['--T', '0'], '--T'),
    'word_T': (['--T', 'ten'], '--T'),
    'inf_T': (['--T', 'inf'], '--T'),
    'no_T': ([], '--T'),
    'unknown_model': (['--model', 'dark_photon', '--T', '1'], 'dark_photon'),
    'unknown_flavour': (['--model', 'magnetic', '--mu', '1e-11', '--flavour', 'sterile', '--T', '1'], 'flavour'),
    'nan_q': (['--model', 'millicharge', '--q', 'nan', '--T', '1'], '--q'),
    'missing_mu': (['--model', 'magnetic', '--T', '1'], '--mu'),
    'missing_mX': (['--model', 'vector', '--g', '1e-6', '--T', '1'], '--mX'),
    'zero_mX': (['--model', 'scalar', '--g', '1e-6', '--mX', '0', '--T', '1'], 'm_X'),
    'negative_g': (['--model', 'scalar', '--g=-1e-6', '--mX', '1', '--T', '1'], 'g_X'),
    'unknown_binding': (['--binding', 'hydrogenic', '--T', '1'], 'binding'),
    'unknown_option': (['--T', '1', '--frobnicate', '2'], 'frobnicate'),
}


def _run(args):
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope='module')
def results():
    "Run every invocation once, a few at a time (each is a fresh interpreter)."
    assert SCRIPT.exists(), f'console script not installed next to {sys.executable}'
    cases = {**{k: v for k, v in GOOD.items()}, **{k: v[0] for k, v in BAD.items()}}
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(cases, pool.map(_run, cases.values())))


def _table(proc):
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0] == HEADER
    return np.array([[float(x) for x in line.split(',')] for line in lines[1:]])


def test_sm_spectrum_matches_spec(results):
    tab = _table(results['sm'])
    assert tab.shape == (3, 2)
    np.testing.assert_array_equal(tab[:, 0], [1, 10, 100])
    np.testing.assert_allclose(tab[:, 1], [2.4, 3.0, 2.0], rtol=0.05)          # SPEC §2, stepping Z_eff, no detector
    np.testing.assert_allclose(tab[:, 1], differential_rate(tab[:, 0]), rtol=1e-7)


def test_magnetic_spectrum_single_flavour(results):
    tab = _table(results['magnetic_e'])
    np.testing.assert_allclose(tab[:, 1], differential_rate(tab[:, 0], 'magnetic', 1e-11, 'e'), rtol=1e-7)
    sm = _table(results['sm'])[:, 1]
    assert np.all(tab[:, 1] > sm)                      # a magnetic moment only adds events
    assert tab[0, 1] / sm[0] > tab[-1, 1] / sm[-1]     # and mostly at low recoil (1/T)


def test_mediator_spectrum(results):
    tab = _table(results['vector_all'])
    np.testing.assert_allclose(tab[:, 1], differential_rate(tab[:, 0], 'vector', 1e-6, 'all', 1.0), rtol=1e-7)


def test_negative_parameter_with_equals(results):
    tab = _table(results['negative_q_equals'])
    np.testing.assert_allclose(tab[:, 1], differential_rate(tab[:, 0], 'millicharge', -1e-12), rtol=1e-7)


def test_negative_parameter_in_exponent_notation(results):
    "Negative moments, charges and radii are physical; '--q -1e-12' should work like '--q=-1e-12'."
    assert _table(results['negative_q_spaced']).tolist() == _table(results['negative_q_equals']).tolist()


@pytest.mark.parametrize('case', list(BAD))
def test_bad_arguments_exit_2_with_one_line(case, results):
    proc, word = results[case], BAD[case][1]
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ''
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and proc.stderr.endswith('\n'), proc.stderr
    assert lines[0].startswith('nu_ees_spectrum: error: ') and word in lines[0], lines[0]
