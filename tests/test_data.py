"Tests of the data registry (nu_ees.data): the manifest, the bundled files, lookup, NU_EES_DATA, checksums, error messages, loading."
import hashlib, json, os, re, shutil, subprocess, sys
from pathlib import Path

import numpy as np
import pytest

from nu_ees.data import (DATASETS, MANIFEST, DataError, DataFile, _read_manifest, data_path, data_roots, dataset_table, load_table,
                         load_xnt_digitised, package_data_root)

TABLES = list(DATASETS)
REPO = Path(__file__).resolve().parent.parent
REPO_DATA = REPO/'data'


def _root_with(tmp_path, name='pp_shape'):
    "`tmp_path` made a valid NU_EES_DATA root: it holds a copy of one registered file at its registered path."
    dst = tmp_path/DATASETS[name].path
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(package_data_root()/DATASETS[name].path, dst)
    return tmp_path


@pytest.mark.parametrize('name', TABLES)
def test_bundled_file_matches_registry_sha256(name):
    "Every registered file is in the package's own data folder, byte for byte what the registry says."
    f = DATASETS[name]
    p = package_data_root()/f.path
    assert p.is_file(), f"{f.path} is not bundled in {package_data_root()}"
    assert hashlib.sha256(p.read_bytes()).hexdigest() == f.sha256


def test_every_bundled_file_is_registered_and_documented():
    "Nothing ships unchecked: every file of data/ (but the manifest and README) is a registry entry, and the README names each one."
    root = package_data_root()
    shipped = {p.relative_to(root).as_posix() for p in root.rglob('*') if p.is_file() and p.name not in ('README.md', MANIFEST.name)}
    assert shipped == {f.path for f in DATASETS.values()}
    readme = (REPO_DATA/'README.md').read_text()
    assert all(f'`{f.name}`' in readme and f'`{f.path}`' in readme for f in DATASETS.values())
    assert 'shared/' not in readme and 'PROVENANCE' not in readme


def test_default_root_is_the_package_data(monkeypatch):
    monkeypatch.delenv('NU_EES_DATA', raising=False)
    assert data_roots() == [package_data_root()]
    assert data_path('pp_shape') == package_data_root()/'peanuts_b16'/'pp_shape.csv'


@pytest.mark.parametrize('name', TABLES)
def test_every_table_loads(name):
    a = load_table(name)
    assert a.dtype == float and a.size > 0
    if not DATASETS[name].ragged: assert not np.isnan(a).any()


def test_corrupted_copy_via_env(tmp_path, monkeypatch):
    f = DATASETS['xenonnt_events']
    dst = tmp_path/f.path
    dst.parent.mkdir(parents=True)
    shutil.copy(data_path('xenonnt_events'), dst)
    monkeypatch.setenv('NU_EES_DATA', str(tmp_path))
    assert data_path('xenonnt_events') == dst.resolve()          # NU_EES_DATA is looked at first
    dst.write_bytes(dst.read_bytes().replace(b'1.69', b'1.79', 1))  # same size, different content
    with pytest.raises(DataError) as e: load_table('xenonnt_events')
    msg = str(e.value)
    assert 'xenonnt_events' in msg and str(dst.resolve()) in msg and 'sha256' in msg
    assert 'yuanguanwen/Chameleon_Detection' in msg and '2207.11330' in msg and 'NU_EES_DATA' in msg


def test_missing_everywhere_lists_paths(tmp_path, monkeypatch):
    monkeypatch.setenv('NU_EES_DATA', str(_root_with(tmp_path)))
    ghost = DataFile('ghost', 'nowhere/missing.txt', '0'*64, 'x', 'https://example.org/ghost', 'none')
    with pytest.raises(DataError) as e: data_path(ghost)
    msg = str(e.value)
    assert all(str(r/ghost.path) in msg for r in data_roots()) and 'https://example.org/ghost' in msg
    assert 'ghost' not in DATASETS


def test_unknown_name():
    with pytest.raises(DataError, match='pp_shape'): load_table('no_such_dataset')


def test_unparseable_table(tmp_path, monkeypatch):
    import hashlib
    p = tmp_path/'bad.txt'; p.write_text('1 2\n3 oops\n')
    bad = DataFile('bad', 'bad.txt', hashlib.sha256(p.read_bytes()).hexdigest(), 'x', 'src', 'none')
    monkeypatch.setenv('NU_EES_DATA', str(_root_with(tmp_path)))
    with pytest.raises(DataError, match='cannot parse'): load_table(bad)


