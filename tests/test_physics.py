"""Property tests of the physics in nu_ees: cross sections, flavour weights, rates, basis spectra, detector folding, input checks.

Floats are compared by ratio (rtol); cross sections (~1e-45 cm^2/MeV) are never compared with an absolute tolerance.
Where dsigma_dT sums terms that cancel (antineutrinos near T_max: the result is ~1e-5 of its terms), the tolerance is a
ratio to the size of those terms (`assert_close_to_terms`), the bound a floating-point sum can actually meet.
Recoil energies in the cross-section tests are drawn as T = T_max(E) * 10**u with u in [-12, 0]: below ~1e-150 MeV the
millicharge term q/(m_e T) overflows, which no physical recoil reaches (the lowest xenon shell is 12 eV).
"""
import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from nu_ees.constants import FLAVOURS, sin2_theta13
from nu_ees.cross_sections import (INTERACTIONS, PAPER_INTERACTIONS, cross_section_coefficients, T_max, E_nu_min, dsigma_dT, dsigma_dT_sm,
                                   dsigma_dT_magnetic, dsigma_dT_em, dsigma_dT_vector, dsigma_dT_axial, dsigma_dT_scalar,
                                   dsigma_dT_pseudoscalar, dsigma_dT_tensor, mu_eff_squared_from_transition, mediator_shift, g_V_shift_em)
from nu_ees.solar import flavour_probabilities, survival_probability, solar_flux, b16_fluxes, pp_spectrum, PRODUCTION_COLUMN, SOLAR_MODELS
from nu_ees.rates import differential_rate, differential_rate_reference, rate_basis, Z_eff, electrons_per_tonne
from nu_ees.detector import detector_response, resolution_keV, tabulated_efficiency
from nu_ees.data import load_table

NAMES = list(PAPER_INTERACTIONS)          # the paper's interactions; the U(1)' models and user models: tests/test_interactions.py
NP_NAMES = [n for n in NAMES if n != 'sm']
MEDIATORS = [n for n in NAMES if INTERACTIONS[n].needs_mass]
SCALE = {'magnetic': 1e-9, 'millicharge': 1e-11, 'charge_radius': 1e-29, 'anapole': 1e-29}   # largest |parameter| drawn
G_MAX = 1e-3

# ---------------------------------------------------------------------------------------------------------------- strategies
energies = st.floats(0.005, 1.0)                                   # neutrino energy [MeV]
flavours = st.sampled_from(FLAVOURS)
log_fractions = st.lists(st.floats(-12.0, 0.0), min_size=1, max_size=6)
couplings = st.one_of(st.just(0.0), st.just(G_MAX), st.floats(-12.0, math.log10(G_MAX)).map(lambda u: 10.0**u))
masses = st.floats(-3.0, 3.0).map(lambda u: 10.0**u)                # m_X [MeV]


def signed(scale): return st.floats(-scale, scale)


@st.composite
def parameter(draw, name):
    "(value, m_X) of a physically sized parameter point of interaction `name`."
    if name == 'sm': return 0.0, None
    if name in MEDIATORS: return draw(couplings), draw(masses)
    return draw(signed(SCALE[name])), None


def recoils(E, fractions):
    "Recoil energies T_max(E) * 10**u, with T_max itself always included."
    Tm = float(T_max(E))
    return np.r_[Tm * 10.0 ** np.asarray(fractions), Tm]


def above_endpoint(E, w):
    "Recoil energies above T_max(E)."
    return float(T_max(E)) * (1 + np.asarray(w))


above = st.lists(st.floats(1e-9, 10.0), min_size=1, max_size=4)
CS = settings(deadline=None, max_examples=150)
PER_CASE = settings(deadline=None, max_examples=40)   # for tests parametrized over every interaction and nu / anti-nu
each_interaction = pytest.mark.parametrize('name', NAMES)
each_helicity = pytest.mark.parametrize('anti', [False, True], ids=['nu', 'nubar'])

