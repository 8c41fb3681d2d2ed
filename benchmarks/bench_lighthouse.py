"""Is the built book fast on a phone?  Lighthouse's mobile performance score of every page
(issue 24: a benchmark, not a test; no test asserts a score).

What it does
1. Installs the pinned Lighthouse (benchmarks/lighthouse/package.json + package-lock.json,
   ``npm ci``) into benchmarks/lighthouse/node_modules, the first time only.
2. Serves the built book (default ``_build/html``) on 127.0.0.1 the way a static host does:
   text responses gzip-compressed when the browser accepts it. The CDN scripts the pages load
   (MathJax, require.js, the widget manager) are answered from the pinned npm copies in
   tests/browser/node_modules (``bash tests/browser/setup.sh``), as a CDN would: from another
   origin (``localhost`` instead of ``127.0.0.1``), gzip-compressed. The page's CDN URLs are
   rewritten to that origin in the served HTML (and require.js' integrity hash, which pins
   cdnjs' minified copy, is dropped, as tests/browser/support.py does); nothing else is changed.
   Any other outside request fails (there is no network), as in the browser tests.
3. Runs Lighthouse with its mobile defaults (simulated slow 4G, 4x slower CPU, a phone's screen)
   on every page of the table of contents, one after another, in Debian's Chromium
   (CHROME_PATH=/usr/bin/chromium, headless, no sandbox, no GPU, no background networking).
4. Prints, per page: the performance score (0-1), accessibility score, largest contentful paint,
   total blocking time, the bytes transferred (Lighthouse's total byte weight, compressed) and
   the page's own HTML (compressed / uncompressed), and the DOM size.

Target (issue 24): performance >= 0.9 on every page, accessibility 1.0. Scores move a little
from run to run (the machine's load changes the CPU times Lighthouse simulates from): run twice.

Run:  python benchmarks/bench_lighthouse.py                      (~ a minute per page)
      python benchmarks/bench_lighthouse.py --book _build/html --pages intro chapters/digits
      python benchmarks/bench_lighthouse.py --json artifacts/lighthouse.json   (keep the numbers)
      python benchmarks/bench_lighthouse.py --reports artifacts/lighthouse   (keep every report)
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import support  # noqa: E402  (tests/browser/support.py: CDN URL -> pinned npm copy)

LH_DIR = Path(__file__).resolve().parent / "lighthouse"
LH_CLI = LH_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync")
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml")
CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com")
CDN_PREFIX = "/__cdn/"


def install_lighthouse() -> None:
    if LH_CLI.exists():
        return
    print("bench_lighthouse: npm ci in benchmarks/lighthouse (Lighthouse 12.2.3, pinned)", flush=True)
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                   cwd=LH_DIR, check=True)


def toc_pages(book: Path) -> list[str]:
    """intro, then every chapter in the table of contents (as 'chapters/<slug>')."""
    toc = (ROOT / "_toc.yml").read_text()
    pages = re.findall(r"^root:\s*(\S+)", toc, re.M) + re.findall(r"file:\s*(\S+)", toc)
    return [p for p in dict.fromkeys(pages) if (book / f"{p}.html").exists()]


class Handler(http.server.SimpleHTTPRequestHandler):
    """A static host: files from the book, gzip when accepted; /__cdn/<host>/<path> from npm."""

    cdn_origin = ""          # set per server: http://localhost:<port>
    book_origin = ""
    stats: dict = {}

    def log_message(self, *args):
        pass

    def _send(self, body: bytes, ctype: str, cors: bool = False) -> None:
        gz = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(TEXT_TYPES)
        if gz:
            body = gzip.compress(body, compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if gz:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        if cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        if path.startswith(CDN_PREFIX):
            url = "https://" + path[len(CDN_PREFIX):]
            local = support.local_copy_for(url)
            if local is None:
                self.send_error(404)
                return
            ctype = support.mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            self._send(local.read_bytes(), ctype, cors=True)
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            self.send_error(404)
            return
        ctype = support.mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        body = target.read_bytes()
        if target.suffix == ".html":
            text = body.decode("utf-8")
            text = support._REQUIRE_SRI.sub(r"\1\2", text)
            for host in CDN_HOSTS:
                text = text.replace(f"https://{host}/", f"{self.cdn_origin}{CDN_PREFIX}{host}/")
            body = text.encode("utf-8")
            ctype = "text/html; charset=utf-8"
        self._send(body, ctype)


@contextlib.contextmanager
def serve_book(book: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(book)))
    port = server.server_address[1]
    Handler.cdn_origin = f"http://localhost:{port}"
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def run_lighthouse(url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    cmd = ["node", str(LH_CLI), url, "--quiet", "--output=json", f"--output-path={out}",
           "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}",
           "--max-wait-for-load=90000"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {proc.stderr[-2000:]}")
    return json.loads(out.read_text())


def summarise(report: dict, book: Path, page: str) -> dict:
    audits = report["audits"]
    cats = report["categories"]
    html = (book / f"{page}.html").read_bytes()

    def num(name):
        return (audits.get(name) or {}).get("numericValue")

    return {
        "page": page,
        "performance": cats["performance"]["score"],
        "accessibility": cats["accessibility"]["score"],
        "fcp_s": num("first-contentful-paint") / 1000,
        "lcp_s": num("largest-contentful-paint") / 1000,
        "tbt_ms": num("total-blocking-time"),
        "cls": num("cumulative-layout-shift"),
        "si_s": num("speed-index") / 1000,
        "bytes": num("total-byte-weight"),
        "html_gz": support.compressed_size(html),
        "html": len(html),
        "dom": num("dom-size"),
        "runtime_error": (report.get("runtimeError") or {}).get("code"),
    }


def print_table(rows: list[dict]) -> None:
    head = (f"{'page':34} {'perf':>5} {'a11y':>5} {'FCP s':>6} {'LCP s':>6} {'TBT ms':>7} {'CLS':>5} "
            f"{'SI s':>5} {'bytes KiB':>9} {'html gz KiB':>11} {'html KiB':>8} {'DOM':>6}")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['page']:34} {r['performance']:5.2f} {r['accessibility']:5.2f} {r['fcp_s']:6.1f} "
              f"{r['lcp_s']:6.1f} {r['tbt_ms']:7.0f} {r['cls']:5.2f} {r['si_s']:5.1f} "
              f"{r['bytes'] / 1024:9.0f} {r['html_gz'] / 1024:11.0f} {r['html'] / 1024:8.0f} "
              f"{(r['dom'] or 0):6.0f}")
    perf = [r["performance"] for r in rows]
    heaviest = max(rows, key=lambda r: r["bytes"])
    print(f"\npages: {len(rows)}; performance min {min(perf):.2f}, median "
          f"{sorted(perf)[len(perf) // 2]:.2f}; pages under 0.9: "
          f"{', '.join(r['page'] for r in rows if r['performance'] < 0.9) or 'none'}; "
          f"accessibility under 1.0: "
          f"{', '.join(r['page'] for r in rows if r['accessibility'] < 1.0) or 'none'}")
    print(f"heaviest page: {heaviest['page']}, {heaviest['bytes'] / 1024:.0f} KiB transferred")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--book", default=str(ROOT / "_build" / "html"), help="the built HTML book")
    ap.add_argument("--pages", nargs="*", help="pages to measure (default: the table of contents)")
    ap.add_argument("--json", help="also write the rows (and nothing else) to this JSON file")
    ap.add_argument("--reports", help="keep each page's whole Lighthouse report (JSON) in this folder, "
                                      "for its audits' details (mainthread-work-breakdown, bootup-time, ...)")
    args = ap.parse_args(argv)
    book = Path(args.book).resolve()
    if not (book / "intro.html").exists():
        print(f"bench_lighthouse: no built book at {book} (jupyter-book build . first)", file=sys.stderr)
        return 2
    missing = [m for m in support.missing_prerequisites() if "playwright" not in m and "axe" not in m]
    if missing:
        print("bench_lighthouse: " + "; ".join(missing) + ". Fix: " + support.HOW_TO_SET_UP, file=sys.stderr)
        return 2
    install_lighthouse()
    pages = args.pages or toc_pages(book)
    rows = []
    t0 = time.time()
    with serve_book(book) as url, tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            report = run_lighthouse(url + f"{page}.html", Path(tmp) / "report.json")
            row = summarise(report, book, page)
            rows.append(row)
            print(f"  {page}: performance {row['performance']:.2f}, LCP {row['lcp_s']:.1f} s, "
                  f"TBT {row['tbt_ms']:.0f} ms, {row['bytes'] / 1024:.0f} KiB"
                  + (f" (runtime error {row['runtime_error']})" if row["runtime_error"] else ""),
                  flush=True)
            if args.reports:
                keep = Path(args.reports) / (page.replace("/", "--") + ".json")
                keep.parent.mkdir(parents=True, exist_ok=True)
                (Path(tmp) / "report.json").replace(keep)
            else:
                (Path(tmp) / "report.json").unlink()
    print(f"\nLighthouse 12.2.3, mobile defaults, {book} ({time.time() - t0:.0f} s)\n")
    print_table(rows)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
