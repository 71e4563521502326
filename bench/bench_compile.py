#!/usr/bin/env python
"""Cold compile time of a `nu_ees_reproduce --quick` (issue 18): prints figures, asserts nothing.

Run:  python bench/bench_compile.py [--runs 2] [--compare /path/to/other/checkout]
Each run is `nu_ees_reproduce --out DIR --quick` in a fresh process with an EMPTY numba cache (cold: every kernel compiles), then the same command
with that cache (warm). cold - warm is the time numba spends compiling. With --compare, the same is measured for another checkout of the package
(put first on PYTHONPATH), interleaved run by run with this one, so that a change of machine load hits both alike."""
import argparse, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path

EXE = Path(sys.executable).parent / 'nu_ees_reproduce'
HERE = Path(__file__).resolve().parent.parent


def run(package_root, cache, out):
    "Wall time [s] of one quick reproduction with this package on PYTHONPATH and this numba cache."
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache), PYTHONPATH=str(package_root))
    t0 = time.perf_counter()
    subprocess.run([str(EXE), '--out', str(out), '--quick'], check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main():
    "Cold, warm and compile time of each checkout, medians over --runs interleaved runs."
    p = argparse.ArgumentParser()
    p.add_argument('--runs', type=int, default=2)
    p.add_argument('--compare', type=Path, default=None, help='another checkout of nu_ees (e.g. a git worktree of the previous commit)')
    args = p.parse_args()
    roots = {'this checkout': HERE} | ({'compared checkout': args.compare.resolve()} if args.compare else {})
    times = {k: {'cold': [], 'warm': []} for k in roots}
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()}")
    for _ in range(args.runs):
        for name, root in roots.items():
            with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
                times[name]['cold'].append(run(root, cache, Path(out) / 'o'))
                times[name]['warm'].append(run(root, cache, Path(out) / 'o'))
    print(f"{'checkout':20s} {'cold [s]':>10s} {'warm [s]':>10s} {'compile = cold - warm [s]':>26s}   runs (cold/warm)")
    for name, t in times.items():
        cold, warm = statistics.median(t['cold']), statistics.median(t['warm'])
        runs = ', '.join(f'{c:.1f}/{w:.1f}' for c, w in zip(t['cold'], t['warm']))
        print(f"{name:20s} {cold:10.1f} {warm:10.1f} {cold - warm:26.1f}   {runs}")
    print(f"load average after: {os.getloadavg()}")


if __name__ == '__main__':
    main()