# ------------------------------------------------------------------------------------ cross sections: sign and endpoint
@each_interaction
@each_helicity
@PER_CASE
@given(flavour=flavours, E=energies, u=log_fractions, w=above, data=st.data())
def test_dsigma_dT_non_negative_and_zero_above_endpoint(name, flavour, anti, E, u, w, data):
    value, m_X = data.draw(parameter(name))
    d = dsigma_dT(recoils(E, u), E, name, flavour, value, m_X, anti)
    assert np.all(np.isfinite(d)), d
    assert np.all(d >= 0), d
    assert np.all(dsigma_dT(above_endpoint(E, w), E, name, flavour, value, m_X, anti) == 0)


@CS
@given(flavour=flavours, anti=st.booleans(), E=energies, u=log_fractions, w=above)
def test_sm_paper_form_non_negative(flavour, anti, E, u, w):
    d = dsigma_dT_sm(recoils(E, u), E, flavour, anti)
    assert np.all(d > 0), d                  # the SM cross section never vanishes inside the kinematic range
    assert np.all(dsigma_dT_sm(above_endpoint(E, w), E, flavour, anti) == 0)


@CS
@given(mu=signed(SCALE['magnetic']), E=energies, u=log_fractions, w=above)
def test_magnetic_paper_form_non_negative(mu, E, u, w):
    assert np.all(dsigma_dT_magnetic(recoils(E, u), E, mu) >= 0)
    assert np.all(dsigma_dT_magnetic(above_endpoint(E, w), E, mu) == 0)


@CS
@given(flavour=flavours, anti=st.booleans(), q=signed(SCALE['millicharge']), r2=signed(SCALE['charge_radius']),
       a=signed(SCALE['anapole']), E=energies, u=log_fractions, w=above)
def test_em_paper_form_non_negative(flavour, anti, q, r2, a, E, u, w):
    d = dsigma_dT_em(recoils(E, u), E, flavour, q, r2, a, anti)
    assert np.all(np.isfinite(d)), d
    assert np.all(d >= 0), d
    assert np.all(dsigma_dT_em(above_endpoint(E, w), E, flavour, q, r2, a, anti) == 0)


@CS
@given(which=st.sampled_from(['vector', 'axial']), flavour=flavours, anti=st.booleans(), g=couplings, m_X=masses,
       E=energies, u=log_fractions, w=above)
def test_vector_axial_paper_form_non_negative(which, flavour, anti, g, m_X, E, u, w):
    f = dsigma_dT_vector if which == 'vector' else dsigma_dT_axial
    assert np.all(f(recoils(E, u), E, flavour, g, m_X, anti) >= 0)
    assert np.all(f(above_endpoint(E, w), E, flavour, g, m_X, anti) == 0)


INCOHERENT = {'scalar': dsigma_dT_scalar, 'pseudoscalar': dsigma_dT_pseudoscalar, 'tensor': dsigma_dT_tensor}


@CS
@given(which=st.sampled_from(list(INCOHERENT)), g=couplings, m_X=masses, E=energies, u=log_fractions, w=above)
def test_incoherent_paper_form_non_negative(which, g, m_X, E, u, w):
    f = INCOHERENT[which]
    assert np.all(f(recoils(E, u), E, g, m_X) >= 0)
    assert np.all(f(above_endpoint(E, w), E, g, m_X) == 0)


def term_scale(T, E, name, flavour, value, m_X, anti):
    "Sum of the absolute values of the terms c_pk x^p E^-k that dsigma_dT adds up: the size its rounding error goes with."
    it = INTERACTIONS[name]
    x = value**2 if it.needs_mass else value
    c = cross_section_coefficients(T, name, flavour, m_X, anti)
    return sum(np.abs(c[p, k]) * abs(x)**p * E**-k for p in range(3) for k in range(3))


def assert_close_to_terms(actual, desired, scale, rtol):
    """|actual - desired| <= rtol * (|desired| + scale): a ratio test that stays meaningful where the terms cancel
    (e.g. the antineutrino-electron cross section near T_max, ~1e-5 of its terms)."""
    actual, desired = np.broadcast_arrays(actual, desired)
    bad = np.abs(actual - desired) > rtol * (np.abs(desired) + scale)
    assert not bad.any(), (actual[bad], desired[bad], scale[bad] if np.ndim(scale) else scale)


