"""Tests of the installed console script `nu_ees_spectrum`: CSV output against SPEC values and the API, and bad arguments."""
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from nu_ees.rates import differential_rate
from nu_ees.cross_sections import register_interaction, INTERACTIONS
from nu_ees.experiments import load_experiment

SCRIPT = Path(sys.executable).parent / 'nu_ees_spectrum'
HEADER = 'T_keV,rate_per_t_yr_keV'

GOOD = {
    'sm': ['--model', 'sm', '--T', '1', '10', '100'],
    'magnetic_e': ['--model', 'magnetic', '--mu', '1e-11', '--flavour', 'e', '--T', '1', '10', '100'],
    'vector_all': ['--model', 'vector', '--g', '1e-6', '--mX', '1', '--T', '2', '20'],
    'negative_q_equals': ['--model', 'millicharge', '--q=-1e-12', '--T', '1', '10'],
    'negative_q_spaced': ['--model', 'millicharge', '--q', '-1e-12', '--T', '1', '10'],
    'u1_lmu_ltau': ['--model', 'u1_lmu_minus_ltau', '--g', '1e-4', '--mX', '10', '--T', '1', '10'],
    'u1_b_minus_l': ['--model', 'u1_b_minus_l', '--g', '1e-6', '--mX', '1', '--T', '2', '20'],
    'vector_sqrt2': ['--model', 'vector', '--g', f'{2**0.5 * 1e-6:.17g}', '--mX', '1', '--T', '2', '20'],
    'u1_binned': ['--experiment', 'xenonnt', '--binned', '--model', 'u1_b_minus_l', '--g', '1e-6', '--mX', '1'],
    'top_of_range': ['--T', '1e6'],
    'user_model_file': ['--models', '{models_file}', '--model', 'nsi_cli', '--value', '0.1', '--T', '1', '10'],
    'user_model_module': ['--models', 'nu_ees_test_models_cli', '--model', 'nsi_cli', '--value', '0.1', '--T', '1', '10'],
}
MODELS_SOURCE = '''from nu_ees.cross_sections import register_interaction
register_interaction('nsi_cli', 'eps_ee^eV', '1', False, g_V=(1.0, None, None), description='vector NSI of nu_e (test model)')
'''
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
    # options that do not belong to the chosen model or mode
    'mu_with_sm': (['--model', 'sm', '--mu', '1e-11', '--T', '1'], '--mu does not belong to --model sm'),
    'flavour_with_sm': (['--flavour', 'e', '--T', '1'], '--flavour does not belong'),
    'q_with_magnetic': (['--model', 'magnetic', '--mu', '1e-11', '--q', '1e-13', '--T', '1'], '--q does not belong to --model magnetic'),
    'mX_with_magnetic': (['--model', 'magnetic', '--mu', '1e-11', '--mX', '1', '--T', '1'], '--mX does not belong'),
    'g_with_millicharge': (['--model', 'millicharge', '--q', '1e-13', '--g', '1e-6', '--T', '1'], '--g does not belong'),
    'value_with_vector': (['--model', 'vector', '--g', '1e-6', '--mX', '1', '--value', '1', '--T', '1'], '--value does not belong'),
    'value_with_u1': (['--model', 'u1_b_minus_l', '--value', '1e-4', '--mX', '1', '--T', '1'], '--value does not belong'),
    'T_with_binned': (['--experiment', 'xenonnt', '--binned', '--T', '1'], '--T does not belong to --binned'),
    'binding_with_binned': (['--experiment', 'xenonnt', '--binned', '--binding', 'stepping'], '--binding does not belong to --binned'),
    # an option given twice (argparse alone would keep the last silently), or abbreviated
    'repeated_mu': (['--model', 'magnetic', '--mu', '1e-11', '--mu', '2e-11', '--T', '1'], '--mu given more than once'),
    'repeated_T': (['--T', '1', '--T', '2'], '--T given more than once'),
    'repeated_model': (['--model', 'sm', '--model', 'magnetic', '--mu', '1e-11', '--T', '1'], '--model given more than once'),
    'repeated_binned': (['--experiment', 'xenonnt', '--binned', '--binned'], '--binned given more than once'),
    'repeated_equals_form': (['--model', 'millicharge', '--q=-1e-13', '--q', '1e-13', '--T', '1'], '--q given more than once'),
    'abbreviated_option': (['--mod', 'sm', '--T', '1'], '--mod'),
    'missing_value': (['--T', '1', '--model'], 'argument --model: expected one argument'),
    # energies and parameters outside what can be computed: an error, never a nan
    'huge_T': (['--T', '1e308'], '--T'),
    'tiny_T': (['--T', '1e-40'], '--T'),
    'overflowing_g': (['--model', 'vector', '--g', '1e200', '--mX', '1', '--T', '1'], '--g'),
    'overflowing_mu': (['--model', 'magnetic', '--mu', '1e300', '--T', '1'], '--mu'),
    'overflowing_binned': (['--experiment', 'xenonnt', '--binned', '--model', 'vector', '--g', '1e200', '--mX', '1'], '--g'),
    # registered models
    'u1_missing_mX': (['--model', 'u1_lmu_minus_ltau', '--g', '1e-4', '--T', '1'], '--mX'),
    'u1_negative_g': (['--model', 'u1_le_minus_lmu', '--g=-1e-4', '--mX', '1', '--T', '1'], "g'"),
    'missing_models_file': (['--models', 'nowhere.py', '--model', 'sm', '--T', '1'], '--models nowhere.py'),
    'unknown_models_module': (['--models', 'no_such_module_xyz', '--T', '1'], '--models no_such_module_xyz'),
    'user_model_not_loaded': (['--model', 'nsi_cli', '--value', '0.1', '--T', '1'], "unknown interaction 'nsi_cli'"),
}


