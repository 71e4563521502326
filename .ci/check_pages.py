#!/usr/bin/env python3
"""Open every `_site/*.html` in headless Chromium and fail on pages that did not render properly.

    python .ci/check_pages.py [--site _site] [--chromium /usr/bin/chromium] [--jobs 2] [files ...]

How: no extra packages. For each page a temporary copy gets two small scripts injected (plus a
<base href> so relative resources still resolve against the page's real folder); Chromium loads it with
`--headless --dump-dom`, and on the `load` event (all images loaded or failed) the second script writes
its findings as JSON into `<pre id="page-check">`, which we read back from the dumped DOM.
The published pages in _site/ are not modified.

A page FAILS on:
  * load:  Chromium error/timeout, or the check script never ran (page did not load);
  * js:    an uncaught JS error / unhandled rejection / console.error, or a resource (img, css, script)
           that failed to load (captured error events);
  * image: an <img> with naturalWidth == 0 (broken, missing, or remote and unreachable);
  * math:  a <math> element that Chromium does not treat as MathML or that renders with no size;
           pandoc's fallback `<span class="math">` holding raw TeX (TeX that texmath could not convert);
           raw TeX left in the visible text outside code/pre/math: `$$`, `\\frac`, `\\left`, `\\begin{`
           and other common macros, or an inline `$...$` pair;
  * traceback: an output cell showing a Python traceback ('Traceback (most recent call last)'),
           or an error output (pandoc's `.output.error`).
Also writes a PNG screenshot of index.html to `_site/index.png` (for humans; not checked).
Prints one line per page (OK / FAIL reasons); exits 1 if any page failed.
"""
import argparse, concurrent.futures as cf, html, json, os, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--disable-extensions', '--disable-default-apps', '--mute-audio', '--hide-scrollbars',
         '--allow-file-access-from-files']

EARLY_JS = r"""<script>
(function(){
  var errs = window.__pageCheckErrors = [];
  window.addEventListener('error', function(e){
    var t = e.target;
    if (t && t !== window && t.tagName) errs.push('resource failed: <' + t.tagName.toLowerCase() + '> ' + String(t.src || t.href || '').slice(0, 100));
    else errs.push('js error: ' + (e.message || e) + (e.filename ? ' @' + e.filename.split('/').pop() + ':' + e.lineno : ''));
  }, true);
  window.addEventListener('unhandledrejection', function(e){ errs.push('unhandled rejection: ' + String(e.reason).slice(0, 200)); });
  var ce = console.error;
  console.error = function(){ errs.push('console.error: ' + Array.prototype.join.call(arguments, ' ').slice(0, 200)); return ce.apply(console, arguments); };
})();
</script>
"""

LATE_JS = r"""<script>
(function(){
  var TEX = /\$\$|\\(?:frac|dfrac|tfrac|left|right|begin\{|end\{|sqrt|mathrm|mathbf|mathcal|mathit|text|operatorname|sum|prod|int|times|cdot|approx|simeq|propto|lesssim|gtrsim|leq|geq|partial|infty|alpha|beta|gamma|delta|epsilon|theta|lambda|mu|nu|pi|sigma|tau|phi|chi|psi|omega|Delta|Omega|langle|rangle|bar|hat|vec|overline)(?![A-Za-z])|\$[^\s$][^$\n]{0,300}?[^\s$\\]\$(?!\d)|\$[^\s$\d]\$/;
  var SKIP = 'pre, code, script, style, math, textarea, .sourceCode, #page-check';
  function run(){
    var r = {url: location.href, title: document.title, errors: (window.__pageCheckErrors || []).slice(),
             images: [], math: [], tex: [], traceback: [], n_img: 0, n_math: 0};
    var imgs = document.querySelectorAll('img'); r.n_img = imgs.length;
    imgs.forEach(function(im){
      if (!im.complete || !im.naturalWidth) r.images.push(String(im.getAttribute('src') || '').slice(0, 80) || '(no src)');
    });
    var maths = document.querySelectorAll('math'); r.n_math = maths.length;
    maths.forEach(function(m){
      var tex = (m.querySelector('annotation') || m).textContent.trim().slice(0, 80);
      if (!(window.MathMLElement && m instanceof MathMLElement)) { r.math.push('not MathML: ' + tex); return; }
      var b = m.getBoundingClientRect();
      if (m.textContent.trim() && (b.width < 1 || b.height < 1)) r.math.push('zero size: ' + tex);
    });
    document.querySelectorAll('span.math, div.math').forEach(function(s){
      if (!s.querySelector('math')) r.tex.push('unconverted TeX: ' + s.textContent.trim().slice(0, 80));
    });
    var w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, null), n, buf = [];
    while ((n = w.nextNode())) {
      var p = n.parentElement;
      if (!p || p.closest(SKIP)) { buf.push('\n'); continue; }
      buf.push(n.nodeValue);
      var m1 = TEX.exec(n.nodeValue);
      if (m1) r.tex.push('raw TeX in text: ' + JSON.stringify(n.nodeValue.trim().slice(0, 100)));
    }
    if (!r.tex.length) {            // TeX split over several text nodes, e.g. $a *b* c$ parsed as emphasis
      var joined = buf.join(''), m2 = TEX.exec(joined);
      if (m2) r.tex.push('raw TeX in text: ' + JSON.stringify(joined.substr(Math.max(0, m2.index - 30), 100)));
    }
    document.querySelectorAll('.output').forEach(function(o){
      var t = o.textContent;
      if (o.classList.contains('error')) r.traceback.push('error output: ' + (o.getAttribute('data-ename') || '') + ' ' + (o.getAttribute('data-evalue') || '').slice(0, 80));
      else if (t.indexOf('Traceback (most recent call last)') >= 0) r.traceback.push('traceback in output: ' + t.trim().split('\n').pop().slice(0, 100));
    });
    var pre = document.createElement('pre'); pre.id = 'page-check'; pre.style.display = 'none';
    pre.textContent = JSON.stringify(r);
    document.body.appendChild(pre);
  }
  if (document.readyState === 'complete') run(); else window.addEventListener('load', run);
})();
</script>
"""


