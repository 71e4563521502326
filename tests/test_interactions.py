"""The interaction registry: its validation, the paper's interactions unchanged by it, the U(1)' family, a user's own model end to end, and
property tests (hypothesis) of `register_interaction` and of every public function of the cross-section notebook.

The fuzzing tests draw one argument at a time from values of every kind (floats including NaN, inf, huge, tiny, negative and zero; integers;
strings; bools; None; complex; ragged, nested and 2-d shapes) with the other arguments valid, and require either a finite result or a
ValueError/TypeError whose message names the argument.
"""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from numba import njit
from scipy.integrate import quad

import nu_ees.cross_sections as cs
from nu_ees.constants import FLAVOURS, G_F, m_e, alpha_em, cm2_per_MeV_inv2, sin2_theta_W, e_charge
from nu_ees.cross_sections import (
    INTERACTIONS,
    PAPER_INTERACTIONS,
    U1_MODELS,
    U1_CHARGES,
    register_interaction,
    get_interaction,
    dsigma_dT,
    cross_section_coefficients,
    coefficients_by_flavour,
    zprime_shifts,
    kinetic_mixing_lmu_ltau,
    m_mu,
    m_tau,
    T_max,
    sm_couplings,
    interactions_table,
)
from nu_ees.rates import rate_basis, differential_rate, differential_rate_reference
from nu_ees.statistics import Fit, interval
from nu_ees.mediators import MediatorProfile, excluded_couplings, mediator_limits, coupling_grid, CL90

_names = itertools.count()


def fresh(prefix='tst'):
    "A name nobody has registered yet."
    return f'{prefix}_{next(_names)}'


def unregister(name):
    "Remove a test's own registration (the registry is a plain dict)."
    INTERACTIONS.pop(name, None)


def zp(T, m):
    "Standard Z' propagator factor 1/(sqrt2 G_F (2 m_e T + m^2)), coded here independently."
    return 1 / (math.sqrt(2) * G_F * (2 * m_e * T + m * m))


# ------------------------------------------------------------------------------------------------------------- registry validation
BAD_REGISTRATIONS = {
    'built-in name': (dict(name='vector', g_V=zp, needs_mass=True), ValueError, "'vector' is built into nu_ees"),
    'built-in U(1) name, replace': (dict(name='u1_b_minus_l', g_V=zp, needs_mass=True, replace=True), ValueError, 'built into nu_ees'),
    'two flavours': (dict(g_V=(zp, None), needs_mass=True), ValueError, 'needs three entries, one per flavour (e, mu, tau), got 2'),
    'four flavours': (dict(g_A=[0.1, 0.1, 0.1, 0.1]), ValueError, 'g_A needs three entries'),
    'empty flavour list': (dict(incoherent=[]), ValueError, 'incoherent needs three entries'),
    'shift not finite somewhere': (
        dict(g_V=lambda T, m: np.where(T > 1.0, np.nan, 0.1)),
        ValueError,
        "the g_V shift of flavour 'e' is not finite at T =",
    ),
    'shift not finite for one flavour': (
        dict(g_A=(None, None, lambda T, m: np.full(T.shape, np.inf))),
        ValueError,
        "the g_A shift of flavour 'tau' is not finite",
    ),
    'constant nan': (dict(g_V=float('nan')), ValueError, "g_V of flavour 'e' is not finite"),
    'constant inf in a list': (dict(g_A=(0.0, math.inf, 0.0)), ValueError, "g_A of flavour 'mu' is not finite"),
    'overflowing shift': (dict(g_V=1e200), ValueError, 'so large that the cross section overflows'),
    'overflowing at heavy mass': (
        dict(g_V=lambda T, m: 1e150 * m, needs_mass=True),
        ValueError,
        'so large that the cross section overflows',
    ),
    'negative term': (dict(incoherent=lambda T, m: (-1.0, 0.0, 0.0)), ValueError, "the incoherent term of flavour 'e' is negative"),
    'negative term at high energy only': (dict(incoherent=lambda T, m: (-1e-9 * T, 0.0, 1.0)), ValueError, 'is negative'),
    'negative term near threshold only': (
        dict(incoherent=(None, lambda T, m: (1.0, 0.0, -1e3 * T * T), None)),
        ValueError,
        "of flavour 'mu' is negative",
    ),
    'term not finite': (dict(incoherent=lambda T, m: (np.inf, 0.0, 0.0)), ValueError, 'incoherent term of flavour'),
    'term with two coefficients': (dict(incoherent=lambda T, m: (1.0, 0.0)), ValueError, 'must return three coefficients'),
    'term that is a number': (dict(incoherent=1.0), TypeError, 'incoherent must be a callable'),
    'term entry that is a number': (dict(incoherent=(None, 2.0, None)), TypeError, "incoherent of flavour 'mu'"),
    'callable that raises': (dict(g_V=lambda T, m: 1 / 0), ValueError, "the g_V shift of flavour 'e' failed"),
    'callable with the wrong shape': (dict(g_V=lambda T, m: np.ones(3)), ValueError, 'returned shape (3,)'),
    'callable returning text': (dict(g_V=lambda T, m: 'big'), TypeError, "g_V shift of flavour 'e' must be a number"),
    'shift that is text': (dict(g_V='big'), TypeError, 'g_V must be a callable'),
    'shift that is a bool': (dict(g_V=True), TypeError, 'g_V must be a callable'),
    'needs_mass not a bool': (dict(needs_mass='yes'), TypeError, 'needs_mass must be True or False'),
    'antineutrino_sign 0': (dict(antineutrino_sign=0), ValueError, 'antineutrino_sign must be +1 or -1'),
    'replace not a bool': (dict(replace=1), TypeError, 'replace must be True or False'),
    'name with a space': (dict(name='my model'), ValueError, 'name must be letters, digits and underscores'),
    'name starting with a digit': (dict(name='1model'), ValueError, 'name must be letters'),
    'name not a string': (dict(name=7), TypeError, 'name must be a string'),
    'empty parameter': (dict(parameter=' '), ValueError, 'parameter must not be empty'),
    'unit not a string': (dict(unit=None), TypeError, 'unit must be a string'),
}


