"""Property tests of the public constructors of datasets: make_experiment (any arrays) and projection (any hypothetical detector); PandaX-4T Run1."""
import math, warnings
import numpy as np
import pytest
from hypothesis import given, settings, assume, HealthCheck, strategies as st
from nu_ees.experiments import (make_experiment, load_experiment, experiment_arrays, Experiment, EXPERIMENT_SPECS, PANDAX4T_RUN1_FIT,
                                PANDAX4T_BACKGROUND_SIGMA, PANDAX4T_RESOLUTION, pandax4t_sigma_keV, fit_sqrt_linear, background_width)
from nu_ees.statistics import Fit
from nu_ees.projections import projection, PROJECTION_PARAMETERS

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ---------------------------------------------------------------- make_experiment: valid arrays give a working Experiment

@st.composite
def detectors(draw):
    "Valid make_experiment arguments: random bins, counts, exposure, efficiency curve, resolution and a positive background."
    n = draw(st.integers(1, 8))
    lo = draw(st.floats(0.5, 5.0))
    widths = draw(st.lists(st.floats(0.2, 4.0), min_size=n, max_size=n))
    edges = lo + np.concatenate([[0.0], np.cumsum(widths)])
    m = draw(st.integers(2, 6))
    eff_E = np.sort(np.array(draw(st.lists(st.floats(0.1, 60.0), min_size=m, max_size=m, unique=True))))
    assume(np.all(np.diff(eff_E) > 1e-6))
    eff = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=m, max_size=m)))
    counts = st.one_of(st.just(0.0), st.floats(1e-6, 500.0))      # zero or a count (a subnormal count: see test_subnormal_count_gives_finite_chi2)
    return dict(name='random_detector', bin_edges_keV=edges, observed=np.array(draw(st.lists(counts, min_size=n, max_size=n))),
                exposure_t_yr=draw(st.floats(1e-3, 1e3)), efficiency_keV=eff_E, efficiency=eff,
                resolution=(draw(st.floats(0.05, 1.0)), draw(st.floats(0.0, 0.05))),
                background=np.array(draw(st.lists(st.floats(0.01, 1e3), min_size=n, max_size=n))),
                background_sigmas=draw(st.sampled_from([None, {'background': 0.1}])), chi2='poisson')

@settings(max_examples=25, **SETTINGS)
@given(detectors())
def test_valid_arrays_give_finite_chi2(kw):
    e = make_experiment(**kw)
    assert isinstance(e, Experiment) and e.observed.size == kw['bin_edges_keV'].size - 1
    assert np.all(np.isfinite(e.sm_eves)) and np.all(e.sm_eves >= 0)
    c2 = Fit(e, 'magnetic').chi2([0.0, 1e-11])
    assert np.all(np.isfinite(c2)) and np.all(c2 >= 0)
    assert np.isfinite(Fit(e, 'millicharge', 'e').chi2_one(1e-12))

# ---------------------------------------------------------------- make_experiment: bad arrays are refused, naming the argument

BASE = dict(name='toy', bin_edges_keV=np.arange(1.0, 6.0), observed=np.full(4, 10.0), exposure_t_yr=1.0, efficiency_keV=np.array([1.0, 2.0, 30.0]),
            efficiency=np.array([0.2, 0.9, 0.9]), resolution=(0.31, 0.0037), background=np.full(4, 5.0))

