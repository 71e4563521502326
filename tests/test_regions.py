"""The calibrated regions (nu_ees.regions): results independent of where and how the toys run (in this process, 1 or 2 Dask workers,
chunking, a worker killed mid-run)."""
import os, signal, threading, time

from nu_ees.regions import Panel, construct_regions, region_table
from nu_ees.calibration import _WORKER_ENV

PANELS = [Panel('fig5', 'q', ('e', 'mu'), 'xenonnt'), Panel('fig3', 'Lambda', ('1', '2'), 'xenonnt')]
QUICK = dict(n_toys=60, coarse=4, max_level=1, n_scan=7, progress=False)


def _csv(jobs):
    return region_table(jobs).to_csv(index=False, float_format='%.6g')


def test_one_and_two_workers_and_chunkings_give_the_same_csv():
    csv = [_csv(construct_regions(PANELS, workers=w, chunk=c, **QUICK)) for w, c in ((0, 2), (1, 1), (2, 3))]
    assert csv[0] == csv[1] == csv[2]


def test_a_worker_killed_mid_run_changes_nothing():
    from distributed import Client, LocalCluster
    panels = [Panel('fig5', 'q', ('e', 'mu'), 'lz_ws2022')]
    opts = dict(n_toys=300, coarse=4, max_level=1, n_scan=7, progress=False, chunk=1)
    reference = _csv(construct_regions(panels, workers=0, **opts))
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50, env=_WORKER_ENV)
    client = Client(cluster)
    killed = {}

    def kill_one_busy_worker():
        t0 = time.monotonic()
        while time.monotonic() - t0 < 300:
            busy = [w for w, tasks in client.processing().items() if tasks]
            if busy:
                time.sleep(1.0)
                pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed['pid'] = pid
                return
            time.sleep(0.05)

    try:
        client.run(lambda: 1)
        killer = threading.Thread(target=kill_one_busy_worker)
        killer.start()
        result = _csv(construct_regions(panels, client=client, **opts))
        killer.join()
        pids_after = set(client.run(os.getpid).values())
    finally:
        client.close()
        cluster.close()
    assert 'pid' in killed and killed['pid'] not in pids_after
    assert result == reference