def paper_form(name, T, E, flavour, value, m_X, anti):
    "The same cross section written directly from the paper's equations (Eqs. 1-3, 7-11)."
    sm = dsigma_dT_sm(T, E, flavour, anti)
    if name == 'sm': return sm
    if name == 'magnetic': return sm + dsigma_dT_magnetic(T, E, value)
    if name == 'millicharge': return dsigma_dT_em(T, E, flavour, q=value, antineutrino=anti)
    if name == 'charge_radius': return dsigma_dT_em(T, E, flavour, r2=value, antineutrino=anti)
    if name == 'anapole': return dsigma_dT_em(T, E, flavour, anapole=value, antineutrino=anti)
    if name == 'vector': return dsigma_dT_vector(T, E, flavour, value, m_X, anti)
    if name == 'axial': return dsigma_dT_axial(T, E, flavour, value, m_X, anti)
    return sm + INCOHERENT[name](T, E, value, m_X)


@each_interaction
@each_helicity
@PER_CASE
@given(flavour=flavours, E=energies, u=log_fractions, data=st.data())
def test_coefficient_form_matches_paper_form(name, flavour, anti, E, u, data):
    "dsigma_dT (polynomial coefficients, numba) and the direct paper formulas are independent codings of the same equations."
    value, m_X = data.draw(parameter(name))
    T = recoils(E, u)
    assert_close_to_terms(dsigma_dT(T, E, name, flavour, value, m_X, anti), paper_form(name, T, E, flavour, value, m_X, anti),
                          term_scale(T, E, name, flavour, value, m_X, anti), rtol=1e-11)


@settings(deadline=None, max_examples=50)
@given(E=energies, u=st.floats(-12.0, 0.0))
def test_endpoint_and_threshold_are_inverse(E, u):
    T = float(T_max(E)) * 10.0**u
    Emin = float(E_nu_min(T))
    assert Emin <= E * (1 + 1e-12)
    np.testing.assert_allclose(float(T_max(Emin)), T, rtol=1e-9)

# ------------------------------------------------------------------------------------------- new physics at zero coupling
@pytest.mark.parametrize('name', NP_NAMES)
@each_helicity
@PER_CASE
@given(flavour=flavours, E=energies, u=log_fractions, m_X=masses)
def test_zero_coupling_is_sm_cross_section(name, flavour, anti, E, u, m_X):
    T = recoils(E, u)
    m = m_X if name in MEDIATORS else None
    assert_close_to_terms(dsigma_dT(T, E, name, flavour, 0.0, m, anti), dsigma_dT(T, E, 'sm', flavour, 0.0, None, anti),
                          term_scale(T, E, 'sm', flavour, 0.0, None, anti), rtol=1e-12)


@CS
@given(flavour=flavours, anti=st.booleans(), E=energies, u=log_fractions, m_X=masses)
def test_zero_coupling_paper_forms(flavour, anti, E, u, m_X):
    T = recoils(E, u)
    sm = dsigma_dT_sm(T, E, flavour, anti)
    assert np.all(dsigma_dT_magnetic(T, E, 0.0) == 0)
    for f in INCOHERENT.values(): assert np.all(f(T, E, 0.0, m_X) == 0)
    for d in (dsigma_dT_em(T, E, flavour, antineutrino=anti), dsigma_dT_vector(T, E, flavour, 0.0, m_X, anti),
              dsigma_dT_axial(T, E, flavour, 0.0, m_X, anti)):
        np.testing.assert_allclose(d, sm, rtol=1e-12)       # same formula, same shift (exactly zero): no cancellation issue
    assert np.all(g_V_shift_em(T) == 0)
    assert np.all(mediator_shift(T, 0.0, m_X) == 0)


T_RATE = np.array([1.0, 10.0, 100.0, 300.0])   # keV; 300 keV is above the pp endpoint recoil (7Be only)


@pytest.fixture(scope='module')
def sm_rate(): return differential_rate(T_RATE)


