"""The Neyman construction (nu_ees.calibration) and the calibrated Table I: kernel against brute force, random streams independent of where and how
the toys run (in this process, chunking, 1 or 2 Dask workers, a worker killed mid-run), and `nu_ees_reproduce --calibrated`.

The longer checks (the whole quick CLI run with one and two workers, an interrupted run with a LocalCluster) run with NU_EES_SLOW_TESTS=1."""
import os, signal, subprocess, sys, threading, time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nu_ees import calibration as K
from nu_ees.calibrated_limits import calibrated_table1, TABLE1_CALIBRATED_COLUMNS
from nu_ees.statistics import parameter_fit, make_bins, _profile_scalar, _golden_min

SLOW = pytest.mark.skipif(not os.environ.get('NU_EES_SLOW_TESTS'), reason='long: set NU_EES_SLOW_TESTS=1')
SCRIPT = Path(sys.executable).parent / 'nu_ees_reproduce'
ROWS = [('xenonnt', 'mu_universal', 'all'), ('xenonnt', 'Lambda', '2'), ('lz_ws2022', 'q', 'e'), ('xenonnt', 'r2', 'e')]


def _brute_force_t(fit, x_true, obs, sig2, centres, lo, hi):
    "t from a dense grid and a tight golden refinement, the same centred constraints."
    dense = np.linspace(lo, hi, 3001)
    out = []
    for o, s, c in zip(obs, sig2, centres):
        toy = make_bins(fit.C, fit.comp_nuis, fit.gauss, s, o, fit.sigmas)
        c2 = np.array([_profile_scalar(x, fit.flavour_basis, toy, c) for x in dense])
        k = int(np.argmin(c2))
        fb = _golden_min(dense[max(k - 1, 0)], dense[min(k + 1, dense.size - 1)], fit.flavour_basis, toy, c, 1e-12)[1]
        out.append(_profile_scalar(x_true, fit.flavour_basis, toy, c) - min(fb, c2[k]))
    return np.array(out)


@pytest.mark.parametrize('dataset,parameter,flavour,value,scan,dense', [
    ('lz_ws2022', 'mu_universal', 'all', 8e-12, (0.0, 3e-11), (0.0, 1e-10)),
    ('xenonnt', 'r2', 'e', -3e-31, (-1.2e-30, 3e-31), (-4e-30, 2e-30)),
    ('xenonnt', 'mu_eff', 'mu', 0.0, (0.0, 2.5e-11), (0.0, 1e-10))])
def test_toy_statistic_is_the_brute_force_one(dataset, parameter, flavour, value, scan, dense):
    fit = parameter_fit(dataset, parameter, flavour)
    model = K.toy_model(fit)
    nu = fit.chi2([value], return_nuisances=True)[1].to_numpy()[0]
    obs, sig2, centres = K.draw_toys(model, value, nu, 8, K.toy_seed('test', 3))
    t = K.toy_statistic(model, value, obs, sig2, centres, np.linspace(*scan, K.N_SCAN))
    assert np.all(t >= 0)
    assert np.allclose(t, _brute_force_t(fit, value, obs, sig2, centres, *dense), rtol=0, atol=1e-7)


def test_streams_depend_only_on_key_and_grid_point():
    model = K.toy_model(parameter_fit('xenonnt', 'mu_universal', 'all'))
    a = K.draw_toys(model, 1e-12, [0.01], 50, K.toy_seed('k', 5))
    b = K.draw_toys(model, 1e-12, [0.01], 50, K.toy_seed('k', 5))
    c = K.draw_toys(model, 1e-12, [0.01], 50, K.toy_seed('k', 6))
    assert all(np.array_equal(x, y) for x, y in zip(a, b)) and not np.array_equal(a[0], c[0])
    assert np.all(a[1] >= 1) and np.array_equal(a[1], np.maximum(a[0], 1))   # XENONnT: Gaussian sigma_i^2 = max(N, 1)


def test_chunking_does_not_change_the_construction():
    fit = parameter_fit('lz_ws2022', 'q', 'mu')
    runs = [K.calibrate(fit, -3e-12, 3e-12, n_toys=200, n_grid=9, workers=0, chunk=c, progress=False) for c in (1, 4, 100)]
    assert all(np.array_equal(r.c, runs[0].c) and r.pieces == runs[0].pieces for r in runs)
    assert runs[0].lower < 0 < runs[0].upper and not any(runs[0].open_ends)