@pytest.mark.parametrize('case', list(BAD_REGISTRATIONS))
def test_registry_refuses_with_a_message_naming_the_problem(case):
    kwargs, exc, msg = BAD_REGISTRATIONS[case]
    args = dict(name=fresh(), parameter='g', unit='1', needs_mass=False, g_V=0.1)
    args.update(kwargs)
    before = dict(INTERACTIONS)
    with pytest.raises(exc) as e:
        register_interaction(args.pop('name'), args.pop('parameter'), args.pop('unit'), args.pop('needs_mass'), **args)
    assert msg in str(e.value), str(e.value)
    assert INTERACTIONS == before  # nothing half-registered


def test_register_twice_and_replace_your_own():
    name = fresh()
    try:
        register_interaction(name, 'eps', '1', False, g_V=(0.5, None, None))
        with pytest.raises(ValueError, match=f"interaction '{name}' is already registered"):
            register_interaction(name, 'eps', '1', False, g_V=(0.1, None, None))
        one = dsigma_dT(1e-3, 0.5, name, 'e', 1.0)
        register_interaction(name, 'eps', '1', False, g_V=(0.1, None, None), replace=True)
        assert not np.isclose(dsigma_dT(1e-3, 0.5, name, 'e', 1.0), one, rtol=1e-3, atol=0)  # the new definition is used
        np.testing.assert_allclose(dsigma_dT(1e-3, 0.5, name, 'e', 5.0), one, rtol=1e-12)  # 0.1 x 5 = 0.5 x 1
    finally:
        unregister(name)


def test_paper_interactions_come_from_the_registry():
    assert PAPER_INTERACTIONS == (
        'sm',
        'magnetic',
        'millicharge',
        'charge_radius',
        'anapole',
        'vector',
        'axial',
        'scalar',
        'pseudoscalar',
        'tensor',
    )
    assert set(U1_MODELS) == set(U1_CHARGES)
    assert set(PAPER_INTERACTIONS + U1_MODELS) <= set(INTERACTIONS)
    enters = {n: get_interaction(n).enters for n in PAPER_INTERACTIONS}
    assert enters == {
        'sm': 'none',
        'magnetic': 'incoherent',
        'millicharge': 'g_V',
        'charge_radius': 'g_V',
        'anapole': 'g_V',
        'vector': 'g_V',
        'axial': 'g_A',
        'scalar': 'incoherent',
        'pseudoscalar': 'incoherent',
        'tensor': 'incoherent',
    }
    assert [n for n in INTERACTIONS if get_interaction(n).needs_mass][:5] == ['vector', 'axial', 'scalar', 'pseudoscalar', 'tensor']
    t = interactions_table()
    assert list(t.columns) == ['parameter', 'unit', 'needs_mass', 'enters', 'flavours', 'description']
    assert t.loc['u1_lmu_minus_ltau', 'flavours'] == 'mu,tau'


