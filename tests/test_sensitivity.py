"""Binding options, combined fits, and the sensitivity machinery: toys, coverage, Asimov limits and bands."""
import math
import numpy as np
import pandas as pd
import pytest
from nu_ees.rates import BINDINGS, Z_eff, electrons_per_tonne, rrpa_correction, differential_rate
from nu_ees.experiments import load_experiment, resolve_experiments, dataset_name
from nu_ees.statistics import Fit, interval, parameter_fit
from nu_ees import sensitivity as B

T_GRID = np.geomspace(0.1, 60.0, 500)

def test_default_binding_unchanged():
    # the default is the paper's stepping approximation, and the numbers of the paper reproduction stay where they were
    assert BINDINGS[0] == 'stepping' and load_experiment('xenonnt') is load_experiment('xenonnt', 'stepping')
    assert np.array_equal(differential_rate(T_GRID), differential_rate(T_GRID, binding='stepping'))
    assert np.array_equal(Fit('xenonnt', 'magnetic').B, Fit('xenonnt', 'magnetic', binding='stepping').B)
    assert np.isclose(load_experiment('xenonnt').sm_eves.sum(), 79.307211, rtol=1e-6)
    assert np.isclose(interval(Fit('xenonnt', 'magnetic'), 0.0, 8e-11).upper, 5.627702653e-12, rtol=1e-8)

def test_free_at_least_stepping():
    assert np.all(Z_eff(T_GRID, 'free') >= Z_eff(T_GRID, 'stepping'))
    for name in ('xenonnt', 'lz_ws2022', 'lz_ws2024'):
        assert np.all(load_experiment(name, 'free').sm_eves >= load_experiment(name, 'stepping').sm_eves)

def test_rrpa_factor_finite_positive_and_applied():
    f = rrpa_correction(T_GRID)
    assert np.all(np.isfinite(f)) and np.all(f > 0) and np.all(f < 1.2)
    assert np.allclose(electrons_per_tonne(T_GRID, 'rrpa'), electrons_per_tonne(T_GRID, 'stepping') * f, rtol=1e-14)
    # held at the end values outside the digitised 0.25-28.4 keV
    assert rrpa_correction(0.1) == rrpa_correction(0.2) and rrpa_correction(35.0) == rrpa_correction(50.0)
    assert np.all(load_experiment('xenonnt', 'rrpa').sm_eves < load_experiment('xenonnt').sm_eves)

@pytest.mark.parametrize('call', [lambda: Z_eff(1.0, 'hydrogenic'), lambda: load_experiment('xenonnt', 'hydrogenic'),
                                  lambda: Fit('xenonnt', 'magnetic', binding='hydrogenic'), lambda: parameter_fit('xenonnt', 'q', 'e', binding='hydrogenic'),
                                  lambda: differential_rate([1.0], binding='hydrogenic')])
def test_bad_binding_raises(call):
    with pytest.raises(ValueError, match='binding'): call()

def test_combination_never_lowers_chi2():
    # every chi2 term is non-negative: adding an experiment can only raise the profiled chi2 at each parameter value
    mu = np.linspace(0, 3e-11, 31)
    names = ['lz_ws2022', 'lz_ws2024', 'xenonnt']
    comb = Fit(names, 'magnetic').chi2(mu)
    for n in names: assert np.all(comb >= Fit(n, 'magnetic').chi2(mu) - 1e-9)
    q = np.linspace(-2e-12, 2e-12, 21)
    comb_q = Fit(['lz_ws2024', 'xenonnt'], 'millicharge', 'e').chi2(q)
    assert np.all(comb_q >= Fit('xenonnt', 'millicharge', 'e').chi2(q) - 1e-9)

def test_combination_with_frozen_beta_is_the_sum():
    mu = np.linspace(0, 3e-11, 11)
    def frozen(f):
        f.sigmas = f.sigmas.copy(); f.sigmas[0] = 1e-9; return f
    comb = frozen(Fit(['lz_ws2022', 'xenonnt'], 'magnetic')).chi2(mu)
    parts = frozen(Fit('lz_ws2022', 'magnetic')).chi2(mu) + frozen(Fit('xenonnt', 'magnetic')).chi2(mu)
    assert np.allclose(comb, parts, rtol=1e-8)

def test_dataset_names():
    assert [e.name for e in resolve_experiments('lz_ws2022+lz_ws2024+xenonnt')] == ['lz_ws2022', 'lz_ws2024', 'xenonnt']
    assert dataset_name(['xenonnt', 'lz_ws2024']) == 'lz_ws2024+xenonnt'
    with pytest.raises(ValueError, match="unknown experiment 'pandax'"): resolve_experiments('xenonnt+pandax')
    with pytest.raises(ValueError, match='listed twice'): resolve_experiments('xenonnt+xenonnt')

def test_toy_kernel_matches_interval():
    fit = parameter_fit('lz_ws2022+xenonnt', 'mu_universal', 'all')
    obs, sig2 = B.toy_counts(fit, 3, seed=1)
    r = B.toy_scan(fit, obs, sig2, 0.0, 8e-11, (2.71, 1.64))
    for t in range(3):
        f = B.with_data(fit, obs[t], sig2[t])
        assert np.isclose(r[t, 3], interval(f, 0.0, 8e-11).upper, rtol=1e-9)
        assert np.isclose(r[t, 4], interval(f, 0.0, 8e-11, level=1.64).upper, rtol=1e-9)

def test_coverage_is_a_fraction_and_reproducible():
    c = B.coverage('xenonnt', 0.0, n_toys=100)
    assert set(c.level) == {2.71, 1.64} and c['interval coverage'].between(0, 1).all() and c['upper-limit coverage'].between(0, 1).all()
    assert (c['interval error'] >= 0).all()
    pd.testing.assert_frame_equal(c, B.coverage('xenonnt', 0.0, n_toys=100))

def test_sensitivity_quantiles_ordered():
    s = B.sensitivity('lz_ws2024', n_toys=100)
    q = [s[f'toys {p:g}%'] for p in B.BAND_QUANTILES]
    assert all(a <= b for a, b in zip(q, q[1:])) and math.isfinite(s['asimov']) and s == B.sensitivity('lz_ws2024', n_toys=100)

def test_toys_never_drop_a_limit_beyond_the_grid():
    "A grid that is far too short is widened for the toys that need it: every toy gets its limit, the same as on a wide grid."
    fit = parameter_fit('xenonnt', 'mu_universal', 'all')
    obs, sig2 = B.toy_counts(fit, 50, seed=3)
    short, wide = B.toy_scan(fit, obs, sig2, 0.0, 1e-12), B.toy_scan(fit, obs, sig2, 0.0, 8e-11)
    assert np.isfinite(short[:, 3]).all() and np.allclose(short[:, 3], wide[:, 3], rtol=1e-9)


def test_write_sensitivity(tmp_path):
    files = B.write_sensitivity(tmp_path, quick=True)
    assert sorted(files) == sorted(B.SENSITIVITY_FILES) and all((tmp_path / f).stat().st_size > 0 for f in files)
    s = pd.read_csv(tmp_path / 'sensitivity.csv')
    assert set(s.dataset) == set(B.SENSITIVITY_DATASETS) and s.observed.notna().all() and s['toys 50%'].notna().all()
