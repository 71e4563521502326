"""Every public function of nu_ees answers bad input with a ValueError or TypeError that names the argument, or returns finite numbers.

For each public function (every name in a module's `__all__` that is a function, plus the public methods of the classes users call) the
registry below holds one valid call. Hypothesis then replaces one argument at a time by an arbitrary value: floats (NaN, infinities, huge,
tiny, negative, zero), integers, strings, booleans, None, and arrays of several shapes and contents. The call must either return finite
numbers (every number in the result, through arrays, DataFrames, dicts, lists and dataclasses) or raise a ValueError or TypeError whose
message contains the argument's name (or the physical name it stands for, listed in `aliases`). Any other exception, a NaN or an infinity
in a result, fails the test.

Functions that take seconds even on good input (`slow=True`) are fed only values that are invalid for their argument (so they must refuse
them at once); the fast ones get everything. `test_every_public_function_has_a_case` keeps the registry complete."""
import dataclasses, importlib, inspect, math, numbers, pkgutil, warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra import numpy as hnp
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt

import nu_ees

# ---------------------------------------------------------------------------------------------------------------------------------------
# values that hypothesis feeds in place of one argument

FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from([0.0, -0.0, -1.0, 1e-320, 1e308, -1e308, float('nan'), float('inf'), -float('inf'), 1e200, 3.0]))
INTEGERS = st.one_of(st.integers(-10**6, 10**6), st.sampled_from([0, -1, 2**63, -2**63, 10**30]))
ARRAYS = st.one_of(hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
                              elements=st.floats(allow_nan=True, allow_infinity=True, width=64)),
                   hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=5), elements=st.floats(-1e3, 1e3)),
                   st.just(np.array([True, False])), st.just(np.array(['a', 'b'])), st.just(np.empty((0,))), st.just([1.0, 'x']))
OTHERS = st.one_of(st.text(max_size=12), st.booleans(), st.none(), st.just({}), st.just(object()), st.just(1 + 2j), st.just(Path('.')))
ANYTHING = st.one_of(FLOATS, INTEGERS, ARRAYS, OTHERS)
# clearly invalid for a numeric argument / for a name argument (used for slow functions)
BAD_NUMBER = st.sampled_from([float('nan'), float('inf'), -float('inf'), -1e300, 'ten', None, True, {}, object(), np.ones((2, 2, 2)), 1 + 2j])
BAD_NAME = st.one_of(st.sampled_from([None, 3.5, True, {}, object(), ['xenonnt', 'xenonnt'], 'no_such_name', '', np.nan]),
                     st.text(alphabet='ZQXJ!?', min_size=1, max_size=6))
# clearly invalid for a folder or file argument: any non-empty string is a valid new path (BAD_NUMBER's 'ten' made a slow writer run in full into ./ten)
PATH_ARGUMENTS = ('out_dir', 'path')
BAD_PATH = st.sampled_from([float('nan'), None, True, 3.5, {}, object(), np.ones((2, 2, 2)), 1 + 2j, '', '   '])


@dataclasses.dataclass
class Case:
    "One valid call of a public function, and how to fuzz it."
    func: object
    kwargs: dict
    slow: bool = False                  # on good input it takes seconds: feed it only invalid values
    names: tuple = ()                   # arguments that are names (strings); the others are numbers or arrays
    aliases: dict = dataclasses.field(default_factory=dict)   # argument -> other words its error message may use
    skip: tuple = ()                    # arguments not fuzzed (documented below where used)
    setup: object = None                # callable returning extra kwargs built fresh for each call (objects, folders)

    @property
    def label(self): return getattr(self.func, '__qualname__', str(self.func))


# DataFrame columns where an empty entry (NaN) is a documented "does not apply", not a number: no allowed island above a mediator limit, no lower
# edge for an upper limit, no paper value for a row the paper does not quote, no ratio where there is no paper value
NOT_APPLICABLE_COLUMNS = {'g_X_upper_allowed', 'g_X_island_lower', 'lower', 'paper_lower', 'paper_upper', 'ratio_lower', 'ratio_upper',
                          'wilks_lower', 'asimov_lower',
                          'relative'}   # nu_ees.experiments.xenonnt_background_width: the non-solar background's row is a rate, its width the next row
# dataclass fields where NaN is documented as "does not apply": a calibrated interval's end with the critical values at either end of their Monte
# Carlo band is NaN when, so shifted, the region is not closed on the grid (nu_ees.calibration.Construction)
NOT_APPLICABLE_FIELDS = {'lower_band', 'upper_band'}