# ----------------------------------------------------------------------------------- the paper's cross sections, before and after
# The pre-registry implementation (commit f775f3e, nu_ees/cross_sections.py), copied (only reformatted): a numba kernel with hard-coded
# interaction numbers.
@njit
def _old_va_quadratic(T, g_other, shifted_is_axial, anti):
    pref = G_F * G_F * m_e / (2 * math.pi)
    A = np.empty(3)
    B = np.empty(3)
    C = np.empty(3)
    if not shifted_is_axial:
        gA = -g_other if anti else g_other
        A[0], B[0], C[0] = 2.0, 0.0, 2 * gA * gA
        A[1], B[1], C[1] = -2 * T, 4 * T * gA, -2 * T * gA * gA
        A[2], B[2], C[2] = T * T - m_e * T, -2 * T * T * gA, (T * T + m_e * T) * gA * gA
    else:
        gV = g_other
        sgn = -1.0 if anti else 1.0
        A[0], B[0], C[0] = 2.0, 0.0, 2 * gV * gV
        A[1], B[1], C[1] = -2 * T, sgn * 4 * T * gV, -2 * T * gV * gV
        A[2], B[2], C[2] = T * T + m_e * T, -sgn * 2 * T * T * gV, (T * T - m_e * T) * gV * gV
    return A * pref, B * pref, C * pref


@njit
def _old_coefficients_kernel(T, kind, gV0, gA0, s_per_x, anti, out):
    if kind == 2:
        A, B, C = _old_va_quadratic(T, gV0, True, anti)
        g0 = gA0
    else:
        A, B, C = _old_va_quadratic(T, gA0, False, anti)
        g0 = gV0
    for k in range(3):
        out[0, k] = A[k] * g0 * g0 + B[k] * g0 + C[k]
        out[1, k] = s_per_x * (2 * A[k] * g0 + B[k]) if kind > 0 else 0.0
        out[2, k] = A[k] * s_per_x * s_per_x if kind > 0 else 0.0


@njit
def _old_coefficients_array(T, code, gV0, gA0, m_X, anti, alpha_em, cm2):
    out = np.zeros((3, 3, T.size))
    buf = np.empty((3, 3))
    kind = 1 if code in (2, 3, 4, 5) else (2 if code == 6 else 0)
    em = math.sqrt(2) * math.pi * alpha_em / G_F
    for i in range(T.size):
        t = T[i]
        if code == 2:
            s = -em / (m_e * t)
        elif code == 3:
            s = em / (3 * cm2)
        elif code == 4:
            s = em * (2.0 if anti else -2.0) / cm2
        elif code == 5 or code == 6:
            s = 1 / (2 * math.sqrt(2) * G_F * (2 * m_e * t + m_X * m_X))
        else:
            s = 0.0
        _old_coefficients_kernel(t, kind, gV0, gA0, s, anti, buf)
        out[:, :, i] = buf
        if code == 1:
            out[2, 0, i] += math.pi * alpha_em**2 / m_e**2 / t
            out[2, 1, i] += -math.pi * alpha_em**2 / m_e**2
        elif code >= 7:
            D2 = (2 * m_e * t + m_X * m_X) ** 2
            if code == 7:
                out[2, 2, i] += m_e**2 * t / (4 * math.pi * D2)
            elif code == 8:
                out[2, 2, i] += m_e * t**2 / (8 * math.pi * D2)
            else:
                out[2, 0, i] += 4 * m_e / (math.pi * D2)
                out[2, 1, i] += -4 * m_e * t / (math.pi * D2)
                out[2, 2, i] += m_e * (t**2 - m_e * t) / (math.pi * D2)
    return out


def old_dsigma_dT(T, E, name, flavour, value, m_X, anti):
    "dsigma/dT [cm^2/MeV] of the pre-registry code."
    gV0, gA0 = -0.5 + 2 * sin2_theta_W + (flavour == 'e'), -0.5 + (flavour == 'e')
    c = (
        _old_coefficients_array(T, PAPER_INTERACTIONS.index(name), gV0, gA0, m_X or 0.0, anti, alpha_em, cm2_per_MeV_inv2)
        * cm2_per_MeV_inv2
    )
    x = value**2 if get_interaction(name).needs_mass else value
    val = sum(c[p, k] * x**p * E**-k for p in range(3) for k in range(3))
    return np.where(T <= 2 * E**2 / (m_e + 2 * E), val, 0.0)


PAPER_VALUES = {
    'sm': 0.0,
    'magnetic': 3e-11,
    'millicharge': 2e-13,
    'charge_radius': -4e-31,
    'anapole': 5e-32,
    'vector': 3e-6,
    'axial': 3e-6,
    'scalar': 3e-6,
    'pseudoscalar': 3e-5,
    'tensor': 3e-6,
}