@pytest.mark.parametrize('flavour', [*FLAVOURS, 'all'])
@pytest.mark.parametrize('name', NP_NAMES)
def test_zero_coupling_is_sm_rate(name, flavour, sm_rate):
    m_X = 3.0 if name in MEDIATORS else None
    np.testing.assert_allclose(differential_rate(T_RATE, name, 0.0, flavour, m_X), sm_rate, rtol=1e-12)

# ------------------------------------------------------------------------------------------------------------- SM limits
# Reference sizes at which each model visibly changes the rate, and the power of the parameter its leading deviation goes
# with: mu^2 for the magnetic moment, linear interference for the g_V shifts of Eq. 7, g^2 for V/A (Eq. 8), g^4 for S/P/T.
LIMIT = {'magnetic': (1e-10, 2, (1e-3, 1e-4)), 'millicharge': (1e-12, 1, (1e-3, 1e-4)),
         'charge_radius': (1e-30, 1, (1e-3, 1e-4)), 'anapole': (1e-30, 1, (1e-3, 1e-4)),
         'vector': (1e-5, 2, (1e-3, 1e-4)), 'axial': (1e-5, 2, (1e-3, 1e-4)),
         'scalar': (1e-5, 4, (1e-1, 1e-2)), 'pseudoscalar': (5e-5, 4, (1e-1, 1e-2)), 'tensor': (1e-5, 4, (1e-1, 1e-2))}


@pytest.mark.parametrize('name,sign', [(n, s) for n in NP_NAMES for s in (1.0, -1.0) if s > 0 or n not in MEDIATORS])  # g_X >= 0
def test_sm_limit_of_small_parameter(name, sign, sm_rate):
    scale, power, (e1, e2) = LIMIT[name]
    m_X = 1.0 if name in MEDIATORS else None
    dev = lambda eps: np.abs(differential_rate(T_RATE, name, sign * scale * eps, 'all', m_X) / sm_rate - 1)
    assert np.all(dev(1.0) > 1e-2)                      # the reference size is not already SM-like
    assert np.all(dev(1e-30) <= 1e-12)                  # 1e-30 of it is the SM
    d1, d2 = dev(e1), dev(e2)
    assert np.all(d2 < d1)
    np.testing.assert_allclose(np.log10(d1 / d2) / np.log10(e1 / e2), power, rtol=0.03)   # leading power of the deviation


@pytest.mark.parametrize('name', MEDIATORS)
@settings(deadline=None, max_examples=10)
@given(g=st.floats(-6.0, -3.0).map(lambda u: 10.0**u))
def test_heavy_mediator_decouples(name, g, sm_rate):
    dev = lambda m: np.abs(differential_rate(T_RATE, name, g, 'all', m) / sm_rate - 1)
    np.testing.assert_allclose(differential_rate(T_RATE, name, g, 'all', 1e6), sm_rate, rtol=1e-6)
    d4, d5 = dev(1e4), dev(1e5)
    power = 2 if name in ('vector', 'axial') else 4   # contact limit: shift ~ g^2/m_X^2, incoherent ~ g^4/m_X^4
    if np.all(d5 > 1e-10): np.testing.assert_allclose(np.log10(d4 / d5), power, rtol=0.03)
    assert np.all(d5 <= d4)

# ------------------------------------------------------------------------------------------------------ flavour weights
@settings(deadline=None, max_examples=100)
@given(E=st.lists(st.floats(1e-3, 20.0), min_size=1, max_size=8), source=st.sampled_from(list(PRODUCTION_COLUMN)),
       model=st.sampled_from(SOLAR_MODELS))
def test_flavour_probabilities_sum_to_one(E, source, model):
    P = flavour_probabilities(np.array(E), source, model)
    assert P.shape == (3, len(E))
    assert np.all(P >= 0)
    assert np.all(P <= 1)
    np.testing.assert_allclose(P.sum(0), 1.0, rtol=1e-12)
    # P_ee = c13^4 P_eff + s13^4 with 0 <= P_eff <= 1
    assert np.all(P[0] >= sin2_theta13**2 * (1 - 1e-12))
    assert np.all(P[0] <= (1 - sin2_theta13)**2 + sin2_theta13**2 + 1e-12)


