"""Light mediators (Figs. 6 and 7): limits as profile roots, asymptotic regimes, islands, bad input, output files."""
import filecmp
import numpy as np
import pandas as pd
import pytest
from nu_ees.mediators import (MEDIATORS, FIG6_COLUMNS, FIG7_COLUMNS, FIG6_EXPERIMENTS, OVERLAYS, CL90, MediatorProfile, excluded_couplings,
                              mediator_limits, fig6_data, fig7_data, overlay, grid_exclusion, coupling_grid, mass_grid, chi2_direct,
                              write_fig6, write_fig7)

@pytest.fixture(scope='module')
def quick6():
    return fig6_data(quick=True)

def test_fig6_columns_and_shape(quick6):
    assert list(quick6.columns) == FIG6_COLUMNS
    assert len(quick6) == len(FIG6_EXPERIMENTS) * len(MEDIATORS) * 21
    assert quick6.g_X_lower_excluded.notna().all()
    assert (quick6.g_X_lower_excluded > 0).all()

def test_limits_are_roots_of_the_profile():
    for med in MEDIATORS:
        p = MediatorProfile('lz_ws2022', med, 0.3)
        ex = excluded_couplings(p)
        assert np.isclose(p.chi2_one(ex.lower_excluded) - ex.chi2_min, CL90, atol=1e-7)
        assert p.chi2_one(0.5 * ex.lower_excluded) - ex.chi2_min < CL90

def test_asymptotic_regimes(quick6):
    for (e, med), d in quick6.groupby(['experiment', 'mediator']):
        d = d.sort_values('m_X_MeV')
        heavy = d[d.m_X_MeV >= 10]
        assert np.all(np.diff(heavy.g_X_lower_excluded) > 0), (e, med)            # monotone rising
        slope = np.polyfit(np.log(heavy.m_X_MeV), np.log(heavy.g_X_lower_excluded), 1)[0]
        assert abs(slope - 1) < 1e-3, (e, med, slope)                              # g_X proportional to m_X
        assert np.all(np.diff(d.g_X_lower_excluded) > 0), (e, med)                 # non-decreasing everywhere on this grid
    light = mediator_limits('xenonnt', 'tensor', [1e-4, 3e-4, 1e-3]).g_X_lower_excluded
    assert np.ptp(np.log(light)) < 0.01                                            # flat for light mediators

def test_ordering_tensor_strongest_pseudoscalar_weakest(quick6):
    for _, d in quick6.groupby(['experiment', 'm_X_MeV']):
        s = d.set_index('mediator').g_X_lower_excluded
        assert s.idxmin() == 'tensor'
        assert s.idxmax() == 'pseudoscalar'

def test_xenonnt_stronger_than_lz(quick6):
    p = quick6.pivot_table(index=['mediator', 'm_X_MeV'], columns='experiment', values='g_X_lower_excluded')
    assert (p.xenonnt < p.lz_ws2022).all()

def test_no_islands_and_island_consistency(quick6):
    assert quick6.g_X_upper_allowed.isna().all()
    has = quick6.g_X_upper_allowed.notna()
    assert (quick6.g_X_upper_allowed[has] > quick6.g_X_lower_excluded[has]).all()

class Toy:
    "chi2 = k u (u - 1)^2 with u = (g/g0)^2: allowed at 0 and again around g0."
    def __init__(self, k=100.0, g0=1e-5, open_top=False): self.k, self.g0, self.open_top = k, g0, open_top
    def chi2_one(self, g):
        u = (g / self.g0) ** 2
        return self.k * u * (u - 1) ** 2 if not (self.open_top and u > 1) else 0.0
    def chi2(self, g): return np.array([self.chi2_one(x) for x in np.atleast_1d(g)])

def test_island_found_and_reported():
    ex = excluded_couplings(Toy())
    u = np.sort(np.roots([100.0, -200.0, 100.0, -CL90]).real)
    assert np.allclose([ex.lower_excluded, *ex.islands[0]], np.sqrt(u) * 1e-5, rtol=1e-9)
    assert ex.upper_allowed == ex.islands[0][1] > ex.islands[0][0] > ex.lower_excluded
    # allowed all the way up: the grid is extended upward, and when nothing is excluded the answer is an error, not an edge or an infinity
    with pytest.raises(ValueError, match='do not bound'): excluded_couplings(Toy(open_top=True))

def test_basis_equals_direct_spectrum():
    for e, med, m, g in [('xenonnt', 'axial', 0.2, 1e-6), ('lz_ws2022', 'pseudoscalar', 5.0, 1e-4)]:
        assert np.isclose(MediatorProfile(e, med, m).chi2_one(g), chi2_direct(e, med, m, g), rtol=1e-10)
        for a in ('paper', 'recommended'):
            assert np.isclose(MediatorProfile(e, med, m, analysis=a).chi2_one(g), chi2_direct(e, med, m, g, analysis=a), rtol=1e-10)