def _finite(x) -> bool:
    "True if every number inside x is finite (an empty entry in NOT_APPLICABLE_COLUMNS of a DataFrame is allowed)."
    if x is None or isinstance(x, (str, bytes, bool, Path, plt.Figure, plt.Axes, type)) or callable(x) and not hasattr(x, '__array__'): return True
    if isinstance(x, numbers.Number): return bool(np.isfinite(x)) if not isinstance(x, bool) else True
    if isinstance(x, pd.DataFrame):
        return all(_finite(x[c].to_numpy()) if c not in NOT_APPLICABLE_COLUMNS else not np.isinf(x[c].to_numpy(dtype=float)).any()
                   for c in x.columns if pd.api.types.is_numeric_dtype(x[c]))
    if isinstance(x, pd.Series): return _finite(x.to_numpy()) if pd.api.types.is_numeric_dtype(x) else True
    if isinstance(x, np.ndarray):
        if x.dtype.kind in 'fc': return bool(np.all(np.isfinite(x)))
        if x.dtype == object: return all(_finite(v) for v in x.ravel())
        return True
    if isinstance(x, dict): return all(_finite(v) for v in x.values())
    if isinstance(x, (list, tuple, set)): return all(_finite(v) for v in x)
    if dataclasses.is_dataclass(x):
        return all(_finite(getattr(x, f.name)) if f.name not in NOT_APPLICABLE_FIELDS else not np.isinf(getattr(x, f.name)).any()
                   for f in dataclasses.fields(x))
    return True


COMMON_ALIASES = {'experiments': ('experiment',), 'datasets': ('experiment', 'dataset'), 'flavours': ('flavour',)}

def _names_argument(err, arg, case) -> bool:
    "Does the error message name the argument (or one of its aliases)?"
    msg = str(err).lower()
    return any(w.lower() in msg for w in (arg, *case.aliases.get(arg, ()), *COMMON_ALIASES.get(arg, ())))


def _call(case, arg, value):
    "Call the case with one argument replaced; return None if the outcome is acceptable, else a description of the problem."
    kwargs = dict(case.kwargs)
    if case.setup is not None: kwargs.update(case.setup())
    kwargs[arg] = value
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            out = case.func(**kwargs)
    except (ValueError, TypeError) as e:
        if _names_argument(e, arg, case): return None
        return f'{type(e).__name__} that does not name {arg!r}: {e}'
    except Exception as e:
        return f'{type(e).__name__} (not ValueError/TypeError): {e}'
    finally: plt.close('all')
    if not _finite(out): return f'returned non-finite numbers: {str(out)[:200]}'
    return None


# ---------------------------------------------------------------------------------------------------------------------------------------
# the registry: one valid call per public function

