"""No wrong number, ever: one test per class of input that used to return a wrong or silent answer (issue 10, section 5).

Each class is closed as a class, not by its example: the property tests of tests/test_public_api.py and tests/test_interactions.py feed every public
function arbitrary input; here each class is named and checked directly."""
import math, warnings

import numpy as np
import pytest

from nu_ees.cross_sections import dsigma_dT, dsigma_dT_sm, dsigma_dT_magnetic, cross_section_coefficients
from nu_ees.experiments import load_experiment
from nu_ees.rates import differential_rate, rate_basis, flux_moments
from nu_ees.solar import survival_probability, b16_fluxes, solar_flux
from nu_ees.statistics import Fit, interval, em_limit


@pytest.fixture(scope='module')
def mu_fit():
    return Fit('xenonnt', 'magnetic')


@pytest.fixture(scope='module')
def reference(mu_fit):
    "The universal-moment limit from a range that contains everything."
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        return interval(mu_fit, 0.0, 4e-11)


# --- interval(): a range edge is never a limit -------------------------------------------------------------------------------------------

@pytest.mark.parametrize('lo, hi', [(0.0, 3e-12), (0.0, 1e-13), (1e-11, 4e-11), (1e-13, 4e-11), (2e-11, 3e-11)])
def test_interval_finds_the_limit_or_says_it_widened(mu_fit, reference, lo, hi):
    "A range that stops short, excludes the best fit, or starts off zero: the same limit as a generous range, with a warning, never an edge."
    with pytest.warns(UserWarning, match='instead'):
        iv = interval(mu_fit, lo, hi)
    assert iv.upper == pytest.approx(reference.upper, rel=1e-9) and iv.upper not in (lo, hi)
    assert iv.best_fit == pytest.approx(reference.best_fit, abs=1e-15)


def test_interval_finds_both_ends_of_a_two_sided_region():
    q = Fit('xenonnt', 'millicharge', 'e')
    ref = interval(q, -3e-12, 3e-12)
    with pytest.warns(UserWarning):
        inside = interval(q, 1e-13, 2e-13)                 # a range inside the allowed region: both ends outside it
    assert np.ravel(inside.pieces) == pytest.approx(np.ravel(ref.pieces), rel=1e-9)


@pytest.mark.parametrize('level', [-1.0, 0.0, float('nan'), float('inf'), 'high', None, [2.71, 1.64]])
def test_interval_refuses_a_bad_level(mu_fit, level):
    with pytest.raises((ValueError, TypeError), match='level'): interval(mu_fit, 0.0, 4e-11, level=level)


@pytest.mark.parametrize('n_grid', [2, 1, 0, -5, 2.5, True, None])
def test_interval_refuses_a_grid_too_small_to_bracket(mu_fit, n_grid):
    with pytest.raises((ValueError, TypeError), match='n_grid'): interval(mu_fit, 0.0, 4e-11, n_grid=n_grid)


def test_interval_raises_when_the_data_do_not_bound_the_parameter(mu_fit):
    "A level the profile never reaches (it saturates when the flux nuisance switches the signal off) is an error, not an edge."
    with pytest.raises(ValueError, match='level'): interval(mu_fit, 0.0, 4e-11, level=500.0)


# --- a dataset listed twice -----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('experiments', [['xenonnt', 'xenonnt'], 'xenonnt+lz_ws2022+xenonnt', ['lz_ws2022', 'lz_ws2022+lz_ws2024']])
def test_a_dataset_listed_twice_is_refused(experiments):
    with pytest.raises(ValueError, match='listed twice'): Fit(experiments, 'magnetic')


def test_the_same_dataset_object_twice_is_refused():
    e = load_experiment('xenonnt')
    with pytest.raises(ValueError, match='listed twice'): em_limit([e, 'xenonnt'], 'mu_universal', 'all')


# --- the API: booleans, None, shapes, flags, indices, names, overflow ----------------------------------------------------------------------

@pytest.mark.parametrize('energy', [True, False, None, np.array([True, False]), 'one', 1 + 1j])
def test_energies_must_be_numbers(energy):
    for call in (lambda: dsigma_dT(energy, 0.5), lambda: dsigma_dT(1e-3, energy), lambda: differential_rate(energy),
                 lambda: survival_probability(energy)):
        with pytest.raises(TypeError): call()


def test_two_dimensional_energies_where_one_dimension_is_required():
    T2 = np.ones((2, 3))
    with pytest.raises(ValueError, match='T'): cross_section_coefficients(T2 * 1e-3)
    with pytest.raises(ValueError, match='T_keV'): flux_moments(T2)
    with pytest.raises(ValueError, match='T_keV'): rate_basis(T2)
    with pytest.raises(ValueError, match='E_nu'): survival_probability(T2)


@pytest.mark.parametrize('flag', ['no', 'yes', 0, 1, None, 1.0])
def test_antineutrino_must_be_a_boolean(flag):
    with pytest.raises(TypeError, match='antineutrino'): dsigma_dT_sm(1e-3, 0.5, 'e', antineutrino=flag)


@pytest.mark.parametrize('index', ['0', '4', '12', '', 0, 4, True, 1.0, None])
def test_transition_moment_index_is_1_2_or_3(index):
    with pytest.raises((ValueError, TypeError), match='transition-moment index'): em_limit('xenonnt', 'Lambda', index)


@pytest.mark.parametrize('call, word', [(lambda: b16_fluxes('b23'), 'solar model'), (lambda: solar_flux('GS98 '), 'solar model'),
                                        (lambda: survival_probability(0.3, 'pep2'), 'solar source'), (lambda: survival_probability(0.3, ['pp']), 'solar source'),
                                        (lambda: differential_rate([1.0], flux='b23'), 'solar model'), (lambda: differential_rate([1.0], flux=3.0), 'flux')])
def test_unknown_flux_or_solar_model_names(call, word):
    with pytest.raises((ValueError, TypeError), match=word): call()


@pytest.mark.parametrize('T, E', [(1e200, 1e200), (1e-3, 1e200), (1e300, 0.5)])
def test_absurd_energies_are_refused_not_nan(T, E):
    with pytest.raises(ValueError): dsigma_dT(T, E)


def test_a_parameter_that_overflows_is_refused_not_inf():
    with pytest.raises(ValueError): dsigma_dT_magnetic(1e-3, 0.5, 1e200)
    with pytest.raises(ValueError): differential_rate([1.0], 'magnetic', 1e150)
    with pytest.raises(ValueError): Fit('xenonnt', 'magnetic').chi2([1e150])
