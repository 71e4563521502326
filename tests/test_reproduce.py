"""Interrupt a real `nu_ees_reproduce` process: its output folder is either the previous complete set or absent, never partial."""
import hashlib, json, signal, subprocess, sys, time
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