def _cases():
    from nu_ees import constants as C, data as D, solar as S, detector as Det, experiments as E, statistics as St, sensitivity as Se
    from nu_ees import signal as Sig, electromagnetic as EM, reproduce as R
    from nu_ees import rates as Ra, mediators as M, u1_models as U, global_fit as G, projections as P
    cases = []
    add = lambda func, **kw: cases.append(Case(func, **kw))

    # constants
    add(C.flavour_index, kwargs=dict(flavour='mu'), names=('flavour',))
    add(C.cm2_to_MeV_inv2, kwargs=dict(x_cm2=1e-32), aliases={'x_cm2': ('area',)})
    add(C.MeV_inv2_to_cm2, kwargs=dict(x=1.0), aliases={'x': ('cross section',)})
    add(C.check_energy, kwargs=dict(x=[1.0, 2.0], name='T'), skip=('name', 'allow_zero', 'ndim', 'max_value'), aliases={'x': ('T',)})
    add(C.check_parameter, kwargs=dict(x=[1.0, -2.0], name='q'), skip=('name', 'ndim'), aliases={'x': ('q',)})
    add(C.check_scalar, kwargs=dict(x=2.5, name='level', lo=0.0, hi=100.0), skip=('name', 'lo', 'hi'), aliases={'x': ('level',)})
    add(C.check_integer, kwargs=dict(x=100, name='n_toys', lo=1, hi=1000), skip=('name', 'lo', 'hi'), aliases={'x': ('n_toys',)})
    add(C.check_name, kwargs=dict(x='mu', name='flavour', allowed=('e', 'mu', 'tau')), skip=('name', 'allowed'), names=('x',), aliases={'x': ('flavour',)})
    add(C.check_frame, kwargs=dict(df=pd.DataFrame({'a': [1.0]}), name='df', columns=('a',)), skip=('name', 'columns'))
    add(C.check_folder, kwargs=dict(x='some_folder', name='out_dir'), skip=('name',), aliases={'x': ('out_dir',)})

    # data
    add(D.dataset_table, kwargs={})
    add(D.package_data_root, kwargs={})
    add(D.data_roots, kwargs={})
    for f in (D.data_path, D.load_table): add(f, kwargs=dict(name='pp_shape'), names=('name',), aliases={'name': ('dataset',)})
    add(D.load_xnt_digitised, kwargs={})

    # solar
    add(S.b16_fluxes, kwargs=dict(model='gs98'), names=('model',))
    add(S.pp_spectrum, kwargs=dict(E_nu=[0.1, 0.3]))
    add(S.survival_probability, kwargs=dict(E_nu=[0.1, 0.8618], source='pp', model='gs98'), names=('source', 'model'))
    add(S.flavour_probabilities, kwargs=dict(E_nu=[0.1, 0.8618], source='7Be', model='agss09'), names=('source', 'model'))
    add(S.solar_flux, kwargs=dict(model='gs98', n_grid=4001), names=('model',))
    add(S.as_solar_flux, kwargs=dict(flux='gs98'), names=('flux',), aliases={'flux': ('solar model',)})

    # detector
    resp = lambda: dict(response=Det.detector_response(np.arange(1.0, 11.0), 'xenonnt'))
    add(Det.resolution_function, kwargs=dict(resolution=(0.31, 0.0037)))
    add(Det.resolution_keV, kwargs=dict(E_keV=[1.0, 10.0], detector='lz'), aliases={'detector': ('resolution',)})
    add(Det.tabulated_efficiency, kwargs=dict(E_keV=[1.0, 5.0], efficiency_table=[[0.0, 0.0], [2.0, 0.8], [30.0, 0.9]]))
    add(Det.detector_response, kwargs=dict(bin_edges_keV=np.arange(1.0, 11.0), resolution='lz', efficiency_table=None),
        skip=('T_step_keV', 'T_min_keV', 'n_nodes'))
    add(lambda response, dR_dT, exposure_t_yr: response.fold(dR_dT, exposure_t_yr), kwargs=dict(exposure_t_yr=1.0),
        setup=lambda: {**resp(), 'dR_dT': np.ones(resp()['response'].T_keV.size)}, skip=('response',), aliases={'dR_dT': ('spectrum',)})

    # experiments
    xnt = E.experiment_arrays('xenonnt')
    det = dict(bin_edges_keV=xnt['bin_edges_keV'], exposure_t_yr=1.16, efficiency_keV=xnt['efficiency_keV'], efficiency=xnt['efficiency'],
               resolution=(0.31, 0.0037))
    add(E.sm_eves_counts, kwargs=dict(det, binding='stepping'), names=('binding',))
    add(E.make_experiment, kwargs=dict(det, name='toy', observed=xnt['observed'], background=xnt['released_background'] * 0.8,
                                       background_sigmas={'background': 0.1}, chi2='poisson', flux_sigma=0.07),
        names=('name', 'chi2', 'binding'), skip=('label', 'reference'))
    add(E.line_counts, kwargs=dict(E_line_keV=2.82, exposure_t_yr=1.0), setup=resp, skip=('response',))
    add(E.argon37_template, kwargs=dict(exposure_t_yr=1.0), setup=resp, skip=('response',))
    add(E.fit_argon37, kwargs=dict(released_total=np.full(9, 10.0), exposure_t_yr=1.0), setup=resp, skip=('response', 'fit_range_keV'))
    add(E.experiment_arrays, kwargs=dict(name='lz_ws2022'), names=('name',), aliases={'name': ('experiment',)})
    add(E.pandax4t_sigma_keV, kwargs=dict(E_keV=[1.0, 10.0]))
    add(E.fit_sqrt_linear, kwargs=dict(sigma=E.pandax4t_sigma_keV, E_keV=np.linspace(1.0, 30.0, 11)))
    add(E.background_width, kwargs=dict(components={'a': (10.0, 1.0), 'b': (5.0, 2.0)}, exclude=('b',)))
    add(E.load_experiment, kwargs=dict(name='lz_ws2022', binding='stepping', analysis='recommended'), names=('name', 'binding', 'analysis'),
        aliases={'name': ('experiment',)})
    add(E.tritium_spectrum, kwargs=dict(T_keV=[1.0, 5.0, 18.0]))
    add(E.tritium_template, kwargs=dict(events=100.0), setup=resp, skip=('response',))
    add(E.xenonnt_background_width, kwargs={})
    add(E.to_pyhf, kwargs=dict(experiment='lz_ws2022', interaction='magnetic', value=2e-11, analysis='recommended', m_X=None),
        names=('experiment', 'interaction', 'analysis'))
    for f in (E.dataset_name, E.dataset_label): add(f, kwargs=dict(experiments=['xenonnt', 'lz_ws2022']), names=('experiments',))
    add(E.resolve_experiments, kwargs=dict(experiments=['xenonnt', 'lz_ws2022'], analysis='recommended'), names=('experiments', 'analysis'))

    # statistics
    add(St.Fit, kwargs=dict(experiments='xenonnt', interaction='millicharge', flavour='e', m_X=None, energy_range_keV=None, binding=None,
                            analysis='recommended'), names=('experiments', 'interaction', 'flavour', 'binding', 'analysis'), aliases={'m_X': ('m_x',)})
    # make_bins only bundles arrays with the kernels' dtypes for callers that checked them (Fit checks at the door): its valid call alone
    b = St.Fit('xenonnt', 'magnetic').bins
    add(St.make_bins, kwargs=dict(C=b.C, comp_nuis=b.comp_nuis, gauss=b.gauss, sig2=b.sig2, obs=b.obs, sigmas=b.sigmas),
        skip=('C', 'comp_nuis', 'gauss', 'sig2', 'obs', 'sigmas'))
    fit = lambda: dict(fit=St.Fit('xenonnt', 'magnetic'))
    add(lambda fit, values: fit.chi2(values), kwargs=dict(values=[0.0, 5e-12]), setup=fit, skip=('fit',), aliases={'values': ('mu_nu', 'parameter grid')})
    add(lambda fit, value: fit.chi2_one(value), kwargs=dict(value=5e-12), setup=fit, skip=('fit',), aliases={'value': ('mu_nu',)})
    add(lambda fit, values: fit.signal(values), kwargs=dict(values=[0.0, 5e-12]), setup=fit, skip=('fit',), aliases={'values': ('mu_nu', 'parameter grid')})
    add(St.profile, kwargs=dict(grid=[0.0, 1e-11, 2e-11]), setup=fit, skip=('fit',), aliases={'grid': ('mu_nu', 'parameter grid')})
    add(St.interval, kwargs=dict(lo=0.0, hi=4e-11, level=2.71, n_grid=201), setup=fit, skip=('fit',), aliases={'lo': ('physical range',)})
    add(St.check_table1_parameter, kwargs=dict(parameter='q', flavour='e'), names=('parameter', 'flavour'))
    add(St.transition_factors, kwargs={})
    add(St.parameter_fit, kwargs=dict(experiments='xenonnt', parameter='q', flavour='mu'), names=('experiments', 'parameter', 'flavour'))
    add(St.em_limit, kwargs=dict(experiments='xenonnt', parameter='Lambda', flavour='2', level=2.71), names=('experiments', 'parameter', 'flavour'),
        aliases={'flavour': ('transition-moment index',)})

    # sensitivity
    pfit = lambda: dict(fit=St.parameter_fit('xenonnt', 'mu_universal', 'all'))
    add(Se.one_sided_limits, kwargs=dict(datasets=('xenonnt',), binding='stepping'), names=('datasets', 'binding'), slow=True,
        aliases={'datasets': ('experiments',)})
    add(Se.expected_counts, kwargs=dict(value=0.0), setup=pfit, skip=('fit',), aliases={'value': ('mu_nu',)})
    add(Se.with_data, kwargs=dict(obs=np.full(29, 15.0), sig2=None), setup=pfit, skip=('fit',))
    add(Se.toy_counts, kwargs=dict(n_toys=3, value=0.0, seed=1, randomise_nuisances=True, sigma_i='observed'), setup=pfit, skip=('fit',),
        names=('sigma_i',), aliases={'value': ('mu_nu',)})
    add(Se.toy_scan, kwargs=dict(obs=np.full((2, 29), 15.0), sig2=np.full((2, 29), 15.0), lo=0.0, hi=8e-11, levels=(2.71,), v_true=0.0, n_grid=41),
        setup=pfit, skip=('fit',), aliases={'obs': ('toys',), 'sig2': ('toys',)})
    add(Se.sensitivity, kwargs=dict(dataset='xenonnt', parameter='mu_universal', flavour='all', n_toys=20, sigma_i='observed', level=2.71),
        names=('dataset', 'parameter', 'flavour', 'sigma_i', 'binding'), slow=True, aliases={'dataset': ('experiment',)})
    add(Se.sensitivity_table, kwargs=dict(datasets=('lz_ws2024',), n_toys=20), names=('datasets',), slow=True, aliases={'datasets': ('experiment',)})
    add(Se.coverage, kwargs=dict(dataset='lz_ws2024', true_value=0.0, n_toys=20), slow=True, names=('dataset', 'parameter', 'flavour', 'sigma_i', 'binding'),
        aliases={'dataset': ('experiment',), 'true_value': ('mu_nu',)}, skip=('levels', 'randomise_nuisances'))
    add(Se.coverage_curve, kwargs=dict(true_values=[0.0], dataset='lz_ws2024', n_toys=20), slow=True, names=('dataset',),
        aliases={'dataset': ('experiment',), 'true_values': ('mu_nu',)}, skip=('sigma_choices',))

    # signal, electromagnetic, reproduce
    add(Sig.fig1_data, kwargs=dict(experiments=('xenonnt',)), names=('experiments',), skip=('examples',))
    add(EM.paper_limits, kwargs=dict(experiment='xenonnt', parameter='q', flavour='e'), names=('experiment', 'parameter', 'flavour'))
    add(EM.em_profiles, kwargs=dict(parameter='q', grid=np.linspace(-1e-12, 1e-12, 5), experiments=('xenonnt',), flavours=('e',)),
        names=('parameter',), aliases={'grid': ('q_nu', 'parameter grid')})
    add(EM.region_grid, kwargs=dict(experiment='xenonnt', parameter='q', pair=('e', 'mu'), lo=-1e-12, hi=1e-12, n=5),
        names=('experiment', 'parameter'), aliases={'pair': ('flavour',)})
    add(R.stage_table, kwargs={})

    # rates
    add(Ra.check_binding, kwargs=dict(binding='free'), names=('binding',))
    for f in (Ra.Z_eff, Ra.electrons_per_tonne): add(f, kwargs=dict(T_keV=[1.0, 10.0], binding='rrpa'), names=('binding',))
    add(Ra.rrpa_correction, kwargs=dict(T_keV=[1.0, 10.0], outside='hold'), names=('outside',))
    add(Ra.flux_moments, kwargs=dict(T_keV=[1.0, 10.0], flux=None), names=('flux',), aliases={'flux': ('solar model',)})
    add(Ra.rate_basis, kwargs=dict(T_keV=[1.0, 10.0], interaction='vector', m_X=1.0, binding='stepping', flux='agss09'),
        names=('interaction', 'binding', 'flux'), aliases={'flux': ('solar model',)})
    for f in (Ra.differential_rate, Ra.differential_rate_reference):
        add(f, kwargs=dict(T_keV=[1.0, 10.0], interaction='millicharge', value=1e-13, flavour='e', m_X=None, binding='stepping', flux=None),
            names=('interaction', 'flavour', 'binding', 'flux'), aliases={'value': ('q_nu',), 'flux': ('solar model',)})

    # mediators and the U(1)' models
    add(M.mass_grid, kwargs=dict(n=5, lo=0.1, hi=10.0))
    add(M.coupling_grid, kwargs=dict(n=5, lo=1e-8, hi=1e-4))
    add(M.mediator_names, kwargs={})
    add(M.check_mediator, kwargs=dict(name='scalar'), names=('name',), aliases={'name': ('mediator',)})
    add(M.check_masses, kwargs=dict(masses_MeV=[0.1, 1.0]), aliases={'masses_MeV': ('m_X',)})
    add(M.check_couplings, kwargs=dict(g_grid=[1e-8, 1e-6]), aliases={'g_grid': ('g_X', 'coupling grid')})
    add(M.chi2_direct, kwargs=dict(experiment='xenonnt', mediator='vector', m_X_MeV=1.0, g_X=1e-6, flavour='all'),
        names=('experiment', 'mediator', 'flavour'), aliases={'m_X_MeV': ('m_X',)})
    add(M.mediator_limits, kwargs=dict(experiment='xenonnt', mediator='scalar', masses_MeV=[1.0], g_grid=np.geomspace(1e-8, 1e-3, 41), flavour='all',
                                       product_sign=1, level=2.71), names=('experiment', 'mediator', 'flavour'),
        aliases={'masses_MeV': ('m_X',), 'g_grid': ('g_X', 'coupling grid')})
    add(M.grid_exclusion, kwargs=dict(table='limit_coherent2017_scalar', level=2.7, subtract_minimum=True), names=('table',),
        aliases={'table': ('dataset',)})
    add(M.overlay, kwargs=dict(key='texono_bl', m_range_MeV=(0.01, 100.0), paper_g_X=True), names=('key',), aliases={'key': ('overlay',)})
    add(M.fig6_data, kwargs=dict(masses=[1.0], g_grid=np.geomspace(1e-8, 1e-3, 21), quick=True), slow=True, aliases={'masses': ('m_X',)})
    add(M.fig7_data, kwargs=dict(fig6=None, quick=True), slow=True)
    add(U.u1_coupling_grid, kwargs=dict(n=11))
    # the coupling grid spans U1_COUPLING_RANGE's top (10): with masses_MeV=None (the default grid, up to 1 GeV) a grid ending at 1e-3 excludes nothing
    # above ~600 MeV, and the limit column is rightly empty there
    add(U.u1_limits, kwargs=dict(models=('u1_b_minus_l',), datasets=('xenonnt',), masses_MeV=[1.0], g_grid=np.geomspace(1e-8, 10.0, 21), quick=True),
        names=('models', 'datasets'), aliases={'models': ('mediator',), 'masses_MeV': ('m_X',), 'g_grid': ('g_X', 'coupling grid')})

    # the global fit and the projections
    add(G.check_datasets, kwargs=dict(datasets=('xenonnt', 'lz_ws2022+xenonnt')), names=('datasets',))
    add(G.check_rows, kwargs=dict(parameters=(('q', 'e'),)))
    add(G.check_bindings, kwargs=dict(bindings=('stepping',)))
    add(G.check_analyses, kwargs=dict(analyses=('paper', 'recommended')), names=('analyses',))
    add(G.global_fit, kwargs=dict(datasets=('xenonnt',), parameters=(('q', 'e'),), bindings=('stepping',)), slow=True)
    add(G.expected_fit, kwargs=dict(datasets=('xenonnt',), parameters=(('q', 'e'),), bindings=('stepping',)), slow=True)
    gf = lambda: dict(df=G.global_fit(datasets=('xenonnt', 'lz_ws2022', 'lz_ws2022+xenonnt'), parameters=(('q', 'e'),)))
    add(G.limit_size, kwargs={}, setup=gf)
    add(G.compare, kwargs=dict(combined='lz_ws2022+xenonnt', singles=('lz_ws2022', 'xenonnt'), binding='stepping'), setup=gf, names=('combined', 'binding'),
        aliases={'singles': ('dataset',), 'combined': ('dataset',)})
    add(G.magnetic_signal_strength, kwargs=dict(dataset='xenonnt', lo=-2e-22, hi=3e-22, n=101, binding='stepping', analysis='recommended'),
        names=('dataset', 'binding', 'analysis'),
        aliases={'dataset': ('experiment',)})
    add(G.binding_effects, kwargs=dict(parameters=(('q', 'e'),)),
        setup=lambda: dict(df=G.global_fit(datasets=('xenonnt',), parameters=(('q', 'e'),), bindings=('stepping', 'free'))))
    add(P.flat_background_counts, kwargs=dict(bin_edges_keV=np.arange(1.0, 11.0), exposure_t_yr=1.0, efficiency_keV=[1.0, 30.0], efficiency=[0.9, 0.9],
                                              resolution=(0.31, 0.0037)))
    add(P.projection_experiment, kwargs=dict(exposure_t_yr=10.0, background_per_t_yr_keV=1.0, roi_keV=(1.0, 30.0), efficiency=None,
                                             resolution=(0.31, 0.0037), flux_sigma=0.07, background_sigma=0.1))
    add(P.xenonnt_background_rate, kwargs={})
    add(P.projection, kwargs=dict(exposure_t_yr=10.0, background_per_t_yr_keV=1.0, parameter='mu_universal', n_toys=20, seed=1), names=('parameter',),
        slow=True)
    add(P.projections, kwargs=dict(exposures=(1.0, 10.0), backgrounds=(1.0,), parameters=('mu_universal',), n_toys=20), slow=True,
        aliases={'exposures': ('exposure_t_yr',), 'backgrounds': ('background_per_t_yr_keV',), 'parameters': ('parameter',)})
    add(P.local_slopes, kwargs={}, setup=lambda: dict(df=P.projections(exposures=(1.0, 10.0, 100.0), backgrounds=(1.0,), parameters=('mu_universal',), n_toys=20)))
    add(P.todays_limits, kwargs=dict(m_X=1.0), slow=True)

    # figures and the files of nu_ees_reproduce: a wrong table, folder or flag is refused by name before any work is done
    import tempfile
    folder = lambda: dict(out_dir=tempfile.mkdtemp(prefix='nu_ees_fuzz_'))
    f6 = lambda: M.fig6_data(masses=[1.0, 10.0], g_grid=np.geomspace(1e-8, 1e-2, 31), quick=True)
    add(C.check_flag, kwargs=dict(x=True, name='quick'), skip=('name',), aliases={'x': ('quick',)})
    add(M.excluded_couplings, kwargs=dict(g_grid=np.geomspace(1e-8, 1e-3, 41), level=2.71), setup=lambda: dict(profile=M.MediatorProfile('xenonnt', 'vector', 1.0)),
        aliases={'g_grid': ('g_X', 'coupling grid'), 'profile': ('chi2',)})
    add(M.plot_fig6, kwargs={}, setup=lambda: dict(df=f6()), slow=True)
    add(M.plot_fig7, kwargs={}, setup=lambda: dict(df=M.fig7_data(fig6=f6())), slow=True)
    add(M.write_fig6, kwargs=dict(quick=True), setup=folder, slow=True)
    add(M.write_fig7, kwargs=dict(quick=True, fig6=None), setup=lambda: {**folder(), 'fig6': f6()}, slow=True)
    add(U.plot_u1_limits, kwargs={}, slow=True,
        setup=lambda: dict(df=U.u1_limits(models=('u1_b_minus_l',), datasets=('xenonnt',), masses_MeV=[1.0, 10.0], quick=True)))
    add(U.write_u1_limits, kwargs=dict(quick=True), setup=folder, slow=True)
    med = lambda: G.mediator_table(datasets=('xenonnt', 'lz_ws2022', 'lz_ws2022+xenonnt'), mediators=('vector',), quick=True)
    add(G.mediator_table, kwargs=dict(datasets=('xenonnt',), mediators=('vector',), quick=True), slow=True, aliases={'mediators': ('mediator',)})
    add(G.mediator_gain, kwargs=dict(combined='lz_ws2022+xenonnt', singles=('lz_ws2022', 'xenonnt')), setup=lambda: dict(med=med()), slow=True,
        aliases={'singles': ('dataset',), 'combined': ('dataset',)})
    add(G.plot_mediators, kwargs={}, setup=lambda: dict(med=med()), slow=True)
    add(G.plot_global_fit, kwargs=dict(binding='stepping'), setup=gf, slow=True)
    add(G.write_global_fit, kwargs=dict(quick=True), setup=folder, slow=True)
    add(P.plot_projections, kwargs=dict(flux_known=None, today=None), slow=True,
        setup=lambda: dict(df=P.projections(exposures=(1.0, 10.0, 100.0), backgrounds=(1.0,), n_toys=20)))
    add(P.write_projections, kwargs=dict(quick=True), setup=folder, slow=True)
    add(EM.table1, kwargs={}, slow=True)
    add(EM.write_table1, kwargs=dict(table=None), setup=lambda: dict(path=Path(tempfile.mkdtemp()) / 'table1.csv'), slow=True)
    add(EM.write_em_figures, kwargs=dict(n_grid=10), setup=folder, slow=True)
    prof = lambda: dict(df=EM.em_profiles('q', np.linspace(-1e-12, 1e-12, 11), experiments=('xenonnt',), flavours=('e',)))
    add(EM.plot_profiles, kwargs=dict(xlabel='q', scale=1e-13, ax=None, ylim=(0, 8), paper=True), setup=prof, slow=True)
    add(EM.regions, kwargs=dict(parameter='q', pairs=(('e', 'mu'),), lo=-2e-12, hi=2e-12, n=11, experiments=('xenonnt',)), slow=True,
        aliases={'pairs': ('pair', 'flavour')})
    add(EM.plot_regions, kwargs=dict(axes=None, paper=True), slow=True,
        setup=lambda: dict(df=EM.regions('q', (('e', 'mu'),), -2e-12, 2e-12, 21, experiments=('xenonnt',))))
    grid = lambda: dict(zip(('x', 'y', 'dchi2'), EM.region_grid('xenonnt', 'q', ('e', 'mu'), -2e-12, 2e-12, 11)))
    add(EM.region_contour, kwargs=dict(level=4.61), setup=grid, slow=True)
    add(EM.xenonnt_variants, kwargs={}, slow=True)
    add(Sig.plot_fig1, kwargs={}, setup=lambda: dict(df=Sig.fig1_data(('xenonnt',))), slow=True)
    sc = lambda: dict(sens=Se.sensitivity_table(datasets=('lz_ws2024',), n_toys=20), curve=Se.coverage_curve([0.0], 'lz_ws2024', n_toys=20))
    add(Se.plot_sensitivity, kwargs={}, setup=sc, slow=True)
    add(Se.write_sensitivity, kwargs=dict(quick=True), setup=folder, slow=True)
    add(R.reproduce, kwargs=dict(quick=True, beyond=False, progress=False), setup=lambda: dict(out_dir=Path(tempfile.mkdtemp()) / 'out'), slow=True)

    # calibrated limits: toys, constructions, where they run, and the calibrated Table I (few toys, small grids, this process)
    from nu_ees import calibration as K, calibrated_limits as L
    from functools import lru_cache
    mu_fit = lru_cache()(lambda: St.parameter_fit('xenonnt', 'mu_universal', 'all'))
    model = lambda: dict(model=K.toy_model(mu_fit()))
    no_shift = np.zeros(K.toy_model(mu_fit()).sigmas.size)
    scan = np.linspace(0.0, 2e-21, 21)                  # mu^2: up to (45e-12 mu_B)^2
    toys = lambda: dict(zip(('obs', 'sig2', 'centres'), K.draw_toys(K.toy_model(mu_fit()), 4e-23, no_shift, 5, 1)))
    cons = lru_cache()(lambda: K.calibrate(mu_fit(), 0.0, 8e-11, n_toys=20, n_grid=5, workers=0, progress=False))
    run = dict(workers=0, progress=False)
    add(K.toy_model, kwargs={}, setup=lambda: dict(fit=mu_fit()))
    add(K.fit_key, kwargs={}, setup=lambda: dict(fit=mu_fit()))
    add(K.draw_toys, kwargs=dict(x=4e-23, nuisances=no_shift, n_toys=5, seed=1), setup=model)
    add(K.toy_statistic, kwargs=dict(x=4e-23, scan=scan), setup=lambda: {**model(), **toys()})
    add(K.toy_seed, kwargs=dict(key='xenonnt/mu', j=3))
    add(K.critical_values, kwargs=dict(key='xenonnt/mu', js=[0, 1], xs=[0.0, 4e-23], nuisances=np.zeros((2, no_shift.size)), n_toys=20, scan=scan),
        setup=model, slow=True)
    def dask_client(client=None, workers=0, scheduler=None):
        "Enter and leave nu_ees.calibration.dask_client (a context manager); return what it yielded."
        with K.dask_client(client, workers, scheduler) as c: return c
    add(dask_client, kwargs=dict(workers=0), slow=True)
    add(K.calibrate_many, kwargs=dict(n_toys=20, n_grid=5, **run), setup=lambda: dict(jobs={'mu': (mu_fit(), 0.0, 8e-11)}), slow=True)
    add(K.calibrate, kwargs=dict(lo=0.0, hi=8e-11, n_toys=20, n_grid=5, **run), setup=lambda: dict(fit=mu_fit()), slow=True,
        aliases={'lo': ('physical range',), 'hi': ('physical range',)})
    add(K.plot_construction, kwargs=dict(scale=1e-12, label='mu'), setup=lambda: dict(cons=cons()))
    add(K.coverage_check, kwargs=dict(true_values=[0.0], n_toys=20), setup=lambda: dict(cons=cons(), fit=mu_fit()), slow=True)
    rows = [('xenonnt', 'mu_universal', 'all'), ('xenonnt', 'Lambda', '2')]
    cal = lru_cache()(lambda: L.calibrated_table1(n_toys=20, quick=True, rows=rows, **run))
    add(L.row_construction, kwargs=dict(experiment='xenonnt', parameter='mu_eff', flavour='mu', analysis='recommended'),
        names=('experiment', 'parameter', 'flavour', 'analysis'),
        aliases={'flavour': ('transition-moment index',)})
    add(L.table1_constructions, kwargs=dict(n_toys=20, quick=True, rows=rows, analysis='recommended', **run), names=('analysis',), slow=True)
    add(L.calibrated_table1, kwargs=dict(n_toys=20, quick=True, rows=rows, analysis='paper', **run), names=('analysis',), slow=True)
    add(L.plot_calibrated_table1, kwargs={}, setup=lambda: dict(cal=cal()), slow=True)
    add(L.xenonnt_background_variants, kwargs=dict(background_sigma=0.1))
    add(L.xenonnt_background_study, kwargs=dict(n_toys=20, quick=True, **run), slow=True)
    add(L.magnetic_shares, kwargs=dict(experiment='xenonnt'), names=('experiment',))
    add(L.implied_universal, kwargs=dict(universal=6.3, Lambda=[7.7, 7.7, 7.7], flavoured=[9.0, 14.7, 12.7]),
        setup=lambda: dict(shares=L.magnetic_shares('xenonnt')))
    table1 = lru_cache()(lambda: EM.table1())
    add(L.paper_consistency, kwargs={}, setup=lambda: dict(ours=table1()), slow=True)
    add(L.write_calibrated_table1, kwargs=dict(quick=True, n_toys=20, **run), setup=folder, slow=True)

    # the one writer of tables and figures: a wrong table, figure or path is refused by name before anything is written
    from nu_ees import output as O
    add(O.write_table, kwargs=dict(df=pd.DataFrame({'x_keV': [1.0, 2.5]})), setup=lambda: dict(path=Path(tempfile.mkdtemp()) / 't.csv'), slow=True,
        aliases={'df': ('table',)})
    add(O.write_figure, kwargs={}, setup=lambda: dict(fig=plt.figure(), path=Path(tempfile.mkdtemp()) / 'f.png'), slow=True,
        aliases={'fig': ('figure',)})
    return cases