@pytest.mark.parametrize('name', PAPER_INTERACTIONS)
def test_paper_cross_sections_unchanged_by_the_registry(name):
    "dsigma_dT of every paper interaction equals the pre-registry implementation to 1e-12, point by point (zero above both endpoints)."
    rng = np.random.default_rng(PAPER_INTERACTIONS.index(name))
    E = 10 ** rng.uniform(-2.3, 1.2, 3000)
    T = 2 * E**2 / (m_e + 2 * E) * 10 ** rng.uniform(-10, 0.3, 3000)  # some above the endpoint
    for fl in FLAVOURS:
        for anti in (False, True):
            for m in (0.01, 1.0, 300.0) if get_interaction(name).needs_mass else (None,):
                new = dsigma_dT(T, E, name, fl, PAPER_VALUES[name], m, anti)
                np.testing.assert_allclose(new, old_dsigma_dT(T, E, name, fl, PAPER_VALUES[name], m, anti), rtol=1e-12, atol=0)


# ---------------------------------------------------------------------------------------------------------------- the U(1)' family
def eq1(T, E, gV, gA, anti):
    "Eq. 1 [cm^2/MeV], coded independently of the package."
    if anti:
        gA = -gA
    y = T / E
    val = G_F**2 * m_e / (2 * np.pi) * ((gV + gA) ** 2 + (gV - gA) ** 2 * (1 - y) ** 2 - (gV**2 - gA**2) * m_e * T / E**2)
    return np.where(T <= 2 * E**2 / (m_e + 2 * E), val, 0.0) * cm2_per_MeV_inv2


def electron_charge_lmu_ltau(T):
    "-e epsilon(q^2)/g' from the one-loop integral (scipy quad), coded independently of the package."
    Q2 = 2 * m_e * T
    I = quad(lambda x: x * (1 - x) * math.log((m_tau**2 + x * (1 - x) * Q2) / (m_mu**2 + x * (1 - x) * Q2)), 0, 1, epsabs=0, epsrel=1e-13)[
        0
    ]
    return -e_charge * e_charge / (2 * math.pi**2) * I


@settings(deadline=None, max_examples=60)
@given(
    model=st.sampled_from(U1_MODELS),
    flavour=st.sampled_from(FLAVOURS),
    anti=st.booleans(),
    E=st.floats(0.005, 15.0),
    u=st.floats(-9.0, 0.0),
    g=st.floats(-9.0, -2.0).map(lambda v: 10.0**v),
    m=st.floats(-3.0, 3.0).map(lambda v: 10.0**v),
)
def test_u1_cross_section_is_eq1_with_charged_shift(model, flavour, anti, E, u, g, m):
    "dsigma/dT of each U(1)' model is Eq. 1 with g_V + Q_nu Q_e g'^2/(sqrt2 G_F (2 m_e T + m^2)), finite and non-negative."
    T = float(T_max(E)) * 10**u
    Q_nu, Q_e = U1_CHARGES[model]
    Q_e = electron_charge_lmu_ltau(T) if Q_e is None else Q_e
    a = FLAVOURS.index(flavour)
    gV, gA = sm_couplings(flavour)
    expect = eq1(T, E, gV + Q_nu[a] * Q_e * g * g * zp(T, m), gA, anti)
    got = dsigma_dT(T, E, model, flavour, g, m, anti)
    assert np.isfinite(got)
    assert got >= 0
    c = cross_section_coefficients(T, model, flavour, m, anti)[:, :, 0]
    scale = sum(abs(c[p, k]) * g ** (2 * p) * E**-k for p in range(3) for k in range(3))
    assert abs(got - expect) <= 1e-10 * (abs(expect) + scale), (got, expect, scale)


def test_kinetic_mixing_number_sign_and_q2():
    eps0 = e_charge * math.log(m_tau**2 / m_mu**2) / (12 * math.pi**2)
    assert np.isclose(1 / eps0, 69.29, rtol=1e-3)
    np.testing.assert_allclose(kinetic_mixing_lmu_ltau(1e-9), eps0, rtol=1e-12)  # q^2 -> 0
    for T in (1e-3, 0.1, 10.0):
        np.testing.assert_allclose(-e_charge * kinetic_mixing_lmu_ltau(T), electron_charge_lmu_ltau(T), rtol=1e-12)
    # the sign: nu_mu (charge +1) sees an electron of charge -e eps/g' < 0, nu_tau (charge -1) one of the opposite product
    T = np.array([2e-3])
    cb, cl = coefficients_by_flavour(T, 'u1_b_minus_l', 1.0), coefficients_by_flavour(T, 'u1_lmu_minus_ltau', 1.0)
    np.testing.assert_allclose(cl[1, 1] / cb[1, 1], -e_charge * eps0, rtol=1e-6)  # B-L: product (+1); L_mu-L_tau: (+1)(Q_e)
    np.testing.assert_allclose(cl[2, 1] / cb[2, 1], +e_charge * eps0, rtol=1e-6)
    assert np.all(cl[0, 1:] == 0)  # nu_e does not couple