def _bad_values(draw):
    "One (argument, bad value) pair, drawn."
    n = 4
    arg = draw(st.sampled_from(['bin_edges_keV', 'observed', 'exposure_t_yr', 'efficiency_keV', 'efficiency', 'background', 'resolution',
                                'flux_sigma', 'chi2', 'name', 'background_sigmas']))
    junk = st.sampled_from([None, True, False, 'text', b'bytes', {'a': 1}])
    if arg == 'bin_edges_keV':
        v = draw(st.one_of(junk, st.just(np.arange(5.0)[::-1] + 1), st.just(np.array([1.0, 2.0, 2.0, 3.0, 4.0])), st.just(np.array([-1.0, 1, 2, 3, 4])),
                           st.just(np.array([1.0, np.nan, 3, 4, 5])), st.just(np.ones((5, 2))), st.just(np.array([1.0]))))
    elif arg in ('observed', 'background'):
        length = draw(st.integers(0, 9).filter(lambda k: k != n))
        v = draw(st.one_of(junk, st.just(np.ones(length)), st.just(-np.ones(n)), st.just(np.full(n, np.inf)), st.just(np.ones((n, 2))),
                           st.lists(st.floats(-1e3, -1e-6), min_size=n, max_size=n).map(np.array)))
    elif arg == 'exposure_t_yr':
        v = draw(st.one_of(junk, st.floats(max_value=0.0), st.just(float('nan')), st.just(float('inf')), st.just(np.array([1.0, 2.0]))))
    elif arg == 'efficiency_keV':
        v = draw(st.one_of(junk, st.just(np.array([30.0, 2.0, 1.0])), st.just(np.array([1.0, 2.0])), st.just(np.ones((3, 2)))))
    elif arg == 'efficiency':
        v = draw(st.one_of(junk, st.lists(st.floats(1.0001, 10.0), min_size=3, max_size=3).map(np.array),
                           st.lists(st.floats(-10.0, -1e-4), min_size=3, max_size=3).map(np.array), st.just(np.ones((3, 3)))))
    elif arg == 'resolution':
        v = draw(st.one_of(st.just(None), st.just(True), st.just('darkside'), st.just((0.3, -1.0)), st.just((0.0, 0.0)), st.just((float('nan'), 0.0))))
    elif arg == 'flux_sigma':
        v = draw(st.one_of(junk, st.floats(max_value=0.0), st.just(float('nan'))))
    elif arg == 'chi2':
        v = draw(st.one_of(st.just(None), st.just('likelihood'), st.just(2)))
    elif arg == 'name':
        v = draw(st.one_of(st.just(None), st.just(''), st.just('My Detector'), st.just(3), st.just('a+b')))
    else:
        v = draw(st.one_of(st.just('background'), st.just({'radon': 0.1}), st.just({'background': -0.1}), st.just({'background': 'wide'})))
    return arg, v

@settings(max_examples=200, **SETTINGS)
@given(st.data())
def test_bad_arrays_raise_naming_the_argument(data):
    arg, v = _bad_values(data.draw)
    with pytest.raises((ValueError, TypeError)) as e: make_experiment(**{**BASE, arg: v})
    assert arg in str(e.value), (arg, v, str(e.value))

def test_subnormal_count_gives_finite_chi2():
    e = make_experiment(**{**BASE, 'observed': np.array([0.0, 0.0, 5e-324, 1.0])})
    assert np.all(np.isfinite(Fit(e, 'magnetic').chi2([0.0, 1e-11])))

def test_gaussian_needs_counts():
    with pytest.raises(ValueError, match='observed'): make_experiment(**{**BASE, 'observed': np.array([0.0, 1, 2, 3])}, chi2='gaussian')

# ---------------------------------------------------------------- PandaX-4T Run1

def test_pandax_dataset():
    px = load_experiment('pandax4t_run1')
    assert 'pandax4t_run1' in EXPERIMENT_SPECS and px.chi2 == 'poisson' and px.observed.size == 29
    assert np.all(px.observed == np.round(px.observed)) and px.observed.sum() == 1431
    assert np.isclose(px.exposure_t_yr, 363.3 / 365.25)
    assert abs(px.sm_eves.sum() - PANDAX4T_RUN1_FIT['solar_nu_er'][0]) < PANDAX4T_RUN1_FIT['solar_nu_er'][1]
    assert np.allclose(px.components().total, px.released_background, rtol=1e-12)      # SM + background = the released best fit
    assert px.nuisance_sigmas == {'beta': 0.07, 'background': PANDAX4T_BACKGROUND_SIGMA}