CASES = _cases()
# the command-line entry points are tested as commands, with their arguments, in tests/test_cli.py and tests/test_reproduce.py
NOT_FUZZED = {'reproduce_main', 'spectrum_main'}
FUZZED_MODULES = ('constants', 'data', 'solar', 'detector', 'experiments', 'statistics', 'sensitivity', 'signal', 'electromagnetic', 'reproduce',
                  'rates', 'mediators', 'u1_models', 'global_fit', 'projections', 'calibration', 'calibrated_limits', 'output')
# nu_ees.cross_sections is fuzzed function by function in tests/test_interactions.py (test_public_functions_give_finite_numbers_or_name_the_argument)


def _arguments(case):
    "The arguments hypothesis varies for a case."
    params = inspect.signature(case.func).parameters
    return [a for a in params if a not in case.skip and params[a].kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)]


def test_every_public_function_has_a_case():
    covered = {getattr(c.func, '__name__', '') for c in CASES}
    missing = []
    for m in FUZZED_MODULES:
        mod = importlib.import_module(f'nu_ees.{m}')
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isfunction(obj) and name not in covered and name not in NOT_FUZZED: missing.append(f'{m}.{name}')
    assert not missing, f'public functions without a fuzz case: {missing}'


PARAMS = [(c, a) for c in CASES for a in _arguments(c)]