@pytest.mark.parametrize('m', [0.03, 3.0, 300.0])
def test_b_minus_l_is_vector_at_sqrt2_g(m):
    "B-L at g' is the paper's universal vector at g_X = sqrt2 g' (Eq. 8 has half the standard normalisation): bases, spectra and limits."
    T = np.geomspace(0.5, 300, 60)
    bl, v = rate_basis(T, 'u1_b_minus_l', m), rate_basis(T, 'vector', m)
    np.testing.assert_allclose(bl.B / (2.0 ** np.arange(3))[None, :, None], v.B, rtol=1e-12, atol=0)
    np.testing.assert_allclose(bl.spectrum(2e-6), v.spectrum(math.sqrt(2) * 2e-6), rtol=1e-10)
    lim_bl = excluded_couplings(MediatorProfile('xenonnt', 'u1_b_minus_l', m)).lower_excluded
    lim_v = excluded_couplings(MediatorProfile('xenonnt', 'vector', m)).lower_excluded
    np.testing.assert_allclose(math.sqrt(2) * lim_bl, lim_v, rtol=1e-10)


@pytest.mark.parametrize('model, signs', [('u1_le_minus_lmu', (1, -1, 0)), ('u1_le_minus_ltau', (1, 0, -1))])
def test_le_models_differ_from_b_minus_l_only_in_flavours_and_signs(model, signs):
    T = np.geomspace(0.5, 300, 40)
    for m in (0.01, 1.0, 100.0):
        b, bl = rate_basis(T, model, m).B, rate_basis(T, 'u1_b_minus_l', m).B
        for a, s in enumerate(signs):
            np.testing.assert_allclose(b[a], bl[a] * np.array([1.0, s, s * s])[:, None], rtol=1e-13, atol=0)


@pytest.mark.parametrize('model', U1_MODELS)
def test_u1_basis_matches_reference_per_flavour(model):
    "The basis keeps each flavour's own coefficients (nu_tau is not a copy of nu_mu): equal to the direct integration."
    T = np.array([0.8, 3.0, 25.0, 200.0])
    for m, g in ((0.05, 2e-6), (20.0, 3e-4)):
        np.testing.assert_allclose(differential_rate(T, model, g, 'all', m), differential_rate_reference(T, model, g, 'all', m), rtol=1e-10)


@pytest.mark.parametrize('model', U1_MODELS)
def test_u1_zero_coupling_and_heavy_decoupling(model):
    T = np.array([1.0, 10.0, 100.0])
    sm = differential_rate(T)
    np.testing.assert_allclose(differential_rate(T, model, 0.0, 'all', 1.0), sm, rtol=1e-13)
    dev = lambda m: np.abs(differential_rate(T, model, 1e-3, 'all', m) / sm - 1)
    np.testing.assert_allclose(np.log10(dev(1e4) / dev(1e5)), 2, rtol=0.02)  # a vector shift ~ g'^2/m^2 interferes linearly


def test_lmu_ltau_weaker_by_the_loop_factor():
    "Against the same charges with a tree-level electron charge -1, the L_mu-L_tau limit is weaker by exactly 1/sqrt|Q_e| = 15.1."
    name = fresh('lmu_ltau_tree')
    try:
        register_interaction(name, "g'", '1', True, g_V=zprime_shifts((0, 1, -1), -1.0))
        g = coupling_grid(241, 1e-9, 10.0)
        for m in (0.01, 10.0):
            loop = excluded_couplings(MediatorProfile('xenonnt', 'u1_lmu_minus_ltau', m), g).lower_excluded
            tree = excluded_couplings(MediatorProfile('xenonnt', name, m), g).lower_excluded
            np.testing.assert_allclose(loop / tree, 1 / math.sqrt(e_charge * kinetic_mixing_lmu_ltau(1e-3)), rtol=1e-5)
            assert loop / excluded_couplings(MediatorProfile('xenonnt', 'u1_b_minus_l', m), g).lower_excluded > 15
    finally:
        unregister(name)


# -------------------------------------------------------------------------------------------------- a user's own model, end to end
def test_user_model_without_mass_fit_and_interval():
    name = fresh('nsi')
    try:
        register_interaction(name, 'eps', '1', False, g_V=(1.0, None, None))
        T = np.array([1.0, 5.0, 50.0])
        np.testing.assert_allclose(differential_rate(T, name, 0.2), differential_rate_reference(T, name, 0.2), rtol=1e-10)
        fit = Fit(['xenonnt', 'lz_ws2022'], name)
        iv = interval(fit, -3.0, 1.0)
        assert not any(iv.open_ends)
        assert len(iv.pieces) >= 1
        for lo, hi in iv.pieces:  # the ends are roots of Delta chi2 = 2.71
            for x in (lo, hi):
                assert abs(fit.chi2_one(x) - iv.chi2_min - CL90) < 1e-6
        assert any(lo < 0 < hi for lo, hi in iv.pieces)  # the SM is allowed
    finally:
        unregister(name)