def test_pandax_background_width_is_the_quadrature_sum():
    comps = {k: v for k, v in PANDAX4T_RUN1_FIT.items() if k != 'solar_nu_er'}
    expected = math.sqrt(sum(e * e for _, e in comps.values())) / sum(v for v, _ in comps.values())
    assert np.isclose(background_width(PANDAX4T_RUN1_FIT), expected, rtol=1e-12) and np.isclose(PANDAX4T_BACKGROUND_SIGMA, expected, atol=5e-5)
    with pytest.raises(ValueError): background_width({'x': (-1.0, 1.0)})

def test_pandax_resolution_pair_follows_the_polynomial():
    E = np.linspace(3.0, 30.0, 50)
    a, b = PANDAX4T_RESOLUTION
    assert np.all(np.abs((a * np.sqrt(E) + b * E) / pandax4t_sigma_keV(E) - 1) < 0.1)
    # the fit recovers an exact a sqrt(E) + b E
    assert np.allclose(fit_sqrt_linear(lambda x: 0.3 * np.sqrt(x) + 0.01 * x, E), (0.3, 0.01), rtol=1e-10)

def test_pandax_arrays_rounded_from_the_digitisation():
    a = experiment_arrays('pandax4t_run1')
    assert np.all(a['observed'] == np.floor(a['observed'])) and np.all(np.diff(a['bin_edges_keV']) == 1.0)

# ---------------------------------------------------------------- projection: valid detectors give ordered, finite results

@settings(max_examples=15, **SETTINGS)
@given(st.floats(0.5, 3000.0), st.floats(0.0, 200.0), st.sampled_from(sorted(PROJECTION_PARAMETERS)))
def test_projection_valid(exposure, background, parameter):
    r = projection(exposure, background, parameter=parameter, n_toys=0)
    assert math.isfinite(r['median']) and r['median'] > 0 and r['exposure_t_yr'] == exposure and r['parameter'] == parameter
    if parameter == 'q_e': assert r['asimov_lower'] < 0 < r['asimov_upper']
    more = projection(4 * exposure, background, parameter=parameter, n_toys=0)
    assert more['median'] < r['median']                                   # more exposure, a stronger limit

@settings(max_examples=5, **SETTINGS)
@given(st.floats(1.0, 100.0), st.floats(0.5, 50.0))
def test_projection_bands_ordered(exposure, background):
    r = projection(exposure, background, n_toys=60, seed=1)
    assert r['band95_lo'] <= r['band68_lo'] <= r['toys_median'] <= r['band68_hi'] <= r['band95_hi']

def test_projection_more_background_weaker():
    assert projection(10.0, 20.0, n_toys=0)['median'] > projection(10.0, 2.0, n_toys=0)['median']

@settings(max_examples=80, **SETTINGS)
@given(st.data())
def test_projection_bad_input_names_the_argument(data):
    arg, v = data.draw(st.sampled_from([
        ('exposure_t_yr', float('nan')), ('exposure_t_yr', -1.0), ('exposure_t_yr', 0.0), ('exposure_t_yr', 'ten'), ('exposure_t_yr', None),
        ('exposure_t_yr', True), ('exposure_t_yr', float('inf')), ('background_per_t_yr_keV', -0.1), ('background_per_t_yr_keV', float('nan')),
        ('background_per_t_yr_keV', None), ('background_per_t_yr_keV', 'low'), ('parameter', 'mu_e'), ('parameter', None), ('parameter', 3),
        ('n_toys', -1), ('n_toys', 1.5), ('n_toys', True), ('roi_keV', (30.0, 1.0)), ('roi_keV', 5.0), ('roi_keV', (1.0, 1.5)), ('roi_keV', (-1.0, 10.0)),
        ('efficiency', 1.5), ('efficiency', -0.2), ('efficiency', 'flat'), ('efficiency', 0.0), ('resolution', 'darkside'), ('resolution', (0.3, -1.0)),
        ('m_X', 0.0), ('m_X', -1.0), ('m_X', float('nan')), ('flux_sigma', 0.0), ('flux_sigma', -0.07), ('background_sigma', -0.1), ('seed', 1.5)]))
    kw = {'exposure_t_yr': 10.0, 'background_per_t_yr_keV': 1.0, 'n_toys': 0, 'parameter': 'vector' if arg == 'm_X' else 'mu_universal', arg: v}
    with pytest.raises((ValueError, TypeError)) as e: projection(**kw)
    assert arg in str(e.value), (arg, v, str(e.value))