def test_grid_extends_until_the_region_is_closed():
    fit = parameter_fit('xenonnt', 'mu_universal', 'all')
    cons = K.calibrate(fit, 0.0, 8e-11, n_toys=300, grid=(0.0, 3e-12, 5), workers=0, progress=False)   # far too short a grid
    assert cons.rounds > 1 and cons.values[-1] > cons.upper > 3e-12 and cons.open_ends == (True, False)


def test_bad_arguments():
    fit = parameter_fit('xenonnt', 'mu_universal', 'all')
    for kw, msg in (({'n_toys': 5}, 'n_toys must be an integer from 10'), ({'n_grid': 2}, 'n_grid must be an integer from 3'),
                    ({'chunk': 0}, 'chunk must be an integer from 1'), ({'workers': -1}, 'workers must be an integer from 0'),
                    ({'grid': (-1e-12, 1e-11, 5)}, 'grid must be (lo, hi, n)')):
        with pytest.raises(ValueError, match=msg.replace('(', r'\(').replace(')', r'\)')): K.calibrate(fit, 0.0, 8e-11, **{'workers': 0, **kw})


def test_one_and_two_workers_give_the_same_table():
    tables = [calibrated_table1(n_toys=60, quick=True, rows=ROWS, workers=w, progress=False) for w in (0, 1, 2)]
    csv = [t[TABLE1_CALIBRATED_COLUMNS].to_csv(index=False, float_format='%.6g') for t in tables]
    assert csv[0] == csv[1] == csv[2]
    t = tables[0].set_index(['experiment', 'parameter', 'flavour'])
    assert np.isclose(t.loc[('xenonnt', 'Lambda', '2'), 'upper'] * 0.82122424, t.loc[('xenonnt', 'mu_universal', 'all'), 'upper'], rtol=1e-7)


def test_a_worker_killed_mid_run_changes_nothing():
    from distributed import Client, LocalCluster
    fit = parameter_fit('lz_ws2022', 'mu_universal', 'all')
    reference = K.calibrate(fit, 0.0, 8e-11, n_toys=1500, workers=0, chunk=2, progress=False)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50, env=K._WORKER_ENV)
    client = Client(cluster)
    killed = {}
    def kill_one_busy_worker():
        t0 = time.monotonic()
        while time.monotonic() - t0 < 120:
            busy = [w for w, tasks in client.processing().items() if tasks]
            if busy:                                                  # tasks are running: kill the process of one busy worker
                time.sleep(1.0)
                pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                os.kill(pid, signal.SIGKILL); killed['pid'] = pid; return
            time.sleep(0.05)
    try:
        client.run(lambda: 1)
        killer = threading.Thread(target=kill_one_busy_worker); killer.start()
        result = K.calibrate(fit, 0.0, 8e-11, n_toys=1500, client=client, chunk=2, progress=False)
        killer.join()
        pids_after = set(client.run(os.getpid).values())
    finally:
        client.close(); cluster.close()
    assert 'pid' in killed and killed['pid'] not in pids_after            # a worker process really died mid-run (and was replaced)
    assert np.array_equal(result.c, reference.c) and np.array_equal(result.c_hi, reference.c_hi) and result.pieces == reference.pieces


@SLOW
def test_cli_quick_calibrated_identical_with_one_and_two_workers(tmp_path):
    digests = []
    for w in (1, 2):
        out = tmp_path / f'w{w}'
        done = subprocess.run([str(SCRIPT), '--out', str(out), '--quick', '--calibrated', '--workers', str(w)], capture_output=True, text=True, timeout=1800)
        assert done.returncode == 0, done.stderr
        digests.append((out / 'table1_calibrated.csv').read_bytes())
        check = Path(__file__).parents[1] / '.ci' / 'check_reproduce.py'
        if check.exists(): assert subprocess.run([sys.executable, str(check), str(out)], capture_output=True).returncode == 0
    assert digests[0] == digests[1]
    table = pd.read_csv(tmp_path / 'w1' / 'table1_calibrated.csv')
    assert list(table.columns) == TABLE1_CALIBRATED_COLUMNS and len(table) == 32 and table.upper.notna().all()


