#!/usr/bin/env python3
"""Build the nu_ees documentation site from a clone and say where to open it.

    python make_docs.py                     # from the clone, after `pip install -e ".[dev]"`
    python make_docs.py --renderer pandoc   # the offline pandoc site even where Quarto is installed (what CI builds)

Where Quarto is installed (`quarto` on PATH) this runs `nbdev_docs`, nbdev's own build: the site goes to _docs/.
Without Quarto it builds the same pages with pandoc, exactly as CI does: nbdev's notebook processing (nbdev_proc_nbs)
into _proc/, then .ci/render_docs.py into _site/; pandoc comes from the pypandoc_binary package, which is installed
with pip if it is missing. Either way it ends by printing the index page to open and the address where the site is
published (doc_host + doc_baseurl in settings.ini). Exit status 1 on any error.
"""
import argparse, configparser, importlib, os, shutil, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PROC_HINT = ('while processing docs nbdev executes the import cells, exported cells and show_doc cells (not the others); '
             'a cell that mixes imports with code using earlier variables fails here (nbdev warns "Found cells containing '
             'imports and other code"): put imports in their own cell.')


def fail(msg):
    "Stop with `make_docs: FAILED: msg` (exit status 1)."
    sys.exit(f'make_docs: FAILED: {msg}')


def settings():
    "settings.ini's [DEFAULT] section as a dict."
    cp = configparser.ConfigParser(delimiters=['='], interpolation=None)
    cp.read(ROOT / 'settings.ini', encoding='utf-8')
    return dict(cp.defaults())


def published_url(cfg):
    "Where the site is published: doc_host + doc_baseurl."
    return cfg['doc_host'].rstrip('/') + '/' + cfg.get('doc_baseurl', '').strip('/')


def choose_renderer(asked):
    "'quarto' if asked for, or if asked for 'auto' and Quarto is installed; else 'pandoc'."
    if asked == 'quarto' and not shutil.which('quarto'): fail('--renderer quarto, but quarto is not on PATH')
    if asked == 'auto': return 'quarto' if shutil.which('quarto') else 'pandoc'
    return asked


# ---------------------------------------------------------------------------------------------------------------------
# Quarto: nbdev_docs

def build_with_quarto(cfg):
    "Run nbdev_docs (README.md as the project generates it, not Quarto's); the index page it wrote."
    readme, extra = ROOT / 'README.md', ROOT / 'index_files'
    before, had_extra = readme.read_bytes(), extra.exists()
    print('make_docs: Quarto found: running nbdev_docs', flush=True)
    r = subprocess.run(['nbdev_docs'], cwd=ROOT)
    if readme.read_bytes() != before:   # nbdev_docs also renders README.md; this project writes it with .ci/make_readme.py
        readme.write_bytes(before)
        print('make_docs: nbdev_docs rewrote README.md; restored the project\'s (python .ci/make_readme.py generates it)')
    if extra.exists() and not had_extra: shutil.rmtree(extra)
    if r.returncode: fail(f'nbdev_docs exited with status {r.returncode}')
    return ROOT / cfg.get('doc_path', '_docs') / 'index.html'


# ---------------------------------------------------------------------------------------------------------------------
# pandoc: nbdev_proc_nbs -> _proc/, .ci/render_docs.py -> _site/

def find_pandoc(path=None):
    "pandoc's path: `path` if given, else the binary of pypandoc_binary, pip-installing that package if needed."
    if path: return path
    try:
        import pypandoc
        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        print('make_docs: pandoc not found; installing it: pip install pypandoc_binary (a wheel that carries pandoc)', flush=True)
    r = subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', 'pypandoc_binary'])
    if r.returncode: fail('pip install pypandoc_binary failed; install pandoc yourself and pass --pandoc PATH')
    importlib.invalidate_caches()
    import pypandoc
    return pypandoc.get_pandoc_path()


def process_notebooks(n_workers=None):
    "nbdev_proc_nbs into a fresh _proc/ (as nbdev_docs does first), without its 'Quarto missing -> install Quarto' step."
    try:
        import nbdev.quarto as q
    except ImportError: fail('nbdev is not installed: pip install -e ".[dev]"')
    for d in ('_proc', '_site'): shutil.rmtree(ROOT / d, ignore_errors=True)
    q._ensure_quarto = lambda: None
    kw = {} if n_workers is None else {'n_workers': n_workers}
    try: q.nbdev_proc_nbs.__wrapped__(**kw)
    except Exception as e: fail(f'nbdev_proc_nbs: {type(e).__name__}: {e}\nHINT: {PROC_HINT}')
    if not list((ROOT / '_proc').glob('*.ipynb')): fail('nbdev_proc_nbs wrote no notebooks to _proc/')


def render_with_pandoc(pandoc):
    "Render _proc/ to _site/ with .ci/render_docs.py; the index page."
    r = subprocess.run([sys.executable, str(ROOT / '.ci' / 'render_docs.py'), '--proc', '_proc', '--site', '_site',
                        '--pandoc', pandoc], cwd=ROOT)
    if r.returncode: fail(f'.ci/render_docs.py exited with status {r.returncode}')
    return ROOT / '_site' / 'index.html'


def build_with_pandoc(pandoc=None, n_workers=None):
    "The pandoc build: find pandoc, process the notebooks, render them; the index page."
    pandoc = find_pandoc(pandoc)
    print(f'make_docs: building with pandoc ({pandoc}): nbdev_proc_nbs -> _proc/, then .ci/render_docs.py -> _site/', flush=True)
    process_notebooks(n_workers)
    return render_with_pandoc(pandoc)


# ---------------------------------------------------------------------------------------------------------------------

def parse_args(argv=None):
    "Command-line options."
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--renderer', choices=['auto', 'quarto', 'pandoc'], default='auto',
                    help='auto (default): nbdev_docs if Quarto is installed, else pandoc')
    ap.add_argument('--pandoc', default=None, help='path of pandoc (default: the pypandoc_binary package)')
    ap.add_argument('--workers', type=int, default=None, help="notebook-processing workers (default: nbdev's)")
    return ap.parse_args(argv)


def main(argv=None):
    "Build the site with the chosen renderer, then print the index page to open and the published address."
    a, cfg, t0 = parse_args(argv), settings(), time.time()
    os.chdir(ROOT)   # nbdev finds settings.ini from the working folder
    if choose_renderer(a.renderer) == 'quarto': index = build_with_quarto(cfg)
    else: index = build_with_pandoc(a.pandoc, a.workers)
    if not index.is_file(): fail(f'{index} was not written')
    n = len(list(index.parent.glob('*.html')))
    print(f'\nmake_docs: {n} pages in {index.parent.relative_to(ROOT)}/ ({time.time() - t0:.0f}s). Open the index page:\n'
          f'    {index.as_uri()}\npublished at:\n    {published_url(cfg)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
