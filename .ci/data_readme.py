#!/usr/bin/env python
"""Write the dataset tables of data/README.md from data/manifest.json (the registry nu_ees.data reads).

The README's prose is written by hand; each table sits between two marker comments,
    <!-- BEGIN generated table: peanuts_b16/ -->   ...   <!-- END generated table -->
where the BEGIN marker names the folder(s) whose files the table lists, in the manifest's order. Every dataset of the
manifest must land in exactly one table. `--check` writes nothing and exits 1 if data/README.md is not what the manifest gives."""
import json, re, sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / 'data'
MANIFEST, README = DATA / 'manifest.json', DATA / 'README.md'
BLOCK = re.compile(r'(<!-- BEGIN generated table: (?P<folders>[^>]*?) -->\n)(?P<body>.*?)(<!-- END generated table -->)', re.S)
HEADER = ['| registry name | file | columns and units | public source | citation |', '|---|---|---|---|---|']


def fail(msg):
    "Print `msg` on stderr and exit 1."
    print(f'data_readme.py: {msg}', file=sys.stderr)
    sys.exit(1)


def cell(text):
    "A markdown table cell: `|` escaped, no line breaks."
    return ' '.join(str(text).split()).replace('|', r'\|')


def table(datasets, folders):
    "The markdown table of the datasets whose path lies in one of `folders`."
    rows = [f"| `{d['name']}` | `{d['path']}` | {cell(d['columns'])} | {cell(d['source'])} | {cell(d['citation'])} |"
            for d in datasets if d['path'].startswith(tuple(folders))]
    if not rows: fail(f'no dataset of {MANIFEST} lies in {" ".join(folders)} (marker in {README})')
    return '\n'.join(HEADER + rows) + '\n'


def generate(readme, datasets):
    "The README text with every marked table regenerated; fails unless each dataset is in exactly one table."
    blocks = [m['folders'].split() for m in BLOCK.finditer(readme)]
    if not blocks: fail(f'no "<!-- BEGIN generated table: <folder>/ -->" marker in {README}')
    for d in datasets:
        n = sum(d['path'].startswith(tuple(f)) for f in blocks)
        if n != 1: fail(f"dataset {d['name']!r} ({d['path']}) is in {n} tables of {README}, must be in exactly one")
    return BLOCK.sub(lambda m: m[1] + table(datasets, m['folders'].split()) + m[4], readme)


def main():
    "Write data/README.md, or with --check only compare it."
    try: datasets = json.loads(MANIFEST.read_text(encoding='utf-8'))['datasets']
    except (OSError, ValueError, KeyError, TypeError) as e: fail(f'cannot read the manifest {MANIFEST}: {type(e).__name__}: {e}')
    readme = README.read_text(encoding='utf-8')
    text = generate(readme, datasets)
    if '--check' in sys.argv:
        if text != readme: fail(f'{README} is out of date with {MANIFEST}: regenerate it with python .ci/data_readme.py')
        print(f'{README.name} is in sync with {MANIFEST.name} ({len(datasets)} datasets)')
        return
    README.write_text(text, encoding='utf-8')
    print(f'wrote {README} ({len(datasets)} datasets)')


if __name__ == '__main__':
    main()