def _run(args, env=None):
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope='module')
def models_dir(tmp_path_factory):
    "A folder with a user's models, as a file and as an importable module (found through PYTHONPATH)."
    d = tmp_path_factory.mktemp('models')
    (d / 'my_models.py').write_text(MODELS_SOURCE)
    (d / 'nu_ees_test_models_cli.py').write_text(MODELS_SOURCE)
    return d


@pytest.fixture(scope='module')
def results(models_dir):
    "Run every invocation once, a few at a time (each is a fresh interpreter)."
    assert SCRIPT.exists(), f'console script not installed next to {sys.executable}'
    cases = {**{k: [a.format(models_file=models_dir / 'my_models.py') for a in v] for k, v in GOOD.items()}, **{k: v[0] for k, v in BAD.items()}}
    env = {**os.environ, 'PYTHONPATH': os.pathsep.join([str(models_dir), os.environ.get('PYTHONPATH', '')])}
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(cases, pool.map(lambda args: _run(args, env), cases.values())))


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
    message, _, usage = lines[0].partition('; usage: ')
    assert message.startswith('nu_ees_spectrum: error: ') and word in message, lines[0]   # the option named before the usage
    assert usage.startswith('nu_ees_spectrum [-h] [--models MODELS [MODELS ...]]'), lines[0]


def test_u1_models_from_the_registry(results):
    "The U(1)' models work like the paper's mediators; B-L at g' is the paper's vector at sqrt2 g'."
    tab = _table(results['u1_lmu_ltau'])
    np.testing.assert_allclose(tab[:, 1], differential_rate(tab[:, 0], 'u1_lmu_minus_ltau', 1e-4, 'all', 10.0), rtol=1e-7)
    np.testing.assert_allclose(_table(results['u1_b_minus_l'])[:, 1], _table(results['vector_sqrt2'])[:, 1], rtol=1e-7)


def test_u1_binned(results):
    proc = results['u1_binned']
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0] == 'bin_lo_keV,bin_hi_keV,observed,sm_eves,background,total'
    rows = np.array([[float(x) for x in line.split(',')] for line in lines[1:]])
    e = load_experiment('xenonnt')
    expect = e.background + e.basis('u1_b_minus_l', 1.0).spectrum(1e-6)
    np.testing.assert_allclose(rows[:, 5], expect, rtol=1e-6)
    assert rows[:, 5].sum() > (rows[:, 3] + rows[:, 4]).sum()       # the Z' adds events to SM + background


def test_top_of_the_energy_range_is_a_number(results):
    "1e6 keV (1 GeV) is above every solar endpoint: the rate is 0, not nan."
    assert _table(results['top_of_range'])[:, 1].tolist() == [0.0]


@pytest.mark.parametrize('case', ['user_model_file', 'user_model_module'])
def test_user_model_loaded_with_models_option(case, results):
    "A model registered in the user's own file or module reaches --model through --models, with its parameter on --value."
    if 'nsi_cli' not in INTERACTIONS:
        register_interaction('nsi_cli', 'eps_ee^eV', '1', False, g_V=(1.0, None, None))
    tab = _table(results[case])
    np.testing.assert_allclose(tab[:, 1], differential_rate(tab[:, 0], 'nsi_cli', 0.1), rtol=1e-7)
    assert np.all(tab[:, 1] > differential_rate(tab[:, 0]))
