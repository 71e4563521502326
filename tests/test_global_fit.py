"""The global xenon fit (four datasets and their combination) and the projections' outputs."""

import numpy as np
import pandas as pd
import pytest
from nu_ees.experiments import resolve_experiments
from nu_ees.statistics import Fit, em_limit, UPPER_ONLY
from nu_ees import global_fit as G
from nu_ees import projections as P


def test_combined_name_and_members():
    assert G.COMBINED == 'lz_ws2022+lz_ws2024+pandax4t_run1+xenonnt'
    assert [e.name for e in resolve_experiments(G.COMBINED)] == ['lz_ws2022', 'lz_ws2024', 'pandax4t_run1', 'xenonnt']
    assert len(G.EM_ROWS) == 16
    assert len(set(G.EM_ROWS)) == 16


def test_global_fit_rows_and_columns():
    df = G.global_fit(['xenonnt', 'xenonnt+pandax4t_run1'], [('mu_universal', 'all'), ('q', 'e'), ('Lambda', '2')], ['stepping', 'free'])
    assert list(df.columns) == G.GLOBAL_FIT_COLUMNS == ['dataset', 'parameter', 'flavour', 'lower', 'upper', 'unit', 'binding', 'analysis']
    assert len(df) == 2 * 3 * 2 * 2
    assert list(df.analysis.unique()) == ['paper', 'recommended']
    assert set(df.dataset) == {'xenonnt', 'pandax4t_run1+xenonnt'}
    assert df[df.parameter.isin(UPPER_ONLY)].lower.isna().all()
    assert (df.upper > 0).all()
    for a in ('paper', 'recommended'):
        q = df[(df.parameter == 'q') & (df.binding == 'stepping') & (df.dataset == 'xenonnt') & (df.analysis == a)].iloc[0]
        pieces = em_limit('xenonnt', 'q', 'e', analysis=a)
        np.testing.assert_allclose([q.lower, q.upper], [pieces[0][0], pieces[-1][1]], rtol=1e-12)
        assert q.unit == '1e-13 e'


def test_recommended_combination_no_weaker_than_best_single():
    "Issue 16, done when: the recommended four-dataset limit on the universal moment is within 2 % of the best single dataset's, or stronger."
    df = G.global_fit(parameters=[('mu_universal', 'all')], analyses='recommended')
    up = df.set_index('dataset').upper
    assert up[G.COMBINED] <= 1.02 * up[list(G.GLOBAL_EXPERIMENTS)].min()
    np.testing.assert_allclose(up[G.COMBINED], em_limit(G.COMBINED, 'mu_universal', 'all', analysis='recommended')[-1][1], rtol=1e-12)


def test_combination_raises_chi2_everywhere():
    mu = np.linspace(0, 2e-11, 21)
    comb = Fit(G.COMBINED, 'magnetic').chi2(mu)
    singles = np.max([Fit(n, 'magnetic').chi2(mu) for n in G.GLOBAL_EXPERIMENTS], axis=0)
    assert np.all(comb >= singles - 1e-9)


def test_expected_limits_better_combined():
    ex = G.expected_fit([*G.GLOBAL_EXPERIMENTS, G.COMBINED], [('mu_universal', 'all'), ('q', 'mu')])
    for a in ('paper', 'recommended'):
        c = G.compare(ex, analysis=a)
        assert (c['combined / best single'] < 1).all()  # on Asimov data the combination always helps


def test_signal_strength_xenonnt_deficit():
    s = G.magnetic_signal_strength('xenonnt')
    assert s['best mu^2 [1e-24 mu_B^2]'] < 0 < s['Delta chi2 of mu = 0']


@pytest.mark.parametrize(
    'kw, exc, msg',
    [
        ({'datasets': ['pandax']}, ValueError, 'datasets'),
        ({'datasets': []}, ValueError, 'datasets'),
        ({'datasets': [None]}, TypeError, 'datasets'),
        ({'datasets': 5}, TypeError, 'datasets'),
        ({'parameters': [('mu', 'e')]}, ValueError, 'parameters'),
        ({'parameters': 'q'}, TypeError, 'parameters'),
        ({'parameters': [('q', 'all')]}, ValueError, 'parameters'),
        ({'bindings': 'hydrogenic'}, ValueError, 'bindings'),
        ({'bindings': []}, ValueError, 'bindings'),
        ({'analyses': 'gaussian'}, ValueError, 'analyses'),
        ({'analyses': []}, TypeError, 'analyses'),
    ],
)
def test_global_fit_bad_input(kw, exc, msg):
    with pytest.raises(exc, match=msg):
        G.global_fit(**kw)


def test_write_global_fit(tmp_path):
    files = G.write_global_fit(tmp_path, quick=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files) == sorted(G.GLOBAL_FIT_FILES)
    df = pd.read_csv(tmp_path / 'global_fit.csv')
    assert list(df.columns) == G.GLOBAL_FIT_COLUMNS
    assert len(df) == 2 * 3 * 5 * 16
    assert (df.groupby(['dataset', 'parameter', 'flavour', 'binding']).analysis.agg(lambda s: '+'.join(sorted(s))) == 'paper+recommended').all()
    assert G.COMBINED in set(df.dataset)
    med = pd.read_csv(tmp_path / 'global_fit_mediators.csv')
    assert list(med.columns) == G.MEDIATOR_COLUMNS and set(med.analysis) == {'recommended'}
    with pytest.raises(TypeError, match='quick'):
        G.write_global_fit(tmp_path, quick=1)


def test_write_projections(tmp_path):
    files = P.write_projections(tmp_path, quick=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files) == ['projections.csv', 'projections.png']
    df = pd.read_csv(tmp_path / 'projections.csv')
    assert list(df.columns) == [
        'parameter',
        'exposure_t_yr',
        'background_per_t_yr_keV',
        'median',
        'band68_lo',
        'band68_hi',
        'band95_lo',
        'band95_hi',
        'unit',
    ]
    assert df.exposure_t_yr.nunique() >= 10
    np.testing.assert_allclose([df.exposure_t_yr.min(), df.exposure_t_yr.max()], [1.0, 1000.0], rtol=1e-9)
    b = sorted(df.background_per_t_yr_keV.unique())
    assert len(b) == 2
    np.testing.assert_allclose(b[1] / b[0], 10, rtol=1e-5)  # the CSV keeps 6 digits
    np.testing.assert_allclose(b[1], P.xenonnt_background_rate(), rtol=1e-5)
    assert set(df.parameter) == set(P.PROJECTION_PARAMETERS)
    ordered = (df.band95_lo <= df.band68_lo) & (df.band68_lo <= df.band68_hi) & (df.band68_hi <= df.band95_hi)
    assert ordered.all()
    assert (df['median'] > 0).all()
