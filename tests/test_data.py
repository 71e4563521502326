"Tests of the data registry (nu_ees.data): the bundled files, lookup, checksums, error messages, loading every dataset."
import hashlib, os, shutil
from pathlib import Path

import numpy as np
import pytest

from nu_ees.data import (DATASETS, DataError, DataFile, data_path, data_roots, dataset_table, load_table, load_xnt_digitised,
                         package_data_root)

TABLES = list(DATASETS)
REPO_DATA = Path(__file__).resolve().parent.parent/'data'


@pytest.mark.parametrize('name', TABLES)
def test_bundled_file_matches_registry_sha256(name):
    "Every registered file is in the package's own data folder, byte for byte what the registry says."
    f = DATASETS[name]
    p = package_data_root()/f.path
    assert p.is_file(), f"{f.path} is not bundled in {package_data_root()}"
    assert hashlib.sha256(p.read_bytes()).hexdigest() == f.sha256


def test_every_bundled_file_is_registered_and_documented():
    "Nothing ships unchecked: every file of data/ (but its README) is a registry entry, and the README names each one."
    root = package_data_root()
    shipped = {p.relative_to(root).as_posix() for p in root.rglob('*') if p.is_file() and p.name != 'README.md'}
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
    monkeypatch.setenv('NU_EES_DATA', str(tmp_path))
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
    monkeypatch.setenv('NU_EES_DATA', str(tmp_path))
    with pytest.raises(DataError, match='cannot parse'): load_table(bad)


def test_sanity_numbers():
    assert load_table('xenonnt_events').shape == (433,)
    pp = load_table('pp_shape')
    assert np.isclose(np.trapezoid(pp[:, 1], pp[:, 0]), 1, rtol=1e-3)
    assert load_table('fluxes_b16').shape == (8, 4)
    assert load_table('xenon_binding')[:, 1].sum() == 54
    assert {k: len(x) for k, (x, y) in load_xnt_digitised().items()} == {'B0': 115, 'nu_xent_exp': 65, 'observed': 70}
    assert set(dataset_table().name) == set(DATASETS)
