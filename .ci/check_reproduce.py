#!/usr/bin/env python3
"""Check what `nu_ees_reproduce` wrote:  python .ci/check_reproduce.py OUT_DIR

Every file summary.json lists exists and is not empty; table1.csv has its columns and 32 rows, each with an upper
limit, and XENONnT's limits are within 50 % of the paper's; the optional outputs (--beyond, --calibrated) have
their documented columns; the two calibrated Table I files (the paper's analysis and the recommended one) have 32 rows each, the same rows,
finite upper limits, and the same LZ WS2022 rows (both analyses fit LZ alike). Exits 1 with one line per problem."""
import csv, json, math, sys
from pathlib import Path

args = [a for a in sys.argv[1:] if not a.startswith('--')]
out = Path(args[0] if args else 'reproduce_out')
problems = []
summary = json.loads((out / 'summary.json').read_text())
need = ['table1.csv'] + [f'fig{i}.{x}' for i in range(1, 9) for x in ('png', 'csv')]
listed = set(summary['files'])
problems += [f'{f}: not listed in summary.json' for f in need if f not in listed]
problems += [f'{f}: missing or empty' for f in sorted(listed) if not (out / f).is_file() or (out / f).stat().st_size == 0]
stray = sorted(p.name for p in out.iterdir() if p.name not in listed | {'summary.json'})
if stray: problems.append(f'files not listed in summary.json: {stray}')


def rows(name, columns):
    "Rows of a CSV, after checking its header."
    with open(out / name, newline='') as fh: r = list(csv.DictReader(fh))
    if not r or list(r[0]) != columns: problems.append(f'{name}: columns {list(r[0]) if r else None}, expected {columns}')
    return r


t1 = rows('table1.csv', ['experiment', 'parameter', 'flavour', 'lower', 'upper', 'unit', 'paper_lower', 'paper_upper'])
if len(t1) != 32: problems.append(f'table1.csv: {len(t1)} rows, expected 32')
problems += [f"table1.csv: no upper limit in {r['experiment']} {r['parameter']} {r['flavour']}" for r in t1 if r['upper'] in ('', 'nan')]
ratio = {(r['parameter'], r['flavour']): float(r['upper']) / float(r['paper_upper'])
         for r in t1 if r['experiment'] == 'xenonnt' and r['paper_upper'] not in ('', 'nan')}
problems += [f'table1.csv: XENONnT {k} is {v:.2f} x the paper' for k, v in ratio.items() if not 0.5 < v < 1.5]

REQUIRED_WITH = {'--beyond': ['global_fit.csv', 'projections.csv', 'u1_limits.csv'],
                 '--calibrated': ['table1_calibrated.csv', 'table1_recommended.csv']}
for flag, files in REQUIRED_WITH.items():
    if flag in sys.argv: problems += [f'{f}: not written although {flag} was asked for' for f in files if f not in listed]

OPTIONAL = {   # file -> columns (written by --beyond / --calibrated)
    'global_fit.csv': ['dataset', 'parameter', 'flavour', 'lower', 'upper', 'unit', 'binding', 'analysis'],
    'projections.csv': ['parameter', 'exposure_t_yr', 'background_per_t_yr_keV', 'median', 'band68_lo', 'band68_hi',
                        'band95_lo', 'band95_hi', 'unit'],
    'u1_limits.csv': ['model', 'experiment', 'm_Zprime_MeV', 'g_excluded_above', 'analysis'],
    'table1_calibrated.csv': ['experiment', 'parameter', 'flavour', 'lower', 'upper', 'wilks_lower', 'wilks_upper', 'n_toys',
                              'unit', 'paper_lower', 'paper_upper'],
}
CALIBRATED = ('table1_calibrated.csv', 'table1_recommended.csv')   # Table I calibrated: the paper's analysis, the recommended one
OPTIONAL['table1_recommended.csv'] = OPTIONAL['table1_calibrated.csv']
tables = {}
for name, columns in OPTIONAL.items():
    if name not in listed: continue
    r = rows(name, columns)
    may_be_empty = {'global_fit.csv': {'lower'}, **{c: {'lower', 'wilks_lower', 'paper_lower', 'paper_upper'} for c in CALIBRATED}}
    may_be_empty = may_be_empty.get(name, set())
    bad = [x for x in r if any(v is None or v.strip().lower() in ('inf', '-inf') or (k not in may_be_empty and v.strip().lower() in ('', 'nan'))
                               for k, v in x.items())]
    if bad: problems.append(f'{name}: {len(bad)} rows with missing or infinite entries, e.g. {bad[0]}')
    if name in CALIBRATED:
        tables[name] = r
        if len(r) != 32: problems.append(f'{name}: {len(r)} rows, expected 32')
        problems += [f"{name}: upper {x['upper']} not finite in {x['experiment']} {x['parameter']} {x['flavour']}" for x in r
                     if not math.isfinite(float(x['upper'] or 'nan'))]
if len(tables) == 2:
    paper, rec = (tables[c] for c in CALIBRATED)
    key = lambda x: (x['experiment'], x['parameter'], x['flavour'])
    if [key(x) for x in paper] != [key(x) for x in rec]: problems.append(f'{CALIBRATED[1]}: not the rows of {CALIBRATED[0]} in their order')
    elif [x for x in paper if x['experiment'] == 'lz_ws2022'] != [x for x in rec if x['experiment'] == 'lz_ws2022']:
        problems.append(f'{CALIBRATED[1]}: LZ WS2022 rows differ from {CALIBRATED[0]} (one analysis, one construction)')

if problems:
    print('nu_ees_reproduce output check FAILED:', *problems, sep='\n  ')
    sys.exit(1)
print(f"reproduce outputs OK in {out}: {len(listed) + 1} files; XENONnT upper/paper {min(ratio.values()):.2f}-{max(ratio.values()):.2f};"
      f" quick={summary['quick']}, total {summary['total_seconds']} s")