def test_user_model_with_mass_through_mediator_limits():
    name = fresh('scalar_nue')
    term = lambda T, m: (0.0, 0.0, m_e**2 * T / (4 * math.pi * (2 * m_e * T + m * m) ** 2))  # Eq. 9 on nu_e only
    try:
        register_interaction(name, 'g_S', '1', True, incoherent=(term, None, None))
        lim = mediator_limits('xenonnt', name, [0.1, 10.0])
        universal = mediator_limits('xenonnt', 'scalar', [0.1, 10.0])
        assert (lim.g_X_lower_excluded > universal.g_X_lower_excluded).all()
        assert lim.g_X_upper_allowed.isna().all()
        iv = interval(Fit('xenonnt', name, m_X=10.0), 0.0, 3 * lim.g_X_lower_excluded.iloc[1])
        np.testing.assert_allclose(iv.pieces[0][1], lim.g_X_lower_excluded.iloc[1], rtol=1e-6)
        # the basis of the nu_e-only scalar is the universal scalar's nu_e row
        B, Bu = Fit('xenonnt', name, m_X=10.0).B, Fit('xenonnt', 'scalar', m_X=10.0).B
        np.testing.assert_allclose(B[0], Bu[0], rtol=1e-13)
        np.testing.assert_array_equal(B[1:, 1:], 0.0)
    finally:
        unregister(name)


# ---------------------------------------------------------------------------------------------------------------- fuzzing
WILD = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, -1.0, 1e308, -1e308, 1e-320, 1e200, -1e200, 1e-200, 1e6, 1e7]),
    st.integers(-(10**7), 10**7),
    st.booleans(),
    st.none(),
    st.text(max_size=4),
    st.just(b'1'),
    st.just(1j),
    st.just(object()),
    st.just([1.0, None]),
    st.just([[1.0, 2.0], [3.0]]),
    st.just(np.array([[1e-3, 2e-3]])),
    st.just(np.array([])),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=4),
    st.lists(st.lists(st.floats(1e-3, 1.0), min_size=2, max_size=2), min_size=1, max_size=3),
)
T0, E0 = 2e-3, 0.5
FUNCS = {  # public function -> valid keyword arguments; one of them at a time is replaced by a wild value
    'T_max': (cs.T_max, dict(E_nu=E0)),
    'E_nu_min': (cs.E_nu_min, dict(T=T0)),
    'sm_couplings': (cs.sm_couplings, dict(flavour='mu')),
    'dsigma_dT_sm': (cs.dsigma_dT_sm, dict(T=T0, E_nu=E0, flavour='e', antineutrino=False)),
    'dsigma_dT_magnetic': (cs.dsigma_dT_magnetic, dict(T=T0, E_nu=E0, mu=1e-11)),
    'mu_eff_squared_from_transition': (cs.mu_eff_squared_from_transition, dict(Lambda1=1e-11, Lambda2=0.0, Lambda3=2e-11, P_e1=0.6)),
    'g_V_shift_em': (cs.g_V_shift_em, dict(T=T0, q=1e-13, r2=1e-32, anapole=1e-33, antineutrino=False)),
    'dsigma_dT_em': (cs.dsigma_dT_em, dict(T=T0, E_nu=E0, flavour='tau', q=1e-13, r2=1e-32, anapole=1e-33, antineutrino=True)),
    'mediator_shift': (cs.mediator_shift, dict(T=T0, g=1e-6, m_X=1.0)),
    'dsigma_dT_vector': (cs.dsigma_dT_vector, dict(T=T0, E_nu=E0, flavour='e', g=1e-6, m_X=1.0, antineutrino=False)),
    'dsigma_dT_axial': (cs.dsigma_dT_axial, dict(T=T0, E_nu=E0, flavour='mu', g=1e-6, m_X=1.0, antineutrino=True)),
    'dsigma_dT_scalar': (cs.dsigma_dT_scalar, dict(T=T0, E_nu=E0, g=1e-6, m_X=1.0)),
    'dsigma_dT_pseudoscalar': (cs.dsigma_dT_pseudoscalar, dict(T=T0, E_nu=E0, g=1e-6, m_X=1.0)),
    'dsigma_dT_tensor': (cs.dsigma_dT_tensor, dict(T=T0, E_nu=E0, g=1e-6, m_X=1.0)),
    'get_interaction': (cs.get_interaction, dict(name='u1_le_minus_ltau')),
    'cross_section_coefficients': (
        cs.cross_section_coefficients,
        dict(T=[T0, 0.1], interaction='millicharge', flavour='e', m_X=None, antineutrino=False),
    ),
    'coefficients_by_flavour': (
        cs.coefficients_by_flavour,
        dict(T=[T0, 0.1], interaction='u1_lmu_minus_ltau', m_X=1.0, antineutrino=False),
    ),
    'dsigma_dT': (cs.dsigma_dT, dict(T=T0, E_nu=E0, interaction='u1_b_minus_l', flavour='mu', value=1e-5, m_X=1.0, antineutrino=False)),
    'dsigma_dT (no mass)': (
        cs.dsigma_dT,
        dict(T=T0, E_nu=E0, interaction='magnetic', flavour='e', value=1e-11, m_X=None, antineutrino=True),
    ),
    'zprime_propagator': (cs.zprime_propagator, dict(T=T0, m_X=1.0)),
    'kinetic_mixing_lmu_ltau': (cs.kinetic_mixing_lmu_ltau, dict(T=T0)),
    'zprime_shifts': (cs.zprime_shifts, dict(Q_nu=(1, -1, 0), Q_e=1.0)),
    'Interaction.variable': (lambda value: get_interaction('u1_lmu_minus_ltau').variable(value), dict(value=1e-3)),
}
NAMED = {'g': ('g_X',), 'name': ('interaction',), 'value': ("g'", 'value')}  # names the messages use for these arguments