@SLOW
@pytest.mark.parametrize('when,how', [('starting', 'SIGTERM'), ('running', 'SIGTERM'), ('running', 'SIGINT'), ('running', 'Ctrl-C to the process group')])
def test_interrupt_during_calibration_shuts_the_cluster_down(tmp_path, when, how):
    psutil = pytest.importorskip('psutil')
    out = tmp_path / 'o'
    proc = subprocess.Popen([str(SCRIPT), '--out', str(out), '--quick', '--calibrated', '--workers', '2', '--toys', '3000'],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    t0, workers = time.monotonic(), []
    while time.monotonic() - t0 < 900:                  # wait for the LocalCluster's worker processes (and, 'running', for them to be busy)
        if proc.poll() is not None: pytest.fail(f'ended before it was interrupted: {proc.stderr.read().decode()}')
        workers = [p for p in psutil.Process(proc.pid).children(recursive=True) if 'python' in p.name().lower()]
        try: busy = sum(p.cpu_times().user for p in workers) > 6
        except psutil.NoSuchProcess: busy = False
        if len(workers) >= 2 and (when == 'starting' or busy): break
        time.sleep(0.05)
    if how == 'SIGTERM': proc.send_signal(signal.SIGTERM)
    elif how == 'SIGINT': proc.send_signal(signal.SIGINT)
    else: os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr.decode()
    assert stderr.decode().count('\n') == 1 and 'interrupted' in stderr.decode(), stderr.decode()
    assert not out.exists() and list(tmp_path.iterdir()) == []
    time.sleep(1.0)
    assert not [p.pid for p in workers if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]     # no worker left behind


def _exact_fc_interval(n_obs, b=3.0, cl=0.9, s_max=20.0, ds=0.001):
    "Feldman and Cousins' interval for the signal mean of one Poisson bin with known background b, by brute force on a fine grid."
    from scipy.stats import poisson
    n = np.arange(0, 80)
    s_best = np.maximum(n - b, 0.0)
    accepted_at = []
    for s in np.arange(0.0, s_max, ds):
        p = poisson.pmf(n, s + b)
        order = np.argsort(-(p / poisson.pmf(n, s_best + b)), kind='stable')
        k = np.searchsorted(np.cumsum(p[order]), cl) + 1           # the smallest set with probability >= cl
        if n_obs in order[:k]: accepted_at.append(s)
    return min(accepted_at), max(accepted_at)


def _one_bin_fit(n_obs, b=3.0):
    "One bin with known background b (SM EvES included) and a universal magnetic moment as the signal s = mu^2 B_mag; the flux fixed."
    from nu_ees.experiments import make_experiment
    from nu_ees.statistics import Fit
    edges, exposure, eff_E, eff = [1.0, 2.0], 0.05, [0.5, 3.0], [1.0, 1.0]
    sm = make_experiment('probe', edges, [0.0], exposure, eff_E, eff, (0.31, 0.0), [b]).sm_eves.sum()
    e = make_experiment('one_bin', edges, [float(n_obs)], exposure, eff_E, eff, (0.31, 0.0), [b - sm], flux_sigma=1e-7)
    fit = Fit(e, 'magnetic')
    mu = 1e-10
    return fit, float((fit.signal([mu])[0] - fit.signal([0.0])[0]).sum()) / mu**2   # signal counts per unit mu^2


@pytest.mark.parametrize('n_obs', [0, 3, 6, 10])
def test_feldman_cousins_one_bin_poisson(n_obs):
    "The construction on one Poisson bin with b = 3 gives Feldman and Cousins' exact interval (their Table IV) within the grid's resolution."
    fit, per_mu2 = _one_bin_fit(n_obs)
    s_of = lambda mu: mu * mu * per_mu2
    mu_max, n_grid = np.sqrt(18.0 / per_mu2), 81
    cons = K.calibrate(fit, 0.0, mu_max, n_toys=4000, grid=(0.0, mu_max, n_grid), workers=0, progress=False)
    exact = _exact_fc_interval(n_obs)
    h = mu_max / (n_grid - 1)
    for mine, ref in zip((cons.lower, cons.upper), exact):     # the grid spacing in s at the end, plus the brute force's own step
        resolution = s_of(mine + h) - s_of(max(mine - h, 0.0)) + 0.002
        assert abs(s_of(mine) - ref) <= resolution, (n_obs, s_of(cons.lower), s_of(cons.upper), exact)