@settings(deadline=None, max_examples=50)
@given(E1=st.floats(1e-3, 20.0), E2=st.floats(1e-3, 20.0), source=st.sampled_from(['pp', '7Be', '8B']))
def test_survival_probability_falls_with_energy(E1, E2, source):
    "Adiabatic MSW: the matter effect grows with E, so P_ee never rises with energy."
    lo, hi = sorted((E1, E2))
    assert survival_probability(hi, source) <= survival_probability(lo, source) * (1 + 1e-12)

# ------------------------------------------------------------------------------------------- linearity in flux, exposure
@pytest.fixture(scope='module')
def response():
    return detector_response(np.arange(1.0, 11.0), 'xenonnt', load_table('xenonnt_efficiency'))


@settings(deadline=None, max_examples=25)
@given(lam=st.floats(1e-3, 1e3), name=st.sampled_from(NAMES), flavour=st.sampled_from([*FLAVOURS, 'all']), data=st.data())
def test_rate_linear_in_flux(lam, name, flavour, data):
    value, m_X = data.draw(parameter(name))
    f = solar_flux()
    scaled = dataclasses.replace(f, dPhi_dE=lam * f.dPhi_dE, Phi_lines=lam * f.Phi_lines)
    np.testing.assert_allclose(differential_rate(T_RATE, name, value, flavour, m_X, flux=scaled),
                               lam * differential_rate(T_RATE, name, value, flavour, m_X, flux=f), rtol=1e-12)


@settings(deadline=None, max_examples=25)
@given(exposure=st.floats(1e-3, 1e3), name=st.sampled_from(NAMES), data=st.data())
def test_counts_linear_in_exposure(exposure, name, data, response):
    value, m_X = data.draw(parameter(name))
    basis = rate_basis(response.T_keV, name, m_X)
    counts_1 = response.fold(basis.spectrum(value))
    assert np.all(counts_1 >= 0)
    np.testing.assert_allclose(response.fold(basis.spectrum(value), exposure), exposure * counts_1, rtol=1e-12)
    # folding the basis first and evaluating it afterwards gives the same counts
    np.testing.assert_allclose(response.fold_basis(basis, exposure).spectrum(value), exposure * counts_1, rtol=1e-10)

# ----------------------------------------------------------------------------------------------- basis vs reference
@settings(deadline=None, max_examples=8)
@given(name=st.sampled_from(NAMES), flavour=st.sampled_from([*FLAVOURS, 'all']),
       T=st.lists(st.floats(0.5, 700.0), min_size=1, max_size=3), data=st.data())
def test_basis_polynomial_matches_reference(name, flavour, T, data):
    value, m_X = data.draw(parameter(name))
    T = np.array(T)
    np.testing.assert_allclose(rate_basis(T, name, m_X).spectrum(value, flavour),
                               differential_rate_reference(T, name, value, flavour, m_X), rtol=1e-10)


@pytest.mark.parametrize('name', NAMES)
def test_basis_matches_reference_per_flavour_values(name):
    "Three different values, one per flavour (the basis keeps the flavours apart)."
    rng = np.random.default_rng(sorted(NAMES).index(name))
    m_X = 0.5 if name in MEDIATORS else None
    v = rng.uniform(0, G_MAX, 3) if name in MEDIATORS else rng.uniform(-1, 1, 3) * SCALE.get(name, 0.0) * 1e-2
    T = np.array([2.0, 40.0])
    np.testing.assert_allclose(rate_basis(T, name, m_X).spectrum(v, 'all'), differential_rate_reference(T, name, v, 'all', m_X),
                               rtol=1e-10)

