#!/usr/bin/env bash
# The explorable page (`nntrace export --html`) tested in real browsers: headless Chromium from
# Debian's chromium and chromium-driver packages, driven by selenium from PyPI in a virtual
# environment this script creates under .build/browser-venv; then headless Firefox (Debian's
# firefox-esr) through the WebDriver BiDi protocol it serves itself (Tests/Browser/firefox_test.py).
#
#   Tests/Browser/run.sh            # from the repository; screenshots and timings go to .build/browser-test
#
# Without Chromium the tests are skipped with a message, except under CI=true (.ci/run sets it),
# where a missing browser fails them.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: the browser tests need chromium and chromedriver (apt-get install chromium chromium-driver)" >&2
    exit 1
  fi
  echo "SKIPPED: the browser tests need chromium and chromedriver (apt-get install chromium chromium-driver)" >&2
  exit 0
fi

venv=.build/browser-venv
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
if ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
  "$venv/bin/pip" install --quiet 'selenium>=4.20,<5'
fi

swift build
bin=$(swift build --show-bin-path)/nntrace
out=${BROWSER_TEST_OUT:-.build/browser-test}
rm -rf "$out"
mkdir -p "$out"
"$venv/bin/python" Tests/Browser/explorable_test.py --nntrace "$bin" --out "$out" "$@"

if command -v firefox >/dev/null; then
  "$venv/bin/python" Tests/Browser/firefox_test.py --nntrace "$bin"
elif [ "${CI:-}" = "true" ]; then
  echo "FAIL: the Firefox test needs firefox (apt-get install firefox-esr)" >&2
  exit 1
else
  echo "SKIPPED: the Firefox test needs firefox (apt-get install firefox-esr)" >&2
fi
