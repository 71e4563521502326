"""The layout of the package: one module per notebook, data flowing one way (a module imports only modules of earlier notebooks)."""
import ast, re
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / 'nu_ees'
SOURCE = re.compile(r'File to edit: \.\./nbs/(\w+)\.ipynb')


def _order():
    "Module name -> its notebook's file name, for every generated module."
    out = {}
    for p in PKG.glob('*.py'):
        m = SOURCE.search(p.read_text()[:400])
        if m: out[p.stem] = m.group(1)
    return out


def test_every_module_is_generated_from_a_notebook():
    hand_written = {p.stem for p in PKG.glob('*.py')} - set(_order()) - {'__init__', '_modidx'}
    assert not hand_written, f'modules without a notebook: {hand_written}'
    assert all((PKG.parent / 'nbs' / f'{nb}.ipynb').is_file() for nb in _order().values())


def test_no_module_imports_a_later_one():
    order = _order()
    backwards = []
    for mod, nb in order.items():
        tree = ast.parse((PKG / f'{mod}.py').read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                target = node.module.split('.')[0]
                if target in order and order[target] >= nb: backwards.append(f'{mod} ({nb}) imports {target} ({order[target]})')
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or '').startswith('nu_ees.'):
                target = node.module.split('.')[1]
                if target in order and order[target] >= nb: backwards.append(f'{mod} ({nb}) imports {target} ({order[target]})')
    assert not backwards, backwards


def test_no_module_named_after_project_history():
    assert not {'beyond', 'misc', 'utils', 'extras'} & set(_order())