# ---------------------------------------------------------------------------------------- universal vs per flavour
@settings(deadline=None, max_examples=30)
@given(name=st.sampled_from(NP_NAMES), data=st.data())
def test_universal_equals_three_equal_values(name, data):
    value, m_X = data.draw(parameter(name))
    b = rate_basis(T_RATE, name, m_X)
    universal = b.spectrum(value, 'all')
    np.testing.assert_allclose(universal, b.spectrum((value, value, value), 'all'), rtol=1e-14)
    # each flavour's parameter changes only its own term: universal + 2 SM = sum of the three single-flavour rates
    np.testing.assert_allclose(universal + 2 * b.sm(), sum(b.spectrum(value, fl) for fl in FLAVOURS), rtol=1e-10)


@settings(deadline=None, max_examples=30)
@given(mu=signed(SCALE['magnetic']), flavour=st.sampled_from([*FLAVOURS, 'all']), E=energies, u=log_fractions)
def test_magnetic_rate_even_in_mu(mu, flavour, E, u):
    np.testing.assert_allclose(differential_rate(T_RATE, 'magnetic', -mu, flavour), differential_rate(T_RATE, 'magnetic', mu, flavour),
                               rtol=1e-14)
    T = recoils(E, u)
    np.testing.assert_allclose(dsigma_dT(T, E, 'magnetic', 'e', -mu), dsigma_dT(T, E, 'magnetic', 'e', mu), rtol=1e-14)


def test_millicharge_rate_is_not_even():
    "Control for the test above: an interference term does distinguish the sign."
    plus, minus = (differential_rate(T_RATE, 'millicharge', s * 1e-13, 'e') for s in (1, -1))
    assert np.all(np.abs(plus / minus - 1) > 1e-3)


lambdas = st.one_of(st.just(0.0), st.tuples(st.sampled_from([1.0, -1.0]), st.floats(-20.0, -9.0))
                    .map(lambda t: t[0] * 10.0**t[1]))        # |Lambda| up to 1e-9 mu_B (no subnormal squares)


@settings(deadline=None, max_examples=200)
@given(L=st.tuples(lambdas, lambdas, lambdas), flips=st.tuples(st.booleans(), st.booleans(), st.booleans()),
       P=st.floats(0.0, 1.0))
def test_mu_eff_from_transition_moments(L, flips, P):
    m2 = mu_eff_squared_from_transition(*L, P_e1=P)
    assert m2 >= 0
    assert m2 <= sum(l * l for l in L) * (1 + 1e-12)          # Eq. 6 only removes part of |Lambda|^2
    flipped = [-l if f else l for l, f in zip(L, flips)]
    np.testing.assert_allclose(mu_eff_squared_from_transition(*flipped, P_e1=P), m2, rtol=1e-14)
    np.testing.assert_allclose(mu_eff_squared_from_transition(*(2 * l for l in L), P_e1=P), 4 * m2, rtol=1e-12)


def test_mu_eff_from_transition_moments_default():
    "Default P_e1: for Lambda_1 alone mu_eff^2 = (1 - c13^2 P_e1) Lambda_1^2."
    np.testing.assert_allclose(mu_eff_squared_from_transition(1.0, 0.0, 0.0), 1 - (1 - sin2_theta13) * 0.667, rtol=1e-12)
    np.testing.assert_allclose(mu_eff_squared_from_transition(0.0, 0.0, -1.0), 1 - sin2_theta13, rtol=1e-12)

# -------------------------------------------------------------------------------------------------- SPEC §2 anchors
def test_spec_sm_rate_anchors():
    np.testing.assert_allclose(differential_rate(np.array([1.0, 10.0, 100.0])), [2.4, 3.0, 2.0], rtol=0.05)


def test_spec_total_cross_sections():
    E = 0.8618
    T = np.linspace(0, float(T_max(E)), 20001)[1:]
    for fl, ref in (('e', 6.1e-45), ('mu', 1.2e-45)):
        np.testing.assert_allclose(np.trapezoid(dsigma_dT_sm(T, E, fl), T), ref, rtol=0.03)


def test_spec_survival_probabilities():
    assert 0.53 <= survival_probability(0.2, 'pp') <= 0.55
    assert 0.50 <= survival_probability(0.8618, '7Be') <= 0.53


