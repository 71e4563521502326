"""Timing helpers shared by the benchmark scripts: medians of repeated calls after a warm-up call (the figures the project quotes)."""
import statistics, time


def timed(f, repeats):
    "Median and minimum wall time [s] of `repeats` calls of f() (after one warm-up call)."
    f()
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return statistics.median(ts), min(ts)


def timed_result(f, repeats=3, warm_up=False):
    "Median wall time [s] of `repeats` calls of f() and the last call's result (optionally after a warm-up call)."
    if warm_up: f()
    ts, out = [], None
    for _ in range(repeats):
        t = time.perf_counter(); out = f(); ts.append(time.perf_counter() - t)
    return statistics.median(ts), out


def fmt(seconds):
    "A time for a table: milliseconds below one second."
    return f'{seconds * 1e3:9.2f} ms' if seconds < 1 else f'{seconds:9.3f} s '


def print_targets(rows, width=44):
    "Print (name, seconds, target or None) rows as a table: measured time, target, and pass/FAIL (or 'report' where there is no target)."
    print()
    print(f'{"figure":<{width}}{"measured":>13}{"target":>14}  result')
    print('-' * (width + 36))
    for name, t, target in rows:
        tgt = f'< {fmt(target).strip()}' if target is not None else '-'
        verdict = ('pass' if t < target else 'FAIL') if target is not None else 'report'
        print(f'{name:<{width}}{fmt(t):>13}{tgt:>14}  {verdict}')
