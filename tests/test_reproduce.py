"""A real `nu_ees_reproduce` process: usage errors stop it with one line and status 2; interrupted, its output folder is either the previous
complete set or absent, never partial."""
import hashlib, json, signal, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / 'nu_ees_reproduce'


def _digests(folder):
    "sha256 of every file in a folder, by name."
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(Path(folder).iterdir())}


def _staged(parent):
    "Files already written into a staging folder of nu_ees_reproduce under `parent`."
    return [f for d in Path(parent).glob('.*.partial-*') for f in d.iterdir()]


def _interrupt(out, sig, *args, after_files=1, timeout=300):
    "Start nu_ees_reproduce --out OUT ARGS, send `sig` once `after_files` files are staged, return the finished process."
    assert SCRIPT.exists(), f'console script not installed next to {sys.executable}'
    proc = subprocess.Popen([str(SCRIPT), '--out', str(out), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)   # bytes: tqdm's \r stay \r
    t0 = time.monotonic()
    while len(_staged(out.parent)) < after_files:
        if proc.poll() is not None: pytest.fail(f'nu_ees_reproduce ended before it was interrupted: {proc.stderr.read().decode()}')
        if time.monotonic() - t0 > timeout: proc.kill(); pytest.fail('nothing was staged in time')
        time.sleep(0.005)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=timeout)
    return proc.returncode, stdout.decode(), stderr.decode()


@pytest.mark.parametrize('sig', [signal.SIGINT, signal.SIGTERM])
def test_interrupted_first_run_leaves_nothing(tmp_path, sig):
    out = tmp_path / 'reproduce_out'
    code, stdout, stderr = _interrupt(out, sig, '--quick', after_files=2)
    assert code == 130
    assert stderr.count('\n') == 1 and stderr.split('\r')[-1].startswith('nu_ees_reproduce: interrupted;') and stdout == ''
    assert not out.exists() and list(tmp_path.iterdir()) == []     # no output, no staging folder left


def test_interrupted_quick_run_keeps_previous_full_set(tmp_path):
    out = tmp_path / 'reproduce_out'
    done = subprocess.run([str(SCRIPT), '--out', str(out)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    before = _digests(out)
    assert json.loads((out / 'summary.json').read_text())['quick'] is False
    code, _, stderr = _interrupt(out, signal.SIGTERM, '--quick', after_files=3)
    assert code == 130 and stderr.count('\n') == 1
    assert _digests(out) == before                                   # the full set, untouched: no coarse figure beside it
    assert json.loads((out / 'summary.json').read_text())['quick'] is False
    assert sorted(p.name for p in tmp_path.iterdir()) == ['reproduce_out']


# refused command lines ('{out}': a folder that must not be created) -> what the one-line message must name before the usage
USAGE_ERRORS = {
    'unknown_option': (['--out', '{out}', '--frobnicate'], 'unrecognized arguments: --frobnicate'),
    'no_out': ([], 'the following arguments are required: --out'),
    'missing_value': (['--quick', '--out'], 'argument --out: expected one argument'),
    'empty_out': (['--out', ''], '--out is empty'),
    'word_for_toys': (['--out', '{out}', '--calibrated', '--toys', 'many'], "argument --toys: invalid int value: 'many'"),
    'too_few_toys': (['--out', '{out}', '--calibrated', '--toys', '5'], '--toys must be between 10 and 10000000, got 5'),
    'negative_workers': (['--out', '{out}', '--calibrated', '--workers', '-1'], '--workers must be between 0 and 4096, got -1'),
    'toys_without_calibrated': (['--out', '{out}', '--toys', '300'], '--toys only with --calibrated'),
    'pool_and_scheduler': (['--out', '{out}', '--calibrated', '--workers', '2', '--scheduler', 'tcp://h:8786'], 'not allowed with argument'),
    'repeated_flag': (['--out', '{out}', '--quick', '--quick'], '--quick given more than once'),
    'repeated_out': (['--out', '{out}', '--out', '{out}2'], '--out given more than once'),
    'abbreviated_option': (['--out', '{out}', '--calib'], 'unrecognized arguments: --calib'),
}


@pytest.fixture(scope='module')
def usage_errors(tmp_path_factory):
    "Run every refused command line once, a few at a time; returns the processes and the folder they must leave empty."
    assert SCRIPT.exists(), f'console script not installed next to {sys.executable}'
    parent = tmp_path_factory.mktemp('usage')
    out = str(parent / 'out')
    runs = {k: [a.format(out=out) for a in argv] for k, (argv, _) in USAGE_ERRORS.items()}
    run = lambda argv: subprocess.run([str(SCRIPT), *argv], capture_output=True, text=True, timeout=120, cwd=parent)
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(runs, pool.map(run, runs.values()))), parent


@pytest.mark.parametrize('case', list(USAGE_ERRORS))
def test_usage_error_exits_2_with_one_line(case, usage_errors):
    procs, parent = usage_errors
    proc, word = procs[case], USAGE_ERRORS[case][1]
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == '' and proc.stderr.count('\n') == 1 and proc.stderr.endswith('\n'), proc.stderr
    message, _, usage = proc.stderr.partition('; usage: ')
    assert message.startswith('nu_ees_reproduce: error: ') and word in message, proc.stderr
    assert usage.startswith('nu_ees_reproduce [-h] --out DIR [--quick] [--beyond] [--calibrated] [--toys N]'), proc.stderr
    assert list(parent.iterdir()) == []                                   # stopped before anything was written
