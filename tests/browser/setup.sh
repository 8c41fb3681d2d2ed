#!/usr/bin/env bash
# Installs the browser side of the test suite (tests/test_browser_*.py):
#   - the local copies of the CDN scripts the built book loads (MathJax 3, require.js, the
#     ipywidgets html-manager) and axe-core, pinned in package-lock.json, into
#     tests/browser/node_modules with `npm ci` (skipped when already installed from this lock);
#   - checks that Debian's Chromium is at /usr/bin/chromium (or $CHROMIUM); Playwright drives it,
#     `playwright install` is never used.
# Usage: bash tests/browser/setup.sh   (from anywhere; idempotent; ~30 s the first time)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"

if ! command -v npm >/dev/null 2>&1; then
  echo "setup.sh: npm not found: install Node.js (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi

stamp="$here/node_modules/.package-lock.json"
if [ -f "$stamp" ] && [ -f "$here/node_modules/axe-core/axe.min.js" ] && \
   [ -z "$(find "$here/package-lock.json" -newer "$stamp" 2>/dev/null)" ]; then
  echo "setup.sh: tests/browser/node_modules is up to date"
else
  echo "setup.sh: npm ci in tests/browser (local copies of MathJax, require.js, the widget manager, axe-core)"
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && [ "${INSTALL_CHROMIUM:-0}" = "1" ]; then
    echo "setup.sh: installing Debian's chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup.sh: $chromium not found. Install Debian's Chromium: apt-get install chromium" >&2
    echo "          (or rerun as root with INSTALL_CHROMIUM=1, or set CHROMIUM=/path/to/chromium)" >&2
    exit 1
  fi
fi
echo "setup.sh: $("$chromium" --version 2>/dev/null || echo "$chromium")"