def test_spec_xenonnt_sm_events():
    resp = detector_response(np.arange(1.0, 31.0), 'xenonnt', load_table('xenonnt_efficiency'))
    np.testing.assert_allclose(resp.fold(differential_rate(resp.T_keV), 1.16).sum(), 79, rtol=0.05)

# --------------------------------------------------------------------------------------------------------- bad input
nan, inf = float('nan'), float('inf')
BAD = [
    (lambda: dsigma_dT(-1e-3, 0.5), 'T'),
    (lambda: dsigma_dT(1e-3, nan), 'E_nu'),
    (lambda: dsigma_dT(1e-3, inf), 'E_nu'),
    (lambda: dsigma_dT(1e-3, -0.5), 'E_nu'),
    (lambda: dsigma_dT_sm(nan, 0.5), 'T'),
    (lambda: dsigma_dT_magnetic(1e-3, 0.5, nan), 'mu'),
    (lambda: dsigma_dT_em(1e-3, 0.5, 'e', q=nan), 'q'),
    (lambda: dsigma_dT_em(1e-3, 0.5, 'e', r2=nan), 'r2'),
    (lambda: dsigma_dT_em(1e-3, 0.5, 'e', anapole=inf), 'anapole'),
    (lambda: dsigma_dT_vector(1e-3, 0.5, 'e', nan, 1.0), 'g_X'),
    (lambda: dsigma_dT_scalar(1e-3, 0.5, -1e-5, 1.0), 'g_X'),
    (lambda: dsigma_dT_axial(1e-3, 0.5, 'e', -1e-5, 1.0), 'g_X'),
    (lambda: dsigma_dT_tensor(1e-3, 0.5, 1e-5, 0.0), 'm_X'),
    (lambda: dsigma_dT_pseudoscalar(1e-3, 0.5, 1e-5, -1.0), 'm_X'),
    (lambda: dsigma_dT(1e-3, 0.5, 'vector', 'e', 1e-5, 0.0), 'm_X'),
    (lambda: dsigma_dT(1e-3, 0.5, 'vector', 'e', 1e-5, None), 'm_X'),
    (lambda: dsigma_dT(1e-3, 0.5, 'vector', 'e', -1e-5, 1.0), 'g_X'),
    (lambda: dsigma_dT(1e-3, 0.5, 'magnetic', 'e', nan), 'mu'),
    (lambda: dsigma_dT(1e-3, 0.5, 'millicharge', 'e', nan), 'q'),
    (lambda: dsigma_dT(1e-3, 0.5, 'dark_photon'), 'interaction'),
    (lambda: dsigma_dT(1e-3, 0.5, 'sm', 'sterile'), 'flavour'),
    (lambda: T_max(-1.0), 'E_nu'),
    (lambda: E_nu_min(nan), 'T'),
    (lambda: mu_eff_squared_from_transition(1e-11, nan, 0.0), 'Lambda2'),
    (lambda: differential_rate([1.0, -2.0]), 'T_keV'),
    (lambda: differential_rate([nan]), 'T_keV'),
    (lambda: differential_rate([inf]), 'T_keV'),
    (lambda: differential_rate([1.0], 'magnetic', nan), 'mu'),
    (lambda: differential_rate([1.0], 'millicharge', nan, 'e'), 'q'),
    (lambda: differential_rate([1.0], 'nope'), 'interaction'),
    (lambda: differential_rate([1.0], 'magnetic', 1e-11, 'sterile'), 'flavour'),
    (lambda: differential_rate([1.0], 'sm', 0.0, 'all', None, 'hydrogenic'), 'binding'),
    (lambda: differential_rate([1.0], 'vector', -1e-6, 'all', 1.0), 'g_X'),
    (lambda: differential_rate([1.0], 'scalar', 1e-6, 'all', 0.0), 'm_X'),
    (lambda: differential_rate([1.0], 'scalar', 1e-6, 'all', -5.0), 'm_X'),
    (lambda: differential_rate([1.0], 'tensor', 1e-6, 'all', None), 'm_X'),
    (lambda: rate_basis([1.0], 'magnetic').spectrum((1e-11, 1e-11)), 'three'),
    (lambda: Z_eff(-1.0), 'T_keV'),
    (lambda: Z_eff(1.0, 'hydrogenic'), 'binding'),
    (lambda: electrons_per_tonne(1.0, 'hydrogenic'), 'binding'),
    (lambda: flavour_probabilities(-0.1), 'E_nu'),
    (lambda: flavour_probabilities(nan), 'E_nu'),
    (lambda: flavour_probabilities(0.1, 'pp', 'bs05'), 'solar model'),
    (lambda: flavour_probabilities(0.1, 'cno'), 'solar source'),
    (lambda: survival_probability(0.1, 'pp', 'bs05'), 'solar model'),
    (lambda: solar_flux('bs05'), 'solar model'),
    (lambda: b16_fluxes('bs05'), 'solar model'),
    (lambda: resolution_keV(1.0, 'darwin'), 'detector'),
    (lambda: resolution_keV(-1.0, 'lz'), 'E_keV'),
    (lambda: detector_response(np.arange(1.0, 5.0), 'darwin'), 'detector'),
    (lambda: detector_response([1.0, nan]), 'bin_edges_keV'),
    (lambda: detector_response([3.0, 2.0]), 'bin_edges_keV'),
    (lambda: tabulated_efficiency([1.0], [[0.0, 0.5], [1.0, 1.5]]), 'efficiency'),
]