def all_finite(out):
    if isinstance(out, cs.Interaction):
        return True
    if isinstance(out, tuple) and all(o is None or callable(o) for o in out):
        return True  # zprime_shifts: checked through the registry below
    return bool(np.all(np.isfinite(np.asarray(out, dtype=float))))


@pytest.mark.parametrize('fname', list(FUNCS))
@settings(deadline=None, max_examples=80)
@given(data=st.data())
def test_public_functions_give_finite_numbers_or_name_the_argument(fname, data):
    f, valid = FUNCS[fname]
    arg = data.draw(st.sampled_from(list(valid)), label='argument')
    kwargs = dict(valid, **{arg: data.draw(WILD, label='value')})
    try:
        out = f(**kwargs)
    except (ValueError, TypeError) as e:
        assert any(n in str(e) for n in (arg, *NAMED.get(arg, ()))), (fname, arg, kwargs[arg], str(e))
        return
    assert all_finite(out), (fname, arg, kwargs[arg], out)
    if fname == 'zprime_shifts':  # what it returns is a registry entry: it must register or be refused by name
        name = fresh('fz_zp')
        try:
            register_interaction(name, "g'", '1', True, g_V=out)
            assert np.isfinite(dsigma_dT(T0, E0, name, 'e', 1e-6, 1.0))
        except (ValueError, TypeError) as e:
            assert 'g_V' in str(e), str(e)
        finally:
            unregister(name)


ENTRY = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e200, -1e300, 0.0, 1.0]),
    st.booleans(),
    st.text(max_size=3),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda c: lambda T, m: np.full(np.shape(T), c)),
    st.sampled_from(
        [
            lambda T, m: 1 / T,
            lambda T, m: np.ones(3),
            lambda T, m: 1 / 0,
            lambda T, m: 'x',
            lambda T, m: None,
            lambda T, m: -T,
            lambda T, m: T * (m if m is not None else 1.0),
        ]
    ),
)
TERM = st.one_of(
    st.none(),
    st.floats(),
    st.text(max_size=2),
    st.tuples(st.floats(allow_nan=True, allow_infinity=True), st.floats(-1e3, 1e3), st.floats(allow_nan=True, allow_infinity=True)).map(
        lambda c: lambda T, m: (c[0], c[1] * T, c[2] * T * T)
    ),
    st.sampled_from([lambda T, m: (1.0,), lambda T, m: 5.0, lambda T, m: (1.0 / T, -1.0, 0.0), lambda T, m: (np.ones(2), 0.0, 0.0)]),
)


def per_flavour(entry):
    return st.one_of(entry, st.lists(entry, max_size=4), st.tuples(entry, entry, entry))


REGISTER_ARGS = ('name', 'parameter', 'unit', 'needs_mass', 'g_V', 'g_A', 'incoherent', 'antineutrino_sign', 'description', 'replace')