def test_sanity_numbers():
    assert load_table('xenonnt_events').shape == (433,)
    pp = load_table('pp_shape')
    assert np.isclose(np.trapezoid(pp[:, 1], pp[:, 0]), 1, rtol=1e-3)
    assert load_table('fluxes_b16').shape == (8, 4)
    assert load_table('xenon_binding')[:, 1].sum() == 54
    assert {k: len(x) for k, (x, y) in load_xnt_digitised().items()} == {'B0': 115, 'nu_xent_exp': 65, 'observed': 70}
    assert set(dataset_table().name) == set(DATASETS)


def test_nu_ees_data_missing_folder_is_refused(tmp_path, monkeypatch):
    "NU_EES_DATA naming a folder that does not exist is an error naming the variable and the folder, not a silent fallback."
    ghost = tmp_path/'no_such_folder'
    monkeypatch.setenv('NU_EES_DATA', str(ghost))
    for call in (data_roots, lambda: data_path('pp_shape'), lambda: load_table('pp_shape')):
        with pytest.raises(DataError) as e: call()
        assert 'NU_EES_DATA' in str(e.value) and str(ghost) in str(e.value)


@pytest.mark.parametrize('where', ['empty', 'one_level_too_deep', 'a_file'])
def test_nu_ees_data_without_layout_is_refused(tmp_path, monkeypatch, where):
    "NU_EES_DATA naming a folder that holds none of the manifest's files at their paths is an error naming both."
    root = _root_with(tmp_path/'copy')
    wrong = {'empty': tmp_path/'empty', 'one_level_too_deep': root/'peanuts_b16', 'a_file': root/'peanuts_b16'/'pp_shape.csv'}[where]
    if where == 'empty': wrong.mkdir()
    monkeypatch.setenv('NU_EES_DATA', str(wrong))
    with pytest.raises(DataError) as e: data_path('pp_shape')
    assert 'NU_EES_DATA' in str(e.value) and str(wrong.resolve()) in str(e.value)
    monkeypatch.setenv('NU_EES_DATA', str(root))             # the same copy, named at the right level, is accepted
    assert data_roots() == [root.resolve(), package_data_root()]


def test_manifest_is_the_registry():
    "DATASETS is exactly the manifest shipped beside the data, in its order."
    assert MANIFEST == package_data_root()/'manifest.json' and MANIFEST.is_file()
    entries = json.loads(MANIFEST.read_text())['datasets']
    assert [e['name'] for e in entries] == list(DATASETS)
    assert all(DATASETS[e['name']].sha256 == e['sha256'] and DATASETS[e['name']].path == e['path'] for e in entries)


@pytest.mark.parametrize('text', [None, '{"datasets": [', '{"about": "no list"}', '{"datasets": [{"name": "x"}]}'])
def test_damaged_manifest_names_the_file(tmp_path, text):
    p = tmp_path/'manifest.json'
    if text is not None: p.write_text(text)
    with pytest.raises(DataError, match=re.escape(f'Data manifest {p}')): _read_manifest(p)


def test_import_fails_without_manifest(tmp_path):
    "A package whose data folder lacks the manifest does not import; the error names the missing file."
    pkg = tmp_path/'nu_ees'
    pkg.mkdir()
    for f in ('__init__.py', 'data.py'): shutil.copy(Path(sys.modules['nu_ees.data'].__file__).parent/f, pkg/f)
    (pkg/'_data').mkdir()
    r = subprocess.run([sys.executable, '-c', 'import nu_ees.data'], cwd=tmp_path, capture_output=True, text=True,
                       env={**os.environ, 'PYTHONPATH': str(tmp_path)})
    assert r.returncode != 0 and 'DataError' in r.stderr and str(pkg/'_data'/'manifest.json') in r.stderr, r.stderr


@pytest.mark.skipif(not (REPO/'.ci'/'data_readme.py').is_file(), reason='needs the repository checkout')
def test_data_readme_tables_match_manifest():
    r = subprocess.run([sys.executable, str(REPO/'.ci'/'data_readme.py'), '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