def test_analysis_reaches_the_fit():
    "analysis='recommended' is the recommended Experiment handed over directly; the paper's default draws Figs. 6-7; LZ is analysed alike."
    from nu_ees.experiments import load_experiment
    m = [0.1, 10.0]
    paper, rec = (mediator_limits('xenonnt', 'vector', m, analysis=a).g_X_lower_excluded for a in ('paper', 'recommended'))
    assert np.allclose(mediator_limits('xenonnt', 'vector', m).g_X_lower_excluded, paper, rtol=0)
    assert np.allclose(mediator_limits(load_experiment('xenonnt', analysis='recommended'), 'vector', m).g_X_lower_excluded, rec, rtol=1e-12)
    assert (rec > paper).all()  # Poisson with a 10 % background nuisance: no longer the biased Eq. 15
    lz = [mediator_limits('lz_ws2022', 'scalar', m, analysis=a).g_X_lower_excluded.tolist() for a in ('paper', 'recommended')]
    assert lz[0] == lz[1]

def test_product_sign_weakens_vector_and_leaves_scalar():
    g = coupling_grid(81)
    pos = excluded_couplings(MediatorProfile('xenonnt', 'vector', 10.0), g)
    neg = excluded_couplings(MediatorProfile('xenonnt', 'vector', 10.0, product_sign=-1), g)
    assert neg.lower_excluded > 2 * pos.lower_excluded
    assert not neg.islands
    s_pos, s_neg = (excluded_couplings(MediatorProfile('xenonnt', 'scalar', 10.0, product_sign=s), g).lower_excluded for s in (1, -1))
    assert np.isclose(s_pos, s_neg, rtol=1e-10)

@pytest.mark.parametrize('call, msg', [
    (lambda: mediator_limits('xenonnt', 'vector', [-1.0]), 'm_X_MeV must be positive'),
    (lambda: mediator_limits('xenonnt', 'vector', [0.0]), 'm_X_MeV must be positive'),
    (lambda: mediator_limits('xenonnt', 'vector', [np.nan]), 'm_X_MeV must be finite'),
    (lambda: mediator_limits('xenonnt', 'dark_photon', [1.0]), "unknown mediator 'dark_photon'"),
    (lambda: mediator_limits('xenonnt', 'magnetic', [1.0]), "unknown mediator 'magnetic'"),
    (lambda: mediator_limits('xenonnt', 'vector', [1.0], g_grid=[-1e-6, 1e-5]), 'must be non-negative'),
    (lambda: mediator_limits('xenonnt', 'vector', [1.0], g_grid=[1e-5, 1e-6]), 'must be increasing'),
    (lambda: MediatorProfile('xenonnt', 'scalar', 1.0).chi2_one(-1e-6), 'must be non-negative'),
    (lambda: MediatorProfile('xenonnt', 'scalar', 1.0).chi2([1e-6, -1e-6]), 'must be non-negative'),
    (lambda: MediatorProfile('xenonnt', 'vector', 1.0, product_sign=0), 'product_sign must be +1 or -1'),
    (lambda: mediator_limits('pandax', 'vector', [1.0]), "unknown experiment 'pandax'"),
    (lambda: mediator_limits('xenonnt', 'vector', [1.0], analysis='honest'), "unknown analysis 'honest'"),
    (lambda: MediatorProfile('xenonnt', 'vector', 1.0, analysis='honest'), "unknown analysis 'honest'"),
    (lambda: chi2_direct('xenonnt', 'vector', 1.0, 1e-6, analysis='honest'), "unknown analysis 'honest'"),
    (lambda: overlay('conus'), "unknown overlay 'conus'"),
])
def test_bad_input(call, msg):
    with pytest.raises(ValueError, match=msg.replace('(', r'\(').replace(')', r'\)').replace('+', r'\+')): call()

def test_overlays():
    v = overlay('coherent2017_vector')
    assert (v.g_X_upper_allowed > v.g_X_island_lower).all()
    assert (v.g_X_island_lower > v.g_X_lower_excluded).all()
    s, s_raw = grid_exclusion('limit_coherent2017_scalar'), grid_exclusion('limit_coherent2017_scalar', subtract_minimum=False)
    assert (s_raw.g_X_lower_excluded <= s.g_X_lower_excluded).all()
    assert s.g_X_upper_allowed.isna().all()
    b = overlay('borexino2011_bl')
    assert np.isclose(np.interp(1.0, b.m_X_MeV, b.g_X_lower_excluded), 2.8e-6, rtol=0.05)   # PROVENANCE: 2.8e-6 at 1 MeV

def test_output_files_deterministic(tmp_path, quick6):
    a, b = tmp_path / 'a', tmp_path / 'b'
    d6 = write_fig6(a, quick=True)
    write_fig7(a, quick=True, fig6=d6)
    write_fig6(b, quick=True)
    write_fig7(b, quick=True)
    for f in ('fig6.csv', 'fig7.csv'): assert filecmp.cmp(a / f, b / f, shallow=False), f
    assert (a / 'fig6.csv').read_text().splitlines()[0] == 'experiment,mediator,m_X_MeV,g_X_lower_excluded,g_X_upper_allowed'
    assert (a / 'fig6.png').stat().st_size > 10_000
    assert (a / 'fig7.png').stat().st_size > 10_000
    back = pd.read_csv(a / 'fig6.csv')
    assert np.allclose(back.g_X_lower_excluded, quick6.g_X_lower_excluded, rtol=1e-6)
    f7 = pd.read_csv(a / 'fig7.csv')
    assert list(f7.columns) == FIG7_COLUMNS
    assert set(f7.experiment) == set(FIG6_EXPERIMENTS) | set(OVERLAYS)