@pytest.mark.parametrize('call,word', BAD, ids=[f'{i}-{w}' for i, (_, w) in enumerate(BAD)])
def test_bad_input_raises_naming_argument(call, word):
    with pytest.raises(ValueError) as e: call()
    assert word in str(e.value), str(e.value)


def test_bad_exposure(response):
    for bad in (-1.0, nan, inf):
        with pytest.raises(ValueError, match='exposure_t_yr'): response.fold(np.zeros(response.T_keV.size), bad)
    with pytest.raises(ValueError, match='points'): response.fold(np.zeros(3))


# --- a table or curve used outside its range is never extrapolated in silence (issue 16 section 6) -------------------------------------

def test_efficiency_outside_its_table_is_extended_by_the_stated_rule_with_a_warning():
    "Its last value above, 0 below; silent within EFFICIENCY_EDGE_keV of the table's ends, a warning naming the rule further out."
    import warnings
    from nu_ees.detector import EFFICIENCY_EDGE_keV
    tab = load_table('xenonnt_efficiency')
    with pytest.warns(UserWarning, match='efficiency_table covers .* its last value'):
        above = tabulated_efficiency([tab[-1, 0] + 2 * EFFICIENCY_EDGE_keV], tab)
    assert above[0] == tab[-1, 1]
    short = np.array([[2.0, 0.5], [10.0, 0.9]])
    with pytest.warns(UserWarning, match='0 below it'):
        below = tabulated_efficiency([1.0], short)
    assert below[0] == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        near = tabulated_efficiency([tab[-1, 0] + EFFICIENCY_EDGE_keV / 2], tab)   # XENONnT's last 0.12 keV: held, silently
    assert near[0] == tab[-1, 1]


def test_resolution_outside_where_it_gives_widths_is_refused():
    "A resolution that gives no width above 100 keV is refused, naming the argument, where a response or a call needs it there."
    capped = lambda E: np.where(np.asarray(E) <= 100.0, 0.3 * np.sqrt(E), -1.0)
    with pytest.raises(ValueError, match='resolution: .* positive finite widths'):
        detector_response([100.0, 200.0], capped)
    with pytest.raises(ValueError, match='E_keV: .* positive finite widths'):
        resolution_keV(150.0, capped)


def test_pp_spectrum_is_never_extrapolated():
    "The pp table ends at the endpoint with zero, so zero above it is the table's value; below its first row it lies on the line to (0, 0)."
    tab = load_table('pp_shape')
    assert tab[-1, 1] == 0.0
    assert np.all(pp_spectrum([tab[-1, 0], 0.5, 20.0]) == 0.0)
    np.testing.assert_allclose(pp_spectrum(tab[0, 0] / 4), tab[0, 1] / 4, rtol=1e-12)
