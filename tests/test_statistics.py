"""Statistics and experiments: profiled chi2 against a general minimiser, robustness, combined fits, binned CLI."""
import subprocess, sys
from dataclasses import replace
from pathlib import Path
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.optimize import minimize
from nu_ees.experiments import load_experiment, EXPERIMENT_SPECS
from nu_ees.statistics import Fit, interval, profile, _chi2_at

FITS = {n: Fit(n, 'magnetic') for n in ('xenonnt', 'lz_ws2022')}

def scipy_min(fit, value):
    S = fit.signal([value])[0]
    f = lambda th: _chi2_at(np.asarray(th, float), S, fit.bins, fit.centres)
    r = minimize(f, np.zeros(fit.sigmas.size), method='Nelder-Mead', options=dict(xatol=1e-10, fatol=1e-12, maxiter=20000))
    return minimize(f, r.x, method='BFGS', options=dict(gtol=1e-10)).fun

@settings(max_examples=15, deadline=None)
@given(name=st.sampled_from(sorted(FITS)), mu=st.floats(0, 3e-11))
def test_profile_matches_general_minimiser(name, mu):
    fit = FITS[name]
    assert np.isclose(fit.chi2_one(mu), scipy_min(fit, mu), rtol=1e-6)

@settings(max_examples=20, deadline=None)
@given(q=st.floats(-5e-12, 5e-12), flavour=st.sampled_from(['e', 'mu', 'tau', 'all']))
def test_chi2_finite_and_vectorised_equals_scalar(q, flavour):
    fit = Fit('lz_ws2022', 'millicharge', flavour)
    c = fit.chi2([q])[0]
    assert np.isfinite(c) and np.isclose(c, fit.chi2_one(q), rtol=1e-12)

@settings(max_examples=15, deadline=None)
@given(flavour=st.sampled_from(['e', 'mu', 'tau']), q=st.floats(-5e-12, 5e-12), name=st.sampled_from(['xenonnt', 'lz_ws2022']))
def test_one_flavour_equals_three_flavour_form(flavour, q, name):
    # a parameter on one flavour keeps the SM of all three flavours in the signal
    per_flavour = np.zeros((1, 3)); per_flavour[0, ['e', 'mu', 'tau'].index(flavour)] = q
    one = Fit(name, 'millicharge', flavour)
    assert np.allclose(one.signal([q]), one.signal(per_flavour), rtol=1e-12)
    assert np.isclose(one.chi2_one(q), one.chi2(per_flavour)[0], rtol=1e-12)
    assert np.allclose(one.signal([0.0]), Fit(name, 'sm').signal([0.0]), rtol=1e-12)

def test_zero_count_bins_are_finite():
    e = load_experiment('lz_ws2022')
    e0 = replace(e, observed=np.where(np.arange(e.observed.size) % 3 == 0, 0.0, e.observed))
    c = Fit([e0], 'magnetic').chi2(np.linspace(0, 3e-11, 50))
    assert np.all(np.isfinite(c))

def test_combined_fit_profiles_all_nuisances_jointly():
    # shared beta plus alpha, delta of each LZ run: the kernel's minimum equals a general minimiser over all of them
    fit = Fit(['lz_ws2022', 'lz_ws2024', 'xenonnt'], 'magnetic')
    assert fit.nuisance_names[0] == 'beta' and len(fit.nuisance_names) == 5
    for mu in (0.0, 8e-12):
        assert np.isclose(fit.chi2_one(mu), scipy_min(fit, mu), rtol=1e-6)

def test_interval_ends_are_roots_of_profile():
    fit = Fit('xenonnt', 'millicharge', 'e')
    iv = interval(fit, -2e-12, 2e-12)
    for end in (iv.lower, iv.upper):
        assert np.isclose(fit.chi2_one(end) - iv.chi2_min, 2.71, atol=1e-6)
    assert fit.chi2_one(0.5 * (iv.lower + iv.upper)) - iv.chi2_min < 2.71

def test_more_signal_more_chi2_beyond_limit():
    p = profile(FITS['xenonnt'], np.linspace(1e-11, 4e-11, 20))
    assert np.all(np.diff(p.chi2) > 0)

@pytest.mark.parametrize('bad, msg', [([np.nan], 'must be finite'), ([np.inf], 'must be finite'), ([], 'is empty')])
def test_bad_parameters(bad, msg):
    with pytest.raises(ValueError, match=msg): FITS['xenonnt'].chi2(bad)

def test_bins_outside_data():
    with pytest.raises(ValueError, match='outside the lz_ws2022 data range'): Fit('lz_ws2022', 'magnetic', energy_range_keV=(1, 40))

def test_unknown_experiment():
    with pytest.raises(ValueError, match="unknown experiment 'pandax'"): load_experiment('pandax')

def test_xenonnt_sm_count_matches_xenon_component():
    assert np.isclose(load_experiment('xenonnt').sm_eves.sum(), 78.6, rtol=0.03)

CLI = Path(sys.executable).parent / 'nu_ees_spectrum'

@pytest.mark.parametrize('name', sorted(EXPERIMENT_SPECS))
def test_cli_binned(name):
    r = subprocess.run([str(CLI), '--experiment', name, '--binned'], capture_output=True, text=True, check=True)
    lines = r.stdout.strip().splitlines()
    assert lines[0] == 'bin_lo_keV,bin_hi_keV,observed,sm_eves,background,total'
    rows = np.array([[float(x) for x in l.split(',')] for l in lines[1:]])
    e = load_experiment(name)
    assert len(rows) == e.observed.size and rows[:, 2].sum() == e.observed.sum()
    assert np.allclose(rows[:, 5], rows[:, 3] + rows[:, 4], rtol=1e-5)

def test_cli_unknown_experiment_lists_known():
    r = subprocess.run([str(CLI), '--experiment', 'pandax', '--binned'], capture_output=True, text=True)
    assert r.returncode != 0 and r.stdout == '' and len(r.stderr.strip().splitlines()) == 1
    assert all(n in r.stderr for n in EXPERIMENT_SPECS)
