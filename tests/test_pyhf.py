"""The recommended likelihood exported to pyhf (to_pyhf) is ours: pyhf's profiled -2 ln L, relative to POI 0, equals our profiled Delta chi2."""
import numpy as np
import pytest

pyhf = pytest.importorskip('pyhf')
from nu_ees.experiments import load_experiment, to_pyhf  # noqa: E402
from nu_ees.statistics import Fit  # noqa: E402

POIS = np.array([0.0, 0.1, 0.3, 0.6, 1.0])  # mu = (mu_nu / value)^2
LINEAR = {'histosys': {'interpcode': 'code0'}}  # linear histosys: (1 + sigma alpha), alpha ~ N(0, 1), as in our constraints
VALUES = {'xenonnt': 1e-11, 'lz_ws2022': 2e-11, 'pandax4t_run1': 2e-11}  # mu_nu [mu_B] at POI 1: Delta chi2 of a few units


def pyhf_profile(spec, pois):
    "pyhf's profiled -2 ln L at each POI, relative to POI 0 (numpy backend, scipy optimizer, linear histosys)."
    pyhf.set_backend('numpy', pyhf.optimize.scipy_optimizer())
    ws = pyhf.Workspace(spec)
    model = ws.model(modifier_settings=LINEAR)
    data = ws.data(model)
    nll = np.array([float(pyhf.infer.mle.fixed_poi_fit(p, data, model, return_fitted_val=True)[1]) for p in pois])
    return nll - nll[0]


@pytest.mark.parametrize('name', sorted(VALUES))
def test_pyhf_profile_equals_ours(name):
    value = VALUES[name]
    theirs = pyhf_profile(to_pyhf(name, 'magnetic', value), POIS)
    ours = Fit(load_experiment(name, analysis='recommended'), 'magnetic').chi2(value * np.sqrt(POIS))
    ours = ours - ours[0]
    assert ours[-1] > 2, f"{name}: Delta chi2 at POI 1 is {ours[-1]:.3g}: too small to test the shape"
    np.testing.assert_allclose(theirs, ours, rtol=0, atol=1e-3, err_msg=f"{name}: pyhf {theirs} against ours {ours}")


def test_normsys_would_not_be_ours():
    "An exponential normsys in place of the linear histosys of a 100 % nuisance moves the profile by more than 1e-3: the comparison can fail."
    spec = to_pyhf('lz_ws2022', 'magnetic', 2e-11)
    for s in spec['channels'][0]['samples']:
        for m in s['modifiers']:
            if m['name'] == 'argon37_lz_ws2022':  # 100 %: linear and exponential differ most
                m.update(type='normsys', data={'hi': 2.0, 'lo': 1e-6})
    theirs = pyhf_profile(spec, POIS)
    ours = Fit(load_experiment('lz_ws2022', analysis='recommended'), 'magnetic').chi2(2e-11 * np.sqrt(POIS))
    assert np.max(np.abs(theirs - (ours - ours[0]))) > 1e-3


def test_beta_is_shared_and_gaussian_chi2_refused():
    spec = to_pyhf('xenonnt', 'magnetic', 1e-11)
    mods = {s['name']: [m['name'] for m in s['modifiers']] for s in spec['channels'][0]['samples']}
    assert mods == {'sm_eves': ['beta'], 'new_physics': ['mu', 'beta'], 'background': ['background_xenonnt']}
    with pytest.raises(ValueError, match='Gaussian chi2'):
        to_pyhf('xenonnt', 'magnetic', 1e-11, analysis='paper')
    with pytest.raises(ValueError, match='analysis'):
        to_pyhf('xenonnt', 'magnetic', 1e-11, analysis='pyhf')