@pytest.mark.parametrize('case,arg', PARAMS, ids=[f'{c.label}:{a}' for c, a in PARAMS])
def test_bad_argument_is_refused_or_harmless(case, arg):
    if case.slow:
        strategy = BAD_NAME if arg in case.names else BAD_PATH if arg in PATH_ARGUMENTS else BAD_NUMBER
        # a slow function would run in full on a valid value: None where it is the default (the default grid, no figure given), True for a flag
        default = inspect.signature(case.func).parameters[arg].default
        if default is None: strategy = strategy.filter(lambda v: v is not None)
        if isinstance(default, bool): strategy = strategy.filter(lambda v: not isinstance(v, bool))
    elif arg in case.names: strategy = st.one_of(BAD_NAME, ANYTHING)
    else: strategy = ANYTHING

    @settings(max_examples=8 if case.slow else 40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    @given(value=strategy)
    def run(value):
        problem = _call(case, arg, value)
        assert problem is None, f'{case.label}({arg}={value!r:.80}): {problem}'
    run()


@pytest.mark.parametrize('case', CASES, ids=[c.label for c in CASES])
def test_the_valid_call_returns_finite_numbers(case):
    kwargs = dict(case.kwargs)
    if case.setup is not None: kwargs.update(case.setup())
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        assert _finite(case.func(**kwargs))
