#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb without quarto (nbdev_readme needs quarto, absent here).

Markdown cells are copied; visible code cells become ```python blocks with their text output; figures are written to
images/readme_N.png and linked. `--check` exits 1 if README.md (or a figure) would change."""
import base64, json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nb = json.loads((root / 'nbs' / 'index.ipynb').read_text())
out, figs = ['<!-- generated from nbs/index.ipynb by .ci/make_readme.py: edit the notebook, not this file -->', ''], {}
for cell in nb['cells']:
    src = ''.join(cell['source'])
    directives = re.findall(r'^#\|\s*(.*)$', src, flags=re.M)
    if cell['cell_type'] == 'markdown': out += [src, '']; continue
    if any(d.startswith('hide') or d.startswith('default_exp') for d in directives): continue
    code = '\n'.join(l for l in src.splitlines() if not l.startswith('#|')).strip()
    if not any(d.replace(' ', '') == 'echo:false' for d in directives) and code: out += ['```python', code, '```', '']
    for o in cell.get('outputs', []):
        data = o.get('data', {})
        if 'image/png' in data:
            name = f'images/readme_{len(figs) + 1}.png'
            figs[name] = base64.b64decode(data['image/png'])
            out += [f'![]({name})', '']
        elif 'text/plain' in data: out += ['```', ''.join(data['text/plain']).rstrip(), '```', '']
        elif o.get('output_type') == 'stream': out += ['```', ''.join(o['text']).rstrip(), '```', '']
text = '\n'.join(out).rstrip() + '\n'
changed = [p for p, b in [('README.md', text.encode())] + list(figs.items())
           if not (root / p).exists() or (root / p).read_bytes() != b]
if '--check' in sys.argv:
    if changed: print('out of date, regenerate with python .ci/make_readme.py:', *changed); sys.exit(1)
    print('README.md is in sync with nbs/index.ipynb'); sys.exit(0)
(root / 'images').mkdir(exist_ok=True)
for p, b in figs.items(): (root / p).write_bytes(b)
(root / 'README.md').write_text(text)
print('wrote README.md', *figs)