def find_chromium(arg):
    for c in (arg, os.environ.get('CHROMIUM'), '/usr/bin/chromium', shutil.which('chromium'),
              shutil.which('chromium-browser'), shutil.which('google-chrome')):
        if c and Path(c).exists(): return c
    sys.exit('check_pages: chromium not found (apt-get install chromium, or pass --chromium)')


def inject(page_html, base_url):
    "Page HTML with <base>, the error recorder first thing in <head>, and the checker at the end of <body>."
    head = f'<base href="{html.escape(base_url)}">\n' + EARLY_JS
    m = re.search(r'<head[^>]*>', page_html, re.I)
    s = page_html[:m.end()] + '\n' + head + page_html[m.end():] if m else head + page_html
    i = s.lower().rfind('</body>')
    return s[:i] + LATE_JS + s[i:] if i >= 0 else s + LATE_JS


def run_chromium(chromium, args, timeout):
    prof = tempfile.mkdtemp(prefix='check_pages_profile_')
    try:
        return subprocess.run([chromium, *FLAGS, f'--user-data-dir={prof}', *args],
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    finally:
        shutil.rmtree(prof, ignore_errors=True)


def check_page(chromium, page, workdir, timeout):
    "Returns (page, list of failure strings, info dict)."
    page = page.resolve()
    if not page.is_file(): return page, ['load: file not found'], {}
    tmp = workdir / f'{page.stem}.check.html'
    tmp.write_text(inject(page.read_text(encoding='utf-8', errors='replace'), page.parent.as_uri() + '/'), encoding='utf-8')
    t0 = time.time()
    try:
        r = run_chromium(chromium, ['--virtual-time-budget=15000', '--dump-dom', tmp.as_uri()], timeout)
    except subprocess.TimeoutExpired:
        return page, [f'load: chromium timed out after {timeout}s'], {}
    m = re.search(r'<pre id="page-check"[^>]*>(.*?)</pre>', r.stdout, re.S)
    if not m:
        err = ' | '.join(l for l in r.stderr.splitlines() if 'ERROR' in l or 'FATAL' in l)[:300]
        return page, [f'load: page did not finish loading / check script did not run (chromium exit {r.returncode}) {err}'], {}
    res = json.loads(html.unescape(m.group(1)))
    fails = []
    fails += [f'js: {e}' for e in res['errors'] if not e.startswith('resource failed: <img>')]  # reported below
    fails += [f'image not loaded: {s}' for s in res['images']]
    fails += [f'math: {s}' for s in res['math']]
    fails += [f'math: {s}' for s in res['tex']]
    fails += [f'traceback: {s}' for s in res['traceback']]
    res['secs'] = time.time() - t0
    return page, fails, res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('files', nargs='*', help='pages to check (default: SITE/*.html)')
    ap.add_argument('--site', default='_site')
    ap.add_argument('--chromium', default=None)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--timeout', type=int, default=90, help='seconds per page')
    ap.add_argument('--no-screenshot', action='store_true')
    a = ap.parse_args()
    chromium = find_chromium(a.chromium)
    ver = subprocess.run([chromium, '--version'], capture_output=True, text=True).stdout.strip()
    print(f'check_pages: {ver} ({chromium})')
    pages = [Path(f) for f in a.files] if a.files else sorted(Path(a.site).glob('*.html'))
    if not pages:
        print(f'check_pages: FAIL no pages in {a.site}/'); return 1
    work = Path(tempfile.mkdtemp(prefix='check_pages_'))
    failed = 0
    try:
        with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
            for page, fails, res in ex.map(lambda p: check_page(chromium, p, work, a.timeout), pages):
                name = page.name
                if fails:
                    failed += 1
                    print(f'FAIL  {name}: {len(fails)} problem(s)')
                    for f in fails[:25]: print(f'        - {f}')
                    if len(fails) > 25: print(f'        ... and {len(fails) - 25} more')
                else:
                    print(f'OK    {name:32s} {res["n_img"]:3d} img  {res["n_math"]:4d} math  {res["secs"]:4.1f}s  "{res["title"]}"')
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not a.no_screenshot and not a.files:
        idx = (Path(a.site) / 'index.html').resolve()
        if idx.exists():
            shot = idx.with_suffix('.png')
            try:
                r = run_chromium(chromium, ['--window-size=1280,1000', f'--screenshot={shot}', idx.as_uri()], a.timeout)
                ok = shot.exists() and shot.stat().st_size > 0
                print(f'check_pages: screenshot {shot} ' + (f'({shot.stat().st_size/1024:.0f} KiB)' if ok else f'NOT written (exit {r.returncode})'))
            except subprocess.TimeoutExpired:
                print('check_pages: screenshot timed out (not a failure)')
    print(f'check_pages: {len(pages) - failed}/{len(pages)} pages OK' + (f', {failed} FAILED' if failed else ''))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