@settings(deadline=None, max_examples=300)
@given(
    name=st.one_of(st.from_regex(r'[a-z][a-z0-9_]{0,6}', fullmatch=True), st.text(max_size=5), WILD),
    parameter=st.one_of(st.just('g'), WILD),
    unit=st.one_of(st.just('1'), st.just(''), WILD),
    needs_mass=st.one_of(st.booleans(), WILD),
    g_V=per_flavour(ENTRY),
    g_A=per_flavour(ENTRY),
    incoherent=per_flavour(TERM),
    sign=st.sampled_from([1, -1, 1.0, 0, 2, True, 'x', None]),
    description=st.one_of(st.just(''), WILD),
)
def test_register_interaction_registers_a_working_model_or_names_the_problem(
    name, parameter, unit, needs_mass, g_V, g_A, incoherent, sign, description
):
    if isinstance(name, str) and name[:1].isalpha() and name.isascii() and name.replace('_', 'a').isalnum():
        name = f'fz{next(_names)}_{name}'  # valid and new
    before = set(INTERACTIONS)
    try:
        it = register_interaction(
            name, parameter, unit, needs_mass, g_V=g_V, g_A=g_A, incoherent=incoherent, antineutrino_sign=sign, description=description
        )
    except (ValueError, TypeError) as e:
        assert any(a in str(e) for a in REGISTER_ARGS), str(e)
        assert set(INTERACTIONS) == before
        return
    try:
        m = 1.0 if it.needs_mass else None
        T, E, v = np.array([1e-3, 0.05, 0.3]), 0.8, 1e-3
        x = v * v if it.needs_mass else v
        for fl in FLAVOURS:  # a registered model gives finite, non-negative cross sections
            for anti in (False, True):
                try:
                    d = dsigma_dT(T, E, name, fl, v, m, anti)
                except ValueError as e:
                    assert 'value' in str(e) or 'T =' in str(e), str(e)
                    continue
                c = cross_section_coefficients(T, name, fl, m, anti)
                scale = sum(np.abs(c[p, k]) * x**p * E**-k for p in range(3) for k in range(3))
                assert np.all(np.isfinite(d)), (d, scale)
                assert np.all(d >= -1e-12 * scale), (d, scale)
        try:
            assert np.all(np.isfinite(rate_basis([1.0, 20.0], name, m).B))
        except ValueError as e:
            assert 'T =' in str(e), str(e)
    finally:
        unregister(name)


# ---------------------------------------------------------------------------------------------------------------- output files
def test_write_u1_limits_files(tmp_path):
    "write_u1_limits writes exactly u1_limits.csv (the four models, three datasets, >= 100 masses each) and u1_limits.png."
    import pandas as pd
    from nu_ees.u1_models import write_u1_limits, U1_COLUMNS, u1_limits

    files = write_u1_limits(tmp_path, quick=True)
    assert files == ['u1_limits.csv', 'u1_limits.png']
    assert sorted(p.name for p in tmp_path.iterdir()) == files
    assert (tmp_path / 'u1_limits.csv').read_text().splitlines()[0] == 'model,experiment,m_Zprime_MeV,g_excluded_above,analysis'
    df = pd.read_csv(tmp_path / 'u1_limits.csv')
    assert list(df.columns) == U1_COLUMNS
    assert set(df.analysis) == {'recommended'}  # beyond the paper: the recommended analysis
    assert set(df.model) == set(U1_MODELS)
    from nu_ees.u1_models import U1_DATASETS
    from nu_ees.experiments import dataset_name

    assert set(df.experiment) == {dataset_name(d) for d in U1_DATASETS}
    assert dataset_name(U1_DATASETS[-1]).count('+') == 3
    n = df.groupby(['model', 'experiment']).m_Zprime_MeV.agg(['size', 'min', 'max'])
    assert (n['size'] >= 100).all()
    np.testing.assert_allclose(n['min'], 0.01, rtol=1e-9)
    np.testing.assert_allclose(n['max'], 1000.0, rtol=1e-9)
    assert df.g_excluded_above.notna().all()
    assert (df.g_excluded_above > 0).all()
    assert (tmp_path / 'u1_limits.png').stat().st_size > 10_000
    # the quick scan finds the same roots as the full one (checked at a few masses)
    full = u1_limits(U1_MODELS, ['xenonnt'], [0.01, 1.0, 100.0])
    quick = df[(df.experiment == 'xenonnt') & df.m_Zprime_MeV.isin(full.m_Zprime_MeV)]
    both = quick.merge(full, on=['model', 'experiment', 'm_Zprime_MeV'])
    assert len(both) == 12
    np.testing.assert_allclose(both.g_excluded_above_x, both.g_excluded_above_y, rtol=1e-5)
    paper = u1_limits(U1_MODELS, ['xenonnt'], [0.01, 1.0, 100.0], analysis='paper')
    assert set(paper.analysis) == {'paper'} and (full.g_excluded_above.values > paper.g_excluded_above.values).all()