# ---------------------------------------------------------------- two analyses (paper, recommended); non-integer Poisson counts

from nu_ees.experiments import (ANALYSES, resolve_experiments, tritium_template, tritium_spectrum, NonIntegerCountsWarning,
                                XENONNT_BACKGROUND_SIGMA, PANDAX4T_TRITIUM_SIGMA, PANDAX4T_REST_SIGMA)


def test_non_integer_poisson_counts_warn_naming_the_bins():
    obs = np.array([10.0, 10.5, 10.0, 9.25])
    with pytest.warns(NonIntegerCountsWarning, match=r'2 counts are not integers .* 2-3 keV \(10.5\), 4-5 keV \(9.25\)'):
        make_experiment(**{**BASE, 'observed': obs})
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        make_experiment(**{**BASE, 'observed': np.round(obs)})
        make_experiment(**{**BASE, 'observed': obs, 'chi2': 'gaussian'})
        for name in EXPERIMENT_SPECS:  # the built-in data are integers: no warning
            for analysis in ANALYSES:
                load_experiment(name, 'free', analysis=analysis)


def test_analysis_switch():
    assert ANALYSES == ('paper', 'recommended')
    for name, s in EXPERIMENT_SPECS.items():
        paper, rec = load_experiment(name), load_experiment(name, analysis='recommended')
        assert load_experiment(name, analysis='paper') is paper and paper.label == s['label']
        assert rec is not paper and rec.label == f"{s['label']} (recommended)" and rec.chi2 == 'poisson'
    with pytest.raises(ValueError, match="unknown analysis 'both'"):
        load_experiment('xenonnt', analysis='both')
    with pytest.raises(ValueError, match='analysis'):
        resolve_experiments('xenonnt', analysis='Paper')
    assert load_experiment('xenonnt', analysis='recommended').nuisance_sigmas == {'beta': 0.07, 'background': XENONNT_BACKGROUND_SIGMA}
    mine = make_experiment(**BASE)
    assert resolve_experiments([mine, 'xenonnt'], analysis='recommended')[0] is mine


def test_pandax_recommended_splits_tritium():
    px, rec = load_experiment('pandax4t_run1'), load_experiment('pandax4t_run1', analysis='recommended')
    assert rec.nuisance_sigmas == {'beta': 0.07, 'background': PANDAX4T_REST_SIGMA, 'tritium': PANDAX4T_TRITIUM_SIGMA}
    assert math.isclose(PANDAX4T_TRITIUM_SIGMA, 31.1 / 118.4, rel_tol=1e-3)
    assert math.isclose(PANDAX4T_REST_SIGMA, background_width(PANDAX4T_RUN1_FIT, exclude=('tritium', 'solar_nu_er')), rel_tol=1e-3)
    np.testing.assert_allclose(rec.backgrounds['tritium'].sum(), PANDAX4T_RUN1_FIT['tritium'][0], rtol=1e-12)
    np.testing.assert_allclose(rec.background, px.background, rtol=1e-12)  # the same total, split in two
    centres = rec.bin_centres_keV
    mean = np.sum(centres * rec.backgrounds['tritium']) / rec.backgrounds['tritium'].sum()
    assert 4 < mean < 9, mean  # a beta spectrum with endpoint 18.6 keV seen through a threshold near 1-2 keV
    with pytest.raises(ValueError, match='events'):
        tritium_template(rec.response, float('nan'))
    assert tritium_spectrum([0.0, 18.591, 20.0]).tolist() == [0.0, 0.0, 0.0]
